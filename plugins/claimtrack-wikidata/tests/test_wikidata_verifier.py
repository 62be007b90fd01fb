"""The wikidata verifier against the loopback fixture server: verdicts and evidence."""

from __future__ import annotations

import pytest
from wikidata_helpers import run, verify

from claimtrack.testing import make_article
from claimtrack_wikidata.verifier import WikidataVerifier

V = WikidataVerifier()


def check(sentence: str, published: str = "2023-05-16", **kw):
    return run(verify(V, sentence, published=published, **kw))


def test_capital_refuted_with_canberra(wikidata_server):
    v = check(
        "Trade ministers met on Tuesday for talks in Australia's capital, Sydney, the first meeting since 2022."
    )
    assert v.label == "refuted"
    assert "Canberra" in v.summary and "not Sydney" in v.summary
    assert (
        v.evidence[0].url == "https://www.wikidata.org/wiki/Q408"
    )  # the country, not the continent Q3960
    assert "Q3114" in v.evidence[0].snippet


@pytest.mark.parametrize(
    "sentence",
    [
        "Leaders gathered in Ottawa, the Canadian capital, on Monday.",
        "The capital of Canada, Ottawa, hosted the talks.",
        "Brasília, Brazil's capital, was quiet.",
    ],
)
def test_capital_supported_other_phrasings(wikidata_server, sentence):
    assert check(sentence).label == "supported"


def test_capital_refuted_other_country(wikidata_server):
    v = check("They met in Rio de Janeiro, the capital of Brazil, last week.")
    assert v.label == "refuted" and "Brasília" in v.summary


def test_inception_supported_and_refuted(wikidata_server):
    ok = check("Founded in 1949, NATO now has 31 members after Finland joined last month.")
    assert ok.label == "supported", ok.summary
    assert "1949" in ok.summary and any(
        e.url == "https://www.wikidata.org/wiki/Q7184" for e in ok.evidence
    )
    bad = check("NATO, set up in 1955, is a military alliance.")
    assert bad.label == "refuted"
    assert (
        "1949" in bad.summary and "not 1955" in bad.summary
    )  # the deprecated 1955 statement is ignored


def test_inception_year_precision_and_values(wikidata_server):
    v = check(
        "Something about the bloc.",
        values={"relation": "inception", "entity": "BRICS", "year": 2009},
    )
    assert v.label == "supported"
    assert (
        "inception (P571): 2009" in v.evidence[0].snippet
    )  # +2009-00-00 at precision 9; somevalue ignored
    assert check("The United Nations, founded in 1945, meets.").label == "supported"
    assert check("The African Union, established in 1999, met.").label == "refuted"


def test_nato_member_count_at_date(wikidata_server):
    v = check("NATO now has 31 members.", published="2023-05-16")
    assert v.label == "supported", v.summary
    v = check("NATO now has 31 members.", published="2024-06-01")  # Sweden joined on 2024-03-07
    assert v.label == "refuted" and "32 members" in v.summary


def test_membership_list_g7(wikidata_server):
    v = check(
        "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, "
        "the United Kingdom and the United States, is home to a tenth of the world's population."
    )
    assert v.label == "supported", v.summary
    assert v.evidence[0].url == "https://www.wikidata.org/wiki/Q1764511"
    assert "(7)" in v.evidence[0].snippet


def test_membership_list_time_aware(wikidata_server):
    sentence = (
        "BRICS, a group of five countries consisting of Brazil, Russia, India, China and South Africa, "
        "met in August."
    )
    assert check(sentence, published="2023-08-01").label == "supported"
    later = check(sentence, published="2024-06-01")  # Egypt, Ethiopia, Iran, UAE joined 2024-01-01
    assert later.label == "refuted" and "9 members" in later.summary
    early = check(sentence, published="2010-06-01")  # South Africa joined 2010-12-24
    assert early.label == "refuted" and "South Africa was not a member" in early.summary


def test_membership_incomplete_list_is_mixed(wikidata_server):
    v = check(
        "The BRICS bloc, a group of five countries consisting of Brazil, Russia, India and China, "
        "has called for a meeting of its own in August."
    )
    assert v.label == "mixed" and "omits South Africa" in v.summary


def test_membership_from_extractor_values(wikidata_server):
    values = {
        "group": "G7",
        "count": 7,
        "members": ["Canada", "France", "Germany", "Italy", "Japan", "Russia", "United States"],
    }
    v = check("A sentence the regexes do not parse.", values=values)
    assert v.label == "refuted" and "Russia is not a member" in v.summary


def test_office_time_aware(wikidata_server):
    sentence = "German Chancellor Olaf Scholz told reporters in Berlin that the meeting mattered."
    v2022 = check(sentence, published="2022-06-01")
    assert v2022.label == "supported", v2022.summary
    assert v2022.evidence[0].url == "https://www.wikidata.org/wiki/Q183"
    late = check(sentence, published="2025-11-18")
    assert late.label == "refuted"
    assert "Friedrich Merz" in late.summary and "2021-12-08 – 2025-05-06" in late.summary


@pytest.mark.parametrize(
    ("sentence", "published", "label"),
    [
        ("French President Emmanuel Macron arrived.", "2023-05-16", "supported"),
        ("Olaf Scholz, the German chancellor, said so.", "2025-11-18", "refuted"),
        (
            "German President Olaf Scholz spoke.",
            "2023-05-16",
            "refuted",
        ),  # the president is Steinmeier (P35)
        ("Canada's Prime Minister, Justin Trudeau, spoke.", "2025-11-18", "refuted"),
        ("Australian Prime Minister Anthony Albanese spoke.", "2023-05-16", "supported"),
    ],
)
def test_office_other_countries(wikidata_server, sentence, published, label):
    assert check(sentence, published=published).label == label


def test_population_by_point_in_time(wikidata_server):
    v = check(
        "Australia's population has grown to about 26 million people.", published="2023-05-16"
    )
    assert (
        v.label == "supported" and "2021-08-10" in v.evidence[0].snippet
    )  # latest figure not after the date
    v = check("Australia has a population of 31 million.", published="2024-01-01")
    assert v.label == "refuted" and "26,638,544" in v.summary


def test_not_applicable(wikidata_server):
    assert not V.applies_to(
        __import__("wikidata_helpers").make_claim("I think these talks will be remembered.")
    )
    assert check("Will the agreement hold?") is None


@pytest.mark.parametrize(
    ("sentence", "published", "label"),
    [
        ("Former German Chancellor Angela Merkel attended.", "2023-05-16", "supported"),
        ("Former German Chancellor Olaf Scholz attended.", "2023-05-16", "refuted"),
        ("Former German Chancellor Olaf Scholz attended.", "2025-11-18", "supported"),
    ],
)
def test_former_office_holders(wikidata_server, sentence, published, label):
    assert check(sentence, published=published).label == label


def test_not_applicable_offices():
    from claimtrack_wikidata.patterns import parse

    assert (
        parse(
            "x",
            {
                "relations": [
                    {
                        "person": "Mary Ng",
                        "office": "trade minister",
                        "country": "Canada",
                        "relation": "office",
                    }
                ]
            },
        )
        == []
    )
    assert parse("then-Chancellor Angela Merkel said in 2015 that it mattered.") == []
    assert (
        parse(
            "x",
            {
                "relations": [
                    {
                        "person": "A B",
                        "office": "Deputy Prime Minister",
                        "country": "Canada",
                        "relation": "office",
                    }
                ]
            },
        )
        == []
    )


def test_more_phrasings():
    from claimtrack_wikidata.patterns import parse

    assert parse("NATO, established in April 1949, met.")[0].fields == {
        "entity": "NATO",
        "year": 1949,
    }
    assert parse("They met in Australia's capital city, Sydney.")[0].fields == {
        "country": "Australia",
        "city": "Sydney",
    }


def test_several_office_holders_from_values(wikidata_server):
    """Each office holder a sentence names is a part with its own verdict: in late 2025
    Scholz's part is refuted and Macron's supported (no "mixed" verdict on the sentence)."""
    holders = [
        {"person": "Olaf Scholz", "office": "Chancellor", "country": "Germany"},
        {"person": "Emmanuel Macron", "office": "President", "country": "France"},
    ]
    values = {"relations": [{"relation": "office", **h} for h in holders]}
    sentence = "German Chancellor Olaf Scholz and French President Emmanuel Macron met."
    early = check(sentence, published="2023-05-16", values=values)
    assert [(v.part, v.label) for v in early] == [
        ("office-1", "supported"),
        ("office-2", "supported"),
    ]
    late = {v.part: v for v in check(sentence, published="2025-11-18", values=values)}
    assert late["office-1"].label == "refuted" and "Friedrich Merz" in late["office-1"].summary
    assert late["office-2"].label == "supported" and "Macron" in late["office-2"].summary


# -- articles without a date: checked "at any time", never against today -----------------------

NO_DATE = make_article(published=None)


def check_undated(sentence: str, **kw):
    return run(verify(V, sentence, published=None, article=NO_DATE, **kw))


@pytest.mark.parametrize(
    ("sentence", "published", "label", "words"),
    [
        # Biden was president 2021-01-20 – 2025-01-20; Trump before and after.
        ("U.S. President Joe Biden spoke.", "2023-05-16", "supported", "on 2023-05-16"),
        ("U.S. President Joe Biden spoke.", "2025-11-18", "refuted", "Donald Trump"),
        ("Former US President Joe Biden spoke.", "2025-11-18", "supported", "formerly"),
        ("Former US President Joe Biden spoke.", "2023-05-16", "refuted", "still President"),
        # Trump has two terms: "former" in 2023 is true, although his latest term is later.
        ("Former US President Donald Trump spoke.", "2023-05-16", "supported", "2021-01-20"),
        ("Former US President Donald Trump spoke.", "2016-06-01", "refuted", "not yet"),
    ],
)
def test_us_presidents_at_the_article_date(wikidata_server, sentence, published, label, words):
    v = check(sentence, published=published)
    assert v.label == label and words in v.summary, v.summary


@pytest.mark.parametrize(
    ("sentence", "label", "words"),
    [
        # A former office holder is supported with the term, not refuted by today's holder.
        (
            "U.S. President Joe Biden spoke.",
            "supported",
            "Joe Biden was President of United States of America 2021-01-20 – 2025-01-20",
        ),
        ("German Chancellor Olaf Scholz spoke.", "supported", "2021-12-08 – 2025-05-06"),
        ("Former German Chancellor Olaf Scholz attended.", "supported", "has left office"),
        ("Former US President Donald Trump spoke.", "supported", "2017-01-20 – 2021-01-20"),
        # Never held the office at any time: false at any date.
        ("German President Olaf Scholz spoke.", "refuted", "no term of Olaf Scholz"),
        # Holds it with no end: "former" depends on the date.
        ("Former German President Frank-Walter Steinmeier spoke.", "unverifiable", "depends"),
        ("The capital of Australia is Canberra.", "supported", "Canberra was the capital"),
        ("The capital of Australia is Sydney.", "refuted", "no time when Sydney"),
        ("NATO now has 31 members.", "unverifiable", "change over time"),
        ("Australia has a population of 31 million.", "unverifiable", "changes over time"),
    ],
)
def test_no_date_checks_at_any_time(wikidata_server, sentence, label, words):
    v = check_undated(sentence)
    assert v.label == label and words in v.summary, v.summary
    if label != "refuted":
        assert "the article has no date" in v.summary


def test_no_article_at_all_is_no_date(wikidata_server):
    """A claim with no article (a context made by hand) is not judged at today's date either."""
    v = run(verify(V, "U.S. President Joe Biden spoke.", published=None))
    assert v.label == "supported" and "the article has no date" in v.summary


def test_inception_needs_no_date(wikidata_server):
    v = check_undated("NATO was founded in 1949.")
    assert v.label == "supported" and "no date" not in v.summary


def test_phrasings_the_shared_text_helpers_read():
    """Patterns built from claimtrack.text: compound counts, a capitalised "The population
    of …" and every demonym of the shared table."""
    from claimtrack_wikidata.patterns import parse

    (members,) = parse("The Commonwealth now has fifty-six members.")
    assert members.relation == "membership" and members["count"] == 56
    (pop,) = parse("The population of Japan is about 124 million.")
    assert pop.fields == {"country": "Japan", "value": 124e6, "hedge": "about"}
    (office,) = parse("Scottish First Minister John Swinney met Maltese President Myriam Spiteri.")
    assert office["country"] == "Malta" and office["person"] == "Myriam Spiteri"


def test_a_member_stated_not_to_belong(wikidata_server):
    """The extractor's ``negated`` ("X is not a member of G", "X left G") turns the check
    round: it is supported when X is not a member at the article's date."""
    from claimtrack.testing import extracted_claim

    sentence = "Finland is not a member of NATO."
    values = extracted_claim(sentence).values
    assert values["kinds"]["membership"]["negated"] is True
    [before] = check(sentence, published="2022-06-01", values=values)
    [after] = check(sentence, published="2024-06-01", values=values)
    assert before.label == "supported" and before.part == "membership-1", before.summary
    assert after.label == "refuted" and "Finland was a member" in after.summary
    joined = "Finland is a member of NATO."
    [member] = check(joined, published="2024-06-01", values=extracted_claim(joined).values)
    assert member.label == "supported"


def test_an_office_stated_in_the_past(wikidata_server):
    """The extractor's ``tense: "past"`` ("X was British prime minister") is checked as a
    former office, not as the office at the article's date."""
    from claimtrack.testing import extracted_claim

    sentence = "Boris Johnson was British prime minister."
    values = extracted_claim(sentence).values
    assert values["kinds"]["office"]["tense"] == "past"
    [verdict] = check(sentence, published="2024-06-01", values=values)
    assert verdict.label == "supported" and verdict.part == "office-1", verdict.summary
    never = "Keir Starmer was British prime minister."
    [refuted] = check(never, published="2023-06-01", values=extracted_claim(never).values)
    assert refuted.label == "refuted"


@pytest.mark.parametrize(
    ("published", "label", "words"),
    [
        ("2025-05-05", "supported", "on 2025-05-05"),
        # Scholz's term ends on 2025-05-06, the day Merz's begins: that day the office is Merz's.
        ("2025-05-06", "refuted", "Friedrich Merz"),
    ],
)
def test_a_term_ends_the_day_the_successor_takes_over(wikidata_server, published, label, words):
    v = check("German Chancellor Olaf Scholz spoke.", published=published)
    assert v.label == label and words in v.summary, v.summary
