"""Reducing an HTML page to its article: main text and metadata, via trafilatura.

trafilatura is the maintained state of the art for main-content extraction (it beats
readability and newspaper ports on the ScrapingHub and Bevendorff benchmarks) and reads
dates, authors and site names from the page's metadata.
"""

from __future__ import annotations

import re
from datetime import datetime

from claimtrack.errors import InputError
from claimtrack.ingest.boilerplate import strip_boilerplate
from claimtrack.ingest.document import Document

_WORDS = re.compile(r"[^\W\d_]{2,}")
_HTML_SNIFF = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(data: bytes) -> bool:
    """True if the bytes start like an HTML document."""
    return bool(_HTML_SNIFF.match(data[:2048]))


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def html_to_document(html: str, *, source: str, url: str | None = None) -> Document:
    """Extract the main text and metadata of an HTML article."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"{source}: cannot parse HTML: {exc}") from None
    text = (
        strip_boilerplate((getattr(result, "text", None) or "").replace("\n", "\n\n"))
        if result
        else ""
    )
    if not _WORDS.search(text):
        raise InputError(f"{source}: no article text found in the HTML")
    return Document(
        source=source,
        text=text,
        title=getattr(result, "title", None) or None,
        site=getattr(result, "sitename", None) or getattr(result, "hostname", None) or None,
        author=getattr(result, "author", None) or None,
        published=_parse_date(getattr(result, "date", None)),
    )
