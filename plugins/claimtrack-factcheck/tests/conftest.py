from __future__ import annotations

from collections.abc import Iterator

import pytest
from factcheck_helpers import KEY

from claimtrack_factcheck.fixture_server import FactCheckFixtureServer


@pytest.fixture
def factcheck_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FactCheckFixtureServer]:
    for name in (
        "CLAIMTRACK_FACTCHECK_KEY",
        "GOOGLE_FACTCHECK_API_KEY",
        "CLAIMTRACK_FACTCHECK_KEY_IN",
    ):
        monkeypatch.delenv(name, raising=False)
    with FactCheckFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_FACTCHECK_API", f"{srv.url}/v1alpha1")
        monkeypatch.setenv("CLAIMTRACK_FACTCHECK_KEY", KEY)
        yield srv
