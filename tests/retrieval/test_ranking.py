"""One scorer: fact-checks found elsewhere (a search API's results) are ranked by the same
matcher as a registry's imported ones (:func:`claimtrack.retrieval.rank_fact_checks`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import load_settings
from claimtrack.importers.claimreview import FactCheck, read_fact_checks
from claimtrack.retrieval import (
    FactCheckList,
    Matcher,
    MatchInputError,
    disagreements,
    rank_fact_checks,
)
from claimtrack.retrieval.terms import content_words

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
#: Reworded claims of the example feed and the review URL of each one's fact-check.
REWORDED = [
    ("BREAKING: hot lemon water kills the coronavirus, doctors say #covid", "lemon-water-covid"),
    ("Someone on TV said 5G mobile masts are spreading covid", "5g-masts-virus"),
    ("Was the moon landing in 1969 really shot in a Hollywood film studio?", "moon-landing"),
]


@pytest.fixture(scope="module")
def feed() -> list[FactCheck]:
    return read_fact_checks(str(FEED), load_settings())


@pytest.mark.parametrize(("text", "slug"), REWORDED)
def test_a_list_and_a_registry_rank_the_right_fact_check_first(
    feed: list[FactCheck], text: str, slug: str
) -> None:
    listed = rank_fact_checks(text, feed)
    with Matcher() as matcher:  # the same fact-checks, stored and indexed
        matcher.add(feed)
        indexed = matcher.search(text, len(feed))
    for ranked in (listed, indexed):
        assert slug in (ranked[0].fact_check.url or "")
        assert ranked[0].previously_checked
        assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    # Only the corpus statistics differ: the same candidates come back.
    assert {m.fact_check.url for m in listed} == {m.fact_check.url for m in indexed}


def test_an_unrelated_text_gets_nothing_and_bad_text_a_clear_error(
    feed: list[FactCheck],
) -> None:
    assert rank_fact_checks("Quarterly tariffs on steel imports", feed) == []
    assert rank_fact_checks("anything", []) == []
    with pytest.raises(MatchInputError, match="empty"):
        rank_fact_checks("  ", feed)
    with pytest.raises(MatchInputError, match="too long"):
        rank_fact_checks("word " * 10_000, feed)


def test_the_list_reads_as_a_reference_corpus(feed: list[FactCheck]) -> None:
    source = FactCheckList(feed)
    assert len(source) == 10_000 and len(source.fact_checks) == len(feed)
    # Porter stems, as the index's: "coronavirus" is in two of the feed's fact-checks.
    assert source.document_frequencies(["coronaviru", "nosuchword", "1969"]) == {
        "coronaviru": 2,
        "1969": 1,
    }


@pytest.mark.parametrize(
    ("text", "checked", "expected"),
    [
        ("NATO was set up in 1949", "NATO was set up in 1955", ["it states 1955, this claim does not"]),
        ("Sydney is not the capital of Australia", "Sydney is the capital of Australia",
         ["one of the two is negated"]),
        ("A cup of hot lemon water will cure covid", "Drinking hot lemon water cures COVID-19", []),
        ("NATO, set up in 1955 with 12 members, met in 2023", "NATO was set up in 1955", []),
    ],
)  # fmt: skip
def test_disagreements_stop_a_rating_from_carrying_over(
    text: str, checked: str, expected: list[str]
) -> None:
    fc = FactCheck(claim=checked, publisher="X", rating="False", label="refuted", url="u")
    [match] = rank_fact_checks(text, [fc])
    assert disagreements(text, match) == expected


_CHECKED = [
    "Bill Gates wants to microchip people through vaccines",
    "Drinking hot lemon water cures the common cold",
    "The Eiffel Tower will be demolished next summer",
    "Finland bans private cars from its capital",
]
_AROUND = st.lists(st.sampled_from(["officials", "said", "on", "Tuesday", "that", "reportedly"]))


@settings(max_examples=60, deadline=None)
@given(checked=st.sampled_from(_CHECKED), before=_AROUND, after=_AROUND, drop=st.integers(0, 9))
def test_property_a_rating_carries_over_only_to_a_text_stating_the_checked_claim(
    checked: str, before: list[str], after: list[str], drop: int
) -> None:
    fc = FactCheck(claim=checked, publisher="X", rating="False", label="refuted", url="https://x/1")
    # The checked claim inside a longer sentence: nothing it states is left out.
    text = " ".join([*before, checked, *after])
    match = rank_fact_checks(text, [fc])[0]
    assert not [d for d in disagreements(text, match) if "this claim does not" in d]
    # Leave out two of its content words: under RATING_COVERAGE, the rating cannot carry over.
    words_ = checked.split()
    stated = set(content_words(checked))
    content = [i for i, w in enumerate(words_) if w.lower() in stated]
    gone = {content[drop % len(content)], content[(drop + 1) % len(content)]}
    shorter = " ".join(w for i, w in enumerate(words_) if i not in gone)
    found = rank_fact_checks(shorter, [fc])
    assert not found or any("this claim does not" in d for d in disagreements(shorter, found[0]))
