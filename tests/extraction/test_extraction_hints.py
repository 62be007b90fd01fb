"""The cheap tests that skip a pattern never skip one that would have matched.

Each expensive pattern of the extraction is run only when the text passes its literal or
word test (:mod:`claimtrack.extraction.hints`). Here hypothesis generates texts that contain a
match of the pattern, and the test must pass on every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.extraction import checkworthiness, dates, entities, kinds, numbers, quotes, rules
from claimtrack.extraction.hints import contains_any, folded, has_digit, literals, words

Guard = Callable[[str], bool]


def plain_number(text: str) -> bool:
    """find_quantities' test for a number in digits or words."""
    return has_digit(text) or not numbers.NUMBER_WORDS_SET.isdisjoint(words(folded(text)))


def has_word(text: str, vocabulary: frozenset[str]) -> bool:
    """The rules' word test: one of ``vocabulary`` among the words of the lowercased text."""
    return not vocabulary.isdisjoint(words(text.lower()))


GUARDS: dict[str, tuple[re.Pattern[str], Guard]] = {
    "numbers._PLAIN": (
        numbers._PLAIN,
        plain_number,
    ),
    "numbers._PERCENT": (
        numbers._PERCENT,
        lambda s: plain_number(s) or contains_any(folded(s), numbers.NUMBER_WORD_LITERALS),
    ),
    "numbers._MONEY_WORD": (numbers._MONEY_WORD, plain_number),
    "numbers._MONEY_SYM": (numbers._MONEY_SYM, lambda s: contains_any(s, numbers._SYMBOLS)),
    "checkworthiness number words": (
        checkworthiness._NORMALISERS[-1][0],
        lambda s: contains_any(s, checkworthiness._NUMBER_WORD_HINTS),
    ),
    "checkworthiness digits": (
        re.compile("|".join(f"(?:{p.pattern})" for p, _ in checkworthiness._NORMALISERS[:-1])),
        has_digit,
    ),
    "kinds._SUPERLATIVE": (kinds._SUPERLATIVE, lambda s: has_word(s, kinds.SUPERLATIVE_WORDS)),
    "kinds._COMPARISON": (kinds._COMPARISON, lambda s: has_word(s, kinds.COMPARISON_WORDS)),
    "kinds._EVENT": (kinds._EVENT, lambda s: has_word(s, kinds.EVENT_WORDS)),
    "entities._OFFICE_BEFORE": (
        entities._OFFICE_BEFORE,
        lambda s: contains_any(s, entities.OFFICE_LITERALS),
    ),
    "entities._OFFICE_BEFORE (office and person)": (
        entities._OFFICE_BEFORE,
        lambda s: entities._OFFICE_PERSON.search(s) is not None,
    ),
    "numbers._PERCENT (literals)": (
        numbers._PERCENT,
        lambda s: contains_any(folded(s), numbers.PERCENT_LITERALS),
    ),
    "entities._OFFICE_AFTER": (entities._OFFICE_AFTER, lambda s: "," in s),
    "dates._WEEKDAY": (dates._WEEKDAY, lambda s: contains_any(s, dates.WEEKDAY_NAMES)),
    "entities._OFFICE_AFTER (name and comma)": (
        entities._OFFICE_AFTER,
        lambda s: entities._NAME_COMMA.search(s) is not None,
    ),
    "rules._COMMENT": (rules._COMMENT, lambda s: contains_any(s, rules.COMMENT_LITERALS)),
    "rules._CAPTION_TAIL": (
        rules._CAPTION_TAIL,
        lambda s: "/" in s or contains_any(folded(s), rules.CAPTION_TAIL_LITERALS),
    ),
    "rules._OPINION": (rules._OPINION, lambda s: has_word(s, rules.OPINION_WORDS)),
    "rules._PREDICTION": (rules._PREDICTION, lambda s: has_word(s, rules.PREDICTION_WORDS)),
    "quotes._TRAILING": (quotes._TRAILING, lambda s: "," in s),
    "quotes._QUOTE": (quotes._QUOTE, lambda s: contains_any(s, quotes.QUOTE_LITERALS)),
    "quotes._VERB_HINT": (quotes._VERB_HINT, lambda s: has_word(s, quotes.VERB_WORDS)),
}

#: Patterns that are plain alternations of literals, and the tuples that replace them.
LITERAL_HINTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (numbers._SYMBOL_HINT, numbers._SYMBOLS),
    (numbers._CURRENCY_HINT, numbers._CURRENCY_HINTS),
    (numbers._FRACTION_HINT, numbers._FRACTION_HINTS),
    (entities._OFFICE_HINT, entities._OFFICE_HINTS),
    (entities._POPULATION_HINT, entities._POPULATION_HINTS),
    (kinds._MEMBERSHIP_HINT, kinds._MEMBERSHIP_HINTS),
    (dates._MONTH_HINT, dates._MONTH_HINTS),
    (dates._RELATIVE_HINT, dates._RELATIVE_HINTS),
    (dates._INCEPTION_HINT, dates._INCEPTION_HINTS),
]


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_guard_passes_whenever_the_pattern_matches(name: str) -> None:
    pattern, guard = GUARDS[name]

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(st.from_regex(pattern))
    def check(text: str) -> None:
        if pattern.search(text):
            assert guard(text), f"{name}: the guard skips {text!r}"

    check()


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_guard_passes_on_each_word_of_the_pattern(name: str) -> None:
    """Every run of words written in the pattern, alone or around text, that it matches."""
    pattern, guard = GUARDS[name]
    words = set(re.findall(r"[A-Za-z][A-Za-z' -]*[A-Za-z]|[A-Za-z]", pattern.pattern))
    tails = ("", " 5", " Smith", " to the", " than")
    for word in words:
        for variant in (word, word.lower(), word.capitalize(), word.upper()):
            for text in (variant, f"x {variant} y", *(f"A {variant}{t}." for t in tails)):
                if pattern.search(text):
                    assert guard(text), f"{name}: the guard skips {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose 5 percent in 2023.",
        "The lowest level since 1990, the IMF said.",
        "Prime Minister Fumio Kishida met Joe Biden on Tuesday.",
        "Seventy-one people died, a third of them children.",
        "I think we should leave a comment.",
        "Photo: Jane Roe / Reuters",
        "\u201cWe will win,\u201d she said.",
        "Fıve hundred ſeven people",  # characters a case-insensitive pattern folds
        "Nothing to see here",
    ],
)
def test_guards_on_examples(text: str) -> None:
    for name, (pattern, guard) in GUARDS.items():
        for variant in (text, text.lower()):
            if pattern.search(variant):
                assert guard(variant), f"{name} skips {variant!r}"


@pytest.mark.parametrize(
    ("pattern", "hints"), LITERAL_HINTS, ids=lambda p: getattr(p, "pattern", "")[:20]
)
def test_literal_hints_are_the_pattern(pattern: re.Pattern[str], hints: tuple[str, ...]) -> None:
    """A hint pattern that is an alternation of plain literals is replaced by the same literals."""
    assert pattern.flags & re.IGNORECASE == 0
    if pattern.pattern.startswith("["):  # a class of plain characters
        assert not set("^-\\]") & set(pattern.pattern[1:-1])
        assert set(hints) == set(pattern.pattern[1:-1])
    else:
        assert sorted(hints) == sorted(pattern.pattern.split("|"))
        assert all(re.escape(h) == h.replace(" ", "\\ ") for h in hints)


@given(
    st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=5), min_size=1, max_size=8),
    st.text(alphabet="abcdefghij "),
)
def test_literals_keep_the_answer(words: list[str], text: str) -> None:
    assert contains_any(text, literals(words)) == any(w in text for w in words)


def test_folded_matches_what_ignorecase_matches() -> None:
    """Every character a case-insensitive pattern matches to an ASCII letter folds to it."""
    everything = "".join(map(chr, range(0x110000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for char in set(re.findall(letter, everything, re.IGNORECASE)):
            assert folded(char) == letter or letter in folded(char).lower(), repr(char)
            assert letter in folded(f"x{char}y"), repr(char)
    assert "nine" in folded("n\u0130ne")  # "İ".lower() is two characters
    assert "six" in folded("\u017fix")
    assert "five" in folded("f\u0131ve")
