from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack_worldbank.fixture_server import WorldBankFixtureServer


@pytest.fixture
def worldbank_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WorldBankFixtureServer]:
    with WorldBankFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_WORLDBANK_API", f"{srv.url}/v2")
        yield srv
