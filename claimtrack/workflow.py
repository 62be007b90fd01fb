"""The steps behind ``claimtrack add``: read a source, extract its claims, store both."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from claimtrack.config import Settings
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.ingest import Document, read_source
from claimtrack.ingest.dates import DateSource
from claimtrack.progress import AddProgress
from claimtrack.registry import AddResult, Registry


@dataclass(frozen=True)
class Added:
    """One source added: the document read and what the registry did with it."""

    source: str
    document: Document
    result: AddResult


def extract_for(
    document: Document, on_progress: Callable[[float], None] | None = None
) -> list[ExtractedClaim]:
    """Run every registered extractor on a document and merge their claims per sentence.

    ``on_progress`` gets the fraction of the text done (see :class:`ArticleContext`).
    """
    from claimtrack.extraction import extract_claims
    from claimtrack.plugins import get_extractors
    from claimtrack.verification.api import configured_settings, plugin_settings

    context = ArticleContext(
        published=document.published,
        url=document.source,
        title=document.title,
        on_progress=on_progress,
    )
    extractors = get_extractors()
    settings = {
        e.name: plugin_settings(e, configured_settings("extractors", e.name)) for e in extractors
    }
    return extract_claims(document.text, context, extractors, settings=settings)


def add_document(
    registry: Registry, document: Document, progress: AddProgress | None = None
) -> AddResult:
    """Extract and store one document in a single transaction, showing ``progress`` if given."""
    progress = progress or AddProgress(enabled=False)
    claims = extract_for(document, progress.extracting(document.source))
    return registry.add_article(document, claims, on_progress=progress.matching(document.source))


def add_sources(
    registry: Registry,
    sources: Sequence[str],
    settings: Settings,
    *,
    progress: bool | None = False,
    published: datetime | None = None,
) -> list[Added]:
    """Read every source first, then store each one; nothing is written if any source fails.

    ``progress`` shows extraction and matching on stderr (``None``: only on a terminal).
    ``published`` (``--published``) is every article's date, over any date found in it;
    relative dates in the text ("on Thursday") are resolved against it.
    """
    documents = [(source, read_source(source, settings)) for source in sources]
    if published is not None:
        documents = [
            (source, replace(doc, published=published, published_source=DateSource.GIVEN.value))
            for source, doc in documents
        ]
    with AddProgress(progress) as bars:
        return [Added(source, doc, add_document(registry, doc, bars)) for source, doc in documents]
