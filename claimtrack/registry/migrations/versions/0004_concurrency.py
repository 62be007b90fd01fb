"""Safe concurrent writers: unique claim fingerprints, run heartbeats, verification leases.

* Claims that share a fingerprint (left by concurrent ``add`` runs before this revision)
  are merged into the oldest one: their mentions, verdicts and reviews move to it, and the
  fingerprint index becomes unique.
* ``verification_run`` gets a heartbeat: ``heartbeat_at``, ``expires_at`` (the run's lease
  on its pairs), and the ``host``/``pid`` of the process, so a killed run can be told apart
  from a live one.
* ``verification_lease``: which run is working on which (claim, verifier) pair, so that
  several ``verify`` processes share the work instead of doing it twice.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

_claim = sa.table(
    "claim",
    sa.column("id", sa.Integer),
    sa.column("fingerprint", sa.String),
    sa.column("values", sa.JSON),
    sa.column("status", sa.String),
    sa.column("updated_at", TS),
)
_mention = sa.table("mention", sa.column("claim_id", sa.Integer))
_review = sa.table("review", sa.column("claim_id", sa.Integer))
_verdict = sa.table(
    "verdict",
    sa.column("id", sa.Integer),
    sa.column("claim_id", sa.Integer),
    sa.column("run_id", sa.Integer),
    sa.column("verifier", sa.String),
)


def _merge_group(conn: sa.Connection, rows: list[Any]) -> None:
    """Fold the claims ``rows`` (same fingerprint, oldest first) into the first one."""
    keeper, dupes = rows[0], rows[1:]
    values = dict(keeper.values or {})
    status = keeper.status
    updated = keeper.updated_at
    # A human decision on a duplicate is not lost: the newest non-open status wins over "open".
    for row in sorted(dupes, key=lambda r: r.updated_at):
        for key, value in (row.values or {}).items():
            if (
                key == "claimreview"
                and isinstance(values.get(key), list)
                and isinstance(value, list)
            ):
                values[key] = [*values[key], *(v for v in value if v not in values[key])]
            else:
                values.setdefault(key, value)
        if row.status != "open" and (status == "open" or row.updated_at >= updated):
            status = row.status
        updated = max(updated, row.updated_at)
    for row in dupes:
        conn.execute(
            sa.update(_mention).where(_mention.c.claim_id == row.id).values(claim_id=keeper.id)
        )
        conn.execute(
            sa.update(_review).where(_review.c.claim_id == row.id).values(claim_id=keeper.id)
        )
        # One verdict per (run, claim, verifier): the keeper's wins where both have one.
        kept = sa.select(_verdict.c.id).where(
            _verdict.c.claim_id == keeper.id,
            _verdict.c.run_id == sa.bindparam("run"),
            _verdict.c.verifier == sa.bindparam("verifier"),
        )
        for verdict in conn.execute(sa.select(_verdict).where(_verdict.c.claim_id == row.id)).all():
            if (
                conn.execute(kept, {"run": verdict.run_id, "verifier": verdict.verifier}).first()
                is None
            ):
                conn.execute(
                    sa.update(_verdict)
                    .where(_verdict.c.id == verdict.id)
                    .values(claim_id=keeper.id)
                )
            else:
                conn.execute(sa.delete(_verdict).where(_verdict.c.id == verdict.id))
        conn.execute(sa.delete(_claim).where(_claim.c.id == row.id))
    conn.execute(
        sa.update(_claim)
        .where(_claim.c.id == keeper.id)
        .values(values=values, status=status, updated_at=updated)
    )


def merge_duplicate_claims(conn: sa.Connection) -> int:
    """Merge every group of claims sharing a fingerprint; returns how many claims were removed."""
    prints = (
        conn.execute(
            sa.select(_claim.c.fingerprint)
            .group_by(_claim.c.fingerprint)
            .having(sa.func.count() > 1)
        )
        .scalars()
        .all()
    )
    removed = 0
    for fp in prints:
        rows = conn.execute(
            sa.select(_claim).where(_claim.c.fingerprint == fp).order_by(_claim.c.id)
        ).all()
        _merge_group(conn, list(rows))
        removed += len(rows) - 1
    return removed


def upgrade() -> None:
    merge_duplicate_claims(op.get_bind())
    op.drop_index("ix_claim_fingerprint", "claim")
    op.create_index("ix_claim_fingerprint", "claim", ["fingerprint"], unique=True)

    op.add_column("verification_run", sa.Column("heartbeat_at", TS, nullable=True))
    op.add_column("verification_run", sa.Column("expires_at", TS, nullable=True))
    op.add_column("verification_run", sa.Column("host", sa.String(255), nullable=True))
    op.add_column("verification_run", sa.Column("pid", sa.Integer, nullable=True))
    op.create_index("ix_verification_run_status", "verification_run", ["status"])
    op.create_table(
        "verification_lease",
        sa.Column(
            "claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("verifier", sa.String(128), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("verification_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("claimed_at", TS, nullable=False),
    )
    op.create_index("ix_verification_lease_run_id", "verification_lease", ["run_id"])


def downgrade() -> None:
    op.drop_table("verification_lease")
    op.drop_index("ix_verification_run_status", "verification_run")
    with op.batch_alter_table("verification_run") as batch:
        for column in ("pid", "host", "expires_at", "heartbeat_at"):
            batch.drop_column(column)
    op.drop_index("ix_claim_fingerprint", "claim")
    op.create_index("ix_claim_fingerprint", "claim", ["fingerprint"])
