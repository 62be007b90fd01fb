"""Test helpers for claimtrack and for plugin authors.

Installed as a pytest plugin (entry point ``pytest11``), so its fixtures are available in
any project that has claimtrack installed:

* ``registry`` / ``registry_url``: a fresh SQLite registry in a temporary directory;
* ``fixture_server``: a loopback HTTP server (:class:`FixtureServer`) with JSON/text
  routes and scripted failures (:class:`Fault`: status codes, ``Retry-After``, delays,
  connection resets, malformed bodies);
* ``claim_factory``: :func:`make_claim`, to build the :class:`ClaimInfo` a verifier gets;
* ``cli_runner``: runs the real ``claimtrack`` command in a subprocess with its own
  database, config file and cache under ``tmp_path`` (:class:`CliRunner`, :class:`CliResult`).

And plain functions: :func:`run_verifier` runs one verifier on one claim the way the
engine does (shared client with retries, time limit, exceptions turned into ``error``
verdicts), :func:`run_verifier_all` gives its verdicts as a list (one per part),
:func:`make_part` and ``make_claim(..., parts=[...])`` build a claim with checkable parts,
:func:`assert_verdicts_on_parts` checks that verdicts name parts the claim has,
:func:`verify_text` runs a verifier on a claim text; :func:`extracted_claim` builds
the :class:`ClaimInfo` the real default extractor makes of a sentence (real kind and
values); :func:`make_context` builds the context a verifier gets; :func:`add_claims`
stores claims in a registry without running an extractor.
"""

from __future__ import annotations

from claimtrack.testing.cli import CliResult, CliRunner
from claimtrack.testing.kit import (
    add_claims,
    assert_verdicts_on_parts,
    extracted_claim,
    fast_http_options,
    make_article,
    make_claim,
    make_context,
    make_part,
    run_verifier,
    run_verifier_all,
    verify_text,
)
from claimtrack.testing.server import Fault, FixtureServer, RecordedRequest, Reply

__all__ = [
    "CliResult",
    "CliRunner",
    "Fault",
    "FixtureServer",
    "RecordedRequest",
    "Reply",
    "add_claims",
    "assert_verdicts_on_parts",
    "extracted_claim",
    "fast_http_options",
    "make_article",
    "make_claim",
    "make_context",
    "make_part",
    "run_verifier",
    "run_verifier_all",
    "verify_text",
]
