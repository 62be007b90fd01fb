"""check_parts: the per-part loop every structured verifier shares, with its failure policy."""

from __future__ import annotations

import asyncio

import pytest

from claimtrack import SourceError, SourceUnreachable, Verdict, check_parts, combine_verdicts
from claimtrack.testing import make_part

A = make_part("capital", "Canberra is the capital of Australia", id="capital-1")
B = make_part("office", "Xi Jinping is President of China", id="office-1")


def run(checks: list, answers: dict) -> Verdict | list[Verdict]:
    async def check(what: str) -> Verdict:
        answer = answers[what]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return asyncio.run(check_parts(checks, check, source="demo"))


def test_each_verdict_is_on_its_part() -> None:
    out = run(
        [(A, "a"), (B, "b")],
        {"a": Verdict.supported("yes"), "b": Verdict.refuted("no")},
    )
    assert isinstance(out, list)
    assert [(v.part, v.label) for v in out] == [("capital-1", "supported"), ("office-1", "refuted")]


def test_a_bad_answer_fails_its_part_only() -> None:
    out = run(
        [(A, "a"), (B, "b")],
        {"a": SourceError("bad answer for a"), "b": Verdict.supported("yes")},
    )
    assert isinstance(out, list)
    assert out[0].label == "unverifiable" and out[0].error == "bad answer for a"
    assert out[1].label == "supported" and out[1].error is None


def test_a_shape_error_is_a_source_failure_not_a_traceback() -> None:
    out = run([(A, "a")], {"a": KeyError("data")})
    assert isinstance(out, list)
    assert out[0].label == "unverifiable"
    assert out[0].error is not None and out[0].error.startswith("unexpected response from demo")


def test_an_unreachable_source_fails_every_planned_part() -> None:
    out = run(
        [(A, "a"), (B, "b")],
        {"a": SourceUnreachable("connection refused"), "b": Verdict.supported("never asked")},
    )
    assert isinstance(out, list)
    assert [v.part for v in out] == ["capital-1", "office-1"]
    assert all(v.error == "demo unreachable: connection refused" for v in out)


def test_a_claim_without_parts_gets_one_combined_verdict() -> None:
    out = run(
        [(None, "a"), (None, "b")],
        {"a": Verdict.supported("first", confidence=0.9), "b": Verdict.refuted("second")},
    )
    assert isinstance(out, Verdict)
    assert out.part is None and out.label == "mixed"
    assert out.summary == "first; second"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["supported", "supported"], "supported"),
        (["refuted", "unverifiable"], "refuted"),
        (["supported", "refuted"], "mixed"),
        (["unverifiable", "unverifiable"], "unverifiable"),
    ],
)
def test_combine_verdicts(labels: list[str], expected: str) -> None:
    made = [Verdict(label, 0.8 if label != "unverifiable" else 0.0, label) for label in labels]
    assert combine_verdicts(made).label == expected


def test_combine_keeps_a_source_failure_when_nothing_decided() -> None:
    out = combine_verdicts(
        [Verdict.unverifiable("no data"), Verdict("unverifiable", 0.0, "down", (), error="down")]
    )
    assert out.label == "unverifiable" and out.error == "down"
