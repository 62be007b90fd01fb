"""The fact-check index's generation and stored "previously checked" results.

- ``fact_check_state``: one row, the generation of the ``fact_check`` index, which every
  transaction writing fact-checks increments (:mod:`claimtrack.retrieval.index`).
- ``claim_prior_check``: per claim, the fact-checks the matcher found at or above the
  threshold (``matches``: JSON ``[[fact_check_id, score], …]``) and the ``state`` they
  were computed for (the index's generation, the matcher's settings, the claim's
  fingerprint). A report reads these instead of searching again; a claim whose state is
  not the current one is searched again (:class:`claimtrack.services.match.PriorCheckIndex`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimtrack.retrieval.index import STATE_DROP, STATE_SCHEMA

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in STATE_SCHEMA:
        op.execute(statement)
    op.create_table(
        "claim_prior_check",
        sa.Column(
            "claim_id",
            sa.Integer,
            sa.ForeignKey("claim.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("matches", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("claim_prior_check")
    for statement in STATE_DROP:
        op.execute(statement)
