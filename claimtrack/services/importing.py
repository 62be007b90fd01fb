"""Importing published fact-checks (``claimtrack import claimreview``).

:mod:`claimtrack.importers.feed` streams and parses them; this stores them in batches of
:data:`BATCH` fact-checks, one transaction each (:func:`store_fact_checks`): each
fact-check page becomes an article, each reviewed claim a claim (or a new mention of the
stored claim with the same fingerprint) and a review by its publisher.

A fact-check already stored (an article from its review URL mentions its claim) is skipped,
so an interrupted import resumes where it stopped when run again: the batches committed
before are skipped, none is stored twice. Bad items are skipped and reported; the rest is
imported.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import orjson

from claimtrack.collector import long_lived_frozen
from claimtrack.config import Settings
from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FACT_CHECK_TYPES, FactCheck, ImportResult
from claimtrack.importers.feed import Feed, FeedError
from claimtrack.ingest.document import Document
from claimtrack.ingest.sources import read_raw
from claimtrack.labels import REVIEW_LABELS, ClaimStatus
from claimtrack.models import Article, Claim, Review, utcnow
from claimtrack.registry import Registry
from claimtrack.registry.fts import CLAIM_INDEX, deferred_index_inserts
from claimtrack.retrieval.store import FACT_CHECK_INDEX, add_fact_checks
from claimtrack.services.match import VALUES_KEY
from claimtrack.services.review import status_from_reviews

#: Fact-checks stored per transaction (each commit flushes an FTS5 segment to merge later).
BATCH = 5_000
#: SQLite page cache of an import's connection (KiB): the unique-URL, fingerprint and FTS5
#: b-trees of a large registry are written at random places. With this and :data:`BATCH`
#: an import's memory is bounded (~250 MB at 100,000 fact-checks, ~340 MB at 1,000,000);
#: 16 MB saves ~50 MB and costs ~10 % more CPU at 100,000 (benchmarks/README.md).
_IMPORT_CACHE_KIB = 65_536
#: File read buffer: feeds are read line by line through it.
_BUFFER = 1 << 20

if TYPE_CHECKING:
    from sqlmodel import Session


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class _Page:
    """One fact-check page to store as an article: its fact-checks and their claims' spans."""

    url: str
    checks: list[FactCheck]
    title: str = ""
    text: str = ""
    content_hash: str = ""
    spans: list[tuple[int, int]] | None = None

    def build(self) -> None:
        first = self.checks[0]
        self.title = first.title or f"{first.publisher} fact check: {first.claim}"
        paragraphs = [self.title]
        self.spans = []
        offset = len(self.title) + 2
        for check in self.checks:
            self.spans.append((offset, offset + len(check.claim)))
            paragraphs.append(check.claim)
            offset += len(check.claim) + 2
        document = Document(source=self.url, text="\n\n".join(paragraphs), title=self.title)
        self.text, self.content_hash = document.text, document.content_hash


_ARTICLE_COLUMNS = (
    "source",
    "title",
    "site",
    "author",
    "published",
    "published_source",
    "retrieved_at",
    "content_hash",
    "text",
)
_CLAIM_COLUMNS = (
    "text",
    "fingerprint",
    "kind",
    "score",
    "values",
    "status",
    "created_at",
    "updated_at",
)
_MENTION_COLUMNS = ("claim_id", "article_id", "sentence", "start", "end", "speaker")
_REVIEW_COLUMNS = ("claim_id", "reviewer", "label", "note", "created_at")


def index_fact_checks(session: Session, checks: Iterable[FactCheck]) -> int:
    """Add parsed fact-checks to the registry's ``fact_check`` index (what ``claimtrack
    match`` searches) in ``session``'s transaction, so claims and index commit together."""
    return add_fact_checks(session.connection(), checks)


def _top_id(session: Session, table: str) -> int | None:
    """On SQLite, the largest ``id`` of ``table`` (0 when empty); ``None`` elsewhere."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return None
    row = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").first()
    return int(row[0] or 0) if row else 0


def _new_ids(
    registry: Registry, session: Session, column: Any, keys: set[str], top: int | None
) -> dict[str, int]:
    """``key -> id`` of the rows just inserted with unique ``column`` in ``keys``.

    On SQLite the transaction holds the write lock from its start (``BEGIN IMMEDIATE``),
    so the rows above ``top`` (the largest id before the insert) are exactly this
    transaction's: one scan of that rowid range instead of an index lookup per key.
    """
    if top is None:
        return registry.ids_of(session, column, keys)
    table = column.class_.__tablename__
    rows = session.connection().exec_driver_sql(
        f"SELECT {column.key}, id FROM {table} WHERE id > ?", (top,)
    )
    found = {key: row_id for key, row_id in rows if key in keys}
    if len(found) != len(keys):  # never expected: fall back to the lookup by key
        return registry.ids_of(session, column, keys)
    return found


@dataclass
class _NewReview:
    """What :func:`status_from_reviews` reads of a review not yet stored (an ORM
    :class:`Review` costs more to build than storing it)."""

    reviewer: str
    label: str
    id: int = 0


def _status(reviews: Sequence[Review | _NewReview], current: str) -> str:
    # As review_in: a new decision brings a claim set aside back.
    if current == ClaimStatus.NOT_CHECKWORTHY:
        current = ClaimStatus.OPEN.value
    return status_from_reviews(cast("list[Review]", reviews), current)


def store_fact_checks(
    registry: Registry, checks: Sequence[FactCheck], *, source: str
) -> ImportResult:
    """Store one batch of ``checks`` in one transaction; those already stored are skipped.

    A fact-check is already stored when an article from its review URL (``source`` for
    one without a URL) mentions its claim. A claim whose fingerprint is stored joins that
    claim: its ``values["claimreview"]`` gains the fact-check and its status is derived
    again from all its reviews. Every lookup is one query per batch, every insert one
    executemany.
    """
    for check in checks:  # a review label the registry does not know is never stored
        if check.label not in REVIEW_LABELS:
            raise ClaimtrackError(
                f"unknown review label {check.label!r} for {check.url or source}; "
                f"expected one of {', '.join(REVIEW_LABELS)}"
            )
    with registry.session() as session:
        registry.lock_claim_matching(session)
        if registry.dialect == "sqlite":
            session.connection().exec_driver_sql(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
        with deferred_index_inserts(session.connection(), _INDEXES):
            return _store(registry, session, checks, source=source)


#: The full-text indexes an import fills once per batch (:mod:`claimtrack.registry.fts`).
_INDEXES = (CLAIM_INDEX, FACT_CHECK_INDEX)


def _store(
    registry: Registry, session: Session, checks: Sequence[FactCheck], *, source: str
) -> ImportResult:
    """:func:`store_fact_checks` in ``session``'s transaction."""
    now = registry.sql_time(utcnow())
    seen = registry.stored_mentions(session, {c.url or source for c in checks})
    pages: dict[str, _Page] = {}
    duplicate_pages: set[str] = set()
    duplicates = 0
    for check in checks:
        key = (check.url or source, check.claim)
        if key in seen:
            duplicates += 1
            duplicate_pages.add(key[0])
            continue
        seen.add(key)
        pages.setdefault(key[0], _Page(key[0], [])).checks.append(check)
    for page in pages.values():
        page.build()
    stored = registry.ids_of(
        session, Article.content_hash, {p.content_hash for p in pages.values()}
    )
    hashes: set[str] = set()
    for url, page in list(pages.items()):
        if page.content_hash in stored or page.content_hash in hashes:
            # The same page text from another URL: these fact-checks are stored already.
            duplicates += len(page.checks)
            duplicate_pages.add(url)
            del pages[url]
        hashes.add(page.content_hash)
    article_rows = []
    dates: dict[str | None, datetime | str | None] = {}  # feeds repeat their dates
    for page in pages.values():
        first = page.checks[0]
        if first.date not in dates:
            published = _parse_date(first.date)
            dates[first.date] = None if published is None else registry.sql_time(published)
        published_sql = dates[first.date]
        article_rows.append(
            (
                page.url,
                page.title,
                first.publisher,
                first.publisher,
                published_sql,
                "metadata" if published_sql is not None else None,  # the fact-check's own date
                now,
                page.content_hash,
                page.text,
            )
        )
    article_top = _top_id(session, "article")
    registry.insert_tuples(session, "article", _ARTICLE_COLUMNS, article_rows)
    index_fact_checks(session, [check for page in pages.values() for check in page.checks])
    article_ids = _new_ids(
        registry, session, Article.content_hash, hashes - set(stored), article_top
    )

    fresh = [
        (page, check, span)
        for page in pages.values()
        for check, span in zip(page.checks, page.spans or (), strict=True)
    ]
    by_text: dict[str, str] = {}  # a claim checked by several publishers is printed once
    prints = [
        by_text.get(check.claim) or by_text.setdefault(check.claim, fingerprint(check.claim))
        for _page, check, _span in fresh
    ]
    known = registry.lock_claims_by_fingerprint(session, prints)
    earlier = registry.reviews_of(session, [c.id for c in known.values() if c.id is not None])
    entries: dict[str, list[dict[str, Any]]] = {}  # fingerprint -> fact-checks added here
    pending: dict[str, list[_NewReview]] = {}  # fingerprint -> reviews added here
    texts: dict[str, str] = {}
    for (_page, check, _span), fp in zip(fresh, prints, strict=True):
        entries.setdefault(fp, []).append(check.entry())
        pending.setdefault(fp, []).append(_NewReview(check.publisher, check.label))
        texts.setdefault(fp, check.claim)
    claim_rows = []
    for fp, reviews in pending.items():
        # Reviews count in feed order, after those stored (status_from_reviews orders by id).
        before = earlier.get(known[fp].id or 0, []) if fp in known else []
        top = max((r.id or 0 for r in before), default=0)
        for i, review in enumerate(reviews, 1):
            review.id = top + i
        if fp in known:
            claim = known[fp]
            values = dict(claim.values or {})
            previous = values.get(VALUES_KEY) or []
            values[VALUES_KEY] = [
                *(previous if isinstance(previous, list) else [previous]),
                *entries[fp],
            ]
            claim.values = values
            claim.status = _status([*before, *reviews], claim.status)
            registry.touch_claim(session, claim)
        else:
            # Kind rules cost more than the rest of an import together; a fact-check's
            # rating, not its kind, decides what it says about the claim.
            claim_rows.append(
                (
                    texts[fp],
                    fp,
                    "other",
                    1.0,
                    orjson.dumps({VALUES_KEY: entries[fp]}).decode(),
                    _status(reviews, ClaimStatus.OPEN.value),
                    now,
                    now,
                )
            )
    claim_top = _top_id(session, "claim")
    registry.insert_tuples(session, "claim", _CLAIM_COLUMNS, claim_rows)
    claim_ids = _new_ids(registry, session, Claim.fingerprint, set(pending) - set(known), claim_top)
    claim_ids.update({fp: c.id for fp, c in known.items() if c.id is not None})

    mentions = []
    reviews_rows = []
    for (page, check, (start, end)), fp in zip(fresh, prints, strict=True):
        claim_id = claim_ids[fp]
        article_id = article_ids[page.content_hash]
        mentions.append((claim_id, article_id, check.claim, start, end, check.claimant))
        note = check.rating + (f" ({check.url})" if check.url else "")
        reviews_rows.append((claim_id, check.publisher, check.label, note, now))
    registry.insert_tuples(session, "mention", _MENTION_COLUMNS, mentions)
    registry.insert_tuples(session, "review", _REVIEW_COLUMNS, reviews_rows)
    return ImportResult(
        fact_checks=len(checks),
        articles=len(article_rows),
        new_claims=len(claim_rows),
        matched_claims=len(fresh) - len(claim_rows),
        reviews=len(reviews_rows),
        skipped_pages=len(duplicate_pages - set(pages)),
        duplicates=duplicates,
    )


@contextmanager
def open_feed(source: str, settings: Settings) -> Iterator[Feed]:
    """The feed at ``source``: a file, ``-`` for standard input (both streamed), or an
    http(s) URL (read whole, within the size limit)."""
    if not source.strip():
        raise InputError("empty SOURCE: give a file, an http(s) URL or - for standard input")
    if source == "-":
        yield Feed(sys.stdin.buffer, source="<stdin>")
        return
    if "://" in source:
        raw = read_raw(source, settings, accept=FACT_CHECK_TYPES)
        yield Feed(io.BytesIO(raw.data), source=source, name=raw.name)
        return
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source}: is a directory, not a file")
        handle: BinaryIO = path.open("rb", buffering=_BUFFER)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    with handle:
        yield Feed(handle, source=source, name=path.name)


#: The collector's first-generation threshold during an import (Python's default is 700):
#: an import allocates a few dozen short-lived objects per fact-check.
_GC_THRESHOLD = 10_000


def _total(total: ImportResult, part: ImportResult) -> ImportResult:
    return replace(
        total,
        fact_checks=total.fact_checks + part.fact_checks,
        articles=total.articles + part.articles,
        new_claims=total.new_claims + part.new_claims,
        matched_claims=total.matched_claims + part.matched_claims,
        reviews=total.reviews + part.reviews,
        skipped_pages=total.skipped_pages + part.skipped_pages,
        duplicates=total.duplicates + part.duplicates,
    )


def import_claimreview(
    registry: Registry,
    source: str,
    settings: Settings,
    *,
    batch: int = BATCH,
    on_batch: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Stream, parse and store the fact-checks at ``source`` (file, ``-`` or URL).

    Each batch of ``batch`` fact-checks is stored in its own transaction; ``on_batch``
    gets the running total after each. Bad items are skipped and returned in the result
    (``bad_count``, ``bad_items``). A feed that cannot be read on (a syntax error in a JSON
    document) raises :class:`~claimtrack.importers.feed.FeedError` after the fact-checks
    before the error are stored; nothing found at all raises :class:`ClaimtrackError`.
    """
    total = ImportResult(0, 0, 0, 0, 0)
    pending: list[FactCheck] = []

    def flush() -> None:
        nonlocal total
        if pending:
            total = _total(total, store_fact_checks(registry, pending, source=source))
            pending.clear()
            if on_batch is not None:
                on_batch(total)

    with open_feed(source, settings) as feed, long_lived_frozen(_GC_THRESHOLD):
        try:
            for check in feed:
                pending.append(check)
                if len(pending) >= batch:
                    flush()
        except FeedError as exc:
            flush()
            raise FeedError(
                f"{exc}; stopped there: the {total.fact_checks} fact-check(s) before it were "
                "imported (run the import again once fixed: they are skipped)"
            ) from None
        flush()
    total = replace(total, bad_count=feed.bad_count, bad_items=tuple(feed.bad))
    if not total.fact_checks:
        if feed.bad:
            raise ClaimtrackError(f"{feed.source}: nothing to import: {feed.bad[0].describe()}")
        if feed.counts["fct"]:
            raise ClaimtrackError(
                f"{feed.source}: the claims:search response has no claims with reviews"
            )
        raise ClaimtrackError(f"{feed.source}: no ClaimReview or Fact Check Tools claims found")
    return total
