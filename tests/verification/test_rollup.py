"""The roll-up: a claim's verdict from its parts' verdicts (docs/verdicts.md)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extraction.parts import Part
from claimtrack.outcome import outcome
from claimtrack.verification.aggregate import aggregate

OFFICE = Part(
    "office-1", "office", "Olaf Scholz is Chancellor of Germany", {"person": "Olaf Scholz"}
)
QUOTE = Part("quote-1", "quote", "Olaf Scholz said “no limits”", {"speaker": "Olaf Scholz"})
EVENT = Part("event-1", "event", "held talks: Scholz, Macron (Thursday)", {"action": "held talks"})


def v(
    verifier: str,
    label: str,
    part: str | None = None,
    conf: float = 0.8,
    summary: str = "",
    run: int = 1,
) -> dict[str, Any]:
    return {
        "verifier": verifier,
        "label": label,
        "confidence": conf if label in ("supported", "refuted", "mixed") else 0.0,
        "summary": summary or f"{verifier} says {label}",
        "evidence": [{"source": verifier, "url": f"https://example.org/{verifier}"}],
        "part": part or "",
        "run_id": run,
    }


# -- hand-picked cases -----------------------------------------------------------------------


def test_a_quoted_head_of_state_with_only_the_office_checked_is_not_supported() -> None:
    final = aggregate(
        [v("wikidata", "supported", "office-1", 0.9, "Scholz is chancellor")], None, [OFFICE, QUOTE]
    )
    assert final.label == "unverifiable" and final.confidence == 0.0
    assert final.summary == "1 of 2 parts checked: office supported; quote unchecked"
    assert [(p.id, p.label) for p in final.parts] == [
        ("office-1", "supported"),
        ("quote-1", "unchecked"),
    ]
    assert final.parts[0].summary == "Scholz is chancellor" and final.parts[0].confidence == 0.9
    assert final.parts[0].verifiers == {"wikidata": "supported"}


def test_the_issue_example_three_parts_one_checked() -> None:
    final = aggregate([v("wikidata", "supported", "office-1")], None, [OFFICE, QUOTE, EVENT])
    assert final.summary == "1 of 3 parts checked: office supported; quote and event unchecked"


def test_unverifiable_and_unchecked_parts_are_told_apart() -> None:
    rows = [
        v("wikidata", "supported", "office-1"),
        v("quotes", "unverifiable", "quote-1", summary="no source document to check the quote"),
    ]
    final = aggregate(rows, None, [OFFICE, QUOTE, EVENT])
    assert final.label == "unverifiable"
    assert final.summary == (
        "1 of 3 parts checked: office supported; "
        "quote unverifiable (no source document to check the quote); event unchecked"
    )


def test_a_refuted_part_refutes_the_claim_whatever_the_others_say() -> None:
    rows = [
        v("wikidata", "supported", "office-1", 0.95),
        v("quotes", "refuted", "quote-1", 0.7, "not in the transcript"),
    ]
    final = aggregate(rows, None, [OFFICE, QUOTE, EVENT])
    assert final.label == "refuted" and final.confidence == 0.7
    assert final.summary == (
        "quote refuted: not in the transcript; "
        "2 of 3 parts checked: office supported; event unchecked"
    )
    assert final.evidence == {"source": "quotes", "url": "https://example.org/quotes"}


def test_a_mixed_part_makes_the_claim_mixed() -> None:
    rows = [v("a", "supported", "office-1"), v("b", "mixed", "quote-1", 0.6)]
    assert aggregate(rows, None, [OFFICE, QUOTE]).label == "mixed"


def test_supported_only_when_every_part_is_and_with_the_weakest_confidence() -> None:
    rows = [v("a", "supported", "office-1", 0.9), v("b", "supported", "quote-1", 0.6)]
    final = aggregate(rows, None, [OFFICE, QUOTE])
    assert final.label == "supported" and final.confidence == 0.6
    assert final.evidence == {"source": "b", "url": "https://example.org/b"}


def test_a_whole_claim_verdict_applies_to_every_part() -> None:
    # A published fact-check rates the whole sentence; a verifier checked the office.
    rows = [
        v("factcheck", "refuted", None, 0.9, "Misattributed"),
        v("wikidata", "supported", "office-1", 0.9),
    ]
    final = aggregate(rows, None, [OFFICE, QUOTE])
    office, quote = final.parts
    assert office.label == "mixed" and office.disputed  # the two disagree on it
    assert quote.label == "refuted" and quote.summary == "Misattributed"
    assert final.label == "refuted" and final.disputed
    assert final.verifiers == {"factcheck": "refuted", "wikidata": "supported"}


def test_a_verifiers_part_verdict_wins_over_its_whole_claim_verdict() -> None:
    rows = [v("x", "unverifiable", None), v("x", "supported", "office-1")]
    final = aggregate(rows, None, [OFFICE, QUOTE])
    assert [(p.id, p.label) for p in final.parts] == [
        ("office-1", "supported"),
        ("quote-1", "unverifiable"),
    ]


def test_an_undecided_verdict_on_the_part_says_more_than_one_on_the_whole_claim() -> None:
    # The part's line shows why the verifier that looked at this part could not decide (a
    # model's citation failed), not a whole-claim note that happens to carry evidence.
    whole = v("date-consistency", "unverifiable", None, summary="dates consistent")
    named = {**v("llm", "unverifiable", "event-1", summary="its citation failed"), "evidence": []}
    for rows in ([whole, named], [named, whole]):
        final = aggregate(rows, None, [EVENT])
        assert final.parts[0].summary == "its citation failed"
        assert final.summary == "its citation failed"
    # Without a verdict on the part, the whole claim's with evidence is shown, as before.
    bare = {**v("wikipedia", "unverifiable", None, summary="no passage"), "evidence": []}
    assert aggregate([bare, whole], None, [EVENT]).parts[0].summary == "dates consistent"


def test_only_whole_claim_verdicts_read_as_before() -> None:
    rows = [v("wikidata", "supported", None, 0.9, "Scholz is chancellor")]
    final = aggregate(rows, None, [OFFICE, QUOTE])
    assert (final.label, final.confidence, final.summary) == (
        "supported",
        0.9,
        "Scholz is chancellor",
    )
    assert [p.label for p in final.parts] == ["supported", "supported"]


def test_no_verdict_is_unchecked_and_only_failures_are_an_error() -> None:
    assert aggregate([], None, [OFFICE, QUOTE]).label == "unchecked"
    failed = aggregate([v("x", "error", "office-1", summary="boom")], None, [OFFICE, QUOTE])
    assert failed.label == "error"
    assert failed.summary == "0 of 2 parts checked: office error; quote unchecked: boom"


def test_parts_sharing_a_kind_are_named_by_their_text() -> None:
    other = Part("office-2", "office", "Emmanuel Macron is President of France", {})
    final = aggregate([v("a", "supported", "office-1")], None, [OFFICE, other])
    assert final.summary == (
        "1 of 2 parts checked: office “Olaf Scholz is Chancellor of Germany” supported; "
        "office “Emmanuel Macron is President of France” unchecked"
    )


def test_a_review_still_decides_and_the_parts_are_kept() -> None:
    review = {"label": "supported", "reviewer": "ana", "note": "checked the transcript"}
    final = aggregate([v("a", "supported", "office-1")], review, [OFFICE, QUOTE])
    assert final.label == "supported" and final.reviewed and final.confidence == 1.0
    assert [p.label for p in final.parts] == ["supported", "unchecked"]


def test_the_latest_call_of_a_verifier_replaces_its_part_verdicts() -> None:
    rows = [
        v("a", "supported", "office-1", run=1),
        v("a", "refuted", "quote-1", run=1),
        v("a", "supported", "office-1", run=2),
    ]
    final = aggregate(rows, None, [OFFICE, QUOTE])
    assert [p.label for p in final.parts] == ["supported", "unchecked"]


def test_outcome_carries_the_parts_in_its_json() -> None:
    claim = {"id": 1, "values": {"parts": [OFFICE.to_dict(), QUOTE.to_dict()]}}
    result = outcome(claim, [v("wikidata", "supported", "office-1", 0.9)])
    assert result.label == "unverifiable" and result.decided_by == "verifiers"
    data = result.to_dict()
    assert [(p["id"], p["kind"], p["label"]) for p in data["parts"]] == [
        ("office-1", "office", "supported"),
        ("quote-1", "quote", "unchecked"),
    ]
    assert data["parts"][0]["values"] == {"person": "Olaf Scholz"}
    assert result.final is not None and result.final.to_dict()["parts"] == data["parts"]
    # A claim stored before parts existed gets them derived from its values.
    old = {
        "id": 2,
        "values": {
            "relations": [{"relation": "capital", "country": "Australia", "city": "Canberra"}]
        },
    }
    assert [p.kind for p in outcome(old, []).parts] == ["capital"]


# -- properties ------------------------------------------------------------------------------

LABELS = ("supported", "refuted", "mixed", "unverifiable", "error")
DECISIVE = ("supported", "refuted", "mixed")


def old_aggregate(verdicts: list[dict[str, Any]]) -> tuple[str, float, bool, str]:
    """claimtrack's aggregate before parts existed (rules 2–3), the oracle for no-part claims."""
    latest: dict[str, Any] = {}
    for row in verdicts:
        latest[row["verifier"]] = row
    rows = list(latest.values())
    decisive = [r for r in rows if r["label"] in DECISIVE]
    labels = {r["label"] for r in decisive}
    if decisive:
        if "supported" in labels and "refuted" in labels:
            sides = sorted(f"{r['verifier']}: {r['label']}" for r in decisive)
            return (
                "mixed",
                max(r["confidence"] for r in decisive) / 2,
                True,
                "verifiers disagree (" + "; ".join(sides) + ")",
            )
        label = "mixed" if "mixed" in labels else next(iter(labels))
        agreeing = [r for r in decisive if r["label"] == label] or decisive
        best = max(agreeing, key=lambda r: r["confidence"])
        return (
            label,
            sum(r["confidence"] for r in agreeing) / len(agreeing),
            False,
            best["summary"],
        )
    unverifiable = sorted(
        (r for r in rows if r["label"] == "unverifiable"), key=lambda r: not r["evidence"]
    )
    if unverifiable:
        return ("unverifiable", 0.0, False, unverifiable[0]["summary"])
    if rows:
        return ("error", 0.0, False, rows[0]["summary"])
    return ("unchecked", 0.0, False, "no verdict yet")


PART_POOL = [
    OFFICE,
    QUOTE,
    EVENT,
    Part("statistic-1", "statistic", "10 percent in 2020", {"value": 10}),
]


@st.composite
def claims(draw: st.DrawFn, with_parts: bool = True) -> tuple[list[Part], list[dict[str, Any]]]:
    parts = (
        draw(st.lists(st.sampled_from(PART_POOL), unique_by=lambda p: p.id, max_size=4))
        if with_parts
        else []
    )
    rows = []
    for verifier in draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)):
        targets = draw(
            st.lists(
                st.sampled_from([None, *(p.id for p in parts)]), unique=True, min_size=1, max_size=3
            )
        )
        for target in targets:
            label = draw(st.sampled_from(LABELS))
            conf = draw(st.floats(0.05, 1.0))
            rows.append(v(verifier, label, target, conf, f"{verifier}/{target}/{label}"))
    return parts, rows


@settings(max_examples=300, deadline=None)
@given(claims())
def test_property_never_better_than_the_worst_checked_part(
    claim: tuple[list[Part], list[dict[str, Any]]],
) -> None:
    parts, rows = claim
    final = aggregate(rows, None, parts)
    if not parts:
        return
    labels = [p.label for p in final.parts]
    if "refuted" in labels:
        assert final.label == "refuted"
        assert final.confidence == max(p.confidence for p in final.parts if p.label == "refuted")
    elif "mixed" in labels:
        assert final.label == "mixed"
    # supported iff every part is checked and supported
    assert (final.label == "supported") == all(label == "supported" for label in labels)
    if final.label == "supported":
        assert final.confidence == min(p.confidence for p in final.parts)
    if final.label not in ("refuted", "mixed", "supported"):
        assert final.label in ("unverifiable", "error", "unchecked") and final.confidence == 0.0
    assert final.disputed == any(p.disputed for p in final.parts)
    # Each part is the old aggregate over the verdicts naming it plus the whole-claim ones.
    for part in final.parts:
        named = {r["verifier"] for r in rows if r["part"] == part.id}
        mine = [
            r
            for r in rows
            if r["part"] == part.id or (not r["part"] and r["verifier"] not in named)
        ]
        assert (part.label, part.disputed) == (old_aggregate(mine)[0], old_aggregate(mine)[2])


@settings(max_examples=200, deadline=None)
@given(claims(with_parts=False))
def test_property_no_parts_is_the_old_aggregate(
    claim: tuple[list[Part], list[dict[str, Any]]],
) -> None:
    _, rows = claim
    whole = [r for r in rows if not r["part"]]
    final = aggregate(whole, None, [])
    label, conf, disputed, summary = old_aggregate(whole)
    assert (final.label, final.disputed, final.summary) == (label, disputed, summary)
    assert abs(final.confidence - conf) < 1e-9
    assert final.parts == []
