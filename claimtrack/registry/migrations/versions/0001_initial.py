"""Initial schema: articles, claims, mentions, runs, verdicts, reviews.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.String, nullable=True),
        sa.Column("site", sa.String, nullable=True),
        sa.Column("author", sa.String, nullable=True),
        sa.Column("published", TS, nullable=True),
        sa.Column("retrieved_at", TS, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_claim_fingerprint", "claim", ["fingerprint"])
    op.create_index("ix_claim_status", "claim", ["status"])
    op.create_index("ix_claim_kind_status", "claim", ["kind", "status"])
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String, nullable=True),
        sa.UniqueConstraint("article_id", "start", "end", name="uq_mention_span"),
    )
    op.create_index("ix_mention_claim_id", "mention", ["claim_id"])
    op.create_index("ix_mention_article_id", "mention", ["article_id"])
    op.create_table(
        "verification_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
    )
    op.create_table(
        "verdict",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("verification_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("verifier", sa.String(128), nullable=False),
        sa.Column("verifier_version", sa.String(64), nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("duration_ms", sa.Float, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("run_id", "claim_id", "verifier", name="uq_verdict_run_claim_verifier"),
    )
    op.create_index("ix_verdict_claim_verifier", "verdict", ["claim_id", "verifier"])
    op.create_index("ix_verdict_run_id", "verdict", ["run_id"])
    op.create_index("ix_verdict_label", "verdict", ["label"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("reviewer", sa.String(128), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_review_claim_id", "review", ["claim_id"])


def downgrade() -> None:
    for table in ("review", "verdict", "verification_run", "mention", "claim", "article"):
        op.drop_table(table)
