"""Plain-text and Markdown articles: boilerplate removal and metadata from the first lines."""

from __future__ import annotations

import re

from claimtrack.errors import InputError
from claimtrack.ingest.boilerplate import strip_boilerplate
from claimtrack.ingest.dates import date_from_text, detect
from claimtrack.ingest.document import Document

_BYLINE = re.compile(
    r"^\s*(?:by|written by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$", re.IGNORECASE
)


def text_to_document(text: str, *, source: str, url: str | None = None) -> Document:
    """An article from plain text or Markdown. The first heading-like line is its title.

    Its date comes from ``url`` (fetched articles) or a date line near the top
    (:func:`claimtrack.ingest.dates.detect`).
    """
    cleaned = strip_boilerplate(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not re.search(r"[^\W\d_]{2,}", cleaned):
        raise InputError(f"{source}: no article text (empty, or only page boilerplate)")
    title = author = None
    head = cleaned.splitlines()[:10]
    heading = next((line for line in head if line.lstrip().startswith("# ")), None)
    if heading is not None:
        title = heading.strip().lstrip("#").strip() or None
    for line in head:
        stripped = line.strip()
        if not stripped:
            continue
        if title is None and date_from_text(stripped) is not None:
            continue  # "Published 15.09.2022" is the date line, not the title
        if title is None and (
            stripped.startswith("#") or not stripped.endswith((".", "!", "?", '"', "”"))
        ):
            title = stripped.lstrip("#").strip() or None
            continue
        if author is None and (m := _BYLINE.match(stripped.lstrip("*_ ").rstrip("*_ "))):
            author = m.group(1)
            continue
    found = detect(url=url, text=cleaned)
    return Document(
        source=source,
        text=cleaned,
        title=title,
        author=author,
        published=found.value if found else None,
        published_source=found.source.value if found else None,
    )
