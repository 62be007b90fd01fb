"""Reading a SQLite registry with the standard library's ``sqlite3``, for read commands.

Importing SQLAlchemy, SQLModel and pydantic and building the table classes costs about
500 ms of CPU, ten to a hundred times the query behind ``claimtrack claims --search`` at a
million claims. A read command on a SQLite file whose
schema is already at :data:`~claimtrack.registry.db.HEAD_REVISION` opens it here and runs
the registry's own statements (:mod:`claimtrack.registry.claim_list`). Anything else (a
PostgreSQL URL, a missing file, a database that needs a migration or cannot be read as
expected) is left to :meth:`Registry.open <claimtrack.registry.store.Registry.open>`, which
creates, migrates and reports errors as every command does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from claimtrack.errors import RegistryError
from claimtrack.labels import CONFIRMED_NOTE, ReviewLabel
from claimtrack.registry import claim_list, report_records
from claimtrack.registry.db import (
    HEAD_REVISION,
    SQLITE_BUSY_TIMEOUT_MS,
    VERSION_TABLE,
    database_setting,
)

#: SQLite URLs read here: no query string (SQLAlchemy options) and nothing to parse.
_SQLITE_SCHEMES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_path(db: str | None = None) -> Path | None:
    """The SQLite file ``--db`` (or the environment/config, or the default) names, or None
    for a URL this module leaves to SQLAlchemy (PostgreSQL; a SQLite URL with options)."""
    value = database_setting(db)
    if "://" not in value:
        return Path(value).expanduser()  # as resolve_url reads a plain path
    scheme = next((s for s in _SQLITE_SCHEMES if value.startswith(s)), None)
    if scheme is None:
        return None
    rest = value.removeprefix(scheme)
    if not rest or any(c in rest for c in "?#@") or rest == ":memory:":
        return None
    return Path(unquote(rest))


class SqliteReader:
    """The claim listing of a SQLite registry, read with ``sqlite3``: the same methods and
    rows as :meth:`Registry.claim_pages <claimtrack.registry.store.Registry.claim_pages>`
    and :meth:`~claimtrack.registry.store.Registry.count_claims`."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    def close(self) -> None:
        self.connection.close()

    def _error(self, exc: sqlite3.Error) -> RegistryError:
        # The message Registry gives for a failing database (db.describe_db_error).
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return RegistryError(f"cannot open database sqlite:///{self.path}: {text}")

    @contextmanager
    def _rows(
        self, sql: str, params: Any, batch: int
    ) -> Iterator[tuple[Iterator[Sequence[Sequence[Any]]], Callable[[str, list[Any]], list[Any]]]]:
        """The rows of ``sql`` in batches of at most ``batch``, and a function that runs
        further queries on the same read transaction."""
        with self._reading() as conn:
            cursor = conn.execute(sql, params)

            def batches() -> Iterator[Sequence[Sequence[Any]]]:
                while rows := cursor.fetchmany(batch):
                    yield rows

            def fetch(sql: str, params: list[Any]) -> list[Any]:
                return conn.execute(sql, params).fetchall()

            try:
                yield batches(), fetch
            finally:
                cursor.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        # One deferred read transaction: in WAL mode a snapshot that keeps no writer waiting
        # (as Registry.reading).
        conn = self.connection
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def claim_pages(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        batch: int = claim_list.STREAM_BATCH,
    ) -> Iterator[claim_list.ClaimPage]:
        """Claims matching every filter given, in id order, in pages of at most ``batch``."""
        spec = claim_list.ClaimFilter(article_id, kind, status, search)
        if spec.matches_nothing:
            return
        sql, params = claim_list.select_sql(self.dialect, spec, limit)
        with self._rows(sql, params, batch) as (batches, fetch):
            yield from claim_list.claim_pages(self.dialect, batches, fetch)

    def report_batches(
        self,
        *,
        article_id: int | None = None,
        claim_ids: Sequence[int] | None = None,
        batch: int = claim_list.STREAM_BATCH,
    ) -> Iterator[report_records.ReportBatch]:
        """What a report shows, in batches: as :meth:`Registry.report_batches
        <claimtrack.registry.store.Registry.report_batches>`, with the same statements."""
        spec = claim_list.ClaimFilter(
            article_id, claim_ids=None if claim_ids is None else tuple(claim_ids)
        )
        sql, params = claim_list.select_sql(self.dialect, spec)
        with self._rows(sql, params, batch) as (batches, fetch):
            yield from report_records.report_batches(self.dialect, spec, batches, fetch)

    def article(self, article_id: int) -> report_records.ArticleRecord | None:
        """The article ``article_id`` (what a report's heading shows), or None."""
        with self._reading() as conn:
            row = conn.execute(report_records.ARTICLE_SQL.format("?"), [article_id]).fetchone()
        return None if row is None else report_records.read_article(row)

    def has_fact_checks(self) -> bool:
        """Whether "previously checked" can apply to any claim: there are imported
        fact-checks, or a reviewer confirmed one (a :data:`~claimtrack.labels.CONFIRMED_NOTE`
        note). Those lookups need the matcher, which reads through the
        :class:`~claimtrack.registry.store.Registry`."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT EXISTS (SELECT 1 FROM fact_check) OR EXISTS (SELECT 1 FROM review "
                "WHERE label = ? AND note LIKE ?)",  # as the matching service's startswith()
                [ReviewLabel.NOTE.value, CONFIRMED_NOTE + "%"],
            ).fetchone()
        return bool(row[0])

    def count_claims(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> int:
        """How many claims match every filter given."""
        spec = claim_list.ClaimFilter(article_id, kind, status, search)
        if spec.matches_nothing:
            return 0
        sql, params = claim_list.count_sql(self.dialect, spec)
        with self._reading() as conn:
            return int(conn.execute(sql, params).fetchone()[0])


def open_reader(db: str | None = None) -> SqliteReader | None:
    """A :class:`SqliteReader` on the registry ``db`` names, if it is an existing SQLite
    file at the shipped schema revision; None otherwise (open it with ``Registry.open``)."""
    path = sqlite_path(db)
    if path is None or not path.is_file():
        return None
    try:
        # isolation_level None: transactions are the reader's own BEGIN/COMMIT.
        conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        revisions = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    except sqlite3.Error:
        # No revision table (a new or foreign file), or not a database: Registry.open
        # migrates it or says what is wrong, as for every other command.
        conn.close()
        return None
    if revisions != [(HEAD_REVISION,)]:
        conn.close()
        return None
    return SqliteReader(conn, path)
