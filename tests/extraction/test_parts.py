"""A claim's checkable parts (claimtrack.extraction.parts): one assertion each.

A verdict on one part says nothing about the others, so every assertion a sentence makes
must be a part of its own, and no part may be made twice (a number a relation already
asserts is not a second, unchecked statistic).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extraction.kinds import analyse
from claimtrack.extraction.parts import PART_KINDS, Part, claim_parts, derive_parts

PUBLISHED = datetime(2023, 7, 11)

CASES: list[tuple[str, list[str]]] = [
    ('President Xi Jinping said support for Russia "knows no limits".', ["office", "quote"]),
    (
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday.",
        ["office", "office", "event"],
    ),
    ("NATO, founded in 1949, now has 31 members.", ["membership", "inception"]),
    ("These were the first talks since the invasion.", ["first_since"]),
    ("The summit was last held in 2019.", ["last_in"]),
    ("Canberra is the capital of Australia.", ["capital"]),
    ("Trade between the two countries grew by 4.2 percent in 2022.", ["statistic"]),
    ("The G7 is home to a tenth of the world's population.", ["share_of_world"]),
    ("Berlin has a population of about 3.7 million.", ["population"]),
    # the number is the verb's: one statistic, no event
    ("Inflation hit 10 percent in Britain last year.", ["statistic"]),
    ("Germany is the largest economy in Europe.", ["comparison"]),
    # "19 countries" counts the members: the membership part asserts it
    (
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
        ["membership"],
    ),
    ("I think this is a wonderful opportunity for everyone.", []),
]


@pytest.mark.parametrize(("sentence", "kinds"), CASES, ids=[c[0][:40] for c in CASES])
def test_each_assertion_is_one_part(sentence: str, kinds: list[str]) -> None:
    parts = derive_parts(analyse(sentence, PUBLISHED).values())
    assert [p.kind for p in parts] == kinds, [p.text for p in parts]


def test_part_texts_say_the_assertion() -> None:
    parts = derive_parts(analyse(CASES[0][0], PUBLISHED).values())
    assert [p.text for p in parts] == [
        "Xi Jinping is President",
        "Xi Jinping said “knows no limits”",
    ]
    assert [p.id for p in parts] == ["office-1", "quote-1"]


def test_stored_parts_are_read_as_given() -> None:
    """An extractor plugin's own parts are kept; entries without an id are not parts."""
    own = [{"id": "claim-1", "kind": "custom", "text": "X", "values": {"a": 1}}, {"kind": "x"}]
    assert claim_parts({"parts": own}) == [Part("claim-1", "custom", "X", {"a": 1})]
    assert claim_parts({"parts": []}) == []


WORDS = st.sampled_from(
    [
        "President",
        "Emmanuel Macron",
        "said",
        '"we will win"',
        "NATO",
        "has",
        "31 members",
        "founded in 1949",
        "the capital of France",
        "Paris",
        "is",
        "4.2 percent",
        "in 2022",
        "met",
        "on Thursday",
        "the first talks since 2019",
        "largest",
        "and",
        ",",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=14))
def test_parts_have_unique_ids_and_known_kinds(words: list[str]) -> None:
    values = analyse(" ".join(words) + ".", PUBLISHED).values()
    parts = derive_parts(values)
    assert len({p.id for p in parts}) == len(parts)
    assert all(p.kind in PART_KINDS and p.text for p in parts)
    assert [Part.from_dict(p.to_dict()) for p in parts] == parts
