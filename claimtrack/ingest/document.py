"""The result of reading a source: an article's main text and its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Document:
    """An article ready to be stored. ``text`` is exactly what the registry keeps."""

    source: str
    text: str
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: datetime | None = None
    #: Where ``published`` came from: ``given``, ``metadata``, ``url`` or ``text``
    #: (:class:`claimtrack.ingest.dates.DateSource`); None when there is no date.
    published_source: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the whitespace-normalised text: the same article re-added is recognised."""
        # str.split() splits at exactly the characters of re's \s (str.isspace()), and
        # costs a third of re.sub(r"\s+", " ", text).strip(): an import hashes every page.
        normalised = " ".join(self.text.split()).casefold()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
