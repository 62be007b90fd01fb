"""Full-text search on claims: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, content='claim', content_rowid='id')",
    """CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN
         INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
       END""",
    """CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
       END""",
    """CREATE TRIGGER claim_fts_au AFTER UPDATE OF text ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
         INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
       END""",
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claim_fts_au",
    "DROP TRIGGER IF EXISTS claim_fts_ad",
    "DROP TRIGGER IF EXISTS claim_fts_ai",
    "DROP TABLE IF EXISTS claim_fts",
]


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_claim_text_fts ON claim USING gin (to_tsvector('english', text))"
        )
    op.create_index("ix_article_retrieved_at", "article", ["retrieved_at"])


def downgrade() -> None:
    op.drop_index("ix_article_retrieved_at", "article")
    if op.get_context().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_claim_text_fts")
