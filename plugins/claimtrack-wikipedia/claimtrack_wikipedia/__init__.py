"""claimtrack-wikipedia: Wikipedia search and page summaries as evidence for claims no
structured verifier handles. It never invents a verdict: it returns ``unverifiable`` with
the best passages for a reviewer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_wikipedia.verifier import WikipediaVerifier

    register(WikipediaVerifier())
