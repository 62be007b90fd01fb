"""Adding articles: read a source, extract its claims, store both (``claimtrack add`` and ``check``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claimtrack.config import Settings
from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.extraction.matching import fingerprint
from claimtrack.ingest import Document, read_source
from claimtrack.ingest.dates import DateSource
from claimtrack.models import Article
from claimtrack.plugins import get_extractors
from claimtrack.progress import AddProgress
from claimtrack.registry import Registry
from claimtrack.services.match import ClaimMatcher
from claimtrack.verification.api import configured_settings, plugin_settings

if TYPE_CHECKING:
    from sqlmodel import Session

#: Claims matched between two calls of :func:`store_article`'s ``on_progress``.
_PROGRESS_STEP = 200


@dataclass(frozen=True)
class AddResult:
    """What :func:`store_article` did."""

    article_id: int
    created: bool
    claims: int = 0
    new_claims: int = 0
    #: The article was already stored and a given date (``--published``) replaced its date:
    #: its earlier verdicts were made at the old date.
    redated: bool = False


@dataclass(frozen=True)
class Link:
    """A stored mention: the extracted claim, the claim it was linked to, and whether this
    mention created that claim (the first mention of a claim new in the article)."""

    extracted: ExtractedClaim
    claim_id: int
    created: bool


def store_article(
    registry: Registry,
    document: Document,
    claims: Sequence[ExtractedClaim],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> AddResult:
    """Store an article and its check-worthy claims atomically.

    Re-adding the same content stores nothing and returns the existing article with
    ``created=False``. Claims already known (same fingerprint or a close match) get a
    new mention instead of a new claim. ``on_progress`` is called now and then with the
    number of check-worthy claims matched so far and their total.
    """
    with registry.session() as session:
        # Finding a matching claim and inserting a new one must not interleave with
        # another add, or both insert the same claim (equal or merely similar).
        registry.lock_claim_matching(session)
        article_id, is_new = registry.add_article(session, document)
        if not is_new:
            article = session.get(Article, article_id)
            assert article is not None
            redated = registry.redate_article(session, article, document)
            return AddResult(article_id, created=False, redated=redated)
        kept = [c for c in claims if c.checkworthy]
        links = store_claims(registry, session, article_id, kept, on_progress=on_progress)
        new = sum(link.created for link in links)
        return AddResult(article_id, created=True, claims=len(kept), new_claims=new)


def store_claims(
    registry: Registry,
    session: Session,
    article_id: int,
    claims: Sequence[ExtractedClaim],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Link]:
    """Link each of ``claims`` to the stored claim it restates, or to a new claim, with a
    mention in article ``article_id``: the one way claims and mentions are written.

    Runs in ``session``'s transaction, which must hold :meth:`Registry.lock_claim_matching`.
    A new claim takes its columns from the first extracted claim that states it. Core SQL
    throughout, a fixed number of statements per call: one lookup by fingerprint, one
    set-based candidate query for the rest (:class:`ClaimMatcher`), then batched writes.
    """
    prints = [fingerprint(c.text) for c in claims]
    known = registry.claim_ids_by_fingerprint(session, prints)
    matcher = ClaimMatcher(
        registry, session, [c.text for c, fp in zip(claims, prints, strict=True) if fp not in known]
    )
    new_rows: dict[str, dict[str, Any]] = {}  # fingerprint -> the row of a claim new here
    chosen: list[int | str] = []  # per claim: an existing claim's id, or a new one's fingerprint
    touched: set[int] = set()
    for done, (extracted, fp) in enumerate(zip(claims, prints, strict=True)):
        if on_progress is not None and done % _PROGRESS_STEP == 0:
            on_progress(done, len(claims))
        claim_id = known.get(fp)
        if claim_id is None and fp not in new_rows:
            claim_id = matcher.similar_id(extracted.text)
        if claim_id is None:
            new_rows.setdefault(
                fp,
                {
                    "text": extracted.text,
                    "fingerprint": fp,
                    "kind": extracted.kind,
                    "score": extracted.score,
                    "values": extracted.values,
                },
            )
            chosen.append(fp)
        else:
            touched.add(claim_id)
            chosen.append(claim_id)
    registry.touch_claims(session, touched)
    ids = registry.insert_claims(session, list(new_rows.values()))
    links: list[Link] = []
    first_seen: set[str] = set()
    for extracted, target in zip(claims, chosen, strict=True):
        if isinstance(target, str):
            created = target not in first_seen
            first_seen.add(target)
            links.append(Link(extracted, ids[target], created))
        else:
            links.append(Link(extracted, target, False))
    registry.insert_mentions(
        session,
        [
            {
                "claim_id": link.claim_id,
                "article_id": article_id,
                "sentence": link.extracted.text,
                "start": link.extracted.start,
                "end": link.extracted.end,
                "speaker": link.extracted.speaker,
            }
            for link in links
        ],
    )
    if on_progress is not None:
        on_progress(len(claims), len(claims))
    return links


@dataclass(frozen=True)
class Added:
    """One source added: the document read and what the registry did with it."""

    source: str
    document: Document
    result: AddResult


def extractor_settings(extractors: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """Each extractor's settings (``context.settings``), by name: built once per run."""
    return {
        e.name: plugin_settings(e, configured_settings("extractors", e.name)) for e in extractors
    }


def extract_for(
    document: Document,
    on_progress: Callable[[float], None] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[ExtractedClaim]:
    """Run every registered extractor on a document and merge their claims per sentence.

    ``on_progress`` gets the fraction of the text done (see :class:`ArticleContext`);
    ``settings`` are :func:`extractor_settings` when the caller already built them.
    """
    context = ArticleContext(
        published=document.published,
        url=document.source,
        title=document.title,
        on_progress=on_progress,
    )
    extractors = get_extractors()
    if settings is None:
        settings = extractor_settings(extractors)
    return extract_claims(document.text, context, extractors, settings=settings)


def add_document(
    registry: Registry,
    document: Document,
    progress: AddProgress | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> AddResult:
    """Extract and store one document in a single transaction, showing ``progress`` if given."""
    progress = progress or AddProgress(enabled=False)
    claims = extract_for(document, progress.extracting(document.source), settings)
    return store_article(registry, document, claims, on_progress=progress.matching(document.source))


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
    per_extractor = extractor_settings(get_extractors())
    with AddProgress(progress) as bars:
        return [
            Added(source, doc, add_document(registry, doc, bars, per_extractor))
            for source, doc in documents
        ]
