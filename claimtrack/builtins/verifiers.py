"""The built-in offline verifiers, registered through the ``claimtrack`` entry-point group
exactly as a third-party plugin registers its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    """Register the internal-consistency checks and the quote check."""
    from claimtrack.verification.consistency import (
        DateConsistencyVerifier,
        MembershipCountVerifier,
        SumOfPartsVerifier,
    )
    from claimtrack.verification.quotecheck import QuoteSourceVerifier

    register(MembershipCountVerifier())
    register(SumOfPartsVerifier())
    register(DateConsistencyVerifier())
    register(QuoteSourceVerifier())
