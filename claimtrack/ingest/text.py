"""Plain-text and Markdown articles: boilerplate removal and metadata from the first lines."""

from __future__ import annotations

import re
from datetime import datetime

from claimtrack.errors import InputError
from claimtrack.ingest.boilerplate import strip_boilerplate
from claimtrack.ingest.document import Document

_BYLINE = re.compile(
    r"^\s*(?:by|written by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$", re.IGNORECASE
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"), ("%Y-%m-%d",)),
    (
        re.compile(rf"\b((?:{_MONTHS})\.? \d{{1,2}},? \d{{4}})\b", re.IGNORECASE),
        ("%B %d %Y", "%b %d %Y"),
    ),
    (
        re.compile(rf"\b(\d{{1,2}} (?:{_MONTHS})\.? \d{{4}})\b", re.IGNORECASE),
        ("%d %B %Y", "%d %b %Y"),
    ),
]
_DATELINE_HINT = re.compile(r"^\s*(published|updated|posted|date)?\s*:?\s*", re.IGNORECASE)


def _find_date(line: str) -> datetime | None:
    if len(line) > 80:
        return None
    for pattern, formats in _DATE_PATTERNS:
        if match := pattern.search(line):
            value = re.sub(r"[.,]", "", match.group(1)).replace("Sept", "Sep")
            for fmt in formats:
                try:
                    return datetime.strptime(value, fmt)
                except ValueError:
                    continue
    return None


def text_to_document(text: str, *, source: str) -> Document:
    """An article from plain text or Markdown. The first heading-like line is its title."""
    cleaned = strip_boilerplate(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not re.search(r"[^\W\d_]{2,}", cleaned):
        raise InputError(f"{source}: no article text (empty, or only page boilerplate)")
    title = author = None
    published = None
    head = cleaned.splitlines()[:10]
    heading = next((line for line in head if line.lstrip().startswith("# ")), None)
    if heading is not None:
        title = heading.strip().lstrip("#").strip() or None
    for line in head:
        stripped = line.strip()
        if not stripped:
            continue
        if title is None and (
            stripped.startswith("#") or not stripped.endswith((".", "!", "?", '"', "”"))
        ):
            title = stripped.lstrip("#").strip() or None
            continue
        if author is None and (m := _BYLINE.match(stripped.lstrip("*_ ").rstrip("*_ "))):
            author = m.group(1)
            continue
        if published is None and (found := _find_date(_DATELINE_HINT.sub("", stripped))):
            published = found
    return Document(source=source, text=cleaned, title=title, author=author, published=published)
