"""What a command imports to start: `--help` and `--version` load no database or HTTP stack,
and reading the registry does not load Alembic unless a migration is due.

Each check runs the real entry point in a fresh interpreter and reads ``sys.modules`` after
it (``-X importtime`` misses modules loaded with ``importlib.import_module``, as plugins
and lazily registered commands are).
"""

from __future__ import annotations

import json
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
    watched = ("alembic", "sqlalchemy", "httpx", "trafilatura")
    # A new database is created at the shipped head: that is a migration.
    first = _start("--db", db, "claims", "--limit", "1", watched=watched)
    assert first["loaded"] == ["alembic", "sqlalchemy"]
    for args in (("claims", "--limit", "1"), ("report",), ("articles",)):
        again = _start("--db", db, *args, watched=watched)
        assert again["loaded"] == ["sqlalchemy"], f"`claimtrack {' '.join(args)}`"
