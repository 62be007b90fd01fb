"""The steps behind ``claimtrack add``: read a source, extract its claims, store both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimtrack.config import Settings
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.ingest import Document, read_source
from claimtrack.registry import AddResult, Registry


@dataclass(frozen=True)
class Added:
    """One source added: the document read and what the registry did with it."""

    source: str
    document: Document
    result: AddResult


def extract_for(document: Document) -> list[ExtractedClaim]:
    """Run every registered extractor on a document and merge their claims per sentence."""
    from claimtrack.extraction import extract_claims
    from claimtrack.plugins import get_extractors

    context = ArticleContext(published=document.published, url=document.source, title=document.title)
    return extract_claims(document.text, context, get_extractors())


def add_document(registry: Registry, document: Document) -> AddResult:
    """Extract and store one document in a single transaction."""
    return registry.add_article(document, extract_for(document))


def add_sources(registry: Registry, sources: Sequence[str], settings: Settings) -> list[Added]:
    """Read every source first, then store each one; nothing is written if any source fails."""
    documents = [(source, read_source(source, settings)) for source in sources]
    return [Added(source, doc, add_document(registry, doc)) for source, doc in documents]
