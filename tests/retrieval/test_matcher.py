"""Matcher: ranking on a hand-written set of fact-checks, index upkeep and bad input."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval import MAX_WORDS, PREVIOUSLY_CHECKED, Matcher, MatchInputError
from claimtrack.retrieval.features import NAMES
from claimtrack.retrieval.rerank import WEIGHTS


def fc(
    n: int, claim: str, title: str = "", claimant: str = "", date: str | None = None
) -> FactCheck:
    return FactCheck(
        claim=claim,
        title=title or None,
        claimant=claimant or None,
        publisher="Example Checks",
        rating="False",
        label="false",
        url=f"https://checks.example/{n}",
        date=date,
    )


FACT_CHECKS = [
    fc(
        1,
        "Drinking hot water with lemon cures the coronavirus.",
        "Does Hot Lemon Water Cure COVID-19?",
    ),
    fc(
        2,
        "The Eiffel Tower was sold twice by a con man in 1925.",
        "Was the Eiffel Tower Sold for Scrap?",
    ),
    fc(
        3,
        "Bill Gates said vaccines will reduce the world population by 15 percent.",
        "Gates Vaccine Quote",
    ),
    fc(
        4,
        "A photograph shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.",
        "Shark on Houston Freeway?",
    ),
    fc(
        5,
        "Unemployment in Spain fell to 3.5 percent in 2019.",
        "Spanish Jobless Rate",
        "Pedro Sanchez",
    ),
    fc(6, "Unemployment in Spain fell to 14 percent in 2019.", "Spanish Unemployment in 2019"),
    fc(7, "The moon landing was faked in a film studio.", "Was the Moon Landing Staged?"),
    fc(8, "Eating carrots improves your night vision.", "Do Carrots Help You See in the Dark?"),
    fc(
        9,
        "Finland is giving every citizen a basic income of 800 euros a month.",
        "Finland Universal Basic Income",
    ),
    fc(
        10,
        "Nancy Pelosi diverted Social Security money to pay for the impeachment inquiry.",
        "Did Pelosi Use Social Security Funds for Impeachment?",
        "Facebook posts",
    ),
    fc(11, "Goldfish have a memory span of only three seconds.", "Three-Second Goldfish Memory"),
    fc(
        12,
        "The Great Wall of China is visible from space with the naked eye.",
        "Can You See the Great Wall from Space?",
    ),
]


@pytest.fixture
def matcher() -> Matcher:
    m = Matcher()
    assert m.add(FACT_CHECKS) == len(FACT_CHECKS)
    return m


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hot lemon water kills COVID-19, share before they delete this!", 1),
        ("A con artist sold the Eiffel Tower... twice!! #history https://t.co/abc123", 2),
        ("Gates admits his vaccines are meant to cut the population of the world by 15%", 3),
        (
            (
                "Unbelievable, a SHARK on the freeway in Houston #HurricaneHarvey pic.twitter.com/x9 "
                "— Jane Doe (@janedoe) August 28, 2017"
            ),
            4,
        ),
        ("NASA faked the moon landings in a studio, everyone knows it", 7),
        ("Pelosi took money from social security to fund impeachment", 10),
        ("you can see the great wall of china from space", 12),
    ],
)
def test_reworded_claims_find_their_fact_check_first(
    matcher: Matcher, text: str, expected: int
) -> None:
    found = matcher.search(text)
    assert found, text
    assert found[0].fact_check.url == f"https://checks.example/{expected}"
    assert 0.0 <= found[-1].score <= found[0].score <= 1.0


def test_results_are_ordered_limited_and_explained(matcher: Matcher) -> None:
    found = matcher.search("unemployment spain 2019 percent", top=3)
    assert len(found) <= 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert set(found[0].features.as_dict()) == set(NAMES) == set(WEIGHTS)


def test_number_disagreement_lowers_the_score(matcher: Matcher) -> None:
    found = {
        m.fact_check.url: m
        for m in matcher.search("Spain's unemployment fell to 3.5% in 2019", top=5)
    }
    right, wrong = found["https://checks.example/5"], found["https://checks.example/6"]
    assert right.features.numbers_agree == 1.0
    assert wrong.features.numbers_conflict == 0.0  # they share 2019
    assert right.score > wrong.score

    only_rate = {
        m.fact_check.url: m for m in matcher.search("Spain unemployment fell to 3.5 percent")
    }
    assert only_rate["https://checks.example/6"].features.numbers_conflict == 1.0
    assert only_rate["https://checks.example/5"].score > only_rate["https://checks.example/6"].score


def test_negation_disagreement_lowers_the_score() -> None:
    m = Matcher()
    m.add(
        [
            fc(1, "Vaccines cause autism in children.", "Vaccines and Autism"),
            fc(2, "Vaccines do not cause autism in children.", "Vaccines and Autism"),
        ]
    )
    by_url = {x.fact_check.url: x for x in m.search("vaccines cause autism in children")}
    assert by_url["https://checks.example/2"].features.negation_conflict == 1.0
    assert by_url["https://checks.example/1"].features.negation_conflict == 0.0
    assert by_url["https://checks.example/1"].score > by_url["https://checks.example/2"].score


def test_date_distance_is_used_only_when_both_dates_are_known() -> None:
    m = Matcher()
    m.add([fc(1, "Goldfish remember for three seconds.", date="2015-03-01")])
    post = "goldfish remember only three seconds"
    assert m.search(post)[0].features.date_distance == 0.0
    near = m.search(post, date=dt.date(2015, 4, 1))[0]
    far = m.search(post, date=dt.date(2024, 4, 1))[0]
    assert 0.0 < near.features.date_distance < far.features.date_distance
    assert near.score > far.score


def test_same_claim_is_previously_checked_and_scores_above_an_unrelated_one(
    matcher: Matcher,
) -> None:
    same = matcher.search("The Great Wall of China is visible from space with the naked eye.")
    assert same[0].previously_checked and same[0].score >= PREVIOUSLY_CHECKED
    # Sharing one rare name is weaker evidence than sharing the claim. (In a dozen
    # fact-checks every name is rare; the threshold itself was set on 10,375.)
    unrelated = matcher.search("Finland won the ice hockey world championship")
    assert unrelated[0].score < same[0].score


def test_index_stays_correct_as_fact_checks_are_added_replaced_and_removed(tmp_path: Path) -> None:
    path = tmp_path / "checks.sqlite"
    with Matcher(path) as m:
        m.add(FACT_CHECKS[:6])
        assert m.search("goldfish memory three seconds") == [] or all(
            x.fact_check.url != "https://checks.example/11" for x in m.search("goldfish memory")
        )
        m.add(FACT_CHECKS[6:])
        assert len(m) == len(FACT_CHECKS)
        assert (
            m.search("goldfish memory three seconds")[0].fact_check.url
            == "https://checks.example/11"
        )

        # The same review URL again replaces the stored fact-check, in the index too.
        m.add([fc(11, "Octopuses have three hearts.", "Three Hearts")])
        assert len(m) == len(FACT_CHECKS)
        assert all(
            x.fact_check.url != "https://checks.example/11" for x in m.search("goldfish memory")
        )
        assert m.search("octopus hearts")[0].fact_check.url == "https://checks.example/11"

        assert m.index.remove("https://checks.example/11")
        assert not m.index.remove("https://checks.example/11")
        assert m.search("octopus hearts") == []
        assert len(m) == len(FACT_CHECKS) - 1
        m.index.check_integrity()

    with Matcher(path) as reopened:  # what was written is on disk, index included
        assert len(reopened) == len(FACT_CHECKS) - 1
        assert reopened.search("eiffel tower sold")[0].fact_check.url == "https://checks.example/2"
        reopened.index.check_integrity()


def test_a_failed_add_writes_nothing(matcher: Matcher) -> None:
    good = FactCheck(claim="Cats can see in total darkness.", publisher="X", rating="", label="")
    unbindable = FactCheck(
        claim="Dogs see only black and white.",
        publisher="X",
        rating="",
        label="",
        url={"not": "a string"},  # type: ignore[arg-type]
    )
    with pytest.raises(sqlite3.ProgrammingError):
        matcher.add([good, unbindable])
    assert len(matcher) == len(FACT_CHECKS)
    assert all("Cats" not in m.fact_check.claim for m in matcher.search("cats total darkness"))
    matcher.index.check_integrity()


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_a_clear_error(matcher: Matcher, text: str) -> None:
    with pytest.raises(MatchInputError, match="empty"):
        matcher.search(text)


def test_ten_thousand_words_is_a_clear_error(matcher: Matcher) -> None:
    with pytest.raises(MatchInputError, match=f"at most {MAX_WORDS}"):
        matcher.search("lemon " * 10_000)
    assert matcher.search("lemon " * MAX_WORDS)[0].fact_check.url == "https://checks.example/1"
    with pytest.raises(MatchInputError, match="40000 characters"):
        matcher.search("x" * 40_000)


def test_text_with_no_searchable_word_finds_nothing(matcher: Matcher) -> None:
    assert matcher.search("https://t.co/abc — and the of it") == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        'he said "lemon water',
        "NEAR(lemon water)",
        "lemon NEAR water",
        "lemon*",
        "*",
        "-lemon -water",
        "lemon AND OR NOT water",
        "claim: lemon",
        "title:lemon",
        "^lemon",
        "(((lemon",
        "{claim title} : lemon",
        "lemon + water",
        "'; DROP TABLE fact_check; --",
        "\x00lemon\x00",
    ],
)
def test_fts5_syntax_in_input_never_raises(matcher: Matcher, text: str) -> None:
    found = matcher.search(text)
    if "lemon" in text:
        assert found[0].fact_check.url == "https://checks.example/1"
    assert len(matcher) == len(FACT_CHECKS)


def test_top_must_be_positive(matcher: Matcher) -> None:
    with pytest.raises(MatchInputError, match="top"):
        matcher.search("lemon", top=0)
