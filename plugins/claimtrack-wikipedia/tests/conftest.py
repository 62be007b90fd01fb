from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack_wikipedia.fixture_server import WikipediaFixtureServer


@pytest.fixture
def wikipedia_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WikipediaFixtureServer]:
    with WikipediaFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_API", f"{srv.url}/w/api.php")
        monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_REST", f"{srv.url}/api/rest_v1")
        monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_MAX_WAIT", "2")
        yield srv
