"""Gold news-style articles: every kind with its values, speakers, relative dates and traps."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim

DATA = Path(__file__).parent / "data"


def _subset(expected: Any, actual: Any) -> bool:
    """Whether ``expected`` is contained in ``actual`` (dicts by key, lists item by item)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _subset(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list) and expected and isinstance(expected[0], dict):
        return isinstance(actual, list) and all(
            any(_subset(e, a) for a in actual) for e in expected
        )
    if isinstance(expected, float):
        return isinstance(actual, (int, float)) and abs(actual - expected) < 1e-6
    return expected == actual


ARTICLES = ("energy-summit", "bank-rates")
Extracted = tuple[str, dict[str, Any], dict[str, ExtractedClaim]]


def _extract(name: str) -> Extracted:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / f"{name}.gold.json").read_text(encoding="utf-8"))
    context = ArticleContext(published=datetime.fromisoformat(gold["published"]))
    claims = extract_claims(text, context)
    return text, gold, {c.text: c for c in claims}


@pytest.fixture(scope="module", params=ARTICLES)
def article(request: pytest.FixtureRequest) -> Extracted:
    return _extract(request.param)


@pytest.fixture(scope="module")
def summit() -> Extracted:
    return _extract("energy-summit")


def test_spans_are_exact(article: Extracted) -> None:
    text, gold, claims = article
    assert len(claims) >= len(gold["claims"]) + len(gold["not_checkworthy"])
    for claim in claims.values():
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0


def test_dateline_is_left_out_of_the_span(summit: Extracted) -> None:
    _, _, claims = summit
    assert not any(t.startswith("BRUSSELS") for t in claims)
    first = claims[
        "European leaders met on Tuesday in Belgium's capital, Brussels, "
        "for the first emergency energy summit since 2008."
    ]
    assert "dateline or list marker left out of the span" in first.reasons


def test_traps_are_not_checkworthy(article: Extracted) -> None:
    _, gold, claims = article
    for sentence in gold["not_checkworthy"]:
        assert sentence in claims, f"not segmented as its own sentence: {sentence!r}"
        claim = claims[sentence]
        assert not claim.checkworthy, f"{sentence!r} scored {claim.score} ({claim.reasons})"
        assert claim.reasons


def test_boilerplate_has_a_reason(summit: Extracted) -> None:
    _, _, claims = summit
    expected = {
        "By Maria Keller and Tom Osei": "byline",
        "(AP, Reuters)": "agency or author credit",
        "mk/to": "agency or author credit",
        "Tags: energy, EU, Brussels, summit": "tag list",
        "Next post": "navigation",
        "Leave a comment": "comment form or site boilerplate",
        "Photo: Belgian police outside the summit venue / Reuters": "caption or image credit",
        "## Leaders gather in Brussels for emergency energy summit": "heading",
    }
    for sentence, reason in expected.items():
        assert claims[sentence].reasons == [f"not a claim: {reason}"]


_CACHE: dict[str, Extracted] = {}


def _cached(name: str) -> Extracted:
    if name not in _CACHE:
        _CACHE[name] = _extract(name)
    return _CACHE[name]


def _gold_cases() -> list[tuple[str, int]]:
    cases = []
    for name in ARTICLES:
        gold = json.loads((DATA / f"{name}.gold.json").read_text(encoding="utf-8"))
        cases.extend((name, i) for i in range(len(gold["claims"])))
    return cases


@pytest.mark.parametrize(
    ("name", "index"), _gold_cases(), ids=[f"{n}-{i}" for n, i in _gold_cases()]
)
def test_gold_claim(name: str, index: int) -> None:
    _, gold, claims = _cached(name)
    want = gold["claims"][index]
    assert want["text"] in claims, "sentence not found with these exact bounds"
    claim = claims[want["text"]]
    assert claim.checkworthy, f"score {claim.score}: {claim.reasons}"
    if "kind" in want:
        assert claim.kind == want["kind"]
    if "speaker" in want:
        assert claim.speaker == want["speaker"]
    if "reason" in want:
        assert want["reason"] in claim.reasons
    if "values" in want:
        assert _subset(want["values"], claim.values), claim.values
    if "kinds" in want:
        assert _subset(want["kinds"], claim.values["kinds"]), claim.values["kinds"]
    if "relations" in want:
        assert _subset(want["relations"], claim.values.get("relations", [])), claim.values.get(
            "relations"
        )
    if "dates" in want:
        assert _subset(want["dates"], claim.values["kinds"]["temporal"]["dates"])
    if "quantities" in want:
        assert _subset(want["quantities"], claim.values["kinds"]["statistic"]["quantities"])


def test_every_documented_kind_is_covered(summit: Extracted) -> None:
    _, _, claims = summit
    seen = {k for c in claims.values() for k in c.values.get("kinds", {})}
    assert {"statistic", "temporal", "quote", "membership", "comparison", "office", "event"} <= seen
    relations = {r["relation"] for c in claims.values() for r in c.values.get("relations", [])}
    assert {"capital", "inception", "share_of_world", "membership", "office"} <= relations


def test_example_article_g7() -> None:
    text = (
        "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, "
        "the United Kingdom and the United States, is home to a tenth of the world's population.\n"
        "\n"
        "German Chancellor Olaf Scholz told reporters in Berlin that the meeting was "
        '"the most important economic summit of the year for Europe."\n'
    )
    claims = extract_claims(text, ArticleContext())
    g7, scholz = claims
    assert g7.kind == "membership"
    assert g7.values["group"] == "G7" and g7.values["count"] == 7 and g7.values["partial"] is False
    assert g7.values["members"] == [
        "Canada",
        "France",
        "Germany",
        "Italy",
        "Japan",
        "United Kingdom",
        "United States",
    ]
    share = [r for r in g7.values["relations"] if r["relation"] == "share_of_world"]
    assert share == [
        {
            "relation": "share_of_world",
            "group": "G7",
            "share": 0.1,
            "measure": "population",
            "text": share[0]["text"],
        }
    ]
    office = scholz.values["kinds"]["office"]
    assert (office["person"], office["office"], office["country"]) == (
        "Olaf Scholz",
        "Chancellor",
        "Germany",
    )
    assert scholz.speaker == "Olaf Scholz"
