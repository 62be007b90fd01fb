"""A group's name resolves to the group, whatever form it takes, and to nothing else.

"G20", "G-20" and "Group of Twenty" are one item; a name that only a number, a person or a
place carries ("Twenty") is no group, so a membership or share-of-world claim about it is
unverifiable rather than checked against the wrong item.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikidata_helpers import run

import claimtrack_wikidata.verifier as wd
from claimtrack.testing import extracted_claim, make_article, run_verifier
from claimtrack_wikidata.fixture_server import WikidataFixtureServer

G20 = "Q19771"


def _resolve(name: str, **kw: Any) -> str | None:
    async def go() -> str | None:
        async with httpx.AsyncClient() as http:
            client = wd.WikidataClient(http, wd.Config.load(), {}, logging.getLogger("t"))
            found = await wd.resolve(client, name, **kw)
            return found["id"] if found else None

    return asyncio.run(go())


@pytest.mark.parametrize("name", ["G20", "G-20", "Group of Twenty", "group of twenty", "the G20"])
def test_every_form_of_the_name_is_the_group(wikidata_server, name):
    assert _resolve(name, group=True) == G20


def test_a_name_only_a_number_carries_is_no_group(wikidata_server):
    assert _resolve("Twenty") == "Q200"  # untyped resolution finds the number …
    assert _resolve("Twenty", group=True) is None  # … a group resolution does not


def test_acronym_and_full_name_are_tried_when_the_name_finds_nothing(wikidata_server):
    # "Group of Seven" is the G7's label and "G7" an alias: each finds the other's item
    assert _resolve("Group of 7", group=True) == _resolve("G7", group=True) == "Q1764511"
    assert _resolve("Group of Eighty", group=True) is None


def _verdict(sentence: str, published: str) -> Any:
    """The verdict on ``sentence`` as extracted by claimtrack (its values), as ``check`` runs it."""
    claim = extracted_claim(sentence, published=published)
    got = run(run_verifier(wd.WikidataVerifier(), claim, article=make_article(published=published)))
    if isinstance(got, list | tuple):  # one verdict per checkable part
        got = next(v for v in got if "member" in v.summary)
    return got


@pytest.mark.parametrize(
    "sentence",
    [
        "The Group of Twenty has 21 members.",
        "The G20 has 21 members.",
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
    ],
)
def test_g20_membership_in_any_form(wikidata_server, sentence):
    # The African Union joined on 2023-09-09: 21 members from that day, 20 the day before.
    on_the_day = _verdict(sentence, "2023-09-09")
    assert on_the_day.label == "supported", on_the_day.summary
    assert on_the_day.evidence[0].url == f"https://www.wikidata.org/wiki/{G20}"
    before = _verdict(sentence, "2023-09-08")
    assert before.label == "refuted", before.summary


ADVERBIALS = ["In general,", "However,", "Today", "Meanwhile,", ""]
FORMS = ["G20", "Group of Twenty", "G-20"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(ADVERBIALS), st.sampled_from(FORMS), st.booleans())
def test_a_leading_phrase_never_becomes_the_group(wikidata_server, adverbial, form, possessive):
    the = "the" if adverbial else "The"
    subject = f"{adverbial} {the} {form}".strip()
    sentence = (
        f"{subject}'s 21 members include Argentina and India."
        if possessive
        else f"{subject} has 21 members."
    )
    v = _verdict(sentence, "2023-09-09")
    assert v.label == "supported", (sentence, v.summary)


def test_server_is_loopback():
    with WikidataFixtureServer() as srv:
        assert srv.url.startswith("http://127.0.0.1:")


# A sentence as news writes it, the relation and field extraction reads, and the item the
# name must resolve to (None: it must resolve to nothing). Extraction and resolution both
# run: the sentence is extracted by claimtrack, the name resolved as the verifier does
# (groups as organisations, countries as countries, founded entities untyped).
WORLD = "of the world's population"
RESOLUTIONS: list[tuple[str, str, str, str | None]] = [
    (f"In general, the G20 represents about two-thirds {WORLD}.", "share_of_world", "group", G20),
    ("The Group of Twenty has 21 members.", "membership", "group", G20),
    ("The G-20 has 21 members.", "membership", "group", G20),
    (
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
        "membership",
        "group",
        G20,
    ),
    ("The G20's 21 members include Argentina and India.", "membership", "group", G20),
    ("Today the G20 has 21 members.", "membership", "group", G20),
    (f"Meanwhile, the G7 is home to a tenth {WORLD}.", "share_of_world", "group", "Q1764511"),
    ("The Group of Seven has seven members.", "membership", "group", "Q1764511"),
    ("The G-7 has seven members.", "membership", "group", "Q1764511"),
    ("France is a member of the Group of Seven.", "membership", "group", "Q1764511"),
    ("Turkey is a NATO member.", "membership", "group", "Q7184"),
    ("NATO now has 31 members.", "membership", "group", "Q7184"),
    ("NATO's 32 members include Finland and Sweden.", "membership", "group", "Q7184"),
    (
        "The North Atlantic Treaty Organization has 32 members.",
        "membership",
        "group",
        "Q7184",
    ),
    (
        "Finland is a member of the North Atlantic Treaty Organization.",
        "membership",
        "group",
        "Q7184",
    ),
    ("Brazil is a member of BRICS.", "membership", "group", "Q18401"),
    (f"Overall, BRICS accounts for 40 percent {WORLD}.", "share_of_world", "group", "Q18401"),
    ("The European Union has 27 member states.", "membership", "group", "Q458"),
    ("The EU has 27 members.", "membership", "group", "Q458"),
    ("Norway is not a member of the EU.", "membership", "group", "Q458"),
    ("The United Kingdom left the European Union.", "membership", "group", "Q458"),
    ("The African Union has 55 members.", "membership", "group", "Q7159"),
    # "AU" is also an alias of Australia: as a group, it is the African Union
    ("The AU has 55 members.", "membership", "group", "Q7159"),
    (
        f"In total, the African Union represents 18 percent {WORLD}.",
        "share_of_world",
        "group",
        "Q7159",
    ),
    ("OPEC has 12 members.", "membership", "group", "Q7795"),
    # a name only a number carries is no group
    ("Twenty has 21 members.", "membership", "group", None),
    ("Canberra is the capital of Australia.", "capital", "country", "Q408"),
    ("Australia's capital is Canberra.", "capital", "country", "Q408"),
    ("Nigeria's capital is Abuja.", "capital", "country", None),  # not in the fixture
    ("The capital of the United Kingdom is London.", "capital", "country", "Q145"),
    ("Britain's capital is London.", "capital", "country", "Q145"),
    ("Ankara is the capital of Türkiye.", "capital", "country", "Q43"),
    ("Ankara is the capital of Turkey.", "capital", "country", "Q43"),
    ("Berlin is the capital of Germany.", "capital", "country", "Q183"),
    ("Rome is the capital of Italy.", "capital", "country", "Q38"),
    ("Japan's population is about 124 million.", "population", "country", "Q17"),
    ("Overall, Japan's population fell to 124.5 million.", "population", "country", "Q17"),
    ("Australia has a population of about 26 million.", "population", "country", "Q408"),
    ("German Chancellor Olaf Scholz met Emmanuel Macron in Paris.", "office", "country", "Q183"),
    ("Germany's chancellor is Olaf Scholz.", "office", "country", "Q183"),
    ("The prime minister of Canada is Justin Trudeau.", "office", "country", "Q16"),
    ("Anthony Albanese is Australia's prime minister.", "office", "country", "Q408"),
    ("NATO, founded in 1949, now has 31 members.", "inception", "entity", "Q7184"),
    ("The United Nations, founded in 1945, met.", "inception", "entity", "Q1065"),
    ("Founded in 1961, the OECD has 38 members.", "inception", "entity", "Q41550"),
]
_TYPE = {"group": {"group": True}, "country": {"country": True}, "entity": {}}


def test_the_resolution_table_is_big_enough():
    assert len(RESOLUTIONS) >= 40


@pytest.mark.parametrize(
    ("sentence", "relation", "key", "expected"), RESOLUTIONS, ids=[r[0] for r in RESOLUTIONS]
)
def test_surface_form_resolves(wikidata_server, sentence, relation, key, expected):
    claim = extracted_claim(sentence, published="2023-09-09")
    names = [r.get(key) for r in claim.values.get("relations", []) if r["relation"] == relation]
    assert names and names[0], (
        f"{sentence!r}: no {relation}.{key} in {claim.values.get('relations')}"
    )
    assert _resolve(names[0], **_TYPE[key]) == expected, (sentence, names[0])
