"""Boilerplate that is never a claim, datelines, and score-lowering signals."""

from __future__ import annotations

import pytest

from claimtrack.extraction.rules import dateline_end, non_claim, penalties


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("By Jane Doe", "byline"),
        ("By Jane Doe and John Smith", "byline"),
        ("(AP, Reuters)", "agency or author credit"),
        ("jd/ab", "agency or author credit"),
        ("(Reporting by Jane Harlow; Editing by Tom Reed)", "agency or author credit"),
        ("Tags: politics, economy", "tag list"),
        ("Read more: How the G7 works", "tag list"),
        ("Previous post", "navigation"),
        ("Next article", "navigation"),
        ("Skip to main content", "navigation"),
        ("Leave a comment", "comment form or site boilerplate"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment form or site boilerplate",
        ),
        (
            "Sign up to get the best stories delivered to your inbox.",
            "comment form or site boilerplate",
        ),
        ("Photo: Belgian police outside the venue / Reuters", "caption or image credit"),
        ("Image credit: Getty Images", "caption or image credit"),
        ("Published May 16, 2023", "timestamp"),
        ("March 15, 2024", "timestamp"),
        ("Updated 10:32 am", "timestamp"),
    ],
)
def test_boilerplate(line: str, reason: str) -> None:
    assert non_claim(line, standalone=True) == reason
    assert non_claim(line, standalone=False) == reason


def test_headings_need_a_line_of_their_own() -> None:
    assert non_claim("G7 ministers meet in Sydney", standalone=True) == "heading"
    assert non_claim("G7 ministers met in Sydney on Tuesday.", standalone=False) is None


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("SYDNEY (Reuters) - Trade ministers met.", "Trade ministers met."),
        ("BRUSSELS (AP) \u2014 Leaders met on Tuesday.", "Leaders met on Tuesday."),
        ("PARIS, France - Prices rose.", "Prices rose."),
        ("The U.S. - China talks resumed.", "The U.S. - China talks resumed."),
    ],
)
def test_dateline(sentence: str, claim: str) -> None:
    assert sentence[dateline_end(sentence) :] == claim


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Thank you all for coming.", "greeting"),
        ("Will the deal hold?", "question"),
        ("I think we must act now.", "opinion"),
        ("Prices are expected to fall next year.", "prediction"),
        ("Yes.", "too short"),
    ],
)
def test_penalties(sentence: str, reason: str) -> None:
    assert reason in dict(penalties(sentence))
    assert all(weight < 0 for _, weight in penalties(sentence))


def test_plain_factual_sentence_has_no_penalty() -> None:
    assert penalties("Unemployment fell to 4.2 percent in 2023.") == []


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("WASHINGTON, March 5 (Reuters) - The Senate voted.", "The Senate voted."),
        ("KYIV, Ukraine (AP) \u2014 Russia fired missiles.", "Russia fired missiles."),
        ("SAN JUAN, Puerto Rico \u2014 Power returned.", "Power returned."),
        ("US-China talks ended.", "US-China talks ended."),
        ("NATO - the alliance - met.", "NATO - the alliance - met."),
    ],
)
def test_more_datelines(sentence: str, claim: str) -> None:
    assert sentence[dateline_end(sentence) :] == claim
