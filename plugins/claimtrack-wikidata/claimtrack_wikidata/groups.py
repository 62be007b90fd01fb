"""What this plugin answers through claimtrack's cooperation hooks (``claimtrack.hookspecs``).

``resolve_group_members`` backs the ``resolve_group_members`` hook: claimtrack-worldbank
asks it for a group's members at a date (for share-of-world claims whose sentence does not
list them). ``handles`` backs ``claim_checked_by``: claimtrack-wikipedia leaves claims that
this plugin checks to it. The hook implementations are in ``claimtrack_wikidata``.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any

import httpx

from claimtrack import ClaimtrackError, configured_settings, plugin_settings
from claimtrack.verification.api import ClaimInfo, VerifyContext
from claimtrack.verification.sources import QUIET_KEY, SourceError, SourceUnreachable
from claimtrack_wikidata.client import (
    ITEM_PAGE,
    Config,
    WikidataClient,
    label,
    statements,
)

_STATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)
_log = logging.getLogger("claimtrack.verifier.wikidata")


_RUN_SETTINGS: weakref.WeakKeyDictionary[httpx.AsyncClient, Mapping[str, Any]] = (
    weakref.WeakKeyDictionary()
)


def remember_settings(ctx: VerifyContext) -> None:
    """Keep the settings claimtrack gave the wikidata verifier (``ctx.settings``) for the
    hook: it answers with the same API, language and limits, for the run's HTTP client."""
    _RUN_SETTINGS[ctx.http] = ctx.settings


def _settings(http: httpx.AsyncClient) -> Mapping[str, Any]:
    """The wikidata verifier's settings in the run ``http`` belongs to.

    Before the verifier has been called in the run (or when it is not part of it), they
    are made as the engine makes them: the verifier's defaults, then ``[verifiers.wikidata]``
    of the config file, then the environment.
    """
    known = _RUN_SETTINGS.get(http)
    if known is not None:
        return known
    from claimtrack_wikidata.verifier import WikidataVerifier  # the verifier imports this module

    try:
        table = configured_settings("verifiers", "wikidata")
    except ClaimtrackError:  # a bad config file is reported by the command that reads it
        table = {}
    return plugin_settings(WikidataVerifier, table)


def handles(claim: ClaimInfo) -> bool:
    """Whether the wikidata verifier checks ``claim`` (at least one of its parts, or the
    claim as a whole when it has none)."""
    from claimtrack_wikidata.verifier import checks_of

    return bool(checks_of(claim))


async def resolve_group_members(
    group: str, on: date, http: httpx.AsyncClient
) -> dict[str, Any] | None:
    """The members of ``group`` on ``on``, from Wikidata.

    Returns ``{"group": label, "url": item page, "members": [{"name", "qid", "iso3"}]}``,
    or None when the group is unknown or Wikidata is unreachable (said once per run).
    """
    from claimtrack_wikidata.verifier import group_members, resolve

    loop = asyncio.get_running_loop()
    # The wikidata verifier reports "wikidata unreachable" for the run; this path stays quiet.
    state = _STATES.setdefault(loop, {QUIET_KEY: True})
    client = WikidataClient(http, Config.load(_settings(http)), state, _log)
    try:
        entity = await resolve(client, group, group=True)
        if entity is None:
            return None
        members = await group_members(client, entity)
        active = [q for q, sts in members.items() if any(s.active_on(on) for s in sts)]
        entities = await client.get(active)
    except (SourceUnreachable, SourceError):
        return None
    out = []
    for qid in active:
        ent = entities.get(qid)
        iso3 = (
            next((s.value for s in statements(ent, "P298") if isinstance(s.value, str)), None)
            if ent
            else None
        )
        out.append({"name": label(ent), "qid": qid, "iso3": iso3})
    return {"group": label(entity), "url": ITEM_PAGE.format(entity["id"]), "members": out}
