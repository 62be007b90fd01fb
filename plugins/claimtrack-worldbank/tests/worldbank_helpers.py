"""Helpers for the worldbank plugin's tests (unique module name: safe in a root-level run)."""

import asyncio
from functools import partial

from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import Plugins, make_plugin_manager
from claimtrack.testing import make_claim, make_context, verify_text  # noqa: F401 - make_claim re-exported


def plugins(**named: object) -> Plugins:
    """A plugin manager with only the plugin objects ``named`` (nothing installed: no real source is asked)."""
    manager = make_plugin_manager(load_entrypoints=False)
    for name, plugin in named.items():
        manager.register(plugin, name=name)
    return manager


PUBLISHED = "2023-05-16"  # the date of the tests' articles, unless a test says otherwise
make_ctx = partial(make_context, verifier="worldbank", published=PUBLISHED, plugins=plugins())
verify = partial(verify_text, published=PUBLISHED, plugins=plugins())
run = asyncio.run


G7 = ["Canada", "France", "Germany", "Italy", "Japan", "United Kingdom", "United States"]


class FakeResolver:
    """A stand-in for another plugin (e.g. claimtrack-wikidata) implementing ``resolve_group_members``."""

    @hookimpl
    async def resolve_group_members(self, group, on, http):
        return await fake_resolver(group, on, http)


async def fake_resolver(group, on, http):
    """G7 always, and BRICS from 2025 (the expanded group)."""
    if group.casefold() in ("g7", "group of seven"):
        return {
            "group": "Group of Seven",
            "url": "https://www.wikidata.org/wiki/Q1764511",
            "members": [{"name": n, "iso3": None} for n in G7],
        }
    if group.casefold() == "brics" and on.year >= 2025:
        names = {
            "Brazil": "BRA",
            "Russia": "RUS",
            "India": "IND",
            "China": "CHN",
            "South Africa": "ZAF",
            "Egypt": "EGY",
            "Ethiopia": "ETH",
            "Iran": "IRN",
            "United Arab Emirates": "ARE",
            "Indonesia": "IDN",
        }
        return {
            "group": "BRICS",
            "url": "https://www.wikidata.org/wiki/Q18401",
            "members": [{"name": n, "iso3": c} for n, c in names.items()],
        }
    return None


async def part_verdicts(verifier, sentence, published=PUBLISHED, **kwargs):
    """The claim the real extractor makes of ``sentence`` and the verdicts ``verifier``
    gives it, by part id (None: the whole claim), as the engine checks them."""
    from claimtrack.testing import extracted_claim, make_article, run_verifier_all

    claim = extracted_claim(sentence, published=published)
    kwargs.setdefault("article", make_article(published=published))
    kwargs.setdefault("plugins", plugins())
    verdicts = await run_verifier_all(verifier, claim, **kwargs)
    return claim, {v.part: v for v in verdicts}


async def verify_parts(verifier, claim, published=PUBLISHED, **kwargs):
    """The verdicts ``verifier`` gives ``claim`` (made by the test), by part id."""
    from claimtrack.testing import make_article, run_verifier_all

    kwargs.setdefault("article", make_article(published=published))
    kwargs.setdefault("plugins", plugins())
    return {v.part: v for v in await run_verifier_all(verifier, claim, **kwargs)}
