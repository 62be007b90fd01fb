"""The first stage: published fact-checks in SQLite with an FTS5 ``bm25()`` index.

Two tables (and a view), which registry migration ``0008`` adds to a SQLite registry
unchanged (:data:`SQLITE_SCHEMA`; :mod:`.store` reads them there):

- ``fact_check``: one row per published fact-check (claim, fact-check title, claimant,
  publisher, rating, mapped label, review URL — unique when given — and dates);
- ``fact_check_fts``: an FTS5 *external-content* index over ``claim``, ``title`` and
  ``claimant`` of ``fact_check`` (``porter`` stemming over ``unicode61`` with diacritics
  removed). Triggers on ``fact_check`` keep it in step on every insert, update and
  delete, inside the same transaction, so the index is correct whenever the table is:
  there is no separate rebuild step to forget;
- ``fact_check_vocab``: an ``fts5vocab`` view of the index, for document frequencies.

:meth:`FactCheckIndex.candidates` ranks by FTS5's ``bm25()`` (Okapi BM25, k1 = 1.2,
b = 0.75) with per-column weights :data:`COLUMN_WEIGHTS`, over the query's content words
OR-ed together (:func:`claimtrack.retrieval.terms.fts_query`), so user text can never be
read as FTS5 query syntax.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval.terms import fts_query

#: ``bm25()`` weights of the indexed columns: claim, fact-check title, claimant. Set by hand
#: (the claimant, a name, counts less); on the CheckThat! 2020 train split 1/1/1, 1/0.5/0.5
#: and 1/1.2/0.5 were within 0.005 MAP@5 of it.
COLUMN_WEIGHTS: tuple[float, float, float] = (1.0, 0.8, 0.5)
#: FTS5's ``bm25()`` constant k1 (fixed in SQLite).
BM25_K1 = 1.2

#: The SQLite schema, one statement each: used by :class:`FactCheckIndex` and by the registry
#: migration that adds the same tables to a registry (``0008_fact_check``).
SQLITE_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS fact_check (
    id INTEGER PRIMARY KEY,
    claim TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    claimant TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    url TEXT UNIQUE,
    published TEXT,
    claim_date TEXT
)""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS fact_check_fts USING fts5(
    claim, title, claimant,
    content='fact_check', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
)""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS fact_check_vocab USING fts5vocab(fact_check_fts, 'row')",
    """CREATE TRIGGER IF NOT EXISTS fact_check_fts_insert AFTER INSERT ON fact_check BEGIN
    INSERT INTO fact_check_fts(rowid, claim, title, claimant)
    VALUES (new.id, new.claim, new.title, new.claimant);
END""",
    """CREATE TRIGGER IF NOT EXISTS fact_check_fts_delete AFTER DELETE ON fact_check BEGIN
    INSERT INTO fact_check_fts(fact_check_fts, rowid, claim, title, claimant)
    VALUES ('delete', old.id, old.claim, old.title, old.claimant);
END""",
    """CREATE TRIGGER IF NOT EXISTS fact_check_fts_update AFTER UPDATE ON fact_check BEGIN
    INSERT INTO fact_check_fts(fact_check_fts, rowid, claim, title, claimant)
    VALUES ('delete', old.id, old.claim, old.title, old.claimant);
    INSERT INTO fact_check_fts(rowid, claim, title, claimant)
    VALUES (new.id, new.claim, new.title, new.claimant);
END""",
)
#: The whole schema as one script.
SCHEMA = ";\n".join(SQLITE_SCHEMA) + ";\n"
#: Dropping it again (the migration's downgrade), in order.
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS fact_check_fts_update",
    "DROP TRIGGER IF EXISTS fact_check_fts_delete",
    "DROP TRIGGER IF EXISTS fact_check_fts_insert",
    "DROP TABLE IF EXISTS fact_check_vocab",
    "DROP TABLE IF EXISTS fact_check_fts",
    "DROP TABLE IF EXISTS fact_check",
)

#: The stored columns of a fact-check, in :func:`fact_check_row` order.
COLUMNS: tuple[str, ...] = (
    "claim",
    "title",
    "claimant",
    "publisher",
    "rating",
    "label",
    "url",
    "published",
    "claim_date",
)
_COLUMNS = ", ".join(COLUMNS)
#: Insert one fact-check (``?`` parameters, :func:`fact_check_row`); a stored review URL is
#: replaced.
UPSERT_SQL = f"""
INSERT INTO fact_check ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
    claim = excluded.claim, title = excluded.title, claimant = excluded.claimant,
    publisher = excluded.publisher, rating = excluded.rating, label = excluded.label,
    published = excluded.published, claim_date = excluded.claim_date
"""
#: The first stage (parameters: the three column weights, the FTS5 query, the limit).
CANDIDATES_SQL = f"""
SELECT f.id, -s.score, {", ".join("f." + c for c in COLUMNS)}
FROM (SELECT rowid, bm25(fact_check_fts, ?, ?, ?) AS score
      FROM fact_check_fts WHERE fact_check_fts MATCH ?
      ORDER BY score LIMIT ?) AS s
JOIN fact_check AS f ON f.id = s.rowid
ORDER BY s.score, f.id
"""
#: Document frequencies of up to 500 terms (format with as many ``?`` as terms).
VOCAB_SQL = "SELECT term, doc FROM fact_check_vocab WHERE term IN ({marks})"


def fact_check_of(row: Sequence[Any]) -> FactCheck:
    """A :class:`FactCheck` from the stored columns (:data:`COLUMNS`, in order)."""
    return FactCheck(
        claim=row[0],
        title=row[1] or None,
        claimant=row[2] or None,
        publisher=row[3],
        rating=row[4],
        label=row[5],
        url=row[6],
        date=row[7],
        claim_date=row[8],
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact-check found by the first stage, with its ``bm25`` relevance (higher is better)."""

    id: int
    fact_check: FactCheck
    bm25: float


class FactCheckSource(Protocol):
    """Where a :class:`~claimtrack.retrieval.matcher.Matcher` finds fact-checks: a
    :class:`FactCheckIndex`, or a registry's (:class:`~claimtrack.retrieval.store.RegistryFactChecks`)."""

    def candidates(self, text: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` fact-checks sharing content words with ``text``, best BM25 first."""
        ...

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many fact-checks contain each (Porter-stemmed) term."""
        ...

    def __len__(self) -> int:
        """How many fact-checks there are."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def fact_check_row(fc: FactCheck) -> tuple[str | None, ...]:
    """The stored columns of ``fc`` (:data:`COLUMNS`, in order)."""
    return (
        fc.claim,
        fc.title or "",
        fc.claimant or "",
        fc.publisher or "",
        fc.rating or "",
        fc.label or "",
        fc.url or None,
        fc.date,
        fc.claim_date,
    )


class FactCheckIndex:
    """Fact-checks in one SQLite database (a file, or ``":memory:"``) with their FTS5 index."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(SCHEMA)
        self._count: int | None = None

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, fact_checks: Iterable[FactCheck]) -> int:
        """Store fact-checks in one transaction; one with a stored review URL replaces it.

        Returns how many were written. A fact-check without claim text is skipped.
        """
        rows = [fact_check_row(fc) for fc in fact_checks if fc.claim and fc.claim.strip()]
        with self._transaction() as db:
            db.executemany(UPSERT_SQL, rows)
        self._count = None
        return len(rows)

    def remove(self, url: str) -> bool:
        """Delete the fact-check with review URL ``url``; whether there was one."""
        with self._transaction() as db:
            removed = db.execute("DELETE FROM fact_check WHERE url = ?", (url,)).rowcount > 0
        self._count = None
        return removed

    def __len__(self) -> int:
        """How many fact-checks are stored (cached between this object's own writes)."""
        if self._count is None:
            self._count = int(self._db.execute("SELECT count(*) FROM fact_check").fetchone()[0])
        return self._count

    def check_integrity(self) -> None:
        """Raise :class:`sqlite3.DatabaseError` if the FTS5 index disagrees with the table."""
        self._db.execute(
            "INSERT INTO fact_check_fts(fact_check_fts, rank) VALUES ('integrity-check', 1)"
        )

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many fact-checks contain each (Porter-stemmed) term; absent terms are left out."""
        wanted = sorted(set(terms))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(self._db.execute(VOCAB_SQL.format(marks=marks), chunk).fetchall())
        return found

    def candidates(self, text: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` fact-checks sharing content words with ``text``, best ``bm25`` first."""
        query = fts_query(text)
        if not query:
            return []
        rows = self._db.execute(CANDIDATES_SQL, (*COLUMN_WEIGHTS, query, limit)).fetchall()
        return [
            Candidate(id=row[0], bm25=float(row[1]), fact_check=fact_check_of(row[2:]))
            for row in rows
        ]
