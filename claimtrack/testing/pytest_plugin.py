"""pytest fixtures for claimtrack and its plugins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack.registry import Registry


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
