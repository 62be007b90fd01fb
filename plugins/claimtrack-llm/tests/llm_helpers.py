"""Helpers for the llm plugin's tests (unique module name: safe in a root-level run)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from claimtrack import Passage
from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import Plugins, make_plugin_manager
from claimtrack.testing import make_article, make_claim, make_part, run_verifier
from claimtrack.verification.api import ClaimInfo, Verdict
from claimtrack_llm.prompt import DATA_CLOSE, DATA_OPEN
from claimtrack_llm.verifier import LLMVerifier

V = LLMVerifier()
PUBLISHED = "2025-11-21"
run = asyncio.run

#: Passages an encyclopaedia plugin answers ``find_passages`` with, in these tests.
ENCYCLOPAEDIA = [
    Passage(
        id="atlas:Summit#1",
        source="atlas",
        title="G7 summit – Atlas",
        url="https://atlas.example.org/G7_summit",
        text=(
            "The 51st G7 summit was held in Kananaskis, Alberta, Canada, on 16 and 17 June "
            "2025. Canada last hosted a G7 summit in 2018, in Charlevoix."
        ),
    ),
    Passage(
        id="atlas:Trade#1",
        source="atlas",
        title="Trade ministers – Atlas",
        url="https://atlas.example.org/Trade_ministers",
        text="The trade ministers of the Group of Seven met in Toronto on Thursday to discuss tariffs.",
    ),
]


class Encyclopaedia:
    """A plugin that answers ``find_passages`` (as claimtrack-wikipedia does)."""

    def __init__(self, passages: list[Passage] | None = None) -> None:
        self.passages = ENCYCLOPAEDIA if passages is None else passages
        self.queries: list[str] = []

    @hookimpl
    def find_passages(self, query: str, http: Any, limit: int, lang: str) -> list[Passage]:
        self.queries.append(query)
        return self.passages[:limit]


def plugins(**named: object) -> Plugins:
    manager = make_plugin_manager(load_entrypoints=False)
    for name, plugin in named.items():
        manager.register(plugin, name=name)
    return manager


def event_claim(
    text: str = "The trade ministers of the Group of Seven met in Toronto on Thursday.",
) -> ClaimInfo:
    return make_claim(text, "event", parts=[make_part("event", text, id="event-1")])


def check(
    claim: ClaimInfo,
    *,
    encyclopaedia: Encyclopaedia | None = None,
    article_text: str = "",
    settings: dict[str, Any] | None = None,
    sources: dict[str, str] | None = None,
    run_state: dict[str, Any] | None = None,
    fact_checks: list[Passage] | None = None,
) -> Verdict | list[Verdict] | None:
    """Run the llm verifier on ``claim`` as the engine does."""
    manager = plugins(atlas=encyclopaedia if encyclopaedia is not None else Encyclopaedia())
    article = make_article(article_text, published=PUBLISHED)
    return run(
        run_verifier(
            V,
            claim,
            article=article,
            settings=settings,
            sources=sources,
            run_state=run_state,
            plugins=manager,
            fact_checks=fact_checks,
        )
    )


def one(result: Verdict | list[Verdict] | None) -> Verdict:
    assert result is not None
    if isinstance(result, list):
        assert len(result) == 1, result
        return result[0]
    return result


def data_block(request_body: dict[str, Any]) -> dict[str, Any]:
    """The JSON data block of a recorded request's user message."""
    user = request_body["messages"][1]["content"]
    start = user.index(DATA_OPEN) + len(DATA_OPEN)
    return dict(json.loads(user[start : user.index(DATA_CLOSE)]))
