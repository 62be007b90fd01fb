"""Published fact-checks for ``claimtrack match``: the ``fact_check`` table and its index.

The schema is :mod:`claimtrack.retrieval.index`'s (SQLite: FTS5 external content with
triggers) and :mod:`claimtrack.retrieval.store`'s (PostgreSQL: a stemmed tsvector with a
GIN index), kept there in one place. Fact-checks imported before this revision (claims
with ``values["claimreview"]``) are copied in, so ``match`` finds them at once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

# The schema lives with the code that queries it (claimtrack.retrieval), in one place.
from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval.index import SQLITE_DROP, SQLITE_SCHEMA
from claimtrack.retrieval.store import PG_DROP, PG_SCHEMA, add_fact_checks

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fact_checks(values: Any, claim: str) -> list[FactCheck]:
    if isinstance(values, str):
        values = json.loads(values)
    entries = (values or {}).get("claimreview") or []
    if isinstance(entries, dict):
        entries = [entries]
    found = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        found.append(
            FactCheck(
                claim=str(entry.get("claim") or claim),
                publisher=str(entry.get("publisher") or ""),
                rating=str(entry.get("rating") or ""),
                label=str(entry.get("label") or ""),
                url=entry.get("url") or None,
                title=entry.get("title") or None,
                date=entry.get("date") or None,
                claimant=entry.get("claimant") or None,
                claim_date=entry.get("claim_date") or None,
            )
        )
    return found


def upgrade() -> None:
    connection = op.get_bind()
    for statement in SQLITE_SCHEMA if connection.dialect.name == "sqlite" else PG_SCHEMA:
        op.execute(statement)
    claim = sa.table("claim", sa.column("id"), sa.column("text"), sa.column("values", sa.JSON))
    if connection.dialect.name == "sqlite":
        imported = sa.text("json_extract(claim.\"values\", '$.claimreview') IS NOT NULL")
    else:
        imported = sa.text("json_extract_path(claim.\"values\", 'claimreview') IS NOT NULL")
    checks = []
    query = sa.select(claim.c.id, claim.c.text, claim.c["values"]).where(imported)
    for _, text, values in connection.execute(query.order_by(claim.c.id)):
        checks.extend(_fact_checks(values, text))
        if len(checks) >= 5000:
            add_fact_checks(connection, checks, bump=False)
            checks = []
    add_fact_checks(connection, checks, bump=False)


def downgrade() -> None:
    for statement in SQLITE_DROP if op.get_context().dialect.name == "sqlite" else PG_DROP:
        op.execute(statement)
