"""Numbers and quantities: words and digits to values, money, percentages, fractions.

``parse_number("eight") == 8``, ``parse_number("1.4 billion") == 1.4e9``,
``parse_number("a third") == 1/3``. :func:`find_quantities` finds every quantity of a
sentence with its value, unit and, for fractions, the scope they apply to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from claimtrack.extraction.hints import contains_any, folded, has_digit, literals
from claimtrack.extraction.hints import words as word_runs
from claimtrack.text import (
    FRACTION_WORDS,
    NUMBER_WORDS,
    NUMBER_WORDS_PATTERN,
    SCALE_WORDS,
    parse_number,
)

__all__ = [
    "CURRENCIES",
    "FRACTIONS",
    "SCALES",
    "UNITS",
    "Quantity",
    "find_quantities",
    "parse_number",
]

#: Number words, scales and fractions: one table each, in :mod:`claimtrack.text`.
UNITS: Mapping[str, float] = NUMBER_WORDS
SCALES: Mapping[str, float] = SCALE_WORDS
FRACTIONS: Mapping[str, float] = FRACTION_WORDS
CURRENCIES: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "a$": "AUD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
}

_SCALE = r"hundred|thousand|million|billion|trillion"
_NUMBER_WORDS = NUMBER_WORDS_PATTERN
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FRACTION = "|".join(sorted(FRACTIONS, key=len, reverse=True))


@dataclass
class Quantity:
    """A quantity found in a sentence (offsets are relative to the sentence)."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None = None
    scope: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_values(self) -> dict[str, Any]:
        """The quantity as a JSON-ready dict (keys documented in docs/extraction.md)."""
        out: dict[str, Any] = {"text": self.text, "value": self.value, "unit": self.unit}
        if self.scope:
            out["scope"] = self.scope
        out.update(self.extra)
        return out


_NUM = rf"(?:{_DIGITS})(?:\s*(?:{_SCALE}|bn|mn|m|k|tn)\b)?|{_NUMBER_WORDS}"
_CUR_SYM = r"US\$|A\$|\$|€|£|¥"
_MONEY_SYM = re.compile(
    rf"(?P<cur>{_CUR_SYM})\s?(?P<num>{_DIGITS})(?:\s*(?P<scale>{_SCALE}|bn|mn|m|k|tn)\b)?",
    re.IGNORECASE,
)
_MONEY_WORD = re.compile(
    rf"\b(?P<num>{_NUM})\s+(?P<cur>dollars?|euros?|pounds|yen|yuan|USD|EUR|GBP)\b", re.IGNORECASE
)
_MULTI = re.compile(
    rf"\bmulti-?(?P<scale>{_SCALE})[- ](?P<cur>dollar|euro|pound)s?\b", re.IGNORECASE
)
_PERCENT = re.compile(
    rf"\b(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b|percentage points?\b)", re.IGNORECASE
)
_FRAC = re.compile(
    rf"\b(?:(?P<num>a|an|one|two|three|{_DIGITS})[- ])?(?P<frac>{_FRACTION})s?\s+of\s+"
    r"(?P<scope>(?:the\s+)?(?:[A-Za-z][\w'’-]*\s+){0,3}[A-Za-z][\w'’-]*)"
    r"(?=[\s,.;:!?)]|$)",
    re.IGNORECASE,
)
_SYMBOL_HINT = re.compile(r"[$€£¥]")
_SYMBOLS = ("$", "€", "£", "¥")
_CURRENCY_HINT = re.compile(r"dollar|euro|pound|yen|yuan|usd|eur|gbp")
_CURRENCY_HINTS = tuple(_CURRENCY_HINT.pattern.split("|"))
_FRACTION_HINT = re.compile(rf"{_FRACTION}")
_FRACTION_HINTS = tuple(FRACTIONS)
_PLAIN = re.compile(rf"\b(?P<num>{_NUM})\b(?:\s+(?P<unit>[a-z][a-z-]+))?", re.IGNORECASE)
#: Every match of :data:`_PLAIN` has a digit or one of these words (case-insensitively).
NUMBER_WORDS_SET = frozenset(UNITS)
NUMBER_WORD_LITERALS = literals(UNITS)
#: One of these is in every match of :data:`_PERCENT` (case-insensitively).
PERCENT_LITERALS = ("%", "percent", "per cent")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_NOT_UNITS = frozenset(
    [
        "and",
        "or",
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "percent",
        "per",
        "than",
        "times",
        "came",
        "went",
        "said",
        "says",
        "met",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "can",
        "did",
        "do",
        "does",
        "got",
        "took",
        "made",
        "more",
        "less",
    ]
)
_SCOPE_STOP = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "and",
        "or",
        "but",
        "while",
        "in",
        "on",
        "at",
        "by",
        "to",
        "said",
        "says",
        "will",
        "would",
        "who",
        "which",
        "that",
        "since",
    ]
)
_SCOPE_END = frozenset(
    ["population", "people", "gdp", "economy", "land", "area", "emissions", "trade", "output"]
)


def _clean_scope(scope: str) -> tuple[str, int]:
    """'the world's population is' -> ('world population', length of "the world's population")."""
    raw = scope.split()
    keep = len(raw)
    for i, w in enumerate(raw):
        low = w.lower()
        if low in _SCOPE_STOP:
            keep = i
            break
        if low in _SCOPE_END:
            keep = i + 1
            break
    words = [w.replace("’", "'") for w in raw[:keep]]
    if words and words[0].lower() == "the":
        words = words[1:]
    words = [w[:-2] if w.lower().endswith("'s") else w for w in words]
    length = len(" ".join(raw[:keep]))  # the scope group is single-spaced words
    return " ".join(words).lower(), length


def _unit(word: str | None) -> str | None:
    """The counted noun after a number, if ``word`` looks like one."""
    if word is None:
        return None
    low = word.lower()
    if low in _NOT_UNITS or low.endswith(("ed", "ly")):
        return None
    return low


def _word_starts(text: str, vocabulary: frozenset[str]) -> list[int]:
    """Where the runs of word characters of the ASCII ``text`` that are in ``vocabulary`` start."""
    starts: list[int] = []
    for word in vocabulary.intersection(word_runs(text)):
        size = len(word)
        at = text.find(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + size : at + size + 1] or " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                starts.append(at)
            at = text.find(word, at + 1)
    starts.sort()
    return starts


def _plain(sentence: str, fold: str) -> Iterable[re.Match[str]]:
    """``_PLAIN.finditer(sentence)``, trying only where a match can start when it can.

    Without a digit, a match of :data:`_PLAIN` is a number in words, and its first word is
    a whole run of word characters that is a number word (it ends at ``\\b``, a hyphen or a
    space): in an ASCII sentence, matching at those runs alone finds the same matches as
    scanning every position, which costs the whole alternation of number words at each.
    """
    if not sentence.isascii() or has_digit(sentence):
        return _PLAIN.finditer(sentence)
    found: list[re.Match[str]] = []
    end = 0
    for start in _word_starts(fold, NUMBER_WORDS_SET):
        if start >= end and (m := _PLAIN.match(sentence, start)) is not None:
            found.append(m)
            end = m.end()
    return found


def find_quantities(sentence: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every money amount, percentage, fraction and counted number in ``sentence``.

    Four-digit years (1500-2099) standing alone are left to :mod:`dates`, and so is
    anything overlapping a span of ``skip`` (e.g. the day in "May 16, 2023"). Number
    words written with a capital inside a sentence ("the Group of Seven") are names.
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = list(skip or [])

    def free(s: int, e: int) -> bool:
        for a, b in taken:  # noqa: SIM110 - a loop is faster than all() over a generator
            if s < b and e > a:
                return False
        return True

    def add(q: Quantity) -> None:
        if free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))

    low = sentence.lower()
    fold = low if sentence.isascii() else folded(sentence)
    # a number in digits or words, a word of its own: what _PLAIN and _MONEY_WORD need
    plain = has_digit(sentence) or not NUMBER_WORDS_SET.isdisjoint(word_runs(fold))
    multi = _MULTI.finditer(sentence) if "multi" in low else ()
    for m in multi:
        scale = SCALES[m.group("scale").lower()]
        add(
            Quantity(
                m.group(0),
                m.start(),
                m.end(),
                None,
                CURRENCIES[m.group("cur").lower()],
                extra={"min": 2 * scale, "approximate": True},
            )
        )
    symbols = _MONEY_SYM.finditer(sentence) if contains_any(sentence, _SYMBOLS) else ()
    for m in symbols:
        value = float(m.group("num").replace(",", "")) * SCALES.get(
            (m.group("scale") or "").lower(), 1.0
        )
        add(Quantity(m.group(0), m.start(), m.end(), value, CURRENCIES[m.group("cur").lower()]))
    words = _MONEY_WORD.finditer(sentence) if plain and contains_any(low, _CURRENCY_HINTS) else ()
    for m in words:
        add(
            Quantity(
                m.group(0),
                m.start(),
                m.end(),
                parse_number(m.group("num")),
                CURRENCIES[m.group("cur").lower()],
            )
        )
    # a number word may run into "percent" ("onepercent"): test it as a substring
    percent = contains_any(fold, PERCENT_LITERALS) and (
        plain or contains_any(fold, NUMBER_WORD_LITERALS)
    )
    percents = _PERCENT.finditer(sentence) if percent else ()
    for m in percents:
        add(Quantity(m.group(0), m.start(), m.end(), parse_number(m.group("num")), "percent"))
    fractions = (
        _FRAC.finditer(sentence) if " of " in low and contains_any(low, _FRACTION_HINTS) else ()
    )
    for m in fractions:
        count = (
            parse_number(m.group("num"))
            if m.group("num") and m.group("num").lower() not in ("a", "an")
            else 1
        )
        value = (count or 1) * FRACTIONS[m.group("frac").lower()]
        scope, length = _clean_scope(m.group("scope"))
        end = m.start("scope") + length
        add(Quantity(sentence[m.start() : end], m.start(), end, value, "fraction", scope))
    for m in _plain(sentence, fold) if plain else ():
        num = m.group("num")
        if _YEAR.match(num) or (num.lower() == "one" and not m.group("unit")):
            continue
        if num[0].isupper() and m.start() > 0:
            continue
        unit = _unit(m.group("unit"))
        end = m.end() if unit else m.end("num")
        add(Quantity(sentence[m.start() : end], m.start(), end, parse_number(num), unit))
    found.sort(key=lambda q: q.start)
    return found
