"""Shared fixtures: database URLs for SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "CLAIMTRACK_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CLAIMTRACK_REQUIRE_PG"):
        pytest.fail(
            f"CLAIMTRACK_REQUIRE_PG is set but {PG_ENV} is not: PostgreSQL tests cannot run"
        )
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (skipped when no server is configured)."""
    admin = _pg_admin_url()
    if not admin:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (CI does)")
    import sqlalchemy as sa

    name = f"claimtrack_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        if os.environ.get("CLAIMTRACK_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL at {PG_ENV} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = sa.make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each registry test runs twice: on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the user's config, database and cache."""
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("CLAIMTRACK_DB", raising=False)
    # The core tests pin the lexical matcher's behaviour and figures, whatever plugins are
    # installed; the semantic stage (claimtrack-semantic) has its own tests. Subprocesses
    # that inherit this environment are lexical too (CliRunner's drop it: they load every
    # installed plugin, as a user's run does).
    monkeypatch.setenv("CLAIMTRACK_DISABLE_PLUGINS", "semantic")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many tests ran against PostgreSQL, so CI logs show it."""
    passed = terminalreporter.stats.get("passed", [])
    on_pg = [
        r for r in passed if "[postgresql]" in r.nodeid or "pg_url" in getattr(r, "keywords", {})
    ]
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "[postgresql]" in r.nodeid]
    terminalreporter.write_line(
        f"PostgreSQL: {len(on_pg)} registry tests passed against {os.environ.get(PG_ENV, 'no server')}"
        + (f", {len(skipped)} skipped" if skipped else "")
    )
