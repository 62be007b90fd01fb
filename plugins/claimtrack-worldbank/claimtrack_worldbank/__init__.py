"""claimtrack-worldbank: check population, GDP and other indicator figures, and
share-of-world claims, against the World Bank Indicators API at the article's year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_worldbank.verifier import WorldBankVerifier

    register(WorldBankVerifier())


@hookimpl
def claim_checked_by(claim: Any) -> str | None:
    """``"worldbank"`` when the worldbank verifier checks ``claim`` (for claimtrack-wikipedia)."""
    from claimtrack_worldbank.verifier import handles

    return "worldbank" if handles(claim) else None
