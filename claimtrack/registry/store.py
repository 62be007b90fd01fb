"""Reading and writing the registry's rows; persistence only (policy is in :mod:`claimtrack.services`).

Every public method is one transaction. The static helpers that take a ``session`` run
inside a transaction the caller opened with :meth:`Registry.session`, so that a service
can lock, read and write several tables atomically.
"""

from __future__ import annotations

import functools
import json
import os
import socket
from collections import namedtuple
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, func, select

from claimtrack.errors import RegistryError
from claimtrack.ingest.document import Document
from claimtrack.models import (
    Article,
    Claim,
    Mention,
    Review,
    VerdictRow,
    VerificationLease,
    VerificationRun,
    latest_calls,
    utcnow,
)
from claimtrack.registry import claim_list, db, report_records
from claimtrack.registry.claim_list import ClaimPage

if TYPE_CHECKING:
    pass

TABLES = (Article, Claim, Mention, VerificationRun, VerdictRow, Review)
_BULK_CLAIM_SQL = (
    'INSERT INTO claim (text, fingerprint, kind, score, "values", status, created_at, updated_at) '
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (fingerprint) DO NOTHING"
)
#: Candidates of many FTS5 queries at once: the parameter is a JSON list of [index, match].
#: Only ids are ranked and only the best ones' texts read: as fast as one query per text.
_SQLITE_CANDIDATES = (
    "WITH q AS (SELECT json_extract(value, '$[0]') AS i, json_extract(value, '$[1]') AS m "
    "FROM json_each(?)) "
    "SELECT r.i, r.id, claim.text FROM (SELECT q.i AS i, claim_fts.rowid AS id, "
    "row_number() OVER (PARTITION BY q.i ORDER BY claim_fts.rank, claim_fts.rowid) AS n "
    "FROM q JOIN claim_fts ON claim_fts MATCH q.m) AS r JOIN claim ON claim.id = r.id "
    "WHERE r.n <= ? ORDER BY r.i, r.n"
)
#: The same on PostgreSQL: plainto_tsquery ANDs the words; OR them by rewriting its '&'.
_PG_CANDIDATES = (
    "SELECT q.i, c.id, c.text FROM unnest(CAST(? AS integer[]), CAST(? AS text[])) "
    "AS q(i, words) CROSS JOIN LATERAL (SELECT id, text, "
    "ts_rank(to_tsvector('english', text), t) AS r FROM claim, "
    "CAST(replace(CAST(plainto_tsquery('english', q.words) AS text), '&', '|') AS tsquery) AS t "
    "WHERE to_tsvector('english', text) @@ t ORDER BY r DESC, id LIMIT ?) AS c "
    "ORDER BY q.i, c.r DESC, c.id"
)
_INSERT_ARTICLE = (
    "INSERT INTO article (source, title, site, author, published, published_source, "
    "retrieved_at, content_hash, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
_INSERT_CLAIM = (
    'INSERT INTO claim (text, fingerprint, kind, score, "values", status, created_at, '
    "updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)"
)
_INSERT_MENTION = (
    'INSERT INTO mention (claim_id, article_id, sentence, start, "end", speaker) '
    "VALUES (?, ?, ?, ?, ?, ?)"
)
#: How many of a sentence's candidate terms (the rarest in the registry) find match candidates.
_RARE_TERMS = 2
#: Values in one ``IN (…)`` list (SQLite allows 32,766 bound parameters per statement).
_IN_BATCH = 5_000
#: How SQLAlchemy stores a DateTime in SQLite (its own bind processor's format).
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
#: How long a verification run's leases last without a heartbeat (it beats 4 times as often).
LEASE_SECONDS = 120.0
_HOST = socket.gethostname()[:255]


def _aware(moment: datetime) -> datetime:
    """``moment`` as UTC-aware (SQLite hands back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host and is not a zombie."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _driver_sql(conn: sa.Connection, sql: str, params: Any = ()) -> list[Any]:
    """Run ``sql`` (``?`` placeholders) on the driver's cursor, in ``conn``'s transaction,
    and return its rows (none for a statement that returns none).

    The write path of ``claimtrack add`` runs a handful of statements per article, and
    SQLAlchemy's statement and result machinery (even ``exec_driver_sql``) cost about as much
    as SQLite's own work: the statement goes to the DBAPI connection that ``conn`` holds, in
    its open transaction. Driver errors come out as ``sqlalchemy.exc`` errors, as they would
    from SQLAlchemy. ``params``: one tuple, or a list of tuples for executemany.
    """
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    # listeners of SQLAlchemy's statement event still see every statement
    conn.dispatch.before_cursor_execute(conn, cursor, sql, params, None, isinstance(params, list))
    try:
        if isinstance(params, list):
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        rows: list[Any] = list(cursor.fetchall()) if cursor.description is not None else []
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(sql, params, exc, dbapi.Error) from exc
    finally:
        cursor.close()
    return rows


def _driver_rows(conn: sa.Connection, sql: str, params: Any = ()) -> Iterator[Any]:
    """The rows of a query as :func:`_driver_sql` runs it, read one by one: a large result
    (a dense article's candidates) is never held twice."""
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    dbapi = conn.dialect.loaded_dbapi
    cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    conn.dispatch.before_cursor_execute(conn, cursor, sql, params, None, False)
    try:
        cursor.execute(sql, params)
        yield from cursor
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(sql, params, exc, dbapi.Error) from exc
    finally:
        cursor.close()


def _in_list(conn: sa.Connection, pg_type: str = "text") -> str:
    """``IN`` a list bound as one parameter (:func:`_list_param`): one statement whatever
    the list's length, and no limit on bound parameters."""
    if conn.dialect.name == "sqlite":
        return "IN (SELECT value FROM json_each(?))"
    return f"= ANY(CAST(? AS {pg_type}[]))"


def _list_param(conn: sa.Connection, values: Sequence[Any]) -> Any:
    return json.dumps(list(values)) if conn.dialect.name == "sqlite" else list(values)


def _stamp(conn: sa.Connection, moment: datetime) -> Any:
    """``moment`` as SQLAlchemy's SQLite ``DateTime`` stores it (a plain text statement skips it)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if conn.dialect.name == "sqlite" else moment


@dataclass
class ClaimRecords:
    """What :meth:`Registry.claim_records` read: plain rows, each list in id order."""

    claims: list[Any] = field(default_factory=list)
    mentions: list[Any] = field(default_factory=list)
    #: Each verifier's latest verdicts per claim (its latest call's: one per part it
    #: named), by claim id, verifier name, then part (``""``, the whole claim, first).
    verdicts: list[Any] = field(default_factory=list)
    reviews: list[Any] = field(default_factory=list)
    #: Article rows (attribute access) by id.
    articles: dict[int, Any] = field(default_factory=dict)


#: Claims per page of a streamed read (defined with the claim-listing SQL).
STREAM_BATCH = claim_list.STREAM_BATCH


@functools.cache
def _record_type(fields: tuple[str, ...]) -> Any:
    # The fields are a query's columns, known at run time only: typing.NamedTuple cannot.
    return namedtuple("Record", fields, rename=True)  # noqa: PYI024


def plain_rows(result: sa.Result[Any]) -> list[Any]:
    """A result's rows as named tuples: the same attributes (and ``_asdict``) as SQLAlchemy
    rows, read about 15 times faster (a report reads each verdict's a few dozen times)."""
    make = _record_type(tuple(result.keys()))._make
    return [make(row) for row in result]


@dataclass(frozen=True)
class PairClaim:
    """What :meth:`Registry.claim_pairs` did with the pairs it was given."""

    claimed: list[tuple[int, str]]
    done: set[tuple[int, str]]
    busy: set[tuple[int, str]]


class Registry:
    """The claimtrack database. Open one with :meth:`Registry.open`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Registry:
        """Open (and migrate) the registry at ``url``; see :func:`claimtrack.registry.db.resolve_url`."""
        resolved = db.resolve_url(url)
        return cls(db.open_engine(resolved, migrate=migrate), resolved)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sa.exc.OperationalError as exc:
                session.rollback()
                raise RegistryError(db.describe_db_error(self.url, exc)) from None
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A connection in one read-only transaction, for reads streamed over many statements.

        One snapshot throughout (PostgreSQL: its server-side cursors live in it). On SQLite
        the transaction is deferred, so in WAL mode it keeps no writer waiting.
        """
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{db.READ_ONLY: True})
                with conn.begin():
                    yield conn
        except sa.exc.OperationalError as exc:
            raise RegistryError(db.describe_db_error(self.url, exc)) from None

    # -- writing -------------------------------------------------------------------------

    @staticmethod
    def lock_claim_matching(session: Session) -> None:
        """Take the claim-matching lock for the rest of ``session``'s transaction.

        Every writer that looks for an existing claim (same fingerprint or a fuzzy match)
        and inserts one if none is found takes it first, so concurrent writers cannot both
        miss the other's new claim. The unique fingerprint index backs this up.
        """
        db.advisory_xact_lock(session.connection(), db.CLAIM_MATCH_LOCK)

    @staticmethod
    def redate_article(session: Session, article: Article, document: Document) -> bool:
        """Give a stored ``article`` the date given with ``document`` (``--published``).

        Only a date the user gave replaces a stored one; a detected date never does.
        Returns whether the stored date or its source changed. The caller owns the transaction.
        """
        if document.published is None or document.published_source != "given":
            return False
        stored = _aware(article.published) if article.published is not None else None
        if stored == document.published and article.published_source == "given":
            return False
        article.published = document.published
        article.published_source = "given"
        session.add(article)
        return True

    @staticmethod
    def add_article(session: Session, document: Document) -> tuple[int, bool]:
        """The id of the article with ``document``'s content, inserted unless it exists.

        Returns the id and whether it was created (no ORM object: ``claimtrack add`` stores
        many articles). The caller owns the transaction.
        """
        conn = session.connection()
        digest = document.content_hash
        found = _driver_sql(conn, "SELECT id FROM article WHERE content_hash = ?", (digest,))
        if found:
            return int(found[0][0]), False
        published = document.published
        inserted = _driver_sql(
            conn,
            _INSERT_ARTICLE,
            (
                document.source,
                document.title,
                document.site,
                document.author,
                None if published is None else _stamp(conn, published),
                document.published_source if published else None,
                _stamp(conn, utcnow()),
                digest,
                document.text,
            ),
        )
        return int(inserted[0][0]), True

    @staticmethod
    def claim_ids_by_fingerprint(session: Session, fingerprints: Collection[str]) -> dict[str, int]:
        """The ids of the stored claims with any of ``fingerprints``, by fingerprint (one query)."""
        if not fingerprints:
            return {}
        conn = session.connection()
        rows = _driver_sql(
            conn,
            f"SELECT fingerprint, id FROM claim WHERE fingerprint {_in_list(conn)}",
            (_list_param(conn, sorted(set(fingerprints))),),
        )
        return {str(fp): int(claim_id) for fp, claim_id in rows}

    @staticmethod
    def insert_claims(session: Session, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """Insert new claims (dicts with ``text``, ``fingerprint``, ``kind``, ``score`` and
        ``values``), status ``open``, in one batch; returns fingerprint -> id.

        One executemany and one lookup of the new ids, without ORM objects: a dense 10 MB
        article has 100,000 claims.
        """
        if not rows:
            return {}
        conn = session.connection()
        now = _stamp(conn, utcnow())
        _driver_sql(
            conn,
            _INSERT_CLAIM,
            [
                (
                    row["text"],
                    row["fingerprint"],
                    row.get("kind") or "other",
                    float(row.get("score") or 0.0),
                    json.dumps(row.get("values") or {}),
                    now,
                    now,
                )
                for row in rows
            ],
        )
        return Registry.claim_ids_by_fingerprint(session, [row["fingerprint"] for row in rows])

    @staticmethod
    def insert_mentions(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert mentions (dicts of :class:`Mention` columns) in one executemany."""
        if rows:
            _driver_sql(
                session.connection(),
                _INSERT_MENTION,
                [
                    (
                        row["claim_id"],
                        row["article_id"],
                        row["sentence"],
                        row["start"],
                        row["end"],
                        row.get("speaker"),
                    )
                    for row in rows
                ],
            )

    @staticmethod
    def touch_claims(session: Session, claim_ids: Collection[int]) -> None:
        """Record that the claims ``claim_ids`` changed (new mentions), in one UPDATE."""
        if not claim_ids:
            return
        conn = session.connection()
        _driver_sql(
            conn,
            f"UPDATE claim SET updated_at = ? WHERE id {_in_list(conn, 'bigint')}",
            (_stamp(conn, utcnow()), _list_param(conn, sorted(set(claim_ids)))),
        )

    @staticmethod
    def touch_claim(session: Session, claim: Claim) -> None:
        """Record that ``claim`` changed (a new mention, review or value) in ``session``."""
        claim.updated_at = utcnow()
        session.add(claim)

    def bulk_insert_claims(self, rows: Iterable[Mapping[str, Any]], *, batch: int = 10_000) -> int:
        """Insert claims in large batches (imports, benchmarks); each batch is one transaction.

        Each row has ``text``, ``fingerprint`` and optionally ``kind``, ``score``, ``values``
        and ``status``. A row whose fingerprint is already stored is skipped (fingerprints
        are unique). Returns the number of rows given.
        """
        now = utcnow()
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if self.dialect == "sqlite" else now
        done = 0
        pending: list[tuple[Any, ...]] = []

        def flush() -> None:
            if not pending:
                return
            with self.engine.begin() as conn:
                if self.dialect == "sqlite":
                    # The driver's executemany is twice as fast as SQLAlchemy's for plain rows.
                    conn.exec_driver_sql(_BULK_CLAIM_SQL.replace("%s", "?"), pending)
                else:
                    conn.exec_driver_sql(_BULK_CLAIM_SQL, pending)
            pending.clear()

        for row in rows:
            pending.append(
                (
                    row["text"],
                    row["fingerprint"],
                    row.get("kind", "other"),
                    float(row.get("score", 0.0)),
                    json.dumps(row.get("values") or {}),
                    row.get("status", "open"),
                    stamp,
                    stamp,
                )
            )
            done += 1
            if len(pending) >= batch:
                flush()
        flush()
        return done

    # -- bulk import (claimtrack.services.importing): one batch, set-based ----------------

    @staticmethod
    def stored_mentions(session: Session, sources: Collection[str]) -> set[tuple[str, str]]:
        """``(article source, mention sentence)`` of every mention in articles from ``sources``."""
        conn = session.connection()
        rows = _driver_sql(
            conn,
            "SELECT article.source, mention.sentence FROM article "
            f"JOIN mention ON mention.article_id = article.id WHERE article.source {_in_list(conn)}",
            (_list_param(conn, sorted(set(sources))),),
        )
        return {(source, sentence) for source, sentence in rows}

    def sql_time(self, moment: datetime) -> datetime | str:
        """``moment`` as :meth:`insert_tuples` passes it: SQLite stores text, as SQLAlchemy does."""
        return moment.strftime(_SQLITE_TIME) if self.dialect == "sqlite" else moment

    @staticmethod
    def insert_tuples(
        session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert ``rows`` (tuples in ``columns`` order) into ``table`` in one driver executemany.

        Times come from :meth:`sql_time`, JSON as text. The driver's executemany is several
        times faster than SQLAlchemy's per-row parameter processing for imported batches.
        """
        if not rows:
            return
        conn = session.connection()
        quote = conn.dialect.identifier_preparer.quote
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        conn.exec_driver_sql(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([mark] * len(columns))})",
            list(rows),
        )

    @staticmethod
    def ids_of(session: Session, column: Any, keys: Collection[str]) -> dict[str, int]:
        """``key -> id`` of the rows whose unique ``column`` (``Article.content_hash``,
        ``Claim.fingerprint``) is one of ``keys``."""
        conn = session.connection()
        rows = _driver_sql(
            conn,
            f"SELECT {column.key}, id FROM {column.class_.__tablename__} "
            f"WHERE {column.key} {_in_list(conn)}",
            (_list_param(conn, sorted(set(keys))),),
        )
        return {key: row_id for key, row_id in rows}

    @staticmethod
    def lock_claims_by_fingerprint(
        session: Session, fingerprints: Collection[str]
    ) -> dict[str, Claim]:
        """The stored claims with any of ``fingerprints``, by fingerprint, each row locked as
        by :meth:`lock_claim` and read after the lock: a review in progress on one of them is
        waited for, then seen."""
        found: dict[str, Claim] = {}
        ordered = sorted(set(fingerprints))
        for i in range(0, len(ordered), _IN_BATCH):
            stmt = (
                select(Claim)
                .where(col(Claim.fingerprint).in_(ordered[i : i + _IN_BATCH]))
                .order_by(col(Claim.id))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            found.update((row.fingerprint, row) for row in session.exec(stmt))
        return found

    @staticmethod
    def reviews_of(session: Session, claim_ids: Collection[int]) -> dict[int, list[Review]]:
        """The reviews of each of ``claim_ids`` as ``session`` sees them."""
        found: dict[int, list[Review]] = {}
        ordered = sorted(set(claim_ids))
        for i in range(0, len(ordered), _IN_BATCH):
            stmt = select(Review).where(col(Review.claim_id).in_(ordered[i : i + _IN_BATCH]))
            for review in session.exec(stmt):
                found.setdefault(review.claim_id, []).append(review)
        return found

    def term_docs(self, session: Session, terms: Collection[str]) -> dict[str, int] | None:
        """On SQLite, how many claims have each of ``terms`` (terms no claim has are left out).

        One vocabulary lookup for a whole article instead of one per sentence; ``None`` on
        PostgreSQL, which does not need it.
        """
        if self.dialect != "sqlite":
            return None
        if not terms:
            return {}
        conn = session.connection()
        rows = _driver_sql(
            conn,
            f"SELECT term, doc FROM claim_fts_vocab WHERE term {_in_list(conn)}",
            (_list_param(conn, sorted(set(terms))),),
        )
        return {str(term): int(doc) for term, doc in rows}

    def candidates(
        self,
        session: Session,
        terms: Sequence[str],
        years: Collection[str] = (),
        *,
        limit: int = 20,
        docs: Mapping[str, int] | None = None,
    ) -> list[tuple[int, str]]:
        """``(id, text)`` of the claims that best match any of ``terms`` and have every year in ``years``.

        One query of :meth:`candidates_for`.
        """
        return self.candidates_for(session, [(terms, years)], limit=limit, docs=docs)[0]

    def candidates_for(
        self,
        session: Session,
        queries: Sequence[tuple[Sequence[str], Collection[str]]],
        *,
        limit: int = 20,
        docs: Mapping[str, int] | None = None,
    ) -> list[list[tuple[int, str]]]:
        """For each ``(terms, years)`` of ``queries``, the ``(id, text)`` of the best ``limit``
        claims that match any of ``terms`` and have every year in ``years``, best first.

        One set-based query for all of them (an article's sentences). FTS5's bm25 rank on
        SQLite, ``ts_rank`` on PostgreSQL; terms are matched as words. ``docs`` (SQLite) are
        the claim counts of the terms, from :meth:`term_docs`; without them they are read.
        """
        found: list[list[tuple[int, str]]] = [[] for _ in queries]
        if self.dialect == "sqlite":
            if docs is None:
                docs = self.term_docs(session, {t for terms, _ in queries for t in terms}) or {}
            matches: list[tuple[int, str]] = []
            for index, (terms, years) in enumerate(queries):
                # Only the rarest terms that any claim has: ranking the claims that share a
                # common word would score a large part of the table for every new sentence.
                rare = sorted((t for t in terms if t in docs), key=lambda t: (docs[t], t))
                if not rare:
                    continue  # no claim has any of these words
                match = (
                    "("
                    + " OR ".join('"' + t.replace('"', '""') + '"' for t in rare[:_RARE_TERMS])
                    + ")"
                )
                if years:
                    # A claim with other years never matches (see same_claim): require them.
                    match = " AND ".join([*(f'"{y}"' for y in sorted(years)), match])
                matches.append((index, match))
            if not matches:
                return found
            rows = _driver_rows(
                session.connection(), _SQLITE_CANDIDATES, (json.dumps(matches), limit)
            )
        else:
            wanted = [(i, " ".join(terms)) for i, (terms, _) in enumerate(queries) if terms]
            if not wanted:
                return found
            rows = _driver_rows(
                session.connection(),
                _PG_CANDIDATES,
                ([i for i, _ in wanted], [w for _, w in wanted], limit),
            )
        for index, claim_id, text in rows:
            found[int(index)].append((int(claim_id), str(text)))
        return found

    def articles(self, *, limit: int | None = None) -> list[tuple[Article, int]]:
        """Articles, newest first, with their number of claim mentions."""
        with self.session() as session:
            counts = (
                select(Mention.article_id, func.count().label("n"))
                .group_by(col(Mention.article_id))
                .subquery()
            )
            stmt = (
                select(Article, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.article_id == Article.id)
                .order_by(col(Article.id).desc())
            )
            if limit:
                stmt = stmt.limit(limit)
            return [(a, int(n)) for a, n in session.exec(stmt)]

    def article(self, article_id: int) -> Article | None:
        with self.session() as session:
            return session.get(Article, article_id)

    def claims(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims matching every filter given, in id order, as :class:`Claim` objects
        (detached, as a closed session leaves them).

        The statement is :mod:`claimtrack.registry.claim_list`'s, as for :meth:`claim_pages`.
        """
        spec = claim_list.ClaimFilter(article_id, kind, status, search)
        if spec.matches_nothing:
            return []
        sql, params = claim_list.select_sql(self.dialect, spec, limit, offset)
        with self.reading() as conn:
            rows = conn.exec_driver_sql(sql, tuple(params)).all()
        read = claim_list.row_reader(self.dialect)
        claims = []
        for row in rows:
            claim = Claim(**read(row)._asdict())
            make_transient_to_detached(claim)
            claims.append(claim)
        return claims

    def _claim_query(
        self,
        columns: Sequence[Any],
        *,
        article_id: int | None = None,
        claim_ids: Sequence[int] | None = None,
    ) -> Any:
        """``SELECT columns`` of the claims of one article, or among ``claim_ids`` (all
        without either), for :meth:`claim_record_batches`. Id order is left to the caller.
        (Listing by kind, status or text is :mod:`claimtrack.registry.claim_list`'s.)"""
        claim_t = Claim.__table__  # type: ignore[attr-defined]
        mention_t = Mention.__table__  # type: ignore[attr-defined]
        stmt = sa.select(*columns).select_from(claim_t)
        if article_id is not None:
            stmt = stmt.where(
                claim_t.c.id.in_(
                    sa.select(mention_t.c.claim_id).where(mention_t.c.article_id == article_id)
                )
            )
        if claim_ids is not None:
            stmt = stmt.where(
                claim_t.c.id.in_(sa.bindparam("ids", list(claim_ids), expanding=True))
            )
        return stmt

    def count_claims(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> int:
        """How many claims match every filter given (see :meth:`claim_pages`)."""
        spec = claim_list.ClaimFilter(article_id, kind, status, search)
        if spec.matches_nothing:
            return 0
        sql, params = claim_list.count_sql(self.dialect, spec)
        with self.reading() as conn:
            return int(conn.exec_driver_sql(sql, tuple(params)).scalar_one())

    def claim_pages(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        batch: int = STREAM_BATCH,
    ) -> Iterator[ClaimPage]:
        """Claims matching every filter given, in id order, streamed: pages of at most
        ``batch`` plain rows (:class:`~claimtrack.registry.claim_list.ClaimRow`) with their
        speakers.

        One query read through a server-side cursor on PostgreSQL (SQLite's cursor is
        already lazy), in one read transaction: memory stays flat whatever the count. The
        statements are :mod:`claimtrack.registry.claim_list`'s, which read commands also run
        on SQLite without SQLAlchemy (:mod:`claimtrack.registry.lite`).
        """
        spec = claim_list.ClaimFilter(article_id, kind, status, search)
        if spec.matches_nothing:
            return
        sql, params = claim_list.select_sql(self.dialect, spec, limit)
        with self.reading() as conn:
            result = conn.execution_options(stream_results=True).exec_driver_sql(sql, tuple(params))

            def fetch(sql: str, params: list[Any]) -> Any:
                return conn.exec_driver_sql(sql, tuple(params))

            yield from claim_list.claim_pages(self.dialect, result.partitions(batch), fetch)

    def report_batches(
        self,
        *,
        article_id: int | None = None,
        claim_ids: Sequence[int] | None = None,
        batch: int = STREAM_BATCH,
    ) -> Iterator[report_records.ReportBatch]:
        """What a report shows, streamed: every claim (of one article, or among
        ``claim_ids``) in id order, ``batch`` at a time, with each verifier's latest
        verdicts, the reviews and the first speakers of each batch's claims.

        One query through a server-side cursor on PostgreSQL, in one read transaction, and
        one query per table and batch. The statements are
        :mod:`claimtrack.registry.report_records`'s, which ``claimtrack report`` also runs
        on SQLite without SQLAlchemy (:mod:`claimtrack.registry.lite`).
        """
        spec = claim_list.ClaimFilter(
            article_id, claim_ids=None if claim_ids is None else tuple(claim_ids)
        )
        sql, params = claim_list.select_sql(self.dialect, spec)
        with self.reading() as conn:
            result = conn.execution_options(stream_results=True).exec_driver_sql(sql, tuple(params))

            def fetch(sql: str, params: list[Any]) -> Any:
                return conn.exec_driver_sql(sql, tuple(params))

            yield from report_records.report_batches(
                self.dialect, spec, result.partitions(batch), fetch
            )

    def claim_record_batches(
        self,
        *,
        article_id: int | None = None,
        claim_ids: Sequence[int] | None = None,
        articles: bool = True,
        speakers_only: bool = False,
        batch: int = STREAM_BATCH,
    ) -> Iterator[ClaimRecords]:
        """:meth:`claim_records` streamed: every claim (of one article, or among
        ``claim_ids``) in id order, ``batch`` at a time, each batch with its mentions, each
        verifier's latest verdicts (in id order), reviews and, with ``articles``, the
        articles of its mentions.

        The claims are one query through a server-side cursor on PostgreSQL, in one read
        transaction; each batch's related rows are one query per table. Rows are named
        tuples (:func:`plain_rows`). ``speakers_only``: only the mentions with a speaker,
        and only their ``id``, ``claim_id`` and ``speaker``.
        """
        claim_t, mention_t = Claim.__table__, Mention.__table__  # type: ignore[attr-defined]
        verdict_t, review_t = VerdictRow.__table__, Review.__table__  # type: ignore[attr-defined]
        article_t = Article.__table__  # type: ignore[attr-defined]
        stmt = self._claim_query([claim_t], article_id=article_id, claim_ids=claim_ids)
        stmt = stmt.order_by(claim_t.c.id)
        ids_param: sa.BindParameter[Any] = sa.bindparam("batch_ids", expanding=True)
        # Every claim, read in id order: a batch holds every claim between its first and
        # last id, so its rows are a range (an IN list of 1,000 ids costs more to build).
        whole = article_id is None and claim_ids is None

        def of_batch(column: Any) -> Any:
            if whole:
                return column.between(sa.bindparam("first_id"), sa.bindparam("last_id"))
            return column.in_(ids_param)

        mentions = (
            sa.select(mention_t.c.id, mention_t.c.claim_id, mention_t.c.speaker).where(
                mention_t.c.speaker.is_not(None)
            )
            if speakers_only
            else sa.select(mention_t)
        )
        mentions = mentions.where(of_batch(mention_t.c.claim_id)).order_by(mention_t.c.id)
        verdicts = (
            sa.select(verdict_t).where(of_batch(verdict_t.c.claim_id)).order_by(verdict_t.c.id)
        )
        reviews = sa.select(review_t).where(of_batch(review_t.c.claim_id)).order_by(review_t.c.id)
        with self.reading() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
            make = _record_type(tuple(result.keys()))._make
            for rows in result.partitions():
                records = ClaimRecords(claims=[make(row) for row in rows])
                ids = [c.id for c in records.claims]
                params: dict[str, Any] = (
                    {"first_id": ids[0], "last_id": ids[-1]} if whole else {"batch_ids": ids}
                )
                records.mentions = plain_rows(conn.execute(mentions, params))
                records.verdicts = latest_calls(plain_rows(conn.execute(verdicts, params)))
                records.reviews = plain_rows(conn.execute(reviews, params))
                if articles:
                    article_ids = sorted({m.article_id for m in records.mentions})
                    records.articles.update(
                        (a.id, a)
                        for a in plain_rows(
                            conn.execute(
                                sa.select(article_t).where(article_t.c.id.in_(ids_param)),
                                {"batch_ids": article_ids},
                            )
                        )
                    )
                yield records

    def claim_records(self, *, article_id: int | None = None) -> ClaimRecords:
        """Every claim (or those mentioned in one article) with its mentions, each verifier's
        latest verdict, its reviews and the articles of its mentions, in id order.

        Read as plain rows (attribute access, no ORM objects), a few queries per 1,000
        claims; :meth:`claim_record_batches` streams the same at flat memory.
        """
        records = ClaimRecords()
        for part in self.claim_record_batches(article_id=article_id):
            records.claims.extend(part.claims)
            records.mentions.extend(part.mentions)
            records.verdicts.extend(
                sorted(part.verdicts, key=lambda v: (v.claim_id, v.verifier, v.part))
            )
            records.reviews.extend(part.reviews)
            records.articles.update(part.articles)
        return records

    def claim(self, claim_id: int) -> Claim | None:
        with self.session() as session:
            return session.get(Claim, claim_id)

    def mentions(self, claim_id: int) -> list[tuple[Mention, Article]]:
        """Where a claim appears: each mention with its article, oldest first."""
        with self.session() as session:
            stmt = (
                select(Mention, Article)
                .join(Article, col(Article.id) == Mention.article_id)
                .where(Mention.claim_id == claim_id)
                .order_by(col(Mention.id))
            )
            return list(session.exec(stmt).all())

    def speakers(self, claim_ids: Sequence[int | None]) -> dict[int, str]:
        """The first recorded speaker of each quoted claim among ``claim_ids``."""
        ids = [i for i in claim_ids if i is not None]
        if not ids:
            return {}
        with self.session() as session:
            stmt = (
                select(Mention.claim_id, Mention.speaker)
                .where(col(Mention.claim_id).in_(ids), col(Mention.speaker).is_not(None))
                .order_by(col(Mention.id))
            )
            found: dict[int, str] = {}
            for claim_id, speaker in session.exec(stmt):
                if speaker:
                    found.setdefault(claim_id, speaker)
            return found

    def counts(self) -> dict[str, int]:
        """Row counts per table, for tests and ``claimtrack db info``."""
        with self.session() as session:
            return {
                model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
                for model in TABLES
            }

    # -- reviews, verdicts and earlier fact-checks (review app and exports) -----------------

    @staticmethod
    def lock_claim(session: Session, claim_id: int) -> Claim | None:
        """The claim, its row locked for the rest of ``session``'s transaction (None if absent).

        ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite transactions already start
        ``IMMEDIATE``. Writers that re-derive a claim from its rows (reviews) take it first.
        """
        return session.exec(select(Claim).where(Claim.id == claim_id).with_for_update()).first()

    @staticmethod
    def insert_review(session: Session, review: Review) -> Review:
        """Add ``review`` in ``session`` and flush it, so that it has its id."""
        session.add(review)
        session.flush()
        return review

    @staticmethod
    def reviews_in(session: Session, claim_id: int) -> list[Review]:
        """A claim's reviews as ``session`` sees them (its own new ones too)."""
        return list(session.exec(select(Review).where(Review.claim_id == claim_id)))

    def reviews(self, claim_id: int) -> list[Review]:
        """A claim's reviews, oldest first: its audit trail."""
        with self.session() as session:
            stmt = select(Review).where(Review.claim_id == claim_id).order_by(col(Review.id))
            return list(session.exec(stmt))

    def verdicts(self, claim_id: int, *, latest_only: bool = True) -> list[VerdictRow]:
        """A claim's verdicts: with ``latest_only`` each verifier's latest call's (by name,
        then part), else all, newest first."""
        if latest_only:
            return sorted(
                self.verdicts_for([claim_id]).get(claim_id, []),
                key=lambda v: (v.verifier, v.part),
            )
        with self.session() as session:
            stmt = (
                select(VerdictRow)
                .where(VerdictRow.claim_id == claim_id)
                .order_by(col(VerdictRow.id).desc())
            )
            return list(session.exec(stmt))

    def fact_checked_claims(self) -> list[Claim]:
        """Claims carrying imported fact-checks (``values["claimreview"]``), in one query."""
        if self.dialect == "sqlite":
            has = sa.text("json_extract(claim.\"values\", '$.claimreview') IS NOT NULL")
        else:
            has = sa.text("json_extract_path(claim.\"values\", 'claimreview') IS NOT NULL")
        with self.session() as session:
            return list(session.exec(select(Claim).where(has)))

    # -- verification (claimtrack.verification.engine) --------------------------------------

    def start_run(self, options: dict[str, object], *, lease_seconds: float = LEASE_SECONDS) -> int:
        """Record the start of a verification run by this process; returns its id.

        The run holds its leases until ``lease_seconds`` from now unless
        :meth:`heartbeat` extends them.
        """
        now = utcnow()
        with self.session() as session:
            run = VerificationRun(
                options=dict(options),
                started_at=now,
                heartbeat_at=now,
                expires_at=now + timedelta(seconds=lease_seconds),
                host=_HOST,
                pid=os.getpid(),
            )
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def heartbeat(self, run_id: int, *, lease_seconds: float = LEASE_SECONDS) -> bool:
        """Extend a running run's lease; False if the run is no longer ``running``.

        A run found abandoned (it missed its heartbeats) must not take more pairs: other
        runs may have taken over the ones it held.
        """
        now = utcnow()
        with self.engine.begin() as conn:
            updated = conn.execute(
                sa.update(VerificationRun)
                .where(col(VerificationRun.id) == run_id, col(VerificationRun.status) == "running")
                .values(heartbeat_at=now, expires_at=now + timedelta(seconds=lease_seconds))
            ).rowcount
        return bool(updated)

    def finish_run(self, run_id: int, status: str = "finished") -> None:
        """Mark a verification run finished (or ``interrupted``/``failed``) and drop its leases."""
        with self.session() as session:
            run = session.get(VerificationRun, run_id)
            if run is not None:
                run.status = status
                run.finished_at = utcnow()
                session.add(run)
            session.execute(
                sa.delete(VerificationLease).where(col(VerificationLease.run_id) == run_id)
            )

    def reap_stale_runs(self) -> list[int]:
        """Mark ``running`` runs whose process is gone as ``abandoned``; returns their ids.

        A run is gone when its lease expired (no heartbeat in time; runs recorded before
        heartbeats existed have none) or when it ran on this host and its process no
        longer exists. Their leases are released, so other runs can do those pairs.
        """
        with self.session() as session:
            return self._reap_stale_runs(session)

    def _reap_stale_runs(self, session: Session) -> list[int]:
        now = utcnow()
        running = session.exec(
            select(
                VerificationRun.id,
                VerificationRun.expires_at,
                VerificationRun.host,
                VerificationRun.pid,
            ).where(VerificationRun.status == "running")
        ).all()
        stale = [
            run_id
            for run_id, expires, host, pid in running
            if run_id is not None
            and (
                expires is None
                or _aware(expires) < now
                or (host == _HOST and pid is not None and not _alive(pid))
            )
        ]
        if stale:
            session.execute(
                sa.update(VerificationRun)
                .where(col(VerificationRun.id).in_(stale), col(VerificationRun.status) == "running")
                .values(
                    status="abandoned",
                    finished_at=sa.func.coalesce(
                        col(VerificationRun.heartbeat_at), col(VerificationRun.started_at)
                    ),
                )
            )
            session.execute(
                sa.delete(VerificationLease).where(col(VerificationLease.run_id).in_(stale))
            )
        return stale

    def claim_pairs(
        self,
        run_id: int,
        pairs: Sequence[tuple[int, str]],
        *,
        since: datetime | None = None,
        include_errors: bool = True,
        fresh_since: datetime | None = None,
    ) -> PairClaim:
        """Lease those of ``pairs`` (claim id, verifier) that no other run has done or is doing.

        One transaction under the verification lock (``pg_advisory_xact_lock`` on PostgreSQL,
        ``BEGIN IMMEDIATE`` on SQLite), so concurrent runs never lease the same pair. First
        runs whose process is gone are marked abandoned and their leases released. A pair is
        *done* when it has a verdict that counts (``since``/``include_errors`` as in
        :meth:`verified_pairs`) or any verdict made since ``fresh_since`` (the caller's start:
        another run did it meanwhile), and *busy* when another running run holds it.
        """
        wanted = list(dict.fromkeys(pairs))
        if not wanted:
            return PairClaim([], set(), set())
        now = utcnow()
        with self.session() as session:
            db.advisory_xact_lock(session.connection(), db.VERIFY_CLAIM_LOCK)
            self._reap_stale_runs(session)
            ids = sorted({c for c, _ in wanted})
            names = sorted({v for _, v in wanted})
            done = self._verified(session, ids, names, since=since, include_errors=include_errors)
            if fresh_since is not None:
                done |= self._verified(session, ids, names, since=fresh_since, include_errors=True)
            held: dict[tuple[int, str], int] = {}
            for lo in range(0, len(ids), 900):
                stmt = select(
                    VerificationLease.claim_id, VerificationLease.verifier, VerificationLease.run_id
                ).where(
                    col(VerificationLease.claim_id).in_(ids[lo : lo + 900]),
                    col(VerificationLease.verifier).in_(names),
                )
                held.update({(int(c), str(v)): int(r) for c, v, r in session.exec(stmt)})
            # Leases of runs that ended were deleted with them (finish_run, _reap_stale_runs).
            busy = {p for p in wanted if p not in done and held.get(p, run_id) != run_id}
            claimed = [p for p in wanted if p not in done and p not in busy]
            new = [p for p in claimed if p not in held]
            if new:
                session.execute(
                    sa.insert(VerificationLease),
                    [
                        {"claim_id": c, "verifier": v, "run_id": run_id, "claimed_at": now}
                        for c, v in new
                    ],
                )
            return PairClaim(claimed, done & set(wanted), busy)

    def add_verdict(self, row: Mapping[str, object]) -> bool:
        """Store one verdict in its own transaction (:meth:`add_verdicts` of one row)."""
        return self.add_verdicts([row])

    def add_verdicts(self, rows: Sequence[Mapping[str, object]]) -> bool:
        """Store the verdicts of one verifier call in one transaction, as soon as they are known.

        Each row has the columns of :class:`claimtrack.models.VerdictRow` (``run_id``,
        ``claim_id``, ``verifier``, ``part``, ``label``…); ``part`` is ``""`` (the whole
        claim) when left out. A core INSERT keeps this cheap: the engine calls it once per
        claim × verifier. Returns False (and stores nothing) when the claim was deleted
        meanwhile, or a row repeats a (run, claim, verifier, part).
        """
        if not rows:
            return True
        now = utcnow()
        values = [
            {
                "created_at": now,
                "verifier_version": "",
                "summary": "",
                "evidence": [],
                "part": "",
                **row,
            }
            for row in rows
        ]
        for value in values:
            value["part"] = value["part"] or ""
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(VerdictRow.__table__), values)  # type: ignore[attr-defined]
        except sa.exc.IntegrityError:
            return False
        except sa.exc.OperationalError as exc:
            raise RegistryError(db.describe_db_error(self.url, exc)) from None
        return True

    def add_verdict_calls(self, calls: Sequence[Sequence[Mapping[str, object]]]) -> int:
        """Store the verdicts of several verifier calls in one transaction (the engine's
        writer, for what queued while it wrote the last ones); like :meth:`add_verdicts`
        for each call. When that fails (a claim deleted meanwhile), each call is stored on
        its own, so one call's verdicts are still all stored or none. Returns how many
        calls were stored.
        """
        calls = [call for call in calls if call]
        if len(calls) <= 1:
            return sum(int(self.add_verdicts(call)) for call in calls)
        now = utcnow()
        defaults = {"created_at": now, "verifier_version": "", "summary": "", "evidence": []}
        values = [
            {**defaults, **row, "part": row.get("part") or ""} for call in calls for row in call
        ]
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(VerdictRow.__table__), values)  # type: ignore[attr-defined]
        except sa.exc.IntegrityError:
            return sum(int(self.add_verdicts(call)) for call in calls)
        except sa.exc.OperationalError as exc:
            raise RegistryError(db.describe_db_error(self.url, exc)) from None
        return len(calls)

    def verified_pairs(
        self,
        claim_ids: Sequence[int],
        verifiers: Sequence[str],
        *,
        since: object | None = None,
        include_errors: bool = True,
    ) -> set[tuple[int, str]]:
        """The (claim id, verifier) pairs that already have a verdict.

        :param since: only verdicts created at or after this datetime count (``--stale``).
        :param include_errors: False leaves pairs whose only verdicts are errors out, so
            they are tried again: ``error`` verdicts and verdicts with an ``error`` (an
            ``unverifiable`` because the source failed).
        """
        if not claim_ids or not verifiers:
            return set()
        with self.session() as session:
            return self._verified(
                session,
                list(claim_ids),
                list(verifiers),
                since=since,
                include_errors=include_errors,
            )

    @staticmethod
    def _verified(
        session: Session,
        ids: Sequence[int],
        verifiers: Sequence[str],
        *,
        since: object | None,
        include_errors: bool,
    ) -> set[tuple[int, str]]:
        found: set[tuple[int, str]] = set()
        for lo in range(0, len(ids), 900):
            stmt = select(VerdictRow.claim_id, VerdictRow.verifier).where(
                col(VerdictRow.claim_id).in_(ids[lo : lo + 900]),
                col(VerdictRow.verifier).in_(list(verifiers)),
            )
            if since is not None:
                stmt = stmt.where(col(VerdictRow.created_at) >= since)
            if not include_errors:
                stmt = stmt.where(VerdictRow.label != "error", col(VerdictRow.error).is_(None))
            found.update((int(c), str(v)) for c, v in session.exec(stmt.distinct()))
        return found

    def verification_targets(
        self, *, claim_ids: Sequence[int] | None = None, article_id: int | None = None
    ) -> list[tuple[Claim, Mention | None, Article | None]]:
        """Claims to verify with their first mention and its article (None if orphaned).

        With neither argument: every claim. ``article_id`` selects the claims mentioned in
        that article, and that article is the one returned for them.
        """
        with self.session() as session:
            stmt = select(Claim)
            if claim_ids is not None:
                stmt = stmt.where(col(Claim.id).in_(list(claim_ids)))
            if article_id is not None:
                stmt = stmt.where(
                    col(Claim.id).in_(
                        select(Mention.claim_id).where(Mention.article_id == article_id)
                    )
                )
            claims = list(session.exec(stmt.order_by(col(Claim.id))))
            if not claims:
                return []
            first: dict[int, Mention] = {}
            mstmt = select(Mention).order_by(col(Mention.id))
            if article_id is not None:
                mstmt = mstmt.where(Mention.article_id == article_id)
            wanted = {c.id for c in claims}
            if len(wanted) <= 900:
                mstmt = mstmt.where(col(Mention.claim_id).in_(list(wanted)))
            for mention in session.exec(mstmt):
                if mention.claim_id in wanted:
                    first.setdefault(mention.claim_id, mention)
            article_ids = {m.article_id for m in first.values()}
            articles = (
                {
                    a.id: a
                    for a in session.exec(
                        select(Article).where(col(Article.id).in_(list(article_ids)))
                    )
                }
                if article_ids
                else {}
            )
            out: list[tuple[Claim, Mention | None, Article | None]] = []
            for claim in claims:
                found = first.get(claim.id) if claim.id is not None else None
                out.append((claim, found, articles.get(found.article_id) if found else None))
            return out

    def verdicts_for(self, claim_ids: Sequence[int]) -> dict[int, list[VerdictRow]]:
        """Every verifier's latest verdicts on each claim (:func:`~claimtrack.models.latest_calls`:
        those its latest call stored, one per part it named), oldest first."""
        ids = list(claim_ids)
        out: dict[int, list[VerdictRow]] = {}
        with self.session() as session:
            for lo in range(0, len(ids), 900):
                stmt = (
                    select(VerdictRow)
                    .where(col(VerdictRow.claim_id).in_(ids[lo : lo + 900]))
                    .order_by(col(VerdictRow.id))
                )
                for verdict in latest_calls(session.exec(stmt)):
                    out.setdefault(verdict.claim_id, []).append(verdict)
        return out

    def runs(self, *, limit: int = 20) -> list[VerificationRun]:
        """Verification runs, newest first."""
        with self.session() as session:
            return list(
                session.exec(
                    select(VerificationRun).order_by(col(VerificationRun.id).desc()).limit(limit)
                )
            )

    def run_statuses(self) -> dict[str, int]:
        """How many verification runs have each status (``running``, ``finished``, ``abandoned``…)."""
        with self.session() as session:
            stmt = select(VerificationRun.status, func.count()).group_by(
                col(VerificationRun.status)
            )
            return {str(status): int(n) for status, n in session.exec(stmt)}

    def abandoned_runs(self, *, limit: int = 20) -> list[VerificationRun]:
        """Runs whose process died before they ended, newest first (see :meth:`reap_stale_runs`)."""
        with self.session() as session:
            stmt = (
                select(VerificationRun)
                .where(VerificationRun.status == "abandoned")
                .order_by(col(VerificationRun.id).desc())
                .limit(limit)
            )
            return list(session.exec(stmt))
