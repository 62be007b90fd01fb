"""claimtrack: track and check factual claims in news, from the terminal.

The names a plugin needs are importable from here (``claimtrack.__all__``: the hooks, the
item contracts, the verifier API, typed settings, the source helpers, the label map, the
extractor and exporter types)::

    from claimtrack import Evidence, PluginConfig, Verdict, Verifier, fetch_json, hookimpl

The test kit is :mod:`claimtrack.testing`.

``claim.values`` is typed by :class:`ClaimValues` (read it with :func:`kind_values` and
:func:`claim_relations`; its checkable parts with :func:`claim_parts`, as :class:`Part`);
:mod:`claimtrack.text` has the number words, demonyms and name helpers the first-party
plugins use.

They are loaded on first use, so importing :mod:`claimtrack` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = "claimtrack.verification.api"
_SOURCES = "claimtrack.verification.sources"
_PUBLIC: dict[str, str] = {
    # hooks
    "hookimpl": "claimtrack.hookspecs",
    "hookspec": "claimtrack.hookspecs",
    # the contracts a plugin's items meet
    "VerifierProtocol": "claimtrack.contracts",
    "ExtractorProtocol": "claimtrack.contracts",
    "ExporterProtocol": "claimtrack.contracts",
    # verifiers
    "Verifier": _API,
    "Verdict": _API,
    "Evidence": _API,
    "VerifyContext": _API,
    "ClaimInfo": _API,
    "ArticleInfo": _API,
    "Passage": _API,
    "VerifierError": _API,
    # settings
    "PluginConfig": _API,
    "setting": _API,
    "SettingError": _API,
    "load_config": _API,
    "settings_env_name": _API,
    "plugin_settings": _API,
    "configured_settings": _API,
    "from_cache": _API,
    # calling a source
    "fetch": _SOURCES,
    "fetch_json": _SOURCES,
    "read_json": _SOURCES,
    "shape_errors": _SOURCES,
    "source_failure": _SOURCES,
    "mark_unreachable": _SOURCES,
    "SourceError": _SOURCES,
    "SourceUnreachable": _SOURCES,
    "UnexpectedResponse": _SOURCES,
    "QUIET_KEY": _SOURCES,
    "retry_after_seconds": "claimtrack.verification.http",
    # labels
    "Label": "claimtrack.labels",
    "DECISIVE_LABELS": "claimtrack.labels",
    "label_for_rating": "claimtrack.labels",
    "rating_verdict": "claimtrack.labels",
    # earlier fact-checks
    "FACT_CHECK_THRESHOLD": "claimtrack.extraction.matching",
    "match_fact_check": "claimtrack.extraction.matching",
    "same_claim": "claimtrack.extraction.matching",
    "canonical": "claimtrack.extraction.matching",
    "find_fact_checks": "claimtrack.services.match",
    "Matcher": "claimtrack.retrieval",
    "Match": "claimtrack.retrieval",
    "MatchInputError": "claimtrack.retrieval",
    "PREVIOUSLY_CHECKED": "claimtrack.retrieval",
    # extractors
    "ExtractedClaim": "claimtrack.extraction.base",
    "ArticleContext": "claimtrack.extraction.base",
    "Extractor": "claimtrack.extraction.base",
    "extract_claims": "claimtrack.extraction",
    # exporters
    "ExportRow": "claimtrack.export",
    "ExportContext": "claimtrack.export",
    "ClaimtrackError": "claimtrack.errors",
    "ClaimValues": "claimtrack.extraction.values",
    "KindValues": "claimtrack.extraction.values",
    "Relation": "claimtrack.extraction.values",
    "claim_relations": "claimtrack.extraction.values",
    "Part": "claimtrack.extraction.parts",
    "claim_parts": "claimtrack.extraction.parts",
    "kind_values": "claimtrack.extraction.values",
    "validate_values": "claimtrack.extraction.values",
}

#: Every public name (a test checks it matches ``_PUBLIC``).
__all__ = [
    "DECISIVE_LABELS",
    "FACT_CHECK_THRESHOLD",
    "PREVIOUSLY_CHECKED",
    "QUIET_KEY",
    "ArticleContext",
    "ArticleInfo",
    "ClaimInfo",
    "ClaimValues",
    "ClaimtrackError",
    "Evidence",
    "ExportContext",
    "ExportRow",
    "ExporterProtocol",
    "ExtractedClaim",
    "Extractor",
    "ExtractorProtocol",
    "KindValues",
    "Label",
    "Match",
    "MatchInputError",
    "Matcher",
    "Part",
    "Passage",
    "PluginConfig",
    "Relation",
    "SettingError",
    "SourceError",
    "SourceUnreachable",
    "UnexpectedResponse",
    "Verdict",
    "Verifier",
    "VerifierError",
    "VerifierProtocol",
    "VerifyContext",
    "__version__",
    "canonical",
    "claim_parts",
    "claim_relations",
    "configured_settings",
    "extract_claims",
    "fetch",
    "fetch_json",
    "find_fact_checks",
    "from_cache",
    "hookimpl",
    "hookspec",
    "kind_values",
    "label_for_rating",
    "load_config",
    "mark_unreachable",
    "match_fact_check",
    "plugin_settings",
    "rating_verdict",
    "read_json",
    "retry_after_seconds",
    "same_claim",
    "setting",
    "settings_env_name",
    "shape_errors",
    "source_failure",
    "validate_values",
]

if TYPE_CHECKING:
    from claimtrack.contracts import ExporterProtocol, ExtractorProtocol, VerifierProtocol
    from claimtrack.errors import ClaimtrackError
    from claimtrack.export import ExportContext, ExportRow
    from claimtrack.extraction import extract_claims
    from claimtrack.extraction.base import ArticleContext, ExtractedClaim, Extractor
    from claimtrack.extraction.matching import (
        FACT_CHECK_THRESHOLD,
        canonical,
        match_fact_check,
        same_claim,
    )
    from claimtrack.extraction.parts import Part, claim_parts
    from claimtrack.extraction.values import (
        ClaimValues,
        KindValues,
        Relation,
        claim_relations,
        kind_values,
        validate_values,
    )
    from claimtrack.hookspecs import hookimpl, hookspec
    from claimtrack.labels import DECISIVE_LABELS, Label, label_for_rating, rating_verdict
    from claimtrack.retrieval import PREVIOUSLY_CHECKED, Match, Matcher, MatchInputError
    from claimtrack.services.match import find_fact_checks
    from claimtrack.verification.api import (
        ArticleInfo,
        ClaimInfo,
        Evidence,
        Passage,
        PluginConfig,
        SettingError,
        Verdict,
        Verifier,
        VerifierError,
        VerifyContext,
        configured_settings,
        from_cache,
        load_config,
        plugin_settings,
        setting,
        settings_env_name,
    )
    from claimtrack.verification.http import retry_after_seconds
    from claimtrack.verification.sources import (
        QUIET_KEY,
        SourceError,
        SourceUnreachable,
        UnexpectedResponse,
        fetch,
        fetch_json,
        mark_unreachable,
        read_json,
        shape_errors,
        source_failure,
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
