"""pytest fixtures for claimtrack and its plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimtrack.registry import Registry
from claimtrack.testing.cli import CliRunner
from claimtrack.testing.kit import make_claim
from claimtrack.testing.server import FixtureServer
from claimtrack.verification.api import ClaimInfo


@pytest.fixture
def registry_url(tmp_path: Path) -> str:
    """A SQLite database URL in a temporary directory."""
    return f"sqlite:///{tmp_path / 'claimtrack.db'}"


@pytest.fixture
def registry(registry_url: str) -> Iterator[Registry]:
    """A fresh, migrated registry on a SQLite file in a temporary directory."""
    reg = Registry.open(registry_url)
    try:
        yield reg
    finally:
        reg.close()


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A loopback HTTP server for verifier tests: ``fixture_server.json(path, data)``,
    ``fixture_server.fail(path, Fault.http(429, retry_after=0))``, ``fixture_server.url``."""
    server = FixtureServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def claim_factory() -> Callable[..., ClaimInfo]:
    """:func:`claimtrack.testing.make_claim`: ``claim_factory(text, kind, values, speaker=...)``."""
    return make_claim


@pytest.fixture
def cli_runner(tmp_path: Path) -> CliRunner:
    """Runs the real ``claimtrack`` CLI in a subprocess with a database, config file and
    caches of its own under ``tmp_path``: ``result = cli_runner.run("claims", "--json")``,
    then ``result.exit_code``, ``result.stdout``, ``result.stderr``. ``cli_runner.write_config(toml)``
    writes its config file; ``cli_runner.env`` adds environment variables to every run."""
    return CliRunner(tmp_path / "claimtrack-cli")
