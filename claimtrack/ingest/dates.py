"""An article's date: given on the command line, or found in its metadata, URL or first lines.

The date an article was published is the date its claims are checked at ("President Z"
was true when it was written). It is stored with where it came from:

- ``given``: ``--published`` on the command line (strict ISO 8601, see :func:`parse_published`);
- ``metadata``: what htmldate finds in an HTML page (meta tags, JSON-LD, ``<time>``
  elements, the canonical URL; see :func:`date_from_html`);
- ``url``: a date in the URL's path (``/2022/09/15/``, ``/2022-09-15-title``);
- ``text``: a date line or dateline near the top of a plain-text article ("Published
  15.09.2022", "SAMARKAND, Sept 15, 2022 (Reuters)").

A dateline without a year ("SAMARKAND, Sept 15 (Reuters)") gives no date: the year is
not guessed from today, because a wrong year is worse than no date. When the URL has the
year (``/2022/``), it completes such a dateline.

Date lines are matched with a few regular expressions rather than ``dateutil``'s fuzzy
parser: we must know whether the line actually carries a year and which number is the
day, which a fuzzy parser fills in silently from its defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from claimtrack.errors import ClaimtrackError
from claimtrack.extraction.dates import MONTHS


class DateSource(StrEnum):
    """Where an article's date came from."""

    GIVEN = "given"
    METADATA = "metadata"
    URL = "url"
    TEXT = "text"


@dataclass(frozen=True)
class FoundDate:
    """An article date and where it came from."""

    value: datetime
    source: DateSource


#: The earliest article date accepted (printed news archives go back further, but a date
#: before this in a web page's metadata is a parsing accident).
EARLIEST = date(1800, 1, 1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def midnight_utc(day: date) -> datetime:
    """``day`` at 00:00 UTC: how a date without a time is stored."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _not_future(value: datetime, text: str) -> datetime:
    # A day's grace: an article dated "today" in a time zone ahead of UTC.
    if value.astimezone(UTC).date() > datetime.now(UTC).date() + timedelta(days=1):
        raise ClaimtrackError(f"--published {text!r} is in the future")
    if value.date() < EARLIEST:
        raise ClaimtrackError(f"--published {text!r} is before {EARLIEST.isoformat()}")
    return value


def parse_published(text: str) -> datetime:
    """The date given with ``--published``: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]``.

    Anything else ("yesterday", "15/09/2022", "2022-13-45", a date in the future) raises
    :class:`ClaimtrackError` with a one-line message. A date without a time is midnight
    UTC; a time without an offset is UTC; a time with one is converted to UTC.
    """
    value = text.strip()
    hint = "give the date as YYYY-MM-DD, e.g. 2022-09-15"
    if not value:
        raise ClaimtrackError(f"--published is empty: {hint}")
    try:
        if _ISO_DATE.fullmatch(value):
            return _not_future(midnight_utc(date.fromisoformat(value)), text)
        if _ISO_DATETIME.fullmatch(value):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            # Stored in UTC: SQLite keeps no offset, so a local time would be misread later.
            return _not_future(moment.astimezone(UTC), text)
    except (ValueError, OverflowError) as exc:  # 2022-13-45; 0001-01-01T00:00+01:00
        raise ClaimtrackError(f"--published {text!r} is not a valid date ({exc})") from None
    raise ClaimtrackError(f"--published {text!r} is not a date: {hint}")


# -- URL paths -------------------------------------------------------------------------------

_URL_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:18|19|20)\d{2})(?P<sep>[/_-]?)(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d])"
)
_URL_YEAR = re.compile(r"/(?P<year>(?:19|20)\d{2})/")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found < EARLIEST or found > datetime.now(UTC).date() + timedelta(days=1):
        return None
    return found


def date_from_url(url: str | None) -> date | None:
    """The date in a URL's path: ``/2022/09/15/``, ``/2022-09-15-title``, ``/20220915/``.

    Only http(s) URLs are read (a local file's path is not a URL). Digits run together
    (``20220915``) count only as a whole path segment, so ids are not read as dates.
    """
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    path = unquote(urlsplit(url).path)
    for match in _URL_DATE.finditer(path):
        if match.group("sep") == "":
            # "20220915" must be a whole segment; "2022915" is not a date at all.
            start, end = match.span()
            whole = path[start - 1 : start] == "/" and path[end : end + 1] in ("/", "")
            if not whole or len(match.group(0)) != 8:
                continue
        elif match.group("sep") == "/" and path[match.start() - 1 : match.start()] != "/":
            continue
        found = _valid(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        if found is not None:
            return found
    return None


def year_from_url(url: str | None) -> int | None:
    """A year standing alone as a segment of a URL's path (``/2022/``), else None."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    match = _URL_YEAR.search(unquote(urlsplit(url).path))
    return int(match.group("year")) if match else None


# -- HTML metadata ---------------------------------------------------------------------------


def date_from_html(html: str) -> date | None:
    """The publication date htmldate finds in an HTML page.

    htmldate reads the canonical link's URL, meta tags, JSON-LD, ``abbr``/``time``
    elements and date-like elements; with ``extensive_search`` off its last resort is a
    full timestamp in the page text. It prefers the original date to a "modified" one.
    The page's own URL is not given to it, so a date found only there is recorded as ``url``.
    """
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - htmldate raises assorted lxml errors on broken markup
        return None
    if not found:
        return None
    try:
        day = date.fromisoformat(found)
    except ValueError:
        return None
    return _valid(day.year, day.month, day.day)


# -- plain text ------------------------------------------------------------------------------

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<year>(?:18|19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_TEXT_DATES = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    # 15.09.2022 (day first: the dotted form is European)
    re.compile(rf"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]
#: A line that is about the article's date: "Published 15.09.2022", "Updated: …", or only a date.
_DATE_LINE = re.compile(
    r"^\s*[*_>]*\s*(?:(?:first\s+)?(?:published|posted|updated|date|dated)\b(?:\s+on)?\s*:?\s*)?",
    re.IGNORECASE,
)
#: A news dateline: "SAMARKAND, Uzbekistan, Sept 15 (Reuters) -", "PARIS, 15 September 2022 —".
_DATELINE = re.compile(
    rf"^\s*[*_]*[A-Z][A-Z.'’ -]{{1,40}}(?:,\s*[A-Z][\w.'’ -]{{1,40}}){{0,2}},\s*"
    rf"(?:(?:{_MONTH}\s+{_DAY}|{_DAY.replace('day', 'day2')}\s+{_MONTH.replace('month', 'month2')})(?:,?\s+{_YEAR})?)"
    r"\s*(?:\([^)]{1,40}\)\s*)?[-–—:]"
)
#: At most this many leading lines are searched for a date line.
HEAD_LINES = 10


def _from_match(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = groups.get("year")
    if not year:
        return None
    if groups.get("mnum"):
        month = int(groups["mnum"])
    else:
        name = (groups.get("month") or groups.get("month2") or "").lower().rstrip(".")
        month = MONTHS.get(name, 0)
    day = int(groups.get("day") or groups.get("day2") or 0)
    return _valid(int(year), month, day)


def date_from_text(text: str, *, year: int | None = None) -> date | None:
    """The article date in the first lines of plain text: a date line or a dateline.

    A date line is a short line that is only a date, perhaps after "Published", "Updated"
    or "Date:". A dateline opens the first paragraph ("PARIS, Sept 15, 2022 (Reuters) -").
    A dateline without a year uses ``year`` (e.g. from the URL) when given, else gives None.
    """
    lines = [line for line in text.splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        if match := _DATELINE.match(line):
            found = _from_match(match)
            if found is None and year is not None:
                groups = match.groupdict()
                name = (groups.get("month") or groups.get("month2") or "").lower().rstrip(".")
                found = _valid(
                    year, MONTHS.get(name, 0), int(groups.get("day") or groups.get("day2") or 0)
                )
            if found is not None:
                return found
            continue
        rest = line[_DATE_LINE.match(line).end() :]  # type: ignore[union-attr]  # always matches
        if len(rest) > 80:
            continue
        for pattern in _TEXT_DATES:
            if (match := pattern.search(rest)) and (found := _from_match(match)):
                return found
    return None


def detect(
    *, html: str | None = None, url: str | None = None, text: str | None = None
) -> FoundDate | None:
    """The article's date from its HTML metadata, else its URL, else its first lines."""
    if html is not None and (found := date_from_html(html)):
        return FoundDate(midnight_utc(found), DateSource.METADATA)
    if found := date_from_url(url):
        return FoundDate(midnight_utc(found), DateSource.URL)
    if text is not None and (found := date_from_text(text, year=year_from_url(url))):
        return FoundDate(midnight_utc(found), DateSource.TEXT)
    return None
