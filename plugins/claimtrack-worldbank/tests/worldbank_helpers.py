"""Helpers for the worldbank plugin's tests (unique module name: safe in a root-level run)."""

import asyncio
from functools import partial

from claimtrack.testing import make_claim, make_context, verify_text  # noqa: F401 - make_claim re-exported

PUBLISHED = "2023-05-16"  # the date of the tests' articles, unless a test says otherwise
make_ctx = partial(make_context, verifier="worldbank", published=PUBLISHED)
verify = partial(verify_text, published=PUBLISHED)
run = asyncio.run


G7 = ["Canada", "France", "Germany", "Italy", "Japan", "United Kingdom", "United States"]


async def fake_resolver(group, on, http):
    """A stand-in for another plugin's ``claimtrack_worldbank.group_members`` entry point."""
    if group.casefold() in ("g7", "group of seven"):
        return {"group": "Group of Seven", "url": "https://www.wikidata.org/wiki/Q1764511",
                "members": [{"name": n, "iso3": None} for n in G7]}
    if group.casefold() == "brics" and on.year >= 2025:
        names = {"Brazil": "BRA", "Russia": "RUS", "India": "IND", "China": "CHN", "South Africa": "ZAF", "Egypt": "EGY",
                 "Ethiopia": "ETH", "Iran": "IRN", "United Arab Emirates": "ARE", "Indonesia": "IDN"}
        return {"group": "BRICS", "url": "https://www.wikidata.org/wiki/Q18401",
                "members": [{"name": n, "iso3": c} for n, c in names.items()]}
    return None
