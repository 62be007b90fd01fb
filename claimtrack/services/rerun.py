"""Re-running the verifiers on one claim, for the review app's re-verify key.

The app (:mod:`claimtrack.review.app`) calls :func:`rerun_verifiers` from a worker thread. It runs the verification
engine (:mod:`claimtrack.verification.engine`) on that one claim with every installed
verifier, configured exactly as ``claimtrack verify`` would be (``[verify]``, ``[http]``,
``[verifiers.*]``), treating earlier verdicts as stale so that every verifier runs again.
Progress is reported as ``(done, total)`` after each verdict is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError
from claimtrack.plugins import get_plugins
from claimtrack.services.verify import (
    build_options,
    fact_check_search,
    select_verifiers,
    verifier_origins,
)
from claimtrack.verification.engine import load_targets, run_verification

if TYPE_CHECKING:
    from claimtrack.registry import Registry

Progress = Callable[[int, int], None]


def rerun_verifiers(registry: Registry, claim_id: int, progress: Progress | None = None) -> Any:
    """Run every applicable verifier on ``claim_id`` now; the engine stores the verdicts.

    Returns the engine's ``RunResult``. Raises :class:`ClaimtrackError` when the claim is
    gone or no verifier is installed.
    """
    plugins = get_plugins()
    verifiers = select_verifiers(plugins, [])
    targets = load_targets(registry, claim_ids=[claim_id])
    if not targets:
        raise ClaimtrackError(f"no claim with id {claim_id}")
    claim = targets[0].claim
    applicable = []
    for verifier in verifiers:
        try:
            if not hasattr(verifier, "applies_to") or verifier.applies_to(claim):
                applicable.append(verifier)
        except Exception:  # noqa: BLE001 (the engine records it as an error verdict)
            applicable.append(verifier)
    total = len(applicable)
    done: set[str] = set()
    if progress is not None:
        progress(0, total)

    def on_verdict(_target: Any, verifier: Any, _verdict: Any) -> None:
        # A verifier that checked several parts reports once per part: count it once.
        if verifier.name in done:
            return
        done.add(verifier.name)
        if progress is not None:
            progress(len(done), total)

    options = build_options(sources={}, stale=0.0, progress=False)
    return run_verification(
        registry,
        verifiers,
        targets,
        options,
        origins=verifier_origins(plugins),
        run_options={"source": "review", "claim_ids": [claim_id]},
        on_verdict=on_verdict,
        fact_checks=fact_check_search(registry),
    )
