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


@pytest.fixture(autouse=True)
def _lexical_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the lexical matcher's scores and reasons, whatever other plugins
    are installed: claimtrack-semantic's stage is tested with that plugin."""
    monkeypatch.setenv("CLAIMTRACK_DISABLE_PLUGINS", "semantic")
