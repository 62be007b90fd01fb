"""Re-running the verifiers on one claim, for the review app.

The review app calls :func:`rerun_verifiers` from a worker thread. It hands the claim to
the verification engine (``claimtrack.verification.engine``) through whichever entry
point the engine provides, and reports progress as ``(done, total)``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.registry import Registry

Progress = Callable[[int, int], None]

#: Engine functions tried in order: each takes the registry and a list of claim ids.
_CANDIDATES = (
    ("claimtrack.verification.engine", "verify_claims"),
    ("claimtrack.verification.engine", "verify_claim_ids"),
    ("claimtrack.verification.engine", "run_verification"),
    ("claimtrack.verification", "verify_claims"),
)


def find_engine() -> Callable[..., Any] | None:
    """The engine's "verify these claim ids" function, or None if it is not available."""
    for module_name, attr in _CANDIDATES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, attr, None)
        if callable(function):
            return function
    return None


def rerun_verifiers(registry: Registry, claim_id: int, progress: Progress | None = None) -> Any:
    """Run every applicable verifier on ``claim_id`` now; verdicts are stored by the engine."""
    engine = find_engine()
    if engine is None:
        raise ClaimtrackError("the verification engine is not available in this installation")
    try:
        parameters = inspect.signature(engine).parameters
    except (TypeError, ValueError):
        parameters = {}  # type: ignore[assignment]
    kwargs: dict[str, Any] = {}
    if progress is not None:
        for name in ("progress", "on_progress"):
            if name in parameters:
                kwargs[name] = progress
                break
    result = engine(registry, [claim_id], **kwargs)
    if inspect.isawaitable(result):
        import asyncio

        result = asyncio.run(result)  # type: ignore[arg-type]
    return result
