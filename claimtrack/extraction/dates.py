"""Dates and years in a sentence, resolved against the article's publication date.

Regex only (fast): absolute dates ("Jan. 5, 2023", "5 January 2023", "2023-01-05",
"March 2020"), years and decades ("in 2018", "the 1990s"), weekdays ("on Tuesday" is the
latest such day on or before publication, or the next one in a future-tense sentence;
"last Friday" the latest strictly before; "next Monday" the first after),
"yesterday"/"today"/"tomorrow", "last/this/next week/month/year", and the patterns
"first … since X" / "last … in Y" and "founded/set up/established in Y".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from claimtrack.extraction.hints import contains_any

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?")
_DMY = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_MONTH_YEAR = re.compile(rf"\b(?:in\s+)?{_MONTH}\s+{_YEAR}\b")
_DECADE = re.compile(r"\b(?:the\s+)?(?P<decade>1[5-9]\d0|20\d0)s\b")
_BARE_YEAR = re.compile(rf"(?<![\d$£€.,-]){_YEAR}(?![\d%,.]\d|\s*(?:%|percent|people|votes))")
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|next|this|on|since|by|until)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
#: One of these is in every match of :data:`_WEEKDAY`.
WEEKDAY_NAMES = tuple(name.capitalize() for name in WEEKDAYS)
_DIGIT = re.compile(r"\d")
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_MONTH_HINTS = tuple(_MONTH_HINT.pattern.split("|"))
_RELATIVE_HINT = re.compile(r"yesterday|today|tomorrow|week|month|year")
_RELATIVE_HINTS = tuple(_RELATIVE_HINT.pattern.split("|"))
_FUTURE = re.compile(
    r"\b(?:will|would|is to|are to|is due to|are due to|plans? to|is expected to|are expected to)\b"
)
_RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|tomorrow|(?P<rel>last|this|next)\s+(?P<unit>week|month|year))\b",
    re.IGNORECASE,
)
_FIRST_SINCE = re.compile(
    r"\b(?P<kind>first|largest|biggest|highest|lowest|worst|best|most|least|fewest)\b[^.;]{0,80}?\bsince\s+"
    r"(?:(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?:[^.;]{0,50}?\b)?(?P<since>1[5-9]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_FIRST_SINCE_EVENT = re.compile(
    r"\b(?P<kind>first|largest|biggest|highest|lowest|worst|best|most|least|fewest)\b[^.;]{0,80}?\bsince\s+"
    r"(?P<event>(?:the|a|an|his|her|its|their|this|that)\s+[^,.;:!?]{2,60}?)(?=\s*(?:[,.;:!?]|$|\band\b|\bbut\b))",
    re.IGNORECASE,
)
_LAST_IN = re.compile(
    r"\b(?:last|previous)\b[^.;]{0,80}?\b(?:was\s+)?in\s+(?P<year>1[5-9]\d\d|20\d\d)\b"
)
_INCEPTION_HINT = re.compile(
    r"founded|set up|established|created|formed|launched|incorporated|built"
)
_INCEPTION_HINTS = tuple(_INCEPTION_HINT.pattern.split("|"))
_INCEPTION = re.compile(
    r"\b(?i:founded|set up|established|created|formed|launched|incorporated|built)\s+"
    # "founded by Jeff Bezos in 1994", "founded in Stockholm in 2006"
    r"(?:(?:by|in)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.-]*){0,3},?\s+)?"
    r"(?:in\s+)?(?:(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?)?(?P<year>1[5-9]\d\d|20\d\d)\b"
)


@dataclass
class DateMention:
    """A date, year or relative date found in a sentence (offsets relative to the sentence)."""

    text: str
    start: int
    end: int
    year: int | None
    date: date | None = None
    relative: bool = False

    def as_values(self) -> dict[str, Any]:
        """JSON-ready form: ``text``, ``year``, ``date`` (ISO or None), ``relative``."""
        return {
            "text": self.text,
            "year": self.year,
            "date": self.date.isoformat() if self.date else None,
            "relative": self.relative,
        }


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _reference(published: datetime | date | None) -> date | None:
    if published is None:
        return None
    return published.date() if isinstance(published, datetime) else published


def find_dates(sentence: str, published: datetime | date | None = None) -> list[DateMention]:
    """Every date-like mention of ``sentence``; relative ones resolved against ``published``."""
    ref = _reference(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(d: DateMention) -> None:
        if all(d.end <= a or d.start >= b for a, b in taken):
            found.append(d)
            taken.append((d.start, d.end))

    digits = _DIGIT.search(sentence) is not None
    months = digits and contains_any(sentence, _MONTH_HINTS)
    for m in _ISO.finditer(sentence) if digits and "-" in sentence else ():
        y, mo, dy = int(m.group("year")), int(m.group("month")), int(m.group("day"))
        add(DateMention(m.group(0), m.start(), m.end(), y, _safe_date(y, mo, dy)))
    for rx in (_MDY, _DMY) if months else ():
        for m in rx.finditer(sentence):
            month = MONTHS[m.group("month").lower()]
            day = int(m.group("day"))
            if m.group("year"):
                year: int | None = int(m.group("year"))
                relative = False
            else:
                year, relative = (ref.year if ref else None), True
                this_year = _safe_date(ref.year, month, day) if ref else None
                if ref and this_year and this_year > ref + timedelta(days=31):
                    year = ref.year - 1  # "Dec. 28" in a January article is last year
            add(
                DateMention(
                    m.group(0),
                    m.start(),
                    m.end(),
                    year,
                    _safe_date(year, month, day) if year else None,
                    relative,
                )
            )
    for m in _MONTH_YEAR.finditer(sentence) if months else ():
        add(DateMention(m.group(0), m.start(), m.end(), int(m.group("year"))))
    for m in _DECADE.finditer(sentence) if digits else ():
        add(DateMention(m.group(0), m.start(), m.end(), int(m.group("decade"))))
    for m in _BARE_YEAR.finditer(sentence) if digits else ():
        add(DateMention(m.group(0), m.start(), m.end(), int(m.group("year"))))
    weekdays = list(_WEEKDAY.finditer(sentence)) if contains_any(sentence, WEEKDAY_NAMES) else []
    future = bool(weekdays) and _FUTURE.search(sentence) is not None
    for m in weekdays:
        add(_weekday(m, ref, future))
    low = sentence.lower()
    relatives = _RELATIVE.finditer(sentence) if contains_any(low, _RELATIVE_HINTS) else ()
    for m in relatives:
        add(_relative(m, ref))
    found.sort(key=lambda d: d.start)
    return found


def _weekday(m: re.Match[str], ref: date | None, future: bool) -> DateMention:
    rel = (m.group("rel") or "").lower()
    wd = WEEKDAYS[m.group("wd").lower()]
    resolved: date | None = None
    if ref is not None:
        back = (ref.weekday() - wd) % 7
        if rel == "next" or (future and rel in ("", "on", "by", "until")):
            resolved = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif rel == "last":
            resolved = ref - timedelta(days=back or 7)
        else:
            resolved = ref - timedelta(days=back)
    return DateMention(
        m.group(0), m.start(), m.end(), resolved.year if resolved else None, resolved, True
    )


def _relative(m: re.Match[str], ref: date | None) -> DateMention:
    word = m.group("word").lower()
    resolved: date | None = None
    year = None
    if ref is not None:
        year = ref.year
        if word == "yesterday":
            resolved = ref - timedelta(days=1)
        elif word == "today":
            resolved = ref
        elif word == "tomorrow":
            resolved = ref + timedelta(days=1)
        elif m.group("unit").lower() == "year":
            year = ref.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
        elif m.group("unit").lower() == "week":
            resolved = ref + timedelta(
                days=7 * {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
            )
        else:
            month = ref.month + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
            year = ref.year + (month - 1) // 12
        if resolved is not None:
            year = resolved.year
    return DateMention(m.group(0), m.start(), m.end(), year, resolved, True)


def first_since(sentence: str) -> dict[str, Any] | None:
    """ "first … since X": ``{"pattern": "first_since", "word": "first", "since": 1990}``.

    When X is an event rather than a year ("the first talks since the invasion"),
    ``since`` is None and ``since_event`` holds the event ("the invasion").
    """
    if "since" not in sentence:
        return None
    if m := _FIRST_SINCE.search(sentence):
        return {
            "pattern": "first_since",
            "word": m.group("kind").lower(),
            "since": int(m.group("since")),
            "text": m.group(0),
        }
    if m := _FIRST_SINCE_EVENT.search(sentence):
        return {
            "pattern": "first_since",
            "word": m.group("kind").lower(),
            "since": None,
            "since_event": m.group("event"),
            "text": m.group(0),
        }
    return None


def last_in(sentence: str) -> dict[str, Any] | None:
    """``{"pattern": "last_in", "year": 2018}`` for "the last time … was in 2018"."""
    if "ast" not in sentence and "revious" not in sentence:
        return None
    m = _LAST_IN.search(sentence.lower())
    if m is None:
        return None
    return {"pattern": "last_in", "year": int(m.group("year")), "text": m.group(0)}


def inception_year(sentence: str) -> tuple[int, int, int] | None:
    """``(year, start, end)`` of "founded in 1949", "set up in 1955" …, else ``None``."""
    if not contains_any(sentence.lower(), _INCEPTION_HINTS):
        return None
    m = _INCEPTION.search(sentence)
    return (int(m.group("year")), m.start(), m.end()) if m else None
