"""Listing and counting claims: the SQL behind ``claimtrack claims`` (and
:meth:`Registry.claim_pages <claimtrack.registry.store.Registry.claim_pages>` and
:meth:`~claimtrack.registry.store.Registry.count_claims`), in one place.

The statements are plain SQL for a DB-API cursor, built here for SQLite and PostgreSQL, and
this module imports no SQLAlchemy: the :class:`~claimtrack.registry.store.Registry` runs
them on its connection, and a read command on a SQLite registry whose schema is current runs
the same ones through the standard library's ``sqlite3``
(:mod:`claimtrack.registry.lite`), without paying for SQLAlchemy's import on every start.
Rows come back as :class:`ClaimRow`, with the types SQLAlchemy's ``Claim`` columns give
(``values`` decoded from JSON, the times as ``datetime``), whichever path read them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import orjson

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: Claims per page of a streamed read: memory stays flat, and each page's verdicts,
#: reviews and mentions are one query apiece.
STREAM_BATCH = 1_000


class ClaimRow(NamedTuple):
    """A claim as read for listing: the ``claim`` table's columns, in its order."""

    id: int
    text: str
    fingerprint: str
    kind: str
    score: float
    values: Any
    status: str
    created_at: datetime
    updated_at: datetime


#: The columns read, quoted where SQL needs it (``values`` is a keyword).
_COLUMNS = ", ".join(
    f'claim."{name}"' if name == "values" else f"claim.{name}" for name in ClaimRow._fields
)


@dataclass
class ClaimPage:
    """One page of :meth:`Registry.claim_pages <claimtrack.registry.store.Registry.claim_pages>`:
    plain claim rows in id order, and the first recorded speaker of each quoted one."""

    claims: list[Any] = field(default_factory=list)
    speakers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list: every filter given must hold (None: no filter)."""

    article_id: int | None = None
    kind: str | None = None
    status: str | None = None
    search: str | None = None
    #: Only these claims (a report on a few claims).
    claim_ids: tuple[int, ...] | None = None

    @property
    def whole(self) -> bool:
        """No filter: every claim."""
        return (
            self.article_id is None
            and not (self.kind or self.status or self.search)
            and self.claim_ids is None
        )

    @property
    def words(self) -> list[str]:
        """The words of ``search``: each must be in the claim's text."""
        return _TOKEN.findall(self.search or "")

    @property
    def matches_nothing(self) -> bool:
        """A search without a single word (``"!!!"``) finds no claim."""
        return bool(self.search) and not self.words


def fts_match(words: Sequence[str]) -> str:
    """An FTS5 query matching claims with every one of ``words`` (each quoted: no syntax)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _mark(dialect: str) -> str:
    """The DB-API placeholder: ``?`` for sqlite3, ``%s`` for psycopg."""
    return "?" if dialect == "sqlite" else "%s"


def _where(dialect: str, spec: ClaimFilter) -> tuple[str, str, list[Any]]:
    """The ``FROM`` clause, the ``WHERE`` conditions and their parameters of ``spec``."""
    mark = _mark(dialect)
    source = "claim"
    conditions: list[str] = []
    params: list[Any] = []
    words = spec.words
    if words:
        if dialect == "sqlite":
            # Joined (not ``IN``): FTS5 hands back matches in rowid order, so a first page
            # reads only as many as it shows, whatever the word's frequency.
            source = "claim JOIN claim_fts ON claim_fts.rowid = claim.id"
            conditions.append(f"claim_fts MATCH {mark}")
            params.append(fts_match(words))
        else:
            # The expression of the GIN index (migration 0002), so the index serves it.
            conditions.append(
                f"to_tsvector('english', claim.text) @@ plainto_tsquery('english', {mark})"
            )
            params.append(" ".join(words))
    if spec.article_id is not None:
        conditions.append(f"claim.id IN (SELECT claim_id FROM mention WHERE article_id = {mark})")
        params.append(spec.article_id)
    if spec.claim_ids is not None:
        condition, param = ids_condition(dialect, "claim.id", spec.claim_ids)
        conditions.append(condition)
        params.append(param)
    if spec.kind:
        conditions.append(f"claim.kind = {mark}")
        params.append(spec.kind)
    if spec.status:
        conditions.append(f"claim.status = {mark}")
        params.append(spec.status)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    return source, where, params


def select_sql(
    dialect: str, spec: ClaimFilter, limit: int | None = None, offset: int = 0
) -> tuple[str, list[Any]]:
    """The claims of ``spec`` in id order (at most ``limit``, after the first ``offset``):
    SQL and parameters."""
    source, where, params = _where(dialect, spec)
    # With a search on SQLite, FTS5's rowid order is the id order (see _where).
    order = "claim_fts.rowid" if spec.words and dialect == "sqlite" else "claim.id"
    sql = f"SELECT {_COLUMNS} FROM {source}{where} ORDER BY {order}"
    mark = _mark(dialect)
    if limit or offset:
        # SQLite takes OFFSET only after a LIMIT (-1: none); PostgreSQL takes NULL as none.
        sql += f" LIMIT {mark}"
        params.append(limit or (-1 if dialect == "sqlite" else None))
    if offset:
        sql += f" OFFSET {mark}"
        params.append(offset)
    return sql, params


def count_sql(dialect: str, spec: ClaimFilter) -> tuple[str, list[Any]]:
    """How many claims ``spec`` matches: SQL and parameters."""
    if (
        dialect == "sqlite"
        and spec.words
        and spec.article_id is None
        and not (spec.kind or spec.status)
    ):
        # The FTS index alone (it holds every claim, kept by triggers): six times faster
        # than joining a million claims for a common word.
        return "SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", [fts_match(spec.words)]
    source, where, params = _where(dialect, spec)
    return f"SELECT count(*) FROM {source}{where}", params


def ids_condition(dialect: str, column: str, ids: Sequence[int]) -> tuple[str, Any]:
    """``column`` is one of ``ids``: the condition and its one parameter (SQLite limits
    bound parameters, so the ids are one JSON array there, one array on PostgreSQL)."""
    if dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(ids))
    return f"{column} = ANY(CAST(%s AS bigint[]))", list(ids)


#: Speakers of mentions of the claims a condition (on ``claim_id``) selects, oldest first.
SPEAKERS_SQL = "SELECT claim_id, speaker FROM mention WHERE {} AND speaker IS NOT NULL ORDER BY id"


def speakers_sql(dialect: str, claim_ids: Sequence[int]) -> tuple[str, list[Any]]:
    """The recorded speakers of the claims ``claim_ids``, oldest mention first."""
    condition, param = ids_condition(dialect, "claim_id", claim_ids)
    return SPEAKERS_SQL.format(condition), [param]


def first_speakers(rows: Iterable[Sequence[Any]]) -> dict[int, str]:
    """``claim_id -> speaker`` from :func:`speakers_sql`'s rows: each claim's first."""
    found: dict[int, str] = {}
    for claim_id, speaker in rows:
        if speaker:
            found.setdefault(claim_id, speaker)
    return found


#: An integer too long for orjson (over 64 bits: it would read it as a float).
_LONG_NUMBER = re.compile(r"\d{19}")


def decode_json(value: Any) -> Any:
    """A JSON column as SQLAlchemy's ``JSON`` type reads it (``json.loads``), decoded by
    orjson (several times faster) unless the text holds what orjson reads differently or
    refuses: integers over 64 bits (read as floats), ``NaN``, lone surrogates."""
    if isinstance(value, str):
        if not _LONG_NUMBER.search(value):
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return json.loads(value)
    if isinstance(value, bytes):
        return json.loads(value)
    return value  # already decoded (psycopg), or NULL


def stored_time(value: Any) -> Any:
    # SQLite keeps times as text, as SQLAlchemy's DateTime writes them ("2024-06-01
    # 00:00:00.000000"); SQLAlchemy reads them back as naive datetimes, and so does this.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def row_reader(dialect: str) -> Callable[[Sequence[Any]], ClaimRow]:
    """Turns a row of :func:`select_sql` into a :class:`ClaimRow`.

    psycopg already decodes JSON and timestamps; SQLite hands back text.
    """
    if dialect != "sqlite":
        return ClaimRow._make

    def read(row: Sequence[Any]) -> ClaimRow:
        id_, text, fingerprint, kind, score, values, status, created, updated = row
        return ClaimRow(
            id_,
            text,
            fingerprint,
            kind,
            score,
            decode_json(values),
            status,
            stored_time(created),
            stored_time(updated),
        )

    return read


def claim_pages(
    dialect: str,
    batches: Iterator[Sequence[Sequence[Any]]],
    fetch: Callable[[str, list[Any]], Iterable[Sequence[Any]]],
) -> Iterator[ClaimPage]:
    """Pages of claims from ``batches`` of :func:`select_sql` rows, each with its speakers
    (read with ``fetch(sql, params)`` on the same connection, in the same transaction)."""
    read = row_reader(dialect)
    for rows in batches:
        claims = [read(row) for row in rows]
        if not claims:
            continue
        sql, params = speakers_sql(dialect, [c.id for c in claims])
        yield ClaimPage(claims, first_speakers(fetch(sql, params)))
