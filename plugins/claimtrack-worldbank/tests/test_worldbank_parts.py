"""The worldbank verifier gives one verdict per part it checks, each from that part alone."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from worldbank_helpers import (
    FakeResolver,
    make_claim,
    part_verdicts,
    plugins,
    run,
    verify_parts,
)

from claimtrack.extraction.parts import Part
from claimtrack_worldbank.patterns import PART_KINDS, part_fact, plan
from claimtrack_worldbank.verifier import WorldBankVerifier

V = WorldBankVerifier()
G7_LISTED = (
    "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, "
    "the United Kingdom and the United States, "
)


def parts_of(sentence: str, published: str = "2023-05-16", **kw):
    return run(part_verdicts(V, sentence, published=published, **kw))


def test_each_share_its_own_verdict_membership_not_ours(worldbank_server):
    """A quarter of the population is wrong and nearly half of output right: each share
    part says so, rather than one "mixed" verdict on the sentence."""
    claim, got = parts_of(
        G7_LISTED + "is home to a quarter of the world's population but accounts for nearly "
        "half of global economic output."
    )
    assert [p.kind for p in claim.parts] == ["membership", "share_of_world", "share_of_world"]
    assert set(got) == {"share_of_world-1", "share_of_world-2"}
    pop, gdp = got["share_of_world-1"], got["share_of_world-2"]
    assert pop.label == "refuted" and "overstated" in pop.summary and "population" in pop.summary
    assert gdp.label == "supported" and "consistent with nearly half" in gdp.summary
    assert "SP.POP.TOTL" in (pop.evidence[0].url or "")
    assert "NY.GDP.MKTP.CD" in (gdp.evidence[0].url or "")


def test_members_from_a_resolver_for_an_unlisted_group(worldbank_server):
    _, got = parts_of(
        "The G7 is home to a tenth of the world's population.", plugins=plugins(fake=FakeResolver())
    )
    assert got["share_of_world-1"].label == "supported"
    assert "members from fake" in got["share_of_world-1"].evidence[0].snippet


def test_population_part(worldbank_server):
    _, got = parts_of("Australia's population has grown to about 26 million people.")
    assert set(got) == {"population-1"} and got["population-1"].label == "supported"


def test_a_statistic_part_only_when_it_names_a_series(worldbank_server):
    """An extractor plugin's statistic part naming a World Bank indicator and a country is
    checked; a bare number (which series?) is left alone."""
    named = Part(
        "statistic-1",
        "statistic",
        "US GDP $25.7 trillion in 2022",
        {"indicator": "NY.GDP.MKTP.CD", "scope": "United States", "value": 25.7e12, "year": 2022},
    )
    bare = Part("statistic-2", "statistic", "3.4 percent", {"value": 3.4, "unit": "percent"})
    claim = make_claim("US output was $25.7 trillion in 2022, with 3.4 percent unemployment.")
    got = run(verify_parts(V, replace(claim, parts=(named, bare))))
    assert set(got) == {"statistic-1"} and got["statistic-1"].label == "supported"


def test_a_claim_without_parts_is_checked_as_a_whole(worldbank_server):
    from worldbank_helpers import verify

    v = run(verify(V, "Australia has a population of 40 million."))
    assert v.part is None and v.label == "refuted"


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["quote", "event", "first_since", "office", "capital", "comparison"]),
    values=st.dictionaries(
        st.sampled_from(["group", "country", "value", "share", "speaker", "person"]),
        st.one_of(st.text(max_size=8), st.integers(0, 10**9), st.floats(0, 1)),
        max_size=4,
    ),
)
def test_parts_of_other_kinds_are_never_read(kind, values):
    """Whatever values they carry, parts of kinds it does not check get no fact, so no
    verdict."""
    part = Part(f"{kind}-1", kind, "x", values)
    assert kind not in PART_KINDS and part_fact(part, []) is None
    assert plan([part], "The G7 is home to a tenth of the world's population.", {}) == []


def test_a_bare_statistic_that_is_the_sentence_s_population_figure(worldbank_server):
    """Extraction keeps "about 40 million" as a bare statistic; the sentence says it is
    Canada's population: that part is checked as the figure, nothing else is."""
    claim, got = parts_of(
        "Canada's population, about 40 million people, grew faster than that of any other "
        "G7 member last year, officials said.",
        published="2025-11-18",
    )
    assert [p.kind for p in claim.parts] == ["statistic"]
    assert got["statistic-1"].label == "supported" and "Canada" in got["statistic-1"].summary
    other = Part("statistic-1", "statistic", "12 ministers", {"value": 12.0})
    from claimtrack_worldbank.patterns import parse

    assert part_fact(other, parse("Canada has a population of 40 million.")) is None
