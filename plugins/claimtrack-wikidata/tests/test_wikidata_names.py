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
