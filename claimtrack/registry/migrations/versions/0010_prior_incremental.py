"""Stored "previously checked" results brought up to date after an import that only adds.

- ``fact_check_state.replaced``: the last generation whose write replaced stored
  fact-checks rather than only adding rows with higher ids (set to the current generation
  here: what was computed before is not known to be incremental-safe).
- ``claim_prior_check``: ``generation`` and ``watermark`` (the highest fact-check id) a
  result was computed at, and ``candidates``, the ids of its best candidates (JSON), so
  that after imports that only add fact-checks it is re-scored against them and the new
  rows only (:class:`claimtrack.services.match.PriorCheckIndex`). Rows stored before this
  migration have none and are searched again once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimtrack.retrieval.index import REPLACED_SCHEMA

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in REPLACED_SCHEMA:
        op.execute(statement)
    op.add_column("claim_prior_check", sa.Column("generation", sa.BigInteger, nullable=True))
    op.add_column("claim_prior_check", sa.Column("watermark", sa.BigInteger, nullable=True))
    op.add_column("claim_prior_check", sa.Column("candidates", sa.Text, nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of the table
    # would drop fact_check_state's unnamed CHECK constraint.
    for column in ("candidates", "watermark", "generation"):
        op.execute(f"ALTER TABLE claim_prior_check DROP COLUMN {column}")
    op.execute("ALTER TABLE fact_check_state DROP COLUMN replaced")
