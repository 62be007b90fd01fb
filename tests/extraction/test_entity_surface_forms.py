"""The names a relation is about, whatever surrounds them (issue 11, item 3).

"In general, the G20 represents …" once resolved the group as "In", and "The Group of
Twenty's members …" as "Group of Twenty's". Leading adverbials and function words are
never a name; articles and possessives are stripped. Each row: a sentence, the relation,
the key, and the name extraction must give.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extraction.checkworthiness import score_sentence
from claimtrack.extraction.kinds import subject

WORLD = "of the world's population"
TABLE: list[tuple[str, str, str, str | int]] = [
    (f"In general, the G20 represents about two-thirds {WORLD}.", "share_of_world", "group", "G20"),
    (f"However, the SCO represents half {WORLD}.", "share_of_world", "group", "SCO"),
    (f"Meanwhile, the G7 is home to a tenth {WORLD}.", "share_of_world", "group", "G7"),
    (f"Overall, BRICS accounts for 40 percent {WORLD}.", "share_of_world", "group", "BRICS"),
    (
        f"Today the European Union makes up 6 percent {WORLD}.",
        "share_of_world",
        "group",
        "European Union",
    ),
    (
        f"Together, the BRICS countries represent 40 percent {WORLD}.",
        "share_of_world",
        "group",
        "BRICS",
    ),
    (
        f"The Group of Twenty's members account for two-thirds {WORLD}.",
        "share_of_world",
        "group",
        "Group of Twenty",
    ),
    (f"The G20's members account for two-thirds {WORLD}.", "share_of_world", "group", "G20"),
    (f"According to the UN, the G7 is home to a tenth {WORLD}.", "share_of_world", "group", "G7"),
    (f"By some estimates, ASEAN represents 8 percent {WORLD}.", "share_of_world", "group", "ASEAN"),
    (
        f"In total, the African Union represents 18 percent {WORLD}.",
        "share_of_world",
        "group",
        "African Union",
    ),
    (
        f"The Shanghai Cooperation Organisation represents 40 percent {WORLD}.",
        "share_of_world",
        "group",
        "Shanghai Cooperation Organisation",
    ),
    ("The G7 accounts for 44 percent of global GDP.", "share_of_world", "group", "G7"),
    (
        f"The G20, which includes Argentina, represents two-thirds {WORLD}.",
        "share_of_world",
        "group",
        "G20",
    ),
    ("In 2023, Finland joined NATO.", "membership", "group", "NATO"),
    ("Last year, Sweden joined NATO.", "membership", "members", "Sweden"),
    ("However, Norway is not a member of the European Union.", "membership", "members", "Norway"),
    (
        "Since 2013, Croatia has been a member of the European Union.",
        "membership",
        "members",
        "Croatia",
    ),
    (
        "The United Kingdom left the European Union in 2020.",
        "membership",
        "members",
        "United Kingdom",
    ),
    ("Today, France is a member of the G7.", "membership", "group", "G7"),
    ("Meanwhile, NATO has 32 members.", "membership", "group", "NATO"),
    ("In total, the G20 has 21 members.", "membership", "group", "G20"),
    ("In fact, Canberra is the capital of Australia.", "capital", "city", "Canberra"),
    ("Officially, Nigeria's capital is Abuja.", "capital", "country", "Nigeria"),
    ("Since 1991, Abuja has been Nigeria's capital.", "capital", "country", "Nigeria"),
    ("Surprisingly, the capital of Kenya is Nairobi.", "capital", "city", "Nairobi"),
    ("The talks were held in Australia's capital, Sydney.", "capital", "country", "Australia"),
    ("The Turkish capital is Ankara.", "capital", "country", "Turkey"),
    (
        "Paris, the French capital, has about 2.1 million inhabitants.",
        "capital",
        "country",
        "France",
    ),
    ("NATO was founded in 1949.", "inception", "entity", "NATO"),
    ("The United Nations was established in 1945.", "inception", "entity", "United Nations"),
    ("Founded in 1949, NATO has grown to 32 members.", "inception", "entity", "NATO"),
    ("The BBC, a public broadcaster, was founded in 1922.", "inception", "entity", "BBC"),
    ("Google was founded in 1998.", "inception", "entity", "Google"),
    ("In short, Olaf Scholz is the chancellor of Germany.", "office", "person", "Olaf Scholz"),
    ("Germany's chancellor is Olaf Scholz.", "office", "country", "Germany"),
    ("The prime minister of Japan is Fumio Kishida.", "office", "country", "Japan"),
    ("Anthony Albanese is Australia's prime minister.", "office", "country", "Australia"),
    ("Mark Rutte was Dutch prime minister until 2024.", "office", "country", "Netherlands"),
    (
        "Ursula von der Leyen is the president of the European Commission.",
        "office",
        "country",
        "European Commission",
    ),
    (
        "German Chancellor Olaf Scholz met Emmanuel Macron in Paris.",
        "office",
        "person",
        "Olaf Scholz",
    ),
    ("Japan's population is about 124 million.", "population", "country", "Japan"),
    ("Overall, Japan's population fell to 124.5 million.", "population", "country", "Japan"),
    ("In 2023, Berlin had a population of about 3.7 million.", "population", "country", "Berlin"),
    ("The Group of Twenty has 21 members.", "membership", "group", "Group of Twenty"),
    ("The Group of Twenty has 21 members.", "membership", "count", 21),
    ("The Group of Seven, meanwhile, has seven members.", "membership", "group", "Group of Seven"),
    (
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
        "membership",
        "group",
        "Group of Twenty",
    ),
    (
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
        "membership",
        "count",
        21,
    ),
    (
        "The Group of Twenty's members are 19 countries plus the European Union and the African Union.",
        "membership",
        "members",
        "African Union",
    ),
    ("NATO's 32 members include Finland and Sweden.", "membership", "count", 32),
    ("The G20's members include Argentina, Brazil and India.", "membership", "members", "India"),
]


def test_table_is_big_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    ("sentence", "relation", "key", "expected"), TABLE, ids=[t[0] for t in TABLE]
)
def test_surface_form(sentence: str, relation: str, key: str, expected: str | int) -> None:
    relations = score_sentence(sentence).values.get("relations", [])
    got = [r.get(key) for r in relations if r.get("relation") == relation]
    got = [g for value in got for g in (value if isinstance(value, list) else [value])]
    assert expected in got, f"{sentence!r}: {relation}.{key} = {got}, relations {relations}"


ADVERBIALS = [
    "In general",
    "However",
    "Meanwhile",
    "Overall",
    "Today",
    "In fact",
    "Still",
    "Indeed",
]
GROUPS = ["G20", "G7", "SCO", "BRICS", "NATO", "European Union", "Group of Twenty", "African Union"]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(ADVERBIALS),
    st.booleans(),
    st.sampled_from(GROUPS),
    st.sampled_from(["", "'s members", "’s member states"]),
)
def test_subject_skips_adverbials_articles_and_possessives(
    adverbial: str, comma: bool, group: str, possessive: str
) -> None:
    clause = f"{adverbial}{',' if comma else ''} the {group}{possessive} "
    assert subject(clause) == group
