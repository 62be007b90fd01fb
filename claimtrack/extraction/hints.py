"""Cheap tests that let the extraction skip a regular expression that cannot match.

Most kind rules look for words most sentences do not contain. Python's regular expressions
try every position of the sentence for an alternation of words, while ``"than" in text``
is a fast substring search; so an expensive pattern is run only when the sentence contains
one of the literal strings every match of it contains (:func:`contains_any`), or, for a
pattern of whole words (``\b(?:think|believe|…)\b``), only when one of its words is among
the sentence's :func:`words`, computed once per sentence and shared by the rules. Such a
test never changes a result: when it fails, the pattern could not have matched.

A word a case-sensitive pattern matches is also a word of the lowercased text (lowercasing
never turns a non-word character into a word character), so lowercase word sets serve
both; a case-insensitive pattern tests the words of :func:`folded` text.

``tests/extraction/test_extraction_hints.py`` checks each of these tests against strings
generated from its pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["contains_any", "folded", "has_digit", "literals", "words"]

#: Characters that a case-insensitive pattern matches to an ASCII letter their ``lower()``
#: does not contain: "ı" and "İ" match "i", "ſ" matches "s".
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\w+")


def literals(words: Iterable[str]) -> tuple[str, ...]:
    """The fewest of ``words`` such that each of ``words`` contains one of them.

    ``literals(["six", "sixty", "seven"]) == ("six", "seven")``: a text containing any of
    the words contains one of the result.
    """
    kept: list[str] = []
    for word in sorted(set(words), key=lambda w: (len(w), w)):
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(kept)


def contains_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether ``text`` contains one of ``needles`` (plain substring tests)."""
    for needle in needles:  # noqa: SIM110 - a loop is faster than any() over a generator
        if needle in text:
            return True
    return False


def folded(text: str) -> str:
    """``text`` lowercased for testing the literals of a case-insensitive pattern.

    ``text.lower()``, except that the few characters a case-insensitive pattern matches to
    an ASCII letter without lowercasing to it ("ı", "İ", "ſ") become that letter.
    """
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def has_digit(text: str) -> bool:
    """Whether ``text`` contains a character ``\\d`` matches (any Unicode decimal digit)."""
    return _DIGIT.search(text) is not None


@lru_cache(maxsize=16)
def words(text: str) -> frozenset[str]:
    """The runs of word characters (``\\w+``) of ``text``; the last few texts are cached."""
    return frozenset(_RUN.findall(text))
