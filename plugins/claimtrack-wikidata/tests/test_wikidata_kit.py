"""Through claimtrack's plugin-author kit: the engine's way of calling, the hooks (cooperation ones included)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import httpx
import pluggy

import claimtrack_wikidata
from claimtrack.plugins import make_plugin_manager
from claimtrack.testing import make_article, make_claim, run_verifier
from claimtrack_wikidata.groups import handles
from claimtrack_wikidata.verifier import WikidataVerifier


def _ask(hook, **kwargs):
    """``hook``'s answers from a manager with only this plugin registered, as a verifier asks it."""
    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(claimtrack_wikidata, name="wikidata")

    async def go():
        return [answer async for answer in plugins.ask(hook, **kwargs)]

    return asyncio.run(go())


def test_run_like_the_engine(wikidata_server):
    claim = make_claim(
        "German Chancellor Olaf Scholz",
        kind="office",
        values={
            "relation": "office",
            "person": "Olaf Scholz",
            "office": "Chancellor",
            "country": "Germany",
        },
    )
    v2022 = asyncio.run(
        run_verifier(
            WikidataVerifier(),
            claim,
            article=make_article(published=datetime(2022, 3, 1, tzinfo=UTC)),
        )
    )
    late = asyncio.run(
        run_verifier(
            WikidataVerifier(),
            claim,
            article=make_article(published=datetime(2025, 11, 20, tzinfo=UTC)),
        )
    )
    assert (v2022.label, late.label) == ("supported", "refuted")


def test_hook_registers_one_verifier():
    pm = pluggy.PluginManager("claimtrack")
    from claimtrack import hookspecs

    pm.add_hookspecs(hookspecs)
    pm.register(claimtrack_wikidata)
    got = []
    pm.hook.register_verifiers(register=got.append)
    assert [v.name for v in got] == ["wikidata"]


def test_group_members_through_the_hook(wikidata_server):
    async def go(on):
        async with httpx.AsyncClient() as http:
            plugins = make_plugin_manager(load_entrypoints=False)
            plugins.register(claimtrack_wikidata, name="wikidata")
            answers = [
                a
                async for a in plugins.ask("resolve_group_members", group="BRICS", on=on, http=http)
            ]
            assert [name for name, _ in answers] == ["wikidata"]
            return answers[0][1]

    early, late = asyncio.run(go(date(2023, 5, 16))), asyncio.run(go(date(2025, 11, 18)))
    assert len(early["members"]) == 5 and len(late["members"]) == 10
    assert {"name": "Indonesia", "qid": "Q252", "iso3": "IDN"} in late["members"]
    assert late["url"] == "https://www.wikidata.org/wiki/Q18401"
    assert asyncio.run(go(date(2025, 1, 1)))["members"]  # cached per loop, still correct


def test_group_members_unreachable_is_none(monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_WIKIDATA_API", "http://127.0.0.1:9/w/api.php")

    async def go():
        async with httpx.AsyncClient() as http:
            return await claimtrack_wikidata.resolve_group_members("G7", date(2023, 1, 1), http)

    assert asyncio.run(go()) is None


def test_handles():
    assert handles(make_claim("Founded in 1949, NATO is an alliance."))
    assert not handles(make_claim("Organisers expect a joint statement on Wednesday."))
    assert _ask("claim_checked_by", claim=make_claim("Founded in 1949, NATO is an alliance.")) == [
        ("wikidata", "wikidata")
    ]
    assert _ask(
        "claim_checked_by", claim=make_claim("Organisers expect a joint statement on Wednesday.")
    ) == [("wikidata", None)]


def test_group_members_use_the_settings_of_the_run(monkeypatch, tmp_path):
    """The hook answers with the settings claimtrack gave the wikidata verifier in the run
    (``ctx.settings``), not by reading the config file again (here: a dead address)."""
    from claimtrack.testing import make_context
    from claimtrack_wikidata.fixture_server import WikidataFixtureServer

    config = tmp_path / "config.toml"
    config.write_text(
        '[verifiers.wikidata]\napi = "http://127.0.0.1:9/w/api.php"\n'
        'sparql = "http://127.0.0.1:9/sparql"\n'
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    with WikidataFixtureServer() as srv:
        settings = {"api": f"{srv.url}/w/api.php", "sparql": f"{srv.url}/sparql", "max_wait": 2}

        async def go():
            async with httpx.AsyncClient() as http:
                ctx = make_context(http, "wikidata", settings=settings, published="2025-11-18")
                await WikidataVerifier().verify(make_claim("The talks were cordial."), ctx)
                return await claimtrack_wikidata.resolve_group_members(
                    "BRICS", date(2025, 11, 18), http
                )

        found = asyncio.run(go())
    assert found is not None and len(found["members"]) == 10
