"""Full-text indexes filled once per import transaction (:mod:`claimtrack.registry.fts`).

An import drops the FTS5 insert triggers inside its transaction, indexes the new rows with
one statement and creates the triggers again. These tests check that the index it leaves
is the one FTS5 would build from the rows ('rebuild'), that the triggers come back with
their own SQL (also when the block fails), and that rows added later are indexed by them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FactCheck
from claimtrack.registry import Registry
from claimtrack.registry.fts import CLAIM_INDEX, deferred_index_inserts
from claimtrack.retrieval.store import FACT_CHECK_INDEX
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import find_fact_checks

INDEXES = ("claim_fts", "fact_check_fts")


def check(i: int, claim: str | None = None, *, url: str | None = None) -> FactCheck:
    return FactCheck(
        claim=claim or f"The port of town {i} handled {i * 7 + 3} cargo ships in 2023",
        publisher="Fact Desk",
        rating="False",
        label="refuted",
        url=url or f"https://fc.example/check/{i}",
        title=f"Fact check {i}: ships",
        claimant=f"Speaker {i}",
    )


def triggers(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def index_state(conn: sqlite3.Connection, index: str) -> list[object]:
    """Every token instance, every row's size and the averages record of ``index``."""
    conn.execute(f"CREATE VIRTUAL TABLE temp.v_{index} USING fts5vocab(main, {index}, instance)")
    try:
        return [
            conn.execute(f"SELECT term, doc, col, offset FROM temp.v_{index}").fetchall(),
            conn.execute(f"SELECT id, sz FROM {index}_docsize ORDER BY id").fetchall(),
            conn.execute(f"SELECT block FROM {index}_data WHERE id = 1").fetchall(),
        ]
    finally:
        conn.execute(f"DROP TABLE temp.v_{index}")


def assert_indexes_match_their_rows(
    path: Path, tmp_path: Path, indexes: tuple[str, ...] = INDEXES
) -> None:
    """Each index passes FTS5's integrity check and equals a rebuild from its table."""
    with sqlite3.connect(path) as conn, sqlite3.connect(tmp_path / "rebuilt.db") as rebuilt:
        conn.backup(rebuilt)
        for index in indexes:
            conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
            rebuilt.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
            assert index_state(conn, index) == index_state(rebuilt, index), index


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "registry.db"


@pytest.fixture
def registry(db_path: Path):  # type: ignore[no-untyped-def]
    reg = Registry.open(f"sqlite:///{db_path}")
    try:
        yield reg
    finally:
        reg.close()


def test_an_import_leaves_the_index_fts5_would_build(
    registry: Registry, db_path: Path, tmp_path: Path
) -> None:
    before = triggers(db_path)
    assert {"claim_fts_ai", "fact_check_fts_insert"} <= set(before)
    store_fact_checks(registry, [check(i) for i in range(40)], source="part 1")
    second = [check(i) for i in range(40, 80)]
    # The same review URL twice in one batch (the upsert keeps the last), and a URL stored
    # by the first batch with a corrected claim (an update of an indexed row).
    second += [
        check(90, "Cats can see ultraviolet light at night", url="https://fc.example/check/41"),
        check(91, "The lighthouse of town 3 was built in 1890", url="https://fc.example/check/3"),
    ]
    store_fact_checks(registry, second, source="part 2")
    assert triggers(db_path) == before
    assert_indexes_match_their_rows(db_path, tmp_path)
    with sqlite3.connect(db_path) as conn:
        (claim,) = conn.execute(
            "SELECT claim FROM fact_check WHERE url = 'https://fc.example/check/41'"
        ).fetchone()
    assert claim == "Cats can see ultraviolet light at night"
    found = find_fact_checks(registry, "cats see ultraviolet light", top=1)
    assert [m.fact_check.url for m in found] == ["https://fc.example/check/41"]
    # Rows written afterwards are indexed by the triggers again.
    with registry.session() as session:
        registry.insert_tuples(
            session,
            "claim",
            ("text", "fingerprint", "kind", "score", "values", "status", "created_at",
             "updated_at"),
            [("Zeppelins carried mail to Brazil", fingerprint("Zeppelins carried mail to Brazil"),
              "other", 1.0, "{}", "open", "2026-01-01 00:00:00", "2026-01-01 00:00:00")],
        )  # fmt: skip
    with sqlite3.connect(db_path) as conn:
        hits = conn.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'zeppelins'")
        assert len(hits.fetchall()) == 1
    assert_indexes_match_their_rows(db_path, tmp_path)


def test_the_triggers_come_back_when_the_block_fails(
    registry: Registry, db_path: Path, tmp_path: Path
) -> None:
    before = triggers(db_path)
    row = ("Quokkas live on Rottnest Island", "fp-quokka", "other", 1.0, "{}", "open",
           "2026-01-01 00:00:00", "2026-01-01 00:00:00")  # fmt: skip
    columns = ("text", "fingerprint", "kind", "score", "values", "status", "created_at",
               "updated_at")  # fmt: skip
    # Rolled back, as the registry's sessions do: nothing stored, triggers in place.
    with (
        pytest.raises(RuntimeError),
        registry.session() as session,
        deferred_index_inserts(session.connection(), (CLAIM_INDEX, FACT_CHECK_INDEX)),
    ):
        registry.insert_tuples(session, "claim", columns, [row])
        raise RuntimeError("stop")
    assert triggers(db_path) == before
    assert registry.counts()["claim"] == 0
    # Committed all the same by a caller that caught the error: the row is indexed.
    with registry.session() as session:
        try:
            with deferred_index_inserts(session.connection(), (CLAIM_INDEX,)):
                registry.insert_tuples(session, "claim", columns, [row])
                raise RuntimeError("stop")
        except RuntimeError:
            pass
    assert triggers(db_path) == before
    with sqlite3.connect(db_path) as conn:
        hits = conn.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'quokkas'")
        assert len(hits.fetchall()) == 1
    assert_indexes_match_their_rows(db_path, tmp_path, ("claim_fts",))


def test_repeated_urls_in_a_batch_store_the_last(db_url: str) -> None:
    """As the upsert always did, on SQLite and PostgreSQL: one row per review URL, at the
    first one's place, with the last one's values."""
    registry = Registry.open(db_url)
    try:
        url = "https://fc.example/check/7"
        batch = [check(7), check(8), check(9, "Penguins can fly short distances", url=url)]
        store_fact_checks(registry, batch, source="feed")
        with registry.reading() as conn:
            rows = conn.exec_driver_sql("SELECT url, claim FROM fact_check ORDER BY id").all()
        assert [tuple(r) for r in rows] == [
            (url, "Penguins can fly short distances"),
            ("https://fc.example/check/8", check(8).claim),
        ]
        found = find_fact_checks(registry, "penguins fly short distances", top=1)
        assert [m.fact_check.url for m in found] == [url]
    finally:
        registry.close()
