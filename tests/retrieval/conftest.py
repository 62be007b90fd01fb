"""Fixtures for the retrieval tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack.registry import Registry


@pytest.fixture
def registry(db_url: str) -> Iterator[Registry]:
    """A migrated registry on a SQLite file and, when configured, on PostgreSQL."""
    reg = Registry.open(db_url)
    try:
        yield reg
    finally:
        reg.close()
