"""The registry's fact-checks: the ``fact_check`` table that ``claimtrack match`` searches.

``claimtrack import claimreview`` writes each parsed fact-check here
(:func:`add_fact_checks`), in the import's own transaction, so the table, its index and
the imported claims change together or not at all. Migration ``0008`` creates the table
and fills it from the claims imported before it.

- **SQLite**: the schema, upsert and first-stage query of :mod:`.index` unchanged: an
  FTS5 external-content index kept in step by triggers, ranked by FTS5 ``bm25()``. An
  import batch fills it for its new rows in one statement instead
  (:data:`FACT_CHECK_INDEX`, :mod:`claimtrack.registry.fts`).
- **PostgreSQL**: a ``search`` tsvector (``simple`` configuration) over the *Porter stems*
  of claim, title and claimant, which :func:`add_fact_checks` computes with the same
  stemmer as FTS5's ``porter`` tokenizer, with a GIN index. Candidates are preselected
  by ``ts_rank_cd`` (:data:`PG_PRESELECT` times as many as asked), then scored with
  FTS5's own ``bm25()`` formula, computed here from the stored token counts and the
  GIN-indexed document frequencies. Both databases thus give the re-ranker the same
  BM25 feature and the same calibrated score; only which candidates the first stage
  reaches can differ.

Every transaction that writes fact-checks increments the index's generation
(``fact_check_state``, :data:`~.index.BUMP_SQL`); document frequencies and the index's
size are cached in memory per database and generation (:class:`~.index.FrequencyCache`).
Stored "previously checked" results are searched again after every write (see
:mod:`claimtrack.services.match`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from claimtrack.importers.claimreview import FactCheck
from claimtrack.registry.fts import IndexFill
from claimtrack.retrieval.index import (
    AVERAGES_SQL,
    BM25_B,
    BUMP_SQL,
    COLUMNS,
    GENERATION_SQL,
    UPSERT_SQL,
    VOCAB_SQL,
    Candidate,
    FrequencyCache,
    IndexStats,
    bm25,
    fact_check_of,
    fact_check_row,
    first_stage,
    stats_of,
)
from claimtrack.retrieval.terms import fts_query, fts_words, stem, words

__all__ = [
    "BM25_B",
    "FACT_CHECK_INDEX",
    "PG_PRESELECT",
    "RegistryFactChecks",
    "add_fact_checks",
    "bm25",
]

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: On PostgreSQL, ``ts_rank_cd`` preselects this many times the candidates asked for.
PG_PRESELECT = 4

#: The PostgreSQL schema (migration ``0008``).
PG_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE fact_check (
    id BIGSERIAL PRIMARY KEY,
    claim TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    claimant TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    url TEXT UNIQUE,
    published TEXT,
    claim_date TEXT,
    stems TEXT NOT NULL DEFAULT '',
    ntokens INTEGER NOT NULL DEFAULT 0,
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', stems)) STORED
)""",
    "CREATE INDEX ix_fact_check_search ON fact_check USING gin (search)",
)
PG_DROP: tuple[str, ...] = ("DROP TABLE IF EXISTS fact_check",)
_PG_UPSERT = sa.text(
    f"""
    INSERT INTO fact_check ({", ".join(COLUMNS)}, stems, ntokens)
    VALUES ({", ".join(":" + c for c in COLUMNS)}, :stems, :ntokens)
    ON CONFLICT (url) DO UPDATE SET
        claim = excluded.claim, title = excluded.title, claimant = excluded.claimant,
        publisher = excluded.publisher, rating = excluded.rating, label = excluded.label,
        published = excluded.published, claim_date = excluded.claim_date,
        stems = excluded.stems, ntokens = excluded.ntokens
    """
)
_PG_CANDIDATES = sa.text(
    f"""
    SELECT id, {", ".join(COLUMNS)}, ntokens FROM fact_check
    WHERE search @@ to_tsquery('simple', :query)
    ORDER BY ts_rank_cd(search, to_tsquery('simple', :query)) DESC, id
    LIMIT :limit
    """
)
_PG_DOCS = sa.text(
    """
    SELECT t, (SELECT count(*) FROM fact_check WHERE search @@ to_tsquery('simple', t))
    FROM unnest(CAST(:terms AS text[])) AS t
    """
)


def _stems(*texts: str) -> list[list[str]]:
    return [[stem(w) for w in words(text)] for text in texts]


def add_fact_checks(
    connection: sa.Connection, fact_checks: Iterable[FactCheck], *, bump: bool = True
) -> int:
    """Store fact-checks in ``connection``'s transaction; one with a stored review URL
    replaces it. Returns how many were written (one without claim text is skipped).

    The index's generation is incremented in the same transaction (``bump=False`` only
    for migration ``0008``, which runs before the generation's table exists).
    """
    checks = [fc for fc in fact_checks if fc.claim and fc.claim.strip()]
    if not checks:
        return 0
    if bump:
        connection.exec_driver_sql(BUMP_SQL)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(UPSERT_SQL, _last_per_url(fact_check_row(fc) for fc in checks))
    else:
        _pg_upsert(connection, checks)
    return len(checks)


_URL = COLUMNS.index("url")
#: The index filled once per import transaction (:mod:`claimtrack.registry.fts`).
FACT_CHECK_INDEX = IndexFill(
    "fact_check_fts_insert", "fact_check", "fact_check_fts", ("claim", "title", "claimant")
)


def _last_per_url(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per review URL, as the upsert leaves it: at the place of its first row,
    with the values of its last. A URL is then inserted or updated once per statement,
    so no update meets a row inserted by the same write (which an index filled at the
    end of the transaction, :mod:`claimtrack.registry.fts`, has not indexed yet)."""
    last: dict[object, tuple[Any, ...]] = {}
    for n, row in enumerate(rows):
        last[row[_URL] if row[_URL] is not None else n] = row
    return list(last.values())


def _pg_upsert(connection: sa.Connection, checks: list[FactCheck]) -> None:
    rows = []
    for fc in checks:
        row: dict[str, str | int | None] = dict(zip(COLUMNS, fact_check_row(fc), strict=True))
        columns = _stems(fc.claim, fc.title or "", fc.claimant or "")
        row["stems"] = " ".join(t for column in columns for t in column)
        row["ntokens"] = sum(len(column) for column in columns)
        rows.append(row)
    connection.execute(_PG_UPSERT, rows)


#: Frequency caches by database URL (a :class:`RegistryFactChecks` lives for one search).
_CACHES: dict[str, FrequencyCache] = {}


class RegistryFactChecks:
    """The fact-checks of a registry database, as a :class:`~.index.FactCheckSource`.

    Reads through ``engine`` (one pooled connection per call); never writes. ``budget``:
    the SQLite first stage's row budget (:data:`~.index.ROW_BUDGET` when None; a small
    one lets tests reach the rare-term preselection with few fact-checks).
    """

    def __init__(self, engine: Engine, *, budget: int | None = None) -> None:
        self.engine = engine
        self.budget = budget
        self.dialect = engine.dialect.name
        self._cache = _CACHES.setdefault(str(engine.url), FrequencyCache())

    def close(self) -> None:
        """Nothing to release: the registry owns the engine."""

    def generation(self, conn: sa.Connection) -> int:
        """The index's generation (see :mod:`.index`)."""
        return int(conn.exec_driver_sql(GENERATION_SQL).scalar_one())

    def _current(self, conn: sa.Connection) -> FrequencyCache:
        return self._cache.at(self.generation(conn))

    def stats(self) -> IndexStats:
        """How many fact-checks there are and their average length (cached per generation)."""
        with self.engine.connect() as conn:
            return self._stats(conn)

    def _stats(self, conn: sa.Connection, cache: FrequencyCache | None = None) -> IndexStats:
        cache = cache or self._current(conn)
        if cache.stats is None:
            if self.dialect == "sqlite":
                cache.stats = stats_of(conn.exec_driver_sql(AVERAGES_SQL).scalar())
            else:
                documents, average = conn.execute(
                    sa.text("SELECT count(*), coalesce(avg(ntokens), 0) FROM fact_check")
                ).one()
                cache.stats = IndexStats(int(documents), float(average))
        return cache.stats

    def __len__(self) -> int:
        return self.stats().documents

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many fact-checks contain each (Porter-stemmed) term; absent terms are left out."""
        with self.engine.connect() as conn:
            return self._frequencies(conn, terms)

    def _frequencies(
        self, conn: sa.Connection, terms: Iterable[str], cache: FrequencyCache | None = None
    ) -> dict[str, int]:
        def lookup(chunk: list[str]) -> dict[str, int]:
            if self.dialect == "sqlite":
                marks = ", ".join("?" * len(chunk))
                rows: Iterable[Any] = conn.exec_driver_sql(
                    VOCAB_SQL.format(marks=marks), tuple(chunk)
                )
            else:
                rows = conn.execute(_PG_DOCS, {"terms": chunk})
            return {term: int(docs) for term, docs in rows if docs}

        return (cache or self._current(conn)).frequencies(terms, lookup)

    def candidates(self, text: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` fact-checks sharing content words with ``text``, best BM25 first
        (on SQLite :func:`~.index.first_stage`)."""
        if self.dialect != "sqlite":
            return self._pg_candidates(text, limit)
        if not fts_query(text):
            return []
        with self.engine.connect() as conn:
            stats = self._stats(conn)
            frequencies = self._frequencies(conn, (stem(w) for w in fts_words(text)))

            def run(sql: str, params: Sequence[Any]) -> list[Any]:
                return list(conn.exec_driver_sql(sql, tuple(params)))

            return first_stage(run, text, limit, frequencies, stats, budget=self.budget)

    def _pg_candidates(self, text: str, limit: int) -> list[Candidate]:
        terms = [stem(w) for w in fts_words(text)]
        if not terms:
            return []
        with self.engine.connect() as conn:
            rows = list(
                conn.execute(
                    _PG_CANDIDATES,
                    {"query": " | ".join(dict.fromkeys(terms)), "limit": limit * PG_PRESELECT},
                )
            )
            if not rows:
                return []
            stats = self._stats(conn)
            frequencies = self._frequencies(conn, terms)
        scored = []
        for row in rows:
            fc = fact_check_of(row[1 : 1 + len(COLUMNS)])
            columns = _stems(fc.claim, fc.title or "", fc.claimant or "")
            relevance = bm25(terms, columns, frequencies, stats.documents, stats.average_length)
            scored.append(Candidate(id=int(row[0]), bm25=relevance, fact_check=fc))
        scored.sort(key=lambda c: (-c.bm25, c.id))
        return scored[:limit]
