"""Verdicts on a claim's parts: ``verdict.part``.

A verifier may return one verdict per checkable part of a claim (``office-1``,
``quote-1``); ``verdict.part`` says which, and ``""`` means the whole claim. Verdicts
stored before this revision were all on the whole claim, so they get ``""``.

The empty string rather than NULL keeps the unique constraint, now
(run_id, claim_id, verifier, part), in force for whole-claim verdicts: SQLite and
PostgreSQL both treat NULLs as distinct in a unique constraint.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_verdict = sa.table(
    "verdict",
    sa.column("id", sa.Integer),
    sa.column("claim_id", sa.Integer),
    sa.column("run_id", sa.Integer),
    sa.column("verifier", sa.String),
    sa.column("part", sa.String),
)


def upgrade() -> None:
    # SQLite cannot alter a constraint in place: batch mode copies the table.
    with op.batch_alter_table("verdict") as batch:
        batch.add_column(sa.Column("part", sa.String(128), nullable=False, server_default=""))
        batch.drop_constraint("uq_verdict_run_claim_verifier", type_="unique")
        batch.create_unique_constraint(
            "uq_verdict_run_claim_verifier_part", ["run_id", "claim_id", "verifier", "part"]
        )


def downgrade() -> None:
    # Back to one verdict per (run, claim, verifier): the whole-claim one, else the first.
    conn = op.get_bind()
    rows = conn.execute(sa.select(_verdict).order_by(_verdict.c.id)).all()
    kept: dict[tuple[int, int, str], tuple[int, str]] = {}
    for row in rows:
        key = (row.run_id, row.claim_id, row.verifier)
        if key not in kept or (row.part == "" and kept[key][1] != ""):
            kept[key] = (row.id, row.part)
    keep_ids = {i for i, _ in kept.values()}
    drop = [row.id for row in rows if row.id not in keep_ids]
    for lo in range(0, len(drop), 900):
        conn.execute(sa.delete(_verdict).where(_verdict.c.id.in_(drop[lo : lo + 900])))
    with op.batch_alter_table("verdict") as batch:
        batch.drop_constraint("uq_verdict_run_claim_verifier_part", type_="unique")
        batch.drop_column("part")
        batch.create_unique_constraint(
            "uq_verdict_run_claim_verifier", ["run_id", "claim_id", "verifier"]
        )
