"""An index on ``article.source``: imports skip fact-checks already stored by review URL.

``claimtrack import claimreview`` looks up a whole batch of review URLs at once
(``source IN (…)``); without an index each batch scans every article. PostgreSQL gets a
hash index (equality only, and no length limit on long URLs or paths).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_source", "article", ["source"], postgresql_using="hash")


def downgrade() -> None:
    op.drop_index("ix_article_source", "article")
