"""Fixtures for the review tests: a seeded registry and a fixed reviewer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from seed import Seeded, seed

from claimtrack.registry import Registry


@pytest.fixture
def seeded(registry: Registry) -> Seeded:
    """The example article with its claims and verdicts."""
    return seed(registry)


@pytest.fixture(autouse=True)
def _reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_REVIEWER", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)
