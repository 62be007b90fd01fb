"""Which part a published fact-check's verdict is on.

A fact-check rates the claim it states. When that is this claim (or the claim has one
part), the verdict is on the whole claim; when it is a shorter claim stated inside the
sentence, it is on the one part that claim states, and never spreads to the others.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.testing import extracted_claim
from claimtrack.verification.api import Evidence, Verdict
from claimtrack_factcheck.verifier import Config, judge, on_parts, stated_parts

PUBLISHED = "2023-05-16"


def claim_date(text: str) -> date:
    return date.fromisoformat(text)


TALKS = "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday."
NATO = "Founded in 1949, NATO now has 31 members after Finland joined last month."


def review(text: str, rating: str = "False") -> list[dict[str, Any]]:
    return [
        {
            "text": text,
            "claimDate": "2023-04-01",
            "claimReview": [
                {
                    "url": "https://factdesk.example/fact-check/1",
                    "title": text,
                    "textualRating": rating,
                    "reviewDate": "2023-04-03",
                    "publisher": {"name": "Fact Desk"},
                }
            ],
        }
    ]


def rate(sentence: str, checked: str, rating: str = "False"):
    claim = extracted_claim(sentence, published=PUBLISHED)
    found = review(checked, rating)
    return claim, on_parts(judge(claim.text, found, Config()), claim, found)


def test_a_fact_check_of_the_sentence_rates_the_whole_claim():
    claim, v = rate(NATO, NATO.rstrip("."))
    assert len(claim.parts) > 1
    assert v is not None and v.part is None and v.label == "refuted"


def test_a_fact_check_of_one_office_rates_that_part_only():
    claim, v = rate(TALKS, "Olaf Scholz is the German Chancellor")
    assert [p.kind for p in claim.parts] == ["office", "office", "event"]
    assert v is not None and (v.part, v.label) == ("office-1", "refuted")
    assert v.evidence[0].url == "https://factdesk.example/fact-check/1"


def test_a_fact_check_of_an_inner_claim_rates_only_its_part():
    claim, v = rate(
        'NATO was set up in 1955, German Chancellor Olaf Scholz said, calling it "our shield".',
        "NATO was set up in 1955",
    )
    assert [p.kind for p in claim.parts] == ["inception", "office"]
    assert v is not None and v.part == "inception-1" and v.label == "refuted"


def test_several_parts_but_not_all_is_evidence_not_a_verdict():
    _, v = rate(NATO, "NATO was founded in 1949 and has 31 members", rating="True")
    assert v is not None and v.part is None and v.label == "unverifiable"
    assert "several of its parts" in v.summary and v.evidence


@pytest.mark.parametrize("rating", ["Unproven", "Zombie claim"])
def test_a_rating_that_takes_no_side_is_on_the_part_it_is_about(rating):
    _, got = rate(TALKS, "Olaf Scholz is the German Chancellor", rating=rating)
    assert isinstance(got, list) and [(v.part, v.label) for v in got] == [
        ("office-1", "unverifiable")
    ]


def test_related_fact_checks_are_evidence_on_the_parts_they_state_only():
    """Not close (made over two years from the article): evidence on Scholz's office, and
    nothing on Macron's office or on the talks, which no fact-check is about."""
    claim = extracted_claim(TALKS, published=PUBLISHED)
    found = review("Olaf Scholz is still the German Chancellor")
    found[0]["claimDate"] = "2025-10-01"
    related = judge(claim.text, found, Config(), published=claim_date(PUBLISHED))
    assert related is not None and related.label == "unverifiable"
    got = on_parts(related, claim, found)
    assert isinstance(got, list) and [(v.part, v.label) for v in got] == [
        ("office-1", "unverifiable")
    ]
    assert got[0].evidence[0].url == "https://factdesk.example/fact-check/1"


def test_related_fact_checks_stating_no_part_stay_on_the_sentence():
    claim = extracted_claim(TALKS, published=PUBLISHED)
    found = review("Inflation in the euro area hit a record of 10.6 percent")
    related = Verdict.unverifiable(
        "related fact-checks, none of this claim",
        [Evidence("factcheck", url="https://factdesk.example/fact-check/1")],
    )
    assert on_parts(related, claim, found) is related


def test_a_one_part_claim_is_rated_whole():
    claim, v = rate("NATO was set up in 1955, the minister said.", "NATO was set up in 1955")
    assert len(claim.parts) == 1 and v is not None and v.part is None and v.label == "refuted"


HOLDERS = [
    "German Chancellor Olaf Scholz",
    "French President Emmanuel Macron",
    "Australian Prime Minister Anthony Albanese",
    "Canadian Prime Minister Justin Trudeau",
]


@settings(max_examples=20, deadline=None)
@given(pair=st.permutations(HOLDERS).map(lambda names: names[:2]), which=st.integers(0, 1))
def test_an_office_fact_check_lands_on_its_holder(pair, which):
    """Whichever holder a fact-check names, its rating goes on that holder's part alone."""
    sentence = f"{pair[0]} and {pair[1]} held talks on Thursday."
    claim = extracted_claim(sentence, published=PUBLISHED)
    named = pair[which].split(" ", 1)[1]  # "Chancellor Olaf Scholz"
    checked = f"{named} is the {pair[which].split()[0]} leader"
    stated = stated_parts(claim, checked)
    offices = claim.parts_of("office")
    assert stated == [offices[which]], (checked, [p.text for p in stated])


def test_a_fact_check_that_states_no_part_rates_nothing():
    """A close match by wording that states none of the claim's parts (another city as
    the capital) is evidence, not a verdict, even on a claim of one part."""
    claim = extracted_claim(
        "Leaders gathered in Canberra, the Australian capital, on Monday.", published=PUBLISHED
    )
    found = review("Sydney is the capital of Australia")
    # The one matcher does not take it for a check of this claim: related evidence only ...
    by_matcher = judge(claim.text, found, Config())
    assert by_matcher is not None and by_matcher.label == "unverifiable", by_matcher
    assert by_matcher.summary.startswith("related fact-checks, none of this claim")
    assert [p.kind for p in claim.parts][:1] == ["capital"]
    # ... and a verdict that took a side from it would still rate no part.
    by_wording = Verdict(
        "refuted",
        0.8,
        'Fact Desk rated "Sydney is the capital of Australia": False',
        by_matcher.evidence,
    )
    v = on_parts(by_wording, claim, found)
    assert isinstance(v, Verdict) and v.label == "unverifiable" and v.part is None, v
    assert "none of its parts" in v.summary and v.evidence
