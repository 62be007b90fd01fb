from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack_wikidata.fixture_server import WikidataFixtureServer


@pytest.fixture
def wikidata_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WikidataFixtureServer]:
    with WikidataFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_WIKIDATA_API", f"{srv.url}/w/api.php")
        monkeypatch.setenv("CLAIMTRACK_WIKIDATA_SPARQL", f"{srv.url}/sparql")
        monkeypatch.setenv("CLAIMTRACK_WIKIDATA_MAX_WAIT", "2")
        yield srv
