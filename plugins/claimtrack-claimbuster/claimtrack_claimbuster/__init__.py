"""claimtrack-claimbuster: check-worthiness scores from the ClaimBuster API, combined with
claimtrack's own model score, as an extractor-side plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_extractors(register: Callable[[Any], None]) -> None:
    from claimtrack_claimbuster.extractor import ClaimBusterExtractor

    register(ClaimBusterExtractor())
