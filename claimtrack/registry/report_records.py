"""Reading what a report shows: claims in id order, a batch at a time, each batch with its
claims' latest verdicts, reviews and first speakers. The SQL behind
:meth:`Registry.report_batches <claimtrack.registry.store.Registry.report_batches>`, in one
place.

Like :mod:`claimtrack.registry.claim_list` (whose claim query it runs), the statements are
plain SQL for a DB-API cursor, for SQLite and PostgreSQL, and this module imports no
SQLAlchemy: the :class:`~claimtrack.registry.store.Registry` runs them on its connection,
and ``claimtrack report`` on a SQLite registry whose schema is current runs the same ones
with the standard library's ``sqlite3`` (:mod:`claimtrack.registry.lite`). Rows are named
tuples with the types SQLAlchemy's columns give (JSON decoded, times as ``datetime``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from claimtrack.registry import claim_list
from claimtrack.rows import latest_calls


def _columns(table: str, names: Iterable[str]) -> str:
    return ", ".join(f'{table}."{name}"' for name in names)


class VerdictRecord(NamedTuple):
    """A row of the ``verdict`` table."""

    id: int
    claim_id: int
    run_id: int
    verifier: str
    verifier_version: str
    part: str
    label: str
    confidence: float
    summary: str
    evidence: Any
    error: str | None
    duration_ms: float
    created_at: datetime


class ReviewRecord(NamedTuple):
    """A row of the ``review`` table."""

    id: int
    claim_id: int
    reviewer: str
    label: str
    note: str | None
    created_at: datetime


class ArticleRecord(NamedTuple):
    """What a report's heading shows of its article."""

    id: int
    title: str | None
    source: str
    published: datetime | None
    published_source: str | None


#: The article of a report (``{}``: the dialect's placeholder).
ARTICLE_SQL = f"SELECT {_columns('article', ArticleRecord._fields)} FROM article WHERE id = {{}}"


def read_article(row: Sequence[Any]) -> ArticleRecord:
    """An :data:`ARTICLE_SQL` row as SQLAlchemy's columns give it (a ``datetime``)."""
    id_, title, source, published, published_source = row
    return ArticleRecord(id_, title, source, claim_list.stored_time(published), published_source)


@dataclass
class ReportBatch:
    """Claims (:class:`~claimtrack.registry.claim_list.ClaimRow`, id order) with each
    verifier's latest verdicts on them (:func:`~claimtrack.rows.latest_calls`, id order),
    their reviews (id order) and each quoted claim's first recorded speaker."""

    claims: list[Any] = field(default_factory=list)
    verdicts: list[VerdictRecord] = field(default_factory=list)
    reviews: list[ReviewRecord] = field(default_factory=list)
    speakers: dict[int, str] = field(default_factory=dict)


_VERDICTS = (
    f"SELECT {_columns('verdict', VerdictRecord._fields)} FROM verdict WHERE {{}} ORDER BY id"
)
_REVIEWS = f"SELECT {_columns('review', ReviewRecord._fields)} FROM review WHERE {{}} ORDER BY id"


def _of_batch(dialect: str, column: str, ids: Sequence[int], whole: bool) -> tuple[str, list[Any]]:
    if whole:
        # Every claim, read in id order: a batch holds every claim between its first and
        # last id, so its rows are a range (cheaper than a list of 1,000 ids).
        mark = "?" if dialect == "sqlite" else "%s"
        return f"{column} BETWEEN {mark} AND {mark}", [ids[0], ids[-1]]
    condition, param = claim_list.ids_condition(dialect, column, ids)
    return condition, [param]


def _verdict(row: Sequence[Any]) -> VerdictRecord:
    (id_, claim_id, run_id, verifier, version, part, label, conf, summary, evidence, error,
     duration, created) = row  # fmt: skip
    return VerdictRecord(
        id_,
        claim_id,
        run_id,
        verifier,
        version,
        part,
        label,
        conf,
        summary,
        claim_list.decode_json(evidence),
        error,
        duration,
        claim_list.stored_time(created),
    )


def _review(row: Sequence[Any]) -> ReviewRecord:
    id_, claim_id, reviewer, label, note, created = row
    return ReviewRecord(id_, claim_id, reviewer, label, note, claim_list.stored_time(created))


def report_batches(
    dialect: str,
    spec: claim_list.ClaimFilter,
    batches: Iterator[Sequence[Sequence[Any]]],
    fetch: Callable[[str, list[Any]], Iterable[Sequence[Any]]],
) -> Iterator[ReportBatch]:
    """Batches from ``batches`` of rows of :func:`claim_list.select_sql` for ``spec``,
    each batch's verdicts, reviews and speakers read with ``fetch(sql, params)`` on the same
    connection, in the same transaction: one query per table and batch."""
    read_claim = claim_list.row_reader(dialect)
    whole = spec.whole
    for rows in batches:
        claims = [read_claim(row) for row in rows]
        if not claims:
            continue
        ids = [c.id for c in claims]
        condition, params = _of_batch(dialect, "claim_id", ids, whole)
        verdicts = [_verdict(row) for row in fetch(_VERDICTS.format(condition), params)]
        reviews = [_review(row) for row in fetch(_REVIEWS.format(condition), params)]
        speakers = fetch(claim_list.SPEAKERS_SQL.format(condition), params)
        yield ReportBatch(
            claims, latest_calls(verdicts), reviews, claim_list.first_speakers(speakers)
        )
