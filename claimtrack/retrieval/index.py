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
- ``fact_check_vocab``: an ``fts5vocab`` view of the index, for document frequencies;
- ``fact_check_state`` (:data:`STATE_SCHEMA`, registry migration ``0009``): the index's
  *generation*, a counter that every transaction writing fact-checks increments
  (:data:`BUMP_SQL`). What is computed from the index (document frequencies cached in
  memory, the registry's stored "previously checked" results) is valid for one
  generation.

:meth:`FactCheckIndex.candidates` ranks by FTS5's ``bm25()`` (Okapi BM25, k1 = 1.2,
b = 0.75) with per-column weights :data:`COLUMN_WEIGHTS`, over the query's content words
OR-ed together (:func:`claimtrack.retrieval.terms.fts_query`), so user text can never be
read as FTS5 query syntax.

**At scale** (:func:`first_stage`): FTS5 computes ``bm25()`` for every row that contains
any query term, so a query with a common word ("percent", "government") costs a scan of
that word's whole doclist, hundreds of thousands of rows at a million fact-checks. The
first stage therefore asks FTS5 only for the query's rarest terms, as many as together
occur in at most :data:`ROW_BUDGET` rows (by cached document frequency), preselects
:data:`PRESELECT` times the candidates asked for, and scores those with the full query
in Python (:func:`bm25`, FTS5's own formula over the same stems, row lengths and index
averages). A query whose terms all fit the budget is ranked by FTS5 as before. What
changes for the others: a fact-check sharing none of the rarest terms is not a
candidate; its ``bm25`` would be bounded by the common terms' small IDFs.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval.terms import fts_query, fts_words, stem, words

#: ``bm25()`` weights of the indexed columns: claim, fact-check title, claimant. Set by hand
#: (the claimant, a name, counts less); on the CheckThat! 2020 train split 1/1/1, 1/0.5/0.5
#: and 1/1.2/0.5 were within 0.005 MAP@5 of it.
COLUMN_WEIGHTS: tuple[float, float, float] = (1.0, 0.8, 0.5)
#: FTS5's ``bm25()`` constant k1 (fixed in SQLite).
BM25_K1 = 1.2
#: FTS5's ``bm25()`` constant b (fixed in SQLite).
BM25_B = 0.75
#: The first stage asks FTS5 for the query's rarest terms that together occur in at most
#: this many fact-checks (at least the rarest one): FTS5 scores every row it reads, about
#: 10 µs each, so this bounds a query's cost whatever the index's size.
ROW_BUDGET = 4_000
#: When not every query term fits :data:`ROW_BUDGET`, FTS5 preselects this many times the
#: candidates asked for, which the full query then scores.
PRESELECT = 2

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
#: The index's generation (SQLite and PostgreSQL alike; registry migration ``0009``).
STATE_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS fact_check_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL DEFAULT 0
)""",
    """INSERT INTO fact_check_state (id, generation)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM fact_check_state)""",
)
STATE_DROP: tuple[str, ...] = ("DROP TABLE IF EXISTS fact_check_state",)
#: Increment the generation: in every transaction that writes fact-checks.
BUMP_SQL = "UPDATE fact_check_state SET generation = generation + 1"
#: The current generation.
GENERATION_SQL = "SELECT generation FROM fact_check_state"
#: Registry migration ``0010``: ``replaced``, the last generation whose write replaced
#: stored fact-checks. Written by the imports of that release only (for a catch-up of stored
#: results that was removed, see :mod:`claimtrack.services.match`); nothing reads it.
REPLACED_SCHEMA: tuple[str, ...] = (
    "ALTER TABLE fact_check_state ADD COLUMN replaced BIGINT NOT NULL DEFAULT 0",
    "UPDATE fact_check_state SET replaced = generation",
)
#: FTS5's averages record: the number of rows, then the tokens of each column (varints).
AVERAGES_SQL = "SELECT block FROM fact_check_fts_data WHERE id = 1"
#: The whole schema as one script.
SCHEMA = ";\n".join((*SQLITE_SCHEMA, *STATE_SCHEMA)) + ";\n"
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


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What BM25 needs of the whole index: how many fact-checks, their average length in
    tokens (all columns)."""

    documents: int
    average_length: float


def _varints(block: bytes) -> Iterator[int]:
    """SQLite's varints (big-endian, 7 bits a byte, the 9th byte whole), as FTS5 writes them."""
    i = 0
    while i < len(block):
        value = 0
        for n in range(9):
            byte = block[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        yield value


def stats_of(averages: bytes | None) -> IndexStats:
    """:class:`IndexStats` from FTS5's averages record (``None``: an empty index)."""
    if not averages:
        return IndexStats(0, 0.0)
    documents, *columns = _varints(averages)
    return IndexStats(documents, sum(columns) / documents if documents else 0.0)


def row_stems(fc: FactCheck) -> list[list[str]]:
    """The Porter stems of every token of the indexed columns (claim, title, claimant),
    as FTS5's ``porter unicode61`` tokenizer reads them."""
    return [
        [stem(w) for w in words(text)] for text in (fc.claim, fc.title or "", fc.claimant or "")
    ]


def bm25(
    query_terms: Sequence[str],
    columns: Sequence[Sequence[str]],
    frequencies: dict[str, int],
    documents: int,
    average_length: float,
    *,
    length: int | None = None,
) -> float:
    """FTS5's ``bm25()`` (as a positive relevance) of one row for OR-ed ``query_terms``.

    ``columns`` are the row's stemmed tokens per column (weighted by
    :data:`COLUMN_WEIGHTS`); the row's length is all its tokens, as in FTS5 (``length``
    when ``columns`` hold only some of them).
    """
    if length is None:
        length = sum(len(column) for column in columns)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average_length) if average_length else 0.0
    score = 0.0
    for term in query_terms:
        hits = frequencies.get(term, 0)
        idf = math.log((documents - hits + 0.5) / (hits + 0.5))
        idf = idf if idf > 0 else 1e-6
        freq = sum(
            w * column.count(term) for w, column in zip(COLUMN_WEIGHTS, columns, strict=False)
        )
        if freq:
            score += idf * freq * (BM25_K1 + 1) / (freq + norm)
    return score


def stem_key(word: str) -> str:
    """What a word of three letters or more shares with its Porter stem: the first two
    letters, ``y`` read as ``i`` (the stemmer only rewrites endings; ``y`` becomes ``i``).
    A stem shorter than two letters shares its one letter."""
    return word[:2].replace("y", "i")


def query_bm25(
    query_terms: Sequence[str], fc: FactCheck, frequencies: dict[str, int], stats: IndexStats
) -> float:
    """:func:`bm25` of fact-check ``fc`` for ``query_terms``, stemming only the tokens that
    can stem to a query term (:func:`stem_key`; the tests check the rule over random
    words): stemming every token of every candidate costs more than the rest of a search."""
    keys = {stem_key(t) for t in query_terms}
    singles = {t for t in query_terms if len(t) < 2}
    columns = []
    length = 0
    for text in (fc.claim, fc.title or "", fc.claimant or ""):
        tokens = words(text)
        length += len(tokens)
        columns.append(
            [
                stem(w)
                for w in tokens
                if len(w) < 3 or stem_key(w) in keys or (singles and w[0] in singles)
            ]
        )
    return bm25(
        query_terms, columns, frequencies, stats.documents, stats.average_length, length=length
    )


#: Runs one SQL statement with ``?`` parameters and returns its rows.
Run = Callable[[str, Sequence[Any]], Sequence[Sequence[Any]]]


def first_stage(
    run: Run,
    text: str,
    limit: int,
    frequencies: dict[str, int],
    stats: IndexStats,
    *,
    budget: int | None = None,
) -> list[Candidate]:
    """Up to ``limit`` fact-checks sharing content words with ``text``, best BM25 first.

    ``frequencies`` are the document frequencies of the query's stems (absent: in no
    fact-check). All terms within ``budget`` rows (default :data:`ROW_BUDGET`): FTS5 ranks
    with them all. Otherwise
    FTS5 preselects with the rarest terms that fit and :func:`bm25` scores the full query
    (see the module doc).
    """
    query_words = fts_words(text)
    stems = [stem(w) for w in query_words]
    known = [(w, s) for w, s in zip(query_words, stems, strict=True) if frequencies.get(s)]
    if not known:
        return []
    chosen = chosen_terms(known, frequencies, budget)
    if len(chosen) == len({s for _, s in known}):
        query = " OR ".join(f'"{w}"' for w, _ in known)
        return [
            Candidate(id=row[0], bm25=float(row[1]), fact_check=fact_check_of(row[2:]))
            for row in run(CANDIDATES_SQL, (*COLUMN_WEIGHTS, query, limit))
        ]
    query = " OR ".join(f'"{w}"' for w, s in known if s in chosen)
    scored = []
    for row in run(CANDIDATES_SQL, (*COLUMN_WEIGHTS, query, limit * PRESELECT)):
        fc = fact_check_of(row[2:])
        relevance = query_bm25(stems, fc, frequencies, stats)
        scored.append(Candidate(id=row[0], bm25=relevance, fact_check=fc))
    scored.sort(key=lambda c: (-c.bm25, c.id))
    return scored[:limit]


def chosen_terms(
    known: Sequence[tuple[str, str]], frequencies: dict[str, int], budget: int | None = None
) -> set[str]:
    """The stems of ``known`` (query words and their stems, each in some fact-check) that
    FTS5 is asked for: the rarest that together occur in at most ``budget`` rows (default
    :data:`ROW_BUDGET`), at least the rarest one."""
    budget = ROW_BUDGET if budget is None else budget
    chosen: set[str] = set()
    rows = 0
    for docs, term in sorted({(frequencies[s], s) for _, s in known}):
        if chosen and rows + docs > budget:
            break
        chosen.add(term)
        rows += docs
    return chosen


class FrequencyCache:
    """Document frequencies and :class:`IndexStats` of one index, kept for one generation.

    FTS5 counts a term's documents by reading its whole doclist; a common term's count at a
    million fact-checks costs milliseconds, the same for every query that has it.
    """

    #: Terms kept at most (then the cache starts again).
    MAX_TERMS = 500_000

    def __init__(self) -> None:
        self.generation: int | None = None
        self.stats: IndexStats | None = None
        self._docs: dict[str, int] = {}

    def at(self, generation: int) -> FrequencyCache:
        """This cache, emptied if it holds another generation's figures."""
        if generation != self.generation:
            self.generation, self.stats = generation, None
            self._docs.clear()
        return self

    def frequencies(
        self, terms: Iterable[str], lookup: Callable[[list[str]], dict[str, int]]
    ) -> dict[str, int]:
        """Document frequencies of ``terms`` (absent ones left out); ``lookup`` reads the
        terms not cached, 500 at a time."""
        wanted = set(terms)
        missing = sorted(wanted - self._docs.keys())
        if len(self._docs) + len(missing) > self.MAX_TERMS:
            self._docs.clear()
            missing = sorted(wanted)
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            found = lookup(chunk)
            self._docs.update((t, found.get(t, 0)) for t in chunk)
        return {t: docs for t in wanted if (docs := self._docs.get(t, 0))}


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
        self._cache = FrequencyCache()

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
            db.execute(BUMP_SQL)
        return len(rows)

    def remove(self, url: str) -> bool:
        """Delete the fact-check with review URL ``url``; whether there was one."""
        with self._transaction() as db:
            removed = db.execute("DELETE FROM fact_check WHERE url = ?", (url,)).rowcount > 0
            db.execute(BUMP_SQL)
        return removed

    def _current(self) -> FrequencyCache:
        return self._cache.at(int(self._db.execute(GENERATION_SQL).fetchone()[0]))

    def stats(self) -> IndexStats:
        """How many fact-checks are indexed and their average length (cached per generation)."""
        cache = self._current()
        if cache.stats is None:
            row = self._db.execute(AVERAGES_SQL).fetchone()
            cache.stats = stats_of(row[0] if row else None)
        return cache.stats

    def __len__(self) -> int:
        """How many fact-checks are stored (FTS5's own count, cached per generation)."""
        return self.stats().documents

    def check_integrity(self) -> None:
        """Raise :class:`sqlite3.DatabaseError` if the FTS5 index disagrees with the table."""
        self._db.execute(
            "INSERT INTO fact_check_fts(fact_check_fts, rank) VALUES ('integrity-check', 1)"
        )

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many fact-checks contain each (Porter-stemmed) term; absent terms are left out."""
        return self._current().frequencies(terms, self._lookup)

    def _lookup(self, chunk: list[str]) -> dict[str, int]:
        marks = ", ".join("?" * len(chunk))
        return dict(self._db.execute(VOCAB_SQL.format(marks=marks), chunk).fetchall())

    def candidates(self, text: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` fact-checks sharing content words with ``text``, best ``bm25``
        first (:func:`first_stage`)."""
        if not fts_query(text):
            return []
        stats = self.stats()
        frequencies = self.document_frequencies(stem(w) for w in fts_words(text))

        def run(sql: str, params: Sequence[Any]) -> list[Any]:
            return self._db.execute(sql, params).fetchall()

        return first_stage(run, text, limit, frequencies, stats)
