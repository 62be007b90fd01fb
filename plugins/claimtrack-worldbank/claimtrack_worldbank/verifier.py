"""The ``worldbank`` verifier: indicator values and share-of-world claims."""

from __future__ import annotations

import re
import unicodedata
from contextlib import aclosing
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz

from claimtrack.extraction.parts import Part
from claimtrack.text import Fact, hedged_tolerance
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Verdict,
    Verifier,
    VerifyContext,
)
from claimtrack.verification.sources import (
    check_parts,
)
from claimtrack_worldbank import __version__, patterns
from claimtrack_worldbank.client import (
    Config,
    Observation,
    WorldBankClient,
    indicator_url,
)

SOURCE = "worldbank"
#: How far back to look for a year with data (the latest year not after the article's).
LOOKBACK_YEARS = 6
#: Said of a time-dependent check of an article without a date (never checked against today).
NO_DATE = "the article has no date"
INDICATOR_NAMES = {"SP.POP.TOTL": "population", "NY.GDP.MKTP.CD": "GDP (current US$)"}
#: Common names → World Bank country names (the API uses "Russian Federation", "Iran, Islamic Rep." …).
ALIASES = {
    "united states": "USA",
    "united states of america": "USA",
    "us": "USA",
    "usa": "USA",
    "america": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "russia": "RUS",
    "iran": "IRN",
    "egypt": "EGY",
    "south korea": "KOR",
    "korea": "KOR",
    "north korea": "PRK",
    "turkey": "TUR",
    "turkiye": "TUR",
    "uae": "ARE",
    "emirates": "ARE",
    "venezuela": "VEN",
    "syria": "SYR",
    "vietnam": "VNM",
    "laos": "LAO",
    "czechia": "CZE",
    "czech republic": "CZE",
    "slovakia": "SVK",
    "yemen": "YEM",
    "china": "CHN",
    "people's republic of china": "CHN",
    "world": "WLD",
}


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^\w]+", " ", text.replace(".", "")).strip()


def fmt(value: float, indicator: str) -> str:
    if indicator == "NY.GDP.MKTP.CD":
        return f"${value / 1e12:,.2f} trillion" if value >= 1e12 else f"${value / 1e9:,.1f} billion"
    if value >= 1e9:
        return f"{value / 1e9:,.2f} billion"
    if value >= 1e6:
        return f"{value / 1e6:,.1f} million"
    return f"{value:,.0f}"


async def members_from_plugins(
    group: str, on: date, ctx: VerifyContext, asked: list[str] | None = None
) -> dict[str, Any] | None:
    """Ask the loaded plugins (e.g. claimtrack-wikidata) through claimtrack's
    ``resolve_group_members`` hook; the first answer with members wins.

    An answer is ``{"group": str, "url": str, "members": [{"name": str, "iso3": str | None}]}``;
    the plugin's name is added as ``"via"``. ``asked`` collects the plugins asked.
    """
    assert ctx.plugins is not None
    async with aclosing(
        ctx.plugins.ask("resolve_group_members", group=group, on=on, http=ctx.http)
    ) as answers:
        async for plugin, found in answers:
            if asked is not None:
                asked.append(plugin)
            if found and found.get("members"):
                return {**found, "via": plugin}
    return None


class WorldBankVerifier(Verifier):
    """Checks population and other indicator figures and share-of-world claims at the
    article's year (the latest year with data not after it).

    One verdict per part it checks (``share_of_world``, ``population``, and a
    ``statistic`` whose values name an indicator and a country), each from that part's
    values; a claim without parts is checked as a whole.

    Without an article date, only figures for a year the claim names are checked; the
    others are unverifiable ("the article has no date"), never checked against today's data."""

    name = "worldbank"
    version = __version__
    kinds = ()
    config = Config

    def applies_to(self, claim: ClaimInfo) -> bool:
        return bool(checks_of(claim))

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        checks = checks_of(claim)
        if not checks:
            return None
        config = Config.load(ctx.settings)
        client = WorldBankClient(ctx.http, config, ctx.run_state, ctx.logger)
        published = ctx.published
        # No date: None, never today (an old article's figure is not judged by today's data).
        on = published.date() if isinstance(published, datetime) else published

        async def check(fact: Fact) -> Verdict:
            if fact.relation == "share_of_world":
                return await check_share(client, fact, on, ctx)
            return await check_indicator(client, fact, on)

        return await check_parts(checks, check, source="worldbank")


def checks_of(claim: ClaimInfo) -> list[tuple[Part | None, Fact]]:
    """The ``(part, fact)`` pairs the worldbank verifier checks in ``claim`` (part None:
    the claim has no parts and is checked as a whole)."""
    return patterns.plan(claim.parts, claim.sentence or claim.text, claim.values)


async def to_iso3(client: WorldBankClient, names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map country names to ISO3 codes via the API's country list; return (found, unknown)."""
    countries = [
        c
        for c in await client.countries()
        if (c.get("region") or {}).get("value") != "Aggregates" or c.get("id") == "WLD"
    ]
    by_name = {norm(str(c.get("name", ""))): str(c.get("id")) for c in countries}
    codes = {str(c.get("id")) for c in countries}
    found, unknown = {}, []
    for name in names:
        n = norm(name)
        code = ALIASES.get(n) or by_name.get(n) or (name.upper() if name.upper() in codes else None)
        if code is None:
            best = max(by_name, key=lambda k: fuzz.token_set_ratio(n, k), default=None)
            if best is not None and fuzz.token_set_ratio(n, best) >= 90:
                code = by_name[best]
        if code:
            found[name] = code
        else:
            unknown.append(name)
    return found, unknown


def pick_year(obs: list[Observation], needed: set[str], year: int) -> int | None:
    """The latest year ≤ ``year`` in which every needed country has a value."""
    have: dict[int, set[str]] = {}
    for o in obs:
        if o.value is not None and o.year <= year:
            have.setdefault(o.year, set()).add(o.iso3)
    ok = [y for y, s in have.items() if needed <= s]
    return max(ok) if ok else None


def within(actual: float, stated: float, hedge: str | None, tol: float) -> bool:
    if hedge in ("more than", "over", "just over"):
        return actual >= stated * 0.99
    if hedge in ("less than", "under", "just under"):
        return actual <= stated * 1.01
    if hedge in ("nearly", "almost"):
        return stated * (1 - tol) <= actual <= stated * 1.02
    return abs(actual - stated) <= tol * stated


async def check_share(
    client: WorldBankClient, fact: Fact, on: date | None, ctx: VerifyContext
) -> Verdict:
    group = fact["group"]
    if on is None:
        return Verdict.unverifiable(
            f"worldbank: {group}'s share of the world changes over time and {NO_DATE}"
        )
    indicator = fact["indicator"]
    members = fact["members"]
    via = "the claim"
    group_url = None
    if members:
        codes, unknown = await to_iso3(client, members)
        if unknown:
            return Verdict.unverifiable(f"worldbank: unknown countries {', '.join(unknown)}")
    else:
        asked: list[str] = []
        found = await members_from_plugins(group, on, ctx, asked)
        if not found:
            why = (
                f"{', '.join(asked)} did not know them or could not be reached"
                if asked
                else "list them in the claim or install claimtrack-wikidata"
            )
            return Verdict.unverifiable(f"worldbank: members of {group} unknown ({why})")
        via, group_url = found["via"], found.get("url")
        named = {m["name"]: m.get("iso3") for m in found["members"]}
        codes = {n: c for n, c in named.items() if c}
        missing = [n for n, c in named.items() if not c]
        if missing:
            more, unknown = await to_iso3(client, missing)
            codes.update(more)
            if unknown:
                return Verdict.unverifiable(
                    f"worldbank: no World Bank code for {', '.join(unknown)}"
                )
    iso3 = sorted(set(codes.values()))
    obs = await client.indicator([*iso3, "WLD"], indicator, on.year - LOOKBACK_YEARS, on.year)
    year = pick_year(obs, {*iso3, "WLD"}, on.year)
    name = INDICATOR_NAMES.get(indicator, indicator)
    if year is None:
        return Verdict.unverifiable(
            f"worldbank: no {name} data for all of {group} and the world up to {on.year}"
        )
    at = {o.iso3: o for o in obs if o.year == year and o.value is not None}
    total = sum(at[c].value for c in iso3)  # type: ignore[misc]
    world = at["WLD"].value or 0.0
    if not world:
        return Verdict.unverifiable(f"worldbank: no world total for {year}")
    share = total / world
    stated = fact["share"]
    parts = ", ".join(f"{at[c].country} {fmt(at[c].value, indicator)}" for c in iso3)  # type: ignore[arg-type]
    snippet = (
        f"{year} {name}: {group} {fmt(total, indicator)} ({parts}) of world {fmt(world, indicator)} = {share:.1%}"
        f"; members from {via}"
    )
    evidence = [
        Evidence(
            SOURCE,
            url=indicator_url(indicator, [at[c].iso2 for c in iso3] + [at["WLD"].iso2]),
            title=f"World Bank: {name} ({indicator})",
            snippet=snippet,
        )
    ]
    if group_url:
        evidence.append(
            Evidence("wikidata", url=group_url, title=f"{group} members", snippet=", ".join(codes))
        )
    hedge = fact["hedge"]
    said = f"{hedge + ' ' if hedge else ''}{fact['share_text'] or f'{stated:.0%}'}"
    what = f"{group}'s share of world {name} in {year} was {share:.1%}"
    if within(share, stated, hedge, client.config.share_tolerance):
        return Verdict("supported", 0.85, f"{what}, consistent with {said}", evidence)
    direction = "overstated" if stated > share else "understated"
    return Verdict(
        "refuted", 0.85, f"refuted: {direction}: {what}, not {said} ({stated:.1%})", evidence
    )


async def check_indicator(client: WorldBankClient, fact: Fact, on: date | None) -> Verdict:
    if fact["year"]:
        target = int(fact["year"])
    elif on is not None:
        target = on.year
    else:
        name = INDICATOR_NAMES.get(fact["indicator"], fact["indicator"])
        return Verdict.unverifiable(
            f"worldbank: the {name} of {fact['country']} changes over time, the claim names "
            f"no year and {NO_DATE}"
        )
    codes, unknown = await to_iso3(client, [fact["country"]])
    if unknown:
        return Verdict.unverifiable(f"worldbank: unknown country {fact['country']!r}")
    code = codes[fact["country"]]
    indicator = fact["indicator"]
    obs = await client.indicator([code], indicator, target - LOOKBACK_YEARS, target)
    year = pick_year(obs, {code}, target)
    name = INDICATOR_NAMES.get(indicator, indicator)
    if year is None:
        return Verdict.unverifiable(
            f"worldbank: no {name} data for {fact['country']} up to {target}"
        )
    o = next(o for o in obs if o.year == year and o.iso3 == code)
    actual, stated = float(o.value or 0), float(fact["value"])
    evidence = [
        Evidence(
            SOURCE,
            url=indicator_url(indicator, [o.iso2]),
            title=f"World Bank: {name} ({indicator})",
            snippet=f"{o.country}, {year}: {actual:,.0f}",
        )
    ]
    hedge = fact["hedge"]
    tol = client.config.value_tolerance_hedged if hedge else client.config.value_tolerance
    if hedge:  # "about 70 million" allows what rounds to 70 million
        tol = hedged_tolerance(stated, tol)
    said = f"{hedge + ' ' if hedge else ''}{fmt(stated, indicator)}"
    what = f"{o.country}'s {name} in {year} was {fmt(actual, indicator)}"
    if within(actual, stated, hedge, tol):
        return Verdict("supported", 0.8, f"{what}, consistent with {said}", evidence)
    direction = "overstated" if stated > actual else "understated"
    return Verdict("refuted", 0.8, f"refuted: {direction}: {what}, not {said}", evidence)


def handles(claim: ClaimInfo) -> bool:
    """Whether the worldbank verifier checks ``claim`` (for claimtrack-wikipedia)."""
    return bool(checks_of(claim))
