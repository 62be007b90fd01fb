"""The wikidata verifier gives one verdict per part it checks, each from that part alone.

"X and Y held talks" is two offices and an event: each office gets its own verdict and
the event none (it is left unchecked, so the claim cannot be supported on the offices'
strength). A quoted head of state gets a verdict on the office, none on the quote.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikidata_helpers import part_verdicts, run

from claimtrack.extraction.parts import Part
from claimtrack.testing import extracted_claim, make_claim
from claimtrack_wikidata.patterns import PART_KINDS, part_fact, plan
from claimtrack_wikidata.verifier import WikidataVerifier

V = WikidataVerifier()


def parts_of(sentence: str, published: str | None = "2023-05-16", **kw):
    return run(part_verdicts(V, sentence, published=published, **kw))


def test_a_quoted_head_of_state_office_checked_quote_not(wikidata_server):
    claim, got = parts_of(
        'French President Emmanuel Macron said support for Ukraine "knows no limits".'
    )
    assert [p.kind for p in claim.parts] == ["office", "quote"]
    assert set(got) == {"office-1"}, got  # no verdict on the quote, none on the whole claim
    office = got["office-1"]
    assert office.label == "supported" and "Emmanuel Macron" in office.summary
    assert office.evidence[0].url == "https://www.wikidata.org/wiki/Q142"


def test_talks_offices_each_their_own_verdict_event_unchecked(wikidata_server):
    sentence = (
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday."
    )
    claim, got = parts_of(sentence)
    assert [p.kind for p in claim.parts] == ["office", "office", "event"]
    assert {k: v.label for k, v in got.items()} == {
        "office-1": "supported",
        "office-2": "supported",
    }
    # Two years later Scholz is no longer chancellor: his part is refuted, Macron's is
    # still supported. One verdict per office, not a "mixed" verdict on the sentence.
    _, late = parts_of(sentence, published="2025-11-18")
    assert late["office-1"].label == "refuted" and "Friedrich Merz" in late["office-1"].summary
    assert late["office-2"].label == "supported" and "Macron" in late["office-2"].summary
    assert "Macron" not in late["office-1"].summary and "Scholz" not in late["office-2"].summary


def test_capital_part_only(wikidata_server):
    claim, got = parts_of(
        "Trade ministers met on Tuesday for talks in Australia's capital, Sydney, "
        "the first meeting since 2022."
    )
    assert {p.kind for p in claim.parts} >= {"capital", "first_since"}
    assert set(got) == {"capital-1"}
    assert got["capital-1"].label == "refuted" and "Canberra" in got["capital-1"].summary


def test_membership_and_inception_parts(wikidata_server):
    _, got = parts_of("Founded in 1949, NATO now has 31 members after Finland joined last month.")
    assert got["inception-1"].label == "supported" and "1949" in got["inception-1"].summary
    assert got["membership-1"].label == "supported" and "31 members" in got["membership-1"].summary
    assert "event-1" not in got
    _, later = parts_of(
        "Founded in 1949, NATO now has 31 members after Finland joined last month.",
        published="2024-06-01",
    )
    assert later["inception-1"].label == "supported"  # the count's error is its own part's
    assert (
        later["membership-1"].label == "refuted" and "32 members" in later["membership-1"].summary
    )


def test_words_before_the_title_are_read_for_the_part(wikidata_server):
    """The part says "Angela Merkel is Chancellor"; the sentence says "Former …": the check
    reads the words before the part's own span."""
    _, got = parts_of("Former German Chancellor Angela Merkel attended.")
    assert got["office-1"].label == "supported" and "formerly" in got["office-1"].summary
    claim, none = parts_of("then-Chancellor Angela Merkel said in 2015 that it mattered.")
    assert [p.kind for p in claim.parts] == ["office"] and none == {}


def test_no_date_parts_checked_at_any_time_never_refuted(wikidata_server):
    from claimtrack.testing import make_article

    sentence = (
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday."
    )
    _, got = parts_of(sentence, published=None, article=make_article(published=None))
    assert {k: v.label for k, v in got.items()} == {
        "office-1": "supported",
        "office-2": "supported",
    }
    assert all("the article has no date" in v.summary for v in got.values())


def test_unreachable_every_checked_part_unverifiable_with_the_error(monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_WIKIDATA_API", "http://127.0.0.1:9/w/api.php")
    monkeypatch.setenv("CLAIMTRACK_WIKIDATA_SPARQL", "http://127.0.0.1:9/sparql")
    _, got = parts_of(
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday."
    )
    assert set(got) == {"office-1", "office-2"}
    assert all(v.label == "unverifiable" and v.error for v in got.values())


def test_a_claim_without_parts_is_checked_as_a_whole(wikidata_server):
    """Values made by hand (no parts): one verdict on the whole claim, as before parts."""
    from wikidata_helpers import verify

    v = run(verify(V, "The capital of Canada, Ottawa, hosted the talks."))
    assert v.part is None and v.label == "supported"


def test_plan_only_its_kinds_and_only_what_it_can_read():
    claim = extracted_claim(
        "Canada's trade minister Mary Ng and German Chancellor Olaf Scholz held talks in Berlin."
    )
    pairs = plan(claim.parts, claim.sentence, claim.values)
    assert all(part is not None and part.kind in PART_KINDS for part, _ in pairs)
    assert [fact["person"] for _, fact in pairs] == ["Olaf Scholz"]
    relations = [
        {
            "relation": "office",
            "person": "Mary Ng",
            "office": "trade minister",
            "country": "Canada",
        },
        {
            "relation": "office",
            "person": "Olaf Scholz",
            "office": "Chancellor",
            "country": "Germany",
        },
    ]
    hand = make_claim("Mary Ng and Olaf Scholz met.", values={"relations": relations})
    assert [p.id for p in hand.parts] == ["office-1", "office-2"]
    pairs = plan(hand.parts, hand.sentence, hand.values)
    # a minister is not what P35/P6 hold: no verdict on that part (it is not looked up)
    assert [(part.id, fact["person"]) for part, fact in pairs] == [("office-2", "Olaf Scholz")]


#: Office holders and whether each held the office on 2023-05-16 (the fixture's real terms).
HOLDERS = {
    "German Chancellor Olaf Scholz": "supported",
    "French President Emmanuel Macron": "supported",
    "Australian Prime Minister Anthony Albanese": "supported",
    "Canadian Prime Minister Justin Trudeau": "supported",
    "British Prime Minister Boris Johnson": "refuted",  # Rishi Sunak since 2022-10-25
    "German President Olaf Scholz": "refuted",  # Frank-Walter Steinmeier
}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pair=st.permutations(list(HOLDERS)).map(lambda names: names[:2]))
def test_each_office_part_judged_on_its_own(wikidata_server, pair):
    """Whatever the other holder in the sentence, each office part's verdict is that
    holder's own: a wrong title never spreads to, or is hidden by, the right one."""
    first, second = pair
    claim, got = parts_of(f"{first} and {second} held talks on Thursday.")
    offices = claim.parts_of("office")
    assert len(offices) == 2
    assert got[offices[0].id].label == HOLDERS[first], got[offices[0].id].summary
    assert got[offices[1].id].label == HOLDERS[second], got[offices[1].id].summary
    assert set(got) == {p.id for p in offices}


def test_a_name_cut_short_is_read_whole_never_refuted(wikidata_server):
    """Extraction reads "Luiz Inácio Lula da Silva" as "Luiz In" (a letter it does not
    know): the part is checked with the name the sentence writes, never refuted as
    "not Luiz In"."""
    sentence = (
        "Brazil's President Luiz Inácio Lula da Silva said the bloc should not be a rival "
        "to the G7."
    )
    claim = extracted_claim(sentence)
    [office] = claim.parts_of("office")
    _, got = parts_of(sentence, published="2023-09-19")
    assert got[office.id].label == "supported", got[office.id].summary
    assert "Luiz Inácio Lula da Silva" in got[office.id].summary
    cut = Part(
        "office-1",
        "office",
        "x",
        {"person": "Sauli Niinist", "office": "President", "country": "Finland"},
    )
    assert part_fact(cut, "Finnish President Sauli Niinistö spoke.", []) is None


@pytest.mark.parametrize(
    ("sentence", "published", "label", "words"),
    [
        # "became" is past tense but not a former office: a term began by the date
        (
            "Keir Starmer became Britain's prime minister on Friday after Labour won.",
            "2024-07-05",
            "supported",
            "became",
        ),
        (
            "Keir Starmer became Britain's prime minister on Friday after Labour won.",
            "2023-07-05",
            "refuted",
            "had not become",
        ),
        # "remained": holds it at the date
        ("Rishi Sunak remained Britain's prime minister.", "2023-07-05", "supported", "on 2023"),
        # "was": a former office, as before
        ("Boris Johnson was British prime minister.", "2024-06-01", "supported", "formerly"),
    ],
)
def test_past_tense_verbs_of_an_office(wikidata_server, sentence, published, label, words):
    _, got = parts_of(sentence, published=published)
    assert got["office-1"].label == label and words in got["office-1"].summary, got


@pytest.mark.parametrize(
    ("sentence", "published", "label", "words"),
    [
        (
            'President Emmanuel Macron said support for Ukraine "knows no limits".',
            "2023-05-16",
            "supported",
            "the country, France, is not named",
        ),
        (
            "Prime Minister Narendra Modi has not commented on the figures.",
            "2023-05-16",
            "supported",
            "India",
        ),
        # not a refutation: the title may be of something else than the country
        ("President Olaf Scholz spoke.", "2023-05-16", "unverifiable", "not a refutation"),
        (
            "President Joe Biden welcomed the report.",
            "2025-11-18",
            "unverifiable",
            "not a refutation",
        ),
        # no head of state or government of any country in the fixture
        ("President Mary Ng spoke.", "2023-05-16", "unverifiable", "no country"),
    ],
)
def test_an_office_with_no_country_named(wikidata_server, sentence, published, label, words):
    """The country is the one Wikidata lists the person as leading: it can support the
    part, never refute it."""
    claim, got = parts_of(sentence, published=published)
    office = claim.parts_of("office")[0]
    assert not office.values.get("country")
    assert got[office.id].label == label and words in got[office.id].summary, got
    assert set(got) == {office.id}
