"""claimtrack.text: number words, fractions, demonyms, names and facts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack import text
from claimtrack.text import (
    DEMONYMS,
    FRACTION_PATTERN,
    NAME_LIST_PATTERN,
    NAME_PATTERN,
    NUMBER_WORDS,
    NUMBER_WORDS_PATTERN,
    Fact,
    clean_name,
    country_for_demonym,
    demonym_pattern,
    demonyms_for_country,
    number_to_words,
    parse_count,
    parse_fraction,
    parse_number,
    split_names,
)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("seven", 7),
        ("Seven", 7),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("thirty-two", 32),
        ("ninety-nine", 99),
        ("a dozen", None),
        ("dozen", 12),
        ("two hundred thousand", 200_000),
        ("one thousand two hundred and five", 1205),
        ("one million, two hundred thousand", 1_200_000),
        ("1.4 billion", 1.4e9),
        ("3.5m", 3.5e6),
        ("1,234", 1234),
        ("12", 12),
        ("a third", 1 / 3),
        ("a tenth", 0.1),
        ("an eighth", 0.125),
        ("several", None),
        ("seven and", None),
        ("", None),
    ],
)
def test_parse_number(words: str, value: float | None) -> None:
    assert parse_number(words) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        ("seven", 7),
        ("twenty-seven", 27),
        ("thirty-one", 31),
        ("31", 31),
        (31, 31),
        (None, None),
        (True, None),
        (-3, None),
        ("a third", None),
        ("2.5", None),
        ("many", None),
    ],
)
def test_parse_count(count: str | int | None, expected: int | None) -> None:
    assert parse_count(count) == expected


@pytest.mark.parametrize(
    ("share", "value"),
    [
        ("half", 0.5),
        ("a half", 0.5),
        ("a tenth", 0.1),
        ("one-tenth", 0.1),
        ("one fifth", 0.2),
        ("a quarter", 0.25),
        ("two-thirds", 2 / 3),
        ("two thirds", 2 / 3),
        ("three-quarters", 0.75),
        ("three  quarters", 0.75),
        ("an eighth", 0.125),
        ("a twentieth", 0.05),
        ("12%", 0.12),
        ("12.5 per cent", 0.125),
        ("40 percent", 0.4),
        ("one in five", 0.2),
        ("one in 8", 0.125),
        ("one in zero", None),
        ("most", None),
    ],
)
def test_parse_fraction(share: str, value: float | None) -> None:
    assert parse_fraction(share) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    "phrase", ["half", "a tenth", "two-thirds", "three quarters", "12 per cent", "one in ten"]
)
def test_fraction_pattern_matches_what_parse_fraction_reads(phrase: str) -> None:
    m = re.fullmatch(rf"(?i:{FRACTION_PATTERN})", phrase)
    assert m is not None and parse_fraction(m.group(0)) is not None


def test_number_to_words() -> None:
    assert number_to_words(0) == "zero"
    assert number_to_words(21) == "twenty-one"
    assert number_to_words(1205) == "one thousand two hundred five"
    assert number_to_words(3_000_000) == "three million"
    with pytest.raises(ValueError):
        number_to_words(-1)


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number(number_to_words(n)) == n
    assert parse_count(number_to_words(n)) == n


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["", " thousand", " million"]))
def test_number_words_pattern_matches_written_numbers(n: int, scale: str) -> None:
    """What the extractor and the plugins embed matches every number up to 99 (and scaled)."""
    written = number_to_words(n) + scale
    assert re.fullmatch(NUMBER_WORDS_PATTERN, written)
    assert re.fullmatch(rf"(?i:{NUMBER_WORDS_PATTERN})", written.upper())


@given(st.integers(min_value=1, max_value=9), st.sampled_from(sorted(text.FRACTION_WORDS)))
def test_fractions_round_trip(numerator: int, denominator: str) -> None:
    word = number_to_words(numerator)
    plural = "s" if numerator > 1 else ""
    for sep in (" ", "-"):
        assert parse_fraction(f"{word}{sep}{denominator}{plural}") == pytest.approx(
            numerator * text.FRACTION_WORDS[denominator]
        )


def test_number_words_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        NUMBER_WORDS["eleventy"] = 110  # type: ignore[index]


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("German", "Germany"),
        ("german", "Germany"),
        ("South  Korean", "South Korea"),
        ("U.S.", "United States"),
        ("us", "United States"),
        ("Maltese", "Malta"),  # once known only to the wikidata plugin
        ("Scottish", "Scotland"),  # once known only to the extractor
        ("Martian", None),
        (None, None),
    ],
)
def test_country_for_demonym(word: str | None, country: str | None) -> None:
    assert country_for_demonym(word) == country


def test_demonyms_for_country() -> None:
    assert demonyms_for_country("United States") == ["American", "US", "U.S."]
    assert demonyms_for_country("germany") == ["German"]
    assert demonyms_for_country("Atlantis") == []


@given(st.sampled_from(sorted(DEMONYMS)))
def test_every_demonym_maps_back(demonym: str) -> None:
    country = country_for_demonym(demonym)
    assert country == DEMONYMS[demonym]
    assert demonym in demonyms_for_country(country)
    assert re.fullmatch(demonym_pattern(), demonym)
    assert re.fullmatch(demonym_pattern(ignore_case=True), demonym.lower())


def test_demonym_pattern_prefers_the_longest() -> None:
    m = re.search(demonym_pattern(), "South Korean President Yoon")
    assert m is not None and m.group(0) == "South Korean"
    assert re.search(demonym_pattern(), "told us") is None  # "US" only in capitals


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("  the Group  of Seven,", "Group of Seven"),
        ("The G7.", "G7"),
        ("Theresa May", "Theresa May"),
        ("the\nNetherlands ;", "Netherlands"),
        (None, ""),
    ],
)
def test_clean_name(name: str | None, clean: str) -> None:
    assert clean_name(name) == clean


def test_split_names() -> None:
    assert split_names("Canada, France, Germany, and the United States") == [
        "Canada",
        "France",
        "Germany",
        "United States",
    ]
    assert split_names("Belgium and the Netherlands") == ["Belgium", "Netherlands"]


@pytest.mark.parametrize(
    "name",
    [
        "Bosnia and Herzegovina",
        "Group of Seven",
        # the two copies of NAME had drifted: the worldbank plugin's lacked these particles,
        # so it cut these names short (see test_name_particles_the_worldbank_copy_missed)
        "Newcastle upon Tyne",
        "Ilha dos Santos",
    ],
)
def test_name_pattern_takes_whole_names(name: str) -> None:
    assert re.fullmatch(NAME_PATTERN, name)


def test_name_particles_the_worldbank_copy_missed() -> None:
    """The worldbank plugin's copy of NAME had no "dos" or "upon": it read the group
    "Stratford upon Avon Council" as "Stratford"."""
    old_worldbank = (
        r"(?:[Tt]he\s+)?(?:[A-ZÀ-Ý][\w'’.\-]*)(?:\s+(?:(?:de|da|do|del|di|du|la|le|al|el|of|and)"
        r"\s+)?(?:[A-ZÀ-Ý][\w'’.\-]*))*"
    )
    sentence = "Stratford upon Avon Council"
    old = re.match(old_worldbank, sentence)
    new = re.match(NAME_PATTERN, sentence)
    assert old is not None and old.group(0) == "Stratford"
    assert new is not None and new.group(0) == sentence


def test_name_list_pattern() -> None:
    m = re.fullmatch(NAME_LIST_PATTERN, "Canada, France and the United States")
    assert m is not None


def test_fact() -> None:
    fact = Fact("capital", {"country": "Australia", "city": "Canberra"})
    assert fact["city"] == "Canberra"
    assert fact["population"] is None
    assert fact == Fact("capital", {"country": "Australia", "city": "Canberra"})


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("about 5 million", "about"),
        ("Just  Under 5 million", "just under"),
        ("more than 5 million", "more than"),
        ("over 5 million", "over"),
        ("5 million", None),
    ],
)
def test_hedges(sentence: str, hedge: str | None) -> None:
    m = re.match(rf"(?:(?P<hedge>{text.HEDGE_PATTERN})\s+)?\d", sentence)
    assert m is not None
    assert text.clean_hedge(m.group("hedge")) == hedge


def test_a_long_run_of_words_is_rejected_at_once() -> None:
    """A part holds no space, so a miss after many words does not backtrack through every
    way of grouping them (it took seconds at 30 words, and doubled with each one more)."""
    assert parse_number(" ".join(["one"] * 5000) + " x") is None
    assert parse_number(" ".join(["one"] * 5000)) == 5000


@pytest.mark.parametrize(
    ("sentence", "fields"),
    [
        (
            "Japan's population fell to about 124.5 million last year.",
            {"country": "Japan", "value": 124.5e6, "hedge": "about"},
        ),
        (
            "The population of Nigeria is more than 220 million.",
            {"country": "Nigeria", "value": 220e6, "hedge": "more than"},
        ),
        (
            "Iceland has a population of 387,758.",
            {"country": "Iceland", "value": 387_758, "hedge": None},
        ),
        ("Iceland has a population of 12.", None),  # no scale and under 1,000: not a population
        ("The talks were cordial.", None),
    ],
)
def test_find_population(sentence: str, fields: dict[str, object] | None) -> None:
    fact = text.find_population(sentence)
    if fields is None:
        assert fact is None
    else:
        assert fact == Fact("population", fields)


def test_rounding_tolerance_is_half_the_last_significant_digit() -> None:
    from claimtrack.text import rounding_tolerance

    assert abs(rounding_tolerance(75e6) - 0.5 / 75) < 1e-12
    assert abs(rounding_tolerance(70e6) - 5 / 70) < 1e-12
    assert abs(rounding_tolerance(3.7e6) - 0.05 / 3.7) < 1e-12
    assert rounding_tolerance(0) == 0.0
    assert rounding_tolerance(float("nan")) == 0.0


def test_a_hedge_allows_rounding_up_to_a_tenth() -> None:
    from claimtrack.text import hedged_tolerance

    assert hedged_tolerance(75e6, 0.05) == 0.05
    assert abs(hedged_tolerance(70e6, 0.05) - 5 / 70) < 1e-12
    assert hedged_tolerance(30e6, 0.05) == 0.10
