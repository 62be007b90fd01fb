"""claimtrack-wikipedia: Wikipedia search and page summaries as evidence for claims no
structured verifier handles. It never invents a verdict: it returns ``unverifiable`` with
the best passages for a reviewer. It also answers claimtrack's ``find_passages`` hook with
Wikipedia passages, for verifiers that read evidence themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimtrack.hookspecs import hookimpl

if TYPE_CHECKING:
    import httpx

    from claimtrack.verification.api import Passage

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_wikipedia.verifier import WikipediaVerifier

    register(WikipediaVerifier())


@hookimpl
async def find_passages(
    query: str, http: httpx.AsyncClient, limit: int, lang: str
) -> list[Passage] | None:
    """Wikipedia passages for ``query`` (see :func:`claimtrack_wikipedia.verifier.find_passages`)."""
    from claimtrack_wikipedia import verifier

    return await verifier.find_passages(query, http, limit, lang)
