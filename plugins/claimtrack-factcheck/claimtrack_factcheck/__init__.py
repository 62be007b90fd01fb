"""claimtrack-factcheck: match claims against published fact-checks with the Google Fact
Check Tools API (``claims:search``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_factcheck.verifier import FactCheckVerifier

    register(FactCheckVerifier())
