"""Schema migrations: a database made by the first migration upgrades without losing data."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from claimtrack.registry import Registry
from claimtrack.registry.db import create_db_engine, current_revision, head_revision, upgrade
from claimtrack.services.add import store_article


def _seed_first_revision(url: str) -> None:
    engine = create_db_engine(url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    now = "2026-01-01 00:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO article (id, source, title, retrieved_at, content_hash, text) "
                "VALUES (1, 'old.txt', 'Old', :now, 'abc', 'NATO was founded in 1949.')"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                'INSERT INTO claim (id, text, fingerprint, kind, score, "values", status, created_at, updated_at) '
                "VALUES (1, 'NATO was founded in 1949.', 'fp', 'temporal', 0.9, '{\"year\": 1949}', "
                "'reviewed', :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                'INSERT INTO mention (claim_id, article_id, sentence, start, "end") '
                "VALUES (1, 1, 'NATO was founded in 1949.', 0, 25)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO review (claim_id, reviewer, label, note, created_at) "
                "VALUES (1, 'ana', 'supported', 'ok', :now)"
            ),
            {"now": now},
        )
    engine.dispose()


def test_upgrade_from_first_migration_keeps_data(db_url: str) -> None:
    _seed_first_revision(db_url)
    registry = Registry.open(db_url)  # applies the remaining migrations on open
    try:
        assert current_revision(registry.engine) == head_revision()
        assert registry.counts() == {
            "article": 1,
            "claim": 1,
            "mention": 1,
            "verification_run": 0,
            "verdict": 0,
            "review": 1,
        }
        (claim,) = registry.claims()
        assert claim.values == {"year": 1949} and claim.status == "reviewed"
        # Rows that existed before the search index are searchable after it.
        assert [c.id for c in registry.claims(search="founded")] == [1]
    finally:
        registry.close()


def test_db_upgrade_command(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _seed_first_revision(url)
    run = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"from revision 0001 to {head_revision()}" in run.stdout
    again = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "up to date" in again.stdout


def test_published_source_column_added_by_0005(db_url: str) -> None:
    """0005 adds ``article.published_source``: old dates keep no source; new ones record it."""
    from datetime import UTC, datetime

    from claimtrack.ingest.document import Document

    engine = create_db_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO article (source, title, published, retrieved_at, content_hash, text) "
                "VALUES ('old.txt', 'Old', :day, :day, 'abc', 'Old text.')"
            ),
            {"day": "2022-09-15 00:00:00+00:00"},
        )
    assert "published_source" not in {c["name"] for c in sa.inspect(engine).get_columns("article")}
    engine.dispose()
    registry = Registry.open(db_url)
    try:
        assert current_revision(registry.engine) == head_revision() >= "0005"
        ((old, _count),) = registry.articles()
        assert old.published is not None and old.published.date().isoformat() == "2022-09-15"
        assert old.published_source is None
        given = datetime(2021, 3, 4, tzinfo=UTC)
        doc = Document(
            source="new.txt", text="New text.", published=given, published_source="given"
        )
        new_id = store_article(registry, doc, []).article_id
        new = registry.article(new_id)
        assert new is not None and new.published_source == "given"
    finally:
        registry.close()


def test_head_revision_is_the_scripts_head() -> None:
    """HEAD_REVISION (what `open_engine` compares without Alembic) is the newest script."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from claimtrack.registry.db import HEAD_REVISION, MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert heads == [HEAD_REVISION], (
        f"the migration scripts' head is {heads}: set HEAD_REVISION in claimtrack/registry/db.py"
    )


def test_stored_revision_reads_what_alembic_reads(db_url: str) -> None:
    from alembic.runtime.migration import MigrationContext

    engine = create_db_engine(db_url)
    try:
        for revision in (None, "0001", head_revision()):
            if revision is not None:
                upgrade(engine, revision)
            with engine.connect() as conn:
                alembic_says = MigrationContext.configure(conn).get_current_revision()
            assert current_revision(engine) == alembic_says == revision
    finally:
        engine.dispose()


def test_opening_an_up_to_date_registry_does_not_import_alembic(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    Registry.open(url).close()
    code = (
        "import sys\n"
        "from claimtrack.registry import Registry\n"
        f"Registry.open({url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def _seed_verdict_at_0005(url: str) -> None:
    engine = create_db_engine(url)
    upgrade(engine, "0005")
    now = "2026-01-01 00:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                'INSERT INTO claim (id, text, fingerprint, kind, score, "values", status, created_at, updated_at) '
                "VALUES (1, 'NATO was founded in 1949.', 'fp', 'temporal', 0.9, '{}', 'open', :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO verification_run (id, started_at, status, options) "
                "VALUES (1, :now, 'finished', '{}')"
            ),
            {"now": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO verdict (claim_id, run_id, verifier, verifier_version, label, "
                "confidence, summary, evidence, duration_ms, created_at) "
                "VALUES (1, 1, 'wikidata', '1', 'supported', 0.9, 'founded 1949', '[]', 1.0, :now)"
            ),
            {"now": now},
        )
    engine.dispose()


def test_verdict_part_added_by_0006(db_url: str) -> None:
    """0006 adds ``verdict.part``: old verdicts are on the whole claim (""), one run may
    store one verdict per part, and still only one on the whole claim."""
    from alembic import command

    from claimtrack.registry.db import _alembic_config

    _seed_verdict_at_0005(db_url)
    registry = Registry.open(db_url)
    try:
        assert current_revision(registry.engine) == head_revision() >= "0006"
        (old,) = registry.verdicts(1)
        assert old.part == "" and old.part_id is None and old.summary == "founded 1949"
        row = {"claim_id": 1, "run_id": 1, "verifier": "wikidata", "label": "supported"}
        assert registry.add_verdicts([{**row, "part": "office-1"}, {**row, "part": "quote-1"}])
        assert not registry.add_verdict(row)  # a second whole-claim verdict in that run
        assert not registry.add_verdict({**row, "part": None})  # None is the whole claim too
        assert not registry.add_verdict({**row, "part": "office-1"})
        assert len(registry.verdicts(1, latest_only=False)) == 3
    finally:
        registry.close()
    # And back: the whole-claim verdict of each (run, claim, verifier) is kept.
    engine = create_db_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0005")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT summary FROM verdict")).all()
        assert [r.summary for r in rows] == ["founded 1949"]
        assert "part" not in {c["name"] for c in sa.inspect(conn).get_columns("verdict")}
    engine.dispose()
