"""claimtrack-wikidata: check capitals, founding dates, memberships, office holders and
populations against Wikidata, at the article's publication date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack.hookspecs import hookimpl

if TYPE_CHECKING:
    import httpx

    from claimtrack.verification.api import ClaimInfo

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_wikidata.verifier import WikidataVerifier

    register(WikidataVerifier())


@hookimpl
async def resolve_group_members(
    group: str, on: date, http: httpx.AsyncClient
) -> dict[str, Any] | None:
    """A group's members on ``on``, from Wikidata (for claimtrack-worldbank)."""
    from claimtrack_wikidata import groups

    return await groups.resolve_group_members(group, on, http)


@hookimpl
def claim_checked_by(claim: ClaimInfo) -> str | None:
    """``"wikidata"`` when the wikidata verifier checks ``claim`` (for claimtrack-wikipedia)."""
    from claimtrack_wikidata import groups

    return "wikidata" if groups.handles(claim) else None
