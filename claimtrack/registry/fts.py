"""Filling a SQLite FTS5 index once per transaction instead of once per row.

The registry's FTS5 indexes (``claim_fts``, ``fact_check_fts``) are *external content*
indexes kept in step with their tables by triggers. An ``AFTER INSERT`` trigger costs
about three times what the same rows cost inserted into the index by one statement: each
row's trigger runs in its own statement transaction, and FTS5 writes its pending terms to
disk as a new segment at every one (its ``xSavepoint``), which later merges must read
and rewrite. A bulk import therefore uses :func:`deferred_index_inserts`: in its own write
transaction the insert triggers are dropped, the rows are inserted, the index gets the
new rows in one ``INSERT … SELECT`` and the triggers are created again from their stored
SQL, all before the commit. Other connections never see the triggers missing (SQLite's
DDL is transactional; the write lock is held from ``BEGIN IMMEDIATE``), and an
interrupted import rolls back with them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa


@dataclass(frozen=True)
class IndexFill:
    """An FTS5 external-content ``index`` over ``columns`` of ``table`` (rowid ``id``),
    kept in step on insert by the trigger ``trigger``."""

    trigger: str
    table: str
    index: str
    columns: tuple[str, ...]

    @property
    def fill_sql(self) -> str:
        """Index the rows above a given id (parameter: that id)."""
        columns = ", ".join(self.columns)
        return (
            f"INSERT INTO {self.index}(rowid, {columns}) "
            f"SELECT id, {columns} FROM {self.table} WHERE id > ? ORDER BY id"
        )


#: The claims' index (registry migration ``0002``).
CLAIM_INDEX = IndexFill("claim_fts_ai", "claim", "claim_fts", ("text",))


@contextmanager
def deferred_index_inserts(connection: sa.Connection, fills: Sequence[IndexFill]) -> Iterator[None]:
    """Within ``connection``'s write transaction, index the rows inserted into each fill's
    table in one statement at the end instead of by its insert trigger, row by row.

    Only rows inserted with an id above the table's largest id at entry are indexed at
    the end, so within the block a table must only get new rows by ``INSERT`` (updates
    and deletes still go through their triggers, which must not meet a row inserted
    here: an update of one would remove from the index what was never added). Rows
    inserted here are not found by the index until the block ends. On SQLite only;
    elsewhere (and for a trigger the database does not have) nothing changes.

    If the block raises, the triggers are restored and the rows indexed all the same
    (where the connection still can), so that a caller that commits anyway commits a
    consistent index; the registry's sessions roll back.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    deferred: list[tuple[IndexFill, str, int]] = []
    for fill in fills:
        row = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (fill.trigger,)
        ).first()
        if row is None:
            continue
        highest = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {fill.table}")
        deferred.append((fill, str(row[0]), int(highest.scalar_one())))
        connection.exec_driver_sql(f"DROP TRIGGER {fill.trigger}")

    try:
        yield
    except BaseException:
        for fill, trigger_sql, top in deferred:
            for sql, params in ((trigger_sql, ()), (fill.fill_sql, (top,))):
                with suppress(Exception):  # the error that got here is the one to report
                    connection.exec_driver_sql(sql, params)
        raise
    for fill, trigger_sql, top in deferred:
        # In rowid order: FTS5 writes its pending terms out whenever a rowid goes down.
        connection.exec_driver_sql(fill.fill_sql, (top,))
        connection.exec_driver_sql(trigger_sql)
