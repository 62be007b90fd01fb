"""claimtrack-wikidata: check capitals, founding dates, memberships, office holders and
populations against Wikidata, at the article's publication date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_wikidata.verifier import WikidataVerifier

    register(WikidataVerifier())
