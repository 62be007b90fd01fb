"""claimtrack: track and check factual claims in news, from the terminal.

The names a plugin needs are importable from here::

    from claimtrack import Evidence, Verdict, Verifier, hookimpl

They are loaded on first use, so importing :mod:`claimtrack` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC: dict[str, str] = {
    "hookimpl": "claimtrack.hookspecs",
    "hookspec": "claimtrack.hookspecs",
    "Verifier": "claimtrack.verification.api",
    "Verdict": "claimtrack.verification.api",
    "Evidence": "claimtrack.verification.api",
    "VerifyContext": "claimtrack.verification.api",
    "ClaimInfo": "claimtrack.verification.api",
    "ArticleInfo": "claimtrack.verification.api",
    "ExtractedClaim": "claimtrack.extraction.base",
    "ArticleContext": "claimtrack.extraction.base",
    "Extractor": "claimtrack.extraction.base",
    "ClaimtrackError": "claimtrack.errors",
}

# Spelled out (not built from _PUBLIC) so linters and type checkers can read it;
# tests/api/test_public_api.py checks that the two agree.
__all__ = [
    "ArticleContext",
    "ArticleInfo",
    "ClaimInfo",
    "ClaimtrackError",
    "Evidence",
    "ExtractedClaim",
    "Extractor",
    "Verdict",
    "Verifier",
    "VerifyContext",
    "__version__",
    "hookimpl",
    "hookspec",
]

if TYPE_CHECKING:
    from claimtrack.errors import ClaimtrackError
    from claimtrack.extraction.base import ArticleContext, ExtractedClaim, Extractor
    from claimtrack.hookspecs import hookimpl, hookspec
    from claimtrack.verification.api import (
        ArticleInfo,
        ClaimInfo,
        Evidence,
        Verdict,
        Verifier,
        VerifyContext,
    )


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
