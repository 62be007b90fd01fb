"""Verdicts on a claim's parts: what the engine accepts, stores and counts as done."""

from __future__ import annotations

from typing import Any

import pytest

from claimtrack.extraction.parts import Part
from claimtrack.registry import Registry
from claimtrack.testing import add_claims, fast_http_options, make_claim, run_verifier_all
from claimtrack.verification.api import Verdict, Verifier
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets

OFFICE = Part(
    "office-1", "office", "Olaf Scholz is Chancellor of Germany", {"person": "Olaf Scholz"}
)
QUOTE = Part("quote-1", "quote", "Olaf Scholz said “no limits”", {"speaker": "Olaf Scholz"})
CLAIM = {
    "text": "Chancellor Olaf Scholz said support 'knows no limits'.",
    "kind": "quote",
    "values": {"parts": [OFFICE.to_dict(), QUOTE.to_dict()]},
}


class Returns(Verifier):
    """Returns whatever the test gives it (called anew each run)."""

    name = "returns"

    def __init__(self, result: Any) -> None:
        self.result = result

    async def verify(self, claim, ctx):
        return self.result(claim) if callable(self.result) else self.result


def options(**kw: Any) -> VerifyOptions:
    return VerifyOptions(call_timeout=2, http=fast_http_options(), progress=False, **kw)


def _rows(registry: Registry) -> list:
    ids = [c.id for c in registry.claims()]
    return [v for vs in registry.verdicts_for(ids).values() for v in vs]


async def test_one_verdict_per_part_is_stored_with_its_part(registry: Registry) -> None:
    add_claims(registry, [CLAIM])
    verdicts = [
        Verdict.supported("Scholz is chancellor", 0.9).on(OFFICE),
        Verdict.unverifiable("no source to check the quote against").on("quote-1"),
    ]
    result = await verify_targets(registry, [Returns(verdicts)], load_targets(registry), options())
    assert result.pairs == 1 and result.done == 2
    assert result.labels == {"supported": 1, "unverifiable": 1}
    rows = _rows(registry)
    assert sorted((r.part, r.part_id, r.label) for r in rows) == [
        ("office-1", "office-1", "supported"),
        ("quote-1", "quote-1", "unverifiable"),
    ]
    # Done is per (claim, verifier): the next run has nothing to do.
    again = await verify_targets(registry, [Returns(verdicts)], load_targets(registry), options())
    assert again.already_done == 1 and again.done == 0 and again.run_id is None


async def test_a_whole_claim_verdict_is_stored_with_no_part(registry: Registry) -> None:
    add_claims(registry, [CLAIM])
    await verify_targets(
        registry,
        [Returns(Verdict.refuted("fact-check: misattributed"))],
        load_targets(registry),
        options(),
    )
    (row,) = _rows(registry)
    assert row.part == "" and row.part_id is None and row.label == "refuted"


@pytest.mark.parametrize(
    ("returned", "error"),
    [
        (
            [Verdict.supported("x").on("office-9")],
            (
                "verifier 'returns' gave a verdict on part 'office-9', which claim {id} does not "
                "have (its parts: office-1, quote-1)"
            ),
        ),
        (
            [Verdict.supported("x").on("office-1"), Verdict.refuted("y").on("office-1")],
            "verifier 'returns' returned two verdicts on part 'office-1'",
        ),
        (
            (Verdict.supported("x"), Verdict.refuted("y")),
            "verifier 'returns' returned two verdicts on the whole claim",
        ),
        (
            [],
            (
                "verifier 'returns' returned an empty list (return None when the claim is not one "
                "it checks)"
            ),
        ),
        (
            [Verdict.supported("x").on("office-1"), "supported"],
            "verifier 'returns' returned a list holding str, expected Verdicts",
        ),
    ],
)
async def test_a_bad_list_is_one_error_verdict_and_nothing_else_is_stored(
    registry: Registry, returned: Any, error: str
) -> None:
    (claim_id,) = add_claims(registry, [CLAIM])
    result = await verify_targets(registry, [Returns(returned)], load_targets(registry), options())
    assert result.labels == {"error": 1}
    (row,) = _rows(registry)
    assert row.label == "error" and row.part == ""
    assert row.error == error.format(id=claim_id)


async def test_a_claim_without_parts_takes_only_whole_claim_verdicts(registry: Registry) -> None:
    add_claims(registry, ["A sentence with no structure."])
    await verify_targets(
        registry,
        [Returns([Verdict.supported("x").on("statistic-1")])],
        load_targets(registry),
        options(),
    )
    (row,) = _rows(registry)
    assert row.label == "error" and "its parts: none" in (row.error or "")


async def test_the_latest_call_replaces_all_of_a_verifiers_part_verdicts(
    registry: Registry,
) -> None:
    add_claims(registry, [CLAIM])
    both = [Verdict.supported("office ok").on(OFFICE), Verdict.refuted("not said").on(QUOTE)]
    await verify_targets(registry, [Returns(both)], load_targets(registry), options())
    # Run again (stale): this time it only checks the office.
    await verify_targets(
        registry,
        [Returns([Verdict.mixed("office partly").on(OFFICE)])],
        load_targets(registry),
        options(stale_days=0),
    )
    assert [(r.part, r.label) for r in _rows(registry)] == [("office-1", "mixed")]
    records = registry.claim_records()
    assert [(v.part, v.label) for v in records.verdicts] == [("office-1", "mixed")]
    everything = registry.verdicts(records.claims[0].id, latest_only=False)
    assert len(everything) == 3


async def test_each_part_verdict_reaches_on_verdict(registry: Registry) -> None:
    add_claims(registry, [CLAIM])
    seen: list[str | None] = []
    both = [Verdict.supported("a").on(OFFICE), Verdict.supported("b").on(QUOTE)]
    await verify_targets(
        registry,
        [Returns(both)],
        load_targets(registry),
        options(),
        on_verdict=lambda _t, _v, verdict: seen.append(verdict.part),
    )
    assert seen == ["office-1", "quote-1"]


async def test_the_kit_runs_a_verifier_like_the_engine() -> None:
    claim = make_claim(CLAIM["text"], "quote", CLAIM["values"])
    assert [p.id for p in claim.parts] == ["office-1", "quote-1"]
    good = await run_verifier_all(Returns([Verdict.supported("a").on(OFFICE)]), claim)
    assert [(v.part, v.label) for v in good] == [("office-1", "supported")]
    bad = await run_verifier_all(Returns([Verdict.supported("a").on("event-1")]), claim)
    assert [v.label for v in bad] == ["error"]
    assert await run_verifier_all(Returns(None), claim) == []


def test_the_kit_builds_claims_with_parts_and_checks_verdicts_name_them() -> None:
    from claimtrack.testing import assert_verdicts_on_parts, make_part

    stat = make_part("statistic", "26 million people", value=26e6)
    claim = make_claim("Australia has 26 million people.", "statistic", parts=[OFFICE, stat])
    assert [p.id for p in claim.parts] == ["office-1", "statistic-1"]
    assert claim.parts_of("statistic")[0].values == {"value": 26e6}
    good = [Verdict.supported("ok").on(stat), Verdict.unverifiable("no source")]
    assert assert_verdicts_on_parts(good, claim) == good
    assert assert_verdicts_on_parts(None, claim) == []
    with pytest.raises(AssertionError, match=r"part 'quote-1', which the claim does not have"):
        assert_verdicts_on_parts([Verdict.supported("x").on("quote-1")], claim)
    with pytest.raises(AssertionError, match="two verdicts on statistic-1"):
        assert_verdicts_on_parts([Verdict.supported("x").on(stat)] * 2, claim)
