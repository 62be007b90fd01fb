"""What a command imports to start: `--help` and `--version` load no database or HTTP stack,
reading the registry does not load Alembic unless a migration is due, and `claims` reads a
SQLite registry whose schema is current without SQLAlchemy, SQLModel or pydantic.

Each check runs the real entry point in a fresh interpreter and reads ``sys.modules`` after
it (``-X importtime`` misses modules loaded with ``importlib.import_module``, as plugins
and lazily registered commands are).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.cli import COMMANDS, SUMMARIES

#: Loaded by a command that reads or writes the registry, never by help or the version.
DATABASE_STACK = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "pydantic",
    "claimtrack.registry",
    "claimtrack.models",
    "claimtrack.services",
)
#: Loaded only by commands that fetch, extract or show the review app. (The extraction
#: package's types and claim parts, which the verifier API names, are light; its rules and
#: model are the stack.)
OTHER_STACKS = (
    "httpx",
    "trafilatura",
    "textual",
    "claimtrack.extraction.kinds",
    "claimtrack.extraction.checkworthiness",
    "claimtrack.ingest",
)
#: `--version` prints a constant: no config file, no plugins, no rich.
VERSION_ALSO_SKIPS = (
    "pluggy",
    "importlib.metadata",
    "claimtrack.config",
    "claimtrack.plugins",
    "rich",
)

_RUN = """
import contextlib, io, json, sys
from claimtrack.cli import main
code = 0
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code or 0
watched = json.loads({watched!r})
loaded = sorted(m for m in watched if m in sys.modules)
print(json.dumps({{"code": code, "loaded": loaded, "stdout": out.getvalue()}}))
"""


def _start(*args: str, watched: tuple[str, ...]) -> dict[str, object]:
    """Run `claimtrack ARGS` in a fresh interpreter; which of ``watched`` it imported."""
    code = _RUN.format(watched=json.dumps(list(watched)))
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    assert result["code"] == 0, (args, run.stderr)
    return result


def test_help_imports_no_database_or_http_stack() -> None:
    result = _start("--help", watched=DATABASE_STACK + OTHER_STACKS + ("click",))
    assert result["loaded"] == ["click"]
    assert "Commands:" in str(result["stdout"])


def test_version_imports_neither_config_nor_plugins() -> None:
    watched = DATABASE_STACK + OTHER_STACKS + VERSION_ALSO_SKIPS
    result = _start("--version", watched=watched)
    assert result["loaded"] == []
    assert str(result["stdout"]).strip() == "claimtrack, version 0.1.0"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_help_imports_no_database_or_http_stack(command: str) -> None:
    watched = DATABASE_STACK + OTHER_STACKS
    result = _start(command, "--help", watched=watched)
    assert result["loaded"] == [], f"`claimtrack {command} --help` imported {result['loaded']}"
    assert f"Usage: claimtrack {command}" in str(result["stdout"])


def test_every_command_has_a_summary_and_a_target() -> None:
    assert set(SUMMARIES) == set(COMMANDS)
    assert all(target.count(":") == 1 for target in COMMANDS.values())


def test_alembic_is_imported_only_when_a_migration_is_due(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    # pluggy too: `report` computes outcomes with the verifier API, which loads the plugin
    # machinery only when a verifier runs.
    watched = ("alembic", "sqlalchemy", "httpx", "trafilatura", "pluggy")
    # A new database is created at the shipped head: that is a migration.
    first = _start("--db", db, "claims", "--limit", "1", watched=watched)
    assert first["loaded"] == ["alembic", "sqlalchemy"]
    again = _start("--db", db, "articles", watched=watched)
    assert again["loaded"] == ["sqlalchemy"], "`claimtrack articles`"
    for args in (("claims", "--limit", "1"), ("report",)):
        again = _start("--db", db, *args, watched=watched)
        assert again["loaded"] == [], f"`claimtrack {' '.join(args)}`"


#: What listing claims needs: the CLI, rich, the registry's SQL and the stdlib's sqlite3.
#: None of these (the ORM and its validation stack, the plugin machinery, the network, the
#: extractors) is loaded by `claims` on a SQLite registry whose schema is current.
READ_COMMAND_SKIPS = (
    *DATABASE_STACK[:4],  # sqlalchemy, sqlmodel, alembic, pydantic
    "claimtrack.models",
    "claimtrack.registry.store",
    "claimtrack.services",
    "claimtrack.outcome",
    "claimtrack.verification",
    "claimtrack.plugins",
    "pluggy",
    "importlib.metadata",
    *OTHER_STACKS,
)
#: The light modules it does load, so that the list above is known to watch the right run.
READ_COMMAND_LOADS = (
    "claimtrack.registry.claim_list",
    "claimtrack.registry.lite",
    "sqlite3",
    "rich",
)


def _seeded(tmp_path: Path) -> str:
    """A SQLite registry at the current schema with three claims, one of them quoted."""
    from claimtrack.registry import Registry

    db = str(tmp_path / "r.db")
    registry = Registry.open(f"sqlite:///{db}")
    registry.close()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO article (id, source, retrieved_at, content_hash, text) "
            "VALUES (1, 'a.txt', '2024-06-01 00:00:00.000000', ?, 'x')",
            ("0" * 64,),
        )
        for i, text in enumerate(
            ("Unemployment fell to 4 percent", "Exports rose by 7 percent", "Wages rose"), 1
        ):
            conn.execute(
                'INSERT INTO claim (id, text, fingerprint, kind, score, "values", status, '
                "created_at, updated_at) VALUES (?, ?, ?, 'statistic', 0.5, '{\"n\": 1}', "
                "'open', '2024-06-01 00:00:00.000000', '2024-06-01 00:00:00.000000')",
                (i, text, f"f{i}"),
            )
            conn.execute(
                'INSERT INTO mention (claim_id, article_id, sentence, start, "end", speaker) '
                "VALUES (?, 1, ?, ?, ?, ?)",
                (i, text, i * 40, i * 40 + len(text), "A. Speaker" if i == 2 else None),
            )
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("report", "--article", "1", "--format", "json"),
        ("report", "--format", "markdown"),
        ("claims",),
        ("claims", "--search", "percent"),
        ("claims", "--search", "percent", "--limit", "1"),
        ("claims", "--search", "rose", "--kind", "statistic", "--status", "open", "--all"),
        ("claims", "--article", "1", "--json"),
    ],
    ids=" ".join,
)
def test_read_commands_read_sqlite_without_the_orm_or_plugins(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = _seeded(tmp_path)
    skips = READ_COMMAND_SKIPS
    if args[0] == "report":
        # The report computes outcomes (claimtrack.outcome and verification.aggregate, light).
        skips = tuple(
            m for m in skips if m not in ("claimtrack.outcome", "claimtrack.verification")
        )
    result = _start("--db", db, *args, watched=skips + READ_COMMAND_LOADS)
    loaded = [m for m in result["loaded"] if m not in READ_COMMAND_LOADS]  # type: ignore[attr-defined]
    assert loaded == [], f"`claimtrack {' '.join(args)}` imported {loaded}"
    assert set(READ_COMMAND_LOADS) <= set(result["loaded"])  # type: ignore[call-overload]
    stdout = str(result["stdout"])
    if args[0] == "report":
        assert "3 claims: 3 unchecked" in stdout
        if "json" in args:
            document = json.loads(stdout)
            assert document["article"]["id"] == 1
            assert [(c["id"], c["speaker"]) for c in document["claims"]] == [
                (1, None),
                (2, "A. Speaker"),
                (3, None),
            ]
    elif "--json" in args:
        rows = json.loads(stdout)
        assert [r["id"] for r in rows] == [1, 2, 3]
        assert rows[1]["values"] == {"n": 1} and rows[1]["speaker"] == "A. Speaker"
        assert rows[0]["created_at"] == "2024-06-01T00:00:00"
    elif "--limit" in args:
        assert stdout.rstrip().endswith("1 claim(s) … 1 more; --limit N or --all")
    else:
        assert "claim(s)" in stdout and "…" not in stdout


def test_report_with_fact_checks_to_look_up_reads_through_the_registry(tmp_path: Path) -> None:
    """A confirmed fact-check (or any imported one) needs the matcher: the report then
    reads through the registry, and still shows the same claims."""
    db = _seeded(tmp_path)
    watched = ("sqlalchemy", "claimtrack.services.match")
    plain = _start("--db", db, "report", watched=watched)
    assert plain["loaded"] == []
    from claimtrack.labels import ReviewLabel
    from claimtrack.services.match import CONFIRMED_NOTE

    # The confirmation as the matching service writes it (the reader's check must see it).
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO review (claim_id, reviewer, label, note, created_at) "
            "VALUES (1, 'alice', ?, ?, '2024-06-02 00:00:00.000000')",
            (ReviewLabel.NOTE.value, CONFIRMED_NOTE + "https://fc.example/1"),
        )
    looked_up = _start("--db", db, "report", watched=watched)
    assert looked_up["loaded"] == ["claimtrack.services.match", "sqlalchemy"]
    assert looked_up["stdout"] == plain["stdout"]


def test_claims_on_an_older_schema_migrates_it_first(tmp_path: Path) -> None:
    """The stdlib reader reads only the shipped schema: an older one is upgraded by the
    registry (Alembic), and the next run reads it without SQLAlchemy again."""
    from alembic import command

    from claimtrack.registry.db import _alembic_config, create_db_engine

    db = _seeded(tmp_path)
    engine = create_db_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0008")
    engine.dispose()
    watched = ("alembic", "sqlalchemy")
    first = _start("--db", db, "claims", "--search", "percent", watched=watched)
    assert first["loaded"] == ["alembic", "sqlalchemy"]
    assert str(first["stdout"]).rstrip().endswith("2 claim(s)")
    again = _start("--db", db, "claims", "--search", "percent", watched=watched)
    assert again["loaded"] == [] and again["stdout"] == first["stdout"]
