"""``VerifyContext.earlier_fact_checks``: the run's imported fact-checks as evidence passages."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from claimtrack.config import load_settings
from claimtrack.importers.claimreview import read_fact_checks
from claimtrack.plugins import make_plugin_manager
from claimtrack.registry import Registry
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.verify import execute, fact_check_search
from claimtrack.testing import add_claims, fast_http_options, make_context
from claimtrack.verification.api import Passage, Verdict, Verifier
from claimtrack.verification.engine import FactCheckLookup, VerifyOptions

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
LEMON = "https://factcheck.example/2024/lemon-water-covid"
LEMON_POST = "BREAKING: hot lemon water kills the coronavirus, doctors say"


@pytest.fixture
def registry(db_url: str):  # type: ignore[no-untyped-def]
    """A SQLite file, and PostgreSQL when configured (``db_url``)."""
    reg = Registry.open(db_url)
    try:
        yield reg
    finally:
        reg.close()


@pytest.fixture
def imported(registry: Registry) -> Registry:
    store_fact_checks(registry, read_fact_checks(str(FEED), load_settings()), source="feed")
    return registry


def test_matching_fact_checks_as_passages(imported: Registry) -> None:
    search = fact_check_search(imported)
    found = search(LEMON_POST, 3)
    assert [p.url for p in found] == [LEMON]
    passage = found[0]
    assert isinstance(passage, Passage)
    assert passage.source == "registry" and passage.id == "registry:1"
    assert passage.text == (
        "Checked claim: Drinking hot water with lemon cures the coronavirus.\n"
        "Rating: False\nPublisher: Example Fact Check (2020-03-18)"
    )
    assert passage.title == "Does hot lemon water cure COVID-19?"
    # The same fact-check keeps its id for the run; another gets the next one.
    assert search("Hot lemon water cures the coronavirus.", 3)[0].id == "registry:1"
    others = search("A con man sold the Eiffel Tower as scrap metal back in 1925", 3)
    assert others and others[0].id == "registry:2"


def test_no_match_empty_text_and_empty_registry(imported: Registry, tmp_path: Path) -> None:
    search = fact_check_search(imported)
    assert search("The committee meets every second Tuesday in Oslo.", 3) == []
    assert search("   ", 3) == []
    assert search("word " * 2000, 3) == []  # no single claim: nothing to look up
    empty = Registry.open(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert fact_check_search(empty)(LEMON_POST, 3) == []
    finally:
        empty.close()


def test_a_context_without_a_registry_has_none() -> None:
    async def go() -> list[Passage]:
        import httpx

        async with httpx.AsyncClient() as http:
            ctx = make_context(http, "x", plugins=make_plugin_manager(load_entrypoints=False))
            return await ctx.earlier_fact_checks(LEMON_POST)

    assert asyncio.run(go()) == []


def test_one_search_per_text_in_a_run() -> None:
    calls: list[tuple[str, int]] = []
    threads: set[str] = set()

    def search(text: str, top: int) -> list[Passage]:
        calls.append((text, top))
        threads.add(threading.current_thread().name)
        return [Passage(id="registry:1", source="registry", title="t", url="u", text=text)]

    lookup = FactCheckLookup(search)

    async def go() -> list[list[Passage]]:
        return list(await asyncio.gather(*(lookup("a claim", 3) for _ in range(5))))

    answers = asyncio.run(go())
    assert calls == [("a claim", 3)]
    assert all(a == answers[0] for a in answers) and answers[0][0].text == "a claim"
    assert threading.main_thread().name not in threads  # off the event loop


class Asks(Verifier):
    """Records the earlier fact-checks the run gives it, as its summary."""

    name = "asks"
    version = "1"

    async def verify(self, claim, ctx):  # type: ignore[no-untyped-def]
        found = await ctx.earlier_fact_checks(claim.text, top=2)
        return Verdict.unverifiable(" | ".join(f"{p.id} {p.url}" for p in found) or "none")


def test_the_engine_supplies_them_in_a_run(imported: Registry) -> None:
    [claim_id] = add_claims(imported, [LEMON_POST])
    plugins = make_plugin_manager(load_entrypoints=False)
    options = VerifyOptions(http=fast_http_options(), progress=False)
    result = execute(imported, plugins, [Asks()], options, claim_ids=[claim_id])
    assert result.done == 1
    [verdict] = imported.verdicts(claim_id)
    assert verdict.summary == f"registry:1 {LEMON}"


def test_the_test_kit_plays_a_registry() -> None:
    from claimtrack.testing import make_claim, run_verifier

    given = [
        Passage(id=f"registry:{n}", source="registry", title="t", url="", text=f"check {n}")
        for n in (1, 2, 3)
    ]
    verdict = asyncio.run(
        run_verifier(
            Asks(),
            make_claim(LEMON_POST),
            fact_checks=given,
            plugins=make_plugin_manager(load_entrypoints=False),
        )
    )
    assert verdict.summary == "registry:1  | registry:2 "  # top=2
