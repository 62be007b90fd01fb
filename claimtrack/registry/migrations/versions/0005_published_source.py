"""Where an article's date came from: ``article.published_source``.

``given`` (``--published``), ``metadata`` (the HTML page), ``url`` or ``text`` (a date
line at the top of the text). Articles stored before this revision keep their date with
no recorded source (NULL): it is not known which of the old heuristics found it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch (table copy) on SQLite is not needed for a nullable column.
    op.add_column("article", sa.Column("published_source", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_column("published_source")
