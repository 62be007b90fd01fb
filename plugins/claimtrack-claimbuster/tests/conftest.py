from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack_claimbuster import extractor
from claimtrack_claimbuster.fixture_server import ClaimBusterFixtureServer


@pytest.fixture(autouse=True)
def fresh_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extractor, "_said", set())


@pytest.fixture
def claimbuster_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ClaimBusterFixtureServer]:
    with ClaimBusterFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_API", f"{srv.url}/claimbuster/api/v2")
        monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_KEY", "cb-test-key")
        monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_TIMEOUT", "1")
        yield srv
