"""Fast paths of the extraction give exactly what the plain pattern gives.

Where a rule avoids scanning every position of a sentence with a large alternation (it
tries only the places where a match can start, or a pattern over only the words present),
hypothesis compares its answer with the plain pattern's on generated text: the same
matches, at the same offsets, with the same groups.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.extraction import checkworthiness, numbers
from claimtrack.extraction.hints import contains_any, folded, has_digit, words

#: Pieces that make texts with numbers in words, near-misses and word boundaries.
PIECES = [
    "one",
    "One",
    "ONE",
    "someone",
    "one's",
    "twenty",
    "twenty-five",
    "twenty five",
    "hundred",
    "hundreds",
    "two hundred thousand",
    "seventeen",
    "seven",
    "sevens",
    "oneself",
    "ten_",
    "_ten",
    "dozen",
    "percent",
    "per cent",
    "half",
    "third",
    "million",
    "people",
    "dollars",
    "3",
    "2019",
    "x",
    " ",
    "  ",
    "-",
    ",",
    ".",
    "'",
    "é",
    "\u0130",
    "\u017f",
    "\n",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join) | st.text(max_size=40)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@PROPERTY
@given(texts)
def test_plain_finds_what_finditer_finds(text: str) -> None:
    fold = text.lower() if text.isascii() else folded(text)
    assert spans(numbers._plain(text, fold)) == spans(numbers._PLAIN.finditer(text))


def reference_normalise(text: str) -> str:
    """:func:`checkworthiness.normalise` as it was: every normaliser over the whole text."""
    text = text.lower()
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if has_digit(text):
        for pattern, repl in checkworthiness._NORMALISERS[:-1]:
            text = pattern.sub(repl, text)
    pattern, repl = checkworthiness._NORMALISERS[-1]
    return pattern.sub(repl, text)


@PROPERTY
@given(texts)
def test_normalise_replaces_what_every_normaliser_replaces(text: str) -> None:
    assert checkworthiness.normalise(text) == reference_normalise(text)


def test_word_starts_are_whole_runs() -> None:
    text = "someone said one, one_two and one-off; one"
    starts = numbers._word_starts(text, frozenset({"one"}))
    assert starts == [m.start() for m in re.finditer(r"\bone\b", text)]
    assert [text[s : s + 4] for s in starts] == ["one,", "one-", "one"]
    assert not contains_any("no number here", ("one",))
    assert "one" not in words("someone")
