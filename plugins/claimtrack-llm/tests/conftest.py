from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimtrack_llm.fixture_server import MODEL, LLMFixtureServer


@pytest.fixture
def llm_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LLMFixtureServer]:
    """The fixture model server, with the llm verifier pointed at it."""
    with LLMFixtureServer() as srv:
        monkeypatch.setenv("CLAIMTRACK_LLM_BASE_URL", srv.base_url)
        monkeypatch.setenv("CLAIMTRACK_LLM_MODEL", MODEL)
        yield srv
