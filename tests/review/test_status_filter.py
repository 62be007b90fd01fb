"""``claimtrack claims --status`` agrees with each claim's outcome."""

from __future__ import annotations

import json

from seed import Seeded
from test_cli_review import run_cli

from claimtrack.outcome import outcome
from claimtrack.registry import Registry


def _listed(registry: Registry, status: str) -> set[int]:
    result = run_cli(registry, "claims", "--status", status, "--json")
    assert result.returncode == 0, result.stderr
    return {row["id"] for row in json.loads(result.stdout)}


def test_claims_status_follows_the_outcome(registry: Registry, seeded: Seeded) -> None:
    first, second = seeded.claim_ids[:2]
    assert run_cli(registry, "review", str(first), "--set", "not-checkworthy").returncode == 0
    assert run_cli(registry, "review", str(second), "--set", "refuted").returncode == 0
    assert outcome(
        registry.claim(first), registry.verdicts(first), registry.reviews(first)
    ).set_aside
    assert _listed(registry, "not_checkworthy") == {first}
    assert _listed(registry, "REVIEWED") == {second}
    # A later verdict takes the claim back: no longer set aside, no longer listed as such.
    assert run_cli(registry, "review", str(first), "--set", "supported").returncode == 0
    back = outcome(registry.claim(first), registry.verdicts(first), registry.reviews(first))
    assert (back.label, back.set_aside) == ("supported", False)
    assert _listed(registry, "not_checkworthy") == set()
    assert _listed(registry, "reviewed") == {first, second}
    assert first not in _listed(registry, "open")


def test_claims_status_rejects_an_unknown_status(registry: Registry, seeded: Seeded) -> None:
    result = run_cli(registry, "claims", "--status", "set-aside")
    assert result.returncode == 2
    assert (
        "'set-aside' is not one of 'open', 'reviewed', 'disputed', 'not_checkworthy'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
