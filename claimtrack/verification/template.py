"""The plugin template behind ``claimtrack plugins new NAME``.

The generated distribution ``claimtrack-<name>`` holds one module, ``claimtrack_<name>.py``,
with a working verifier that asks a JSON API for a number (with :func:`fetch_json`, its
settings in a :class:`PluginConfig`) and compares it with each statistic part of a claim
(naming the part its verdict is on), registered through
the ``claimtrack`` entry-point group, plus tests that run it against the loopback fixture
server of :mod:`claimtrack.testing`, faults included (HTTP 500, a timeout, a body that is
not JSON). It installs and its tests pass
untouched (``tests/plugins_system/test_template.py`` checks that).
"""

from __future__ import annotations

import re
from pathlib import Path

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "claimtrack-{name}"
version = "0.1.0"
description = "A claimtrack verifier plugin: {name}"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["claimtrack>={core_version}"]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-asyncio>=0.23"]

[project.entry-points.claimtrack]
{name} = "claimtrack_{module}"

[tool.setuptools]
py-modules = ["claimtrack_{module}"]

[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"
"""

MODULE = """\
\"\"\"claimtrack-{name}: a claimtrack verifier plugin.

It checks the statistic parts of claims against a JSON API that answers
``GET <base_url>/lookup?q=<the part's text>`` with ``{{"value": 26000000, "url": "...",
"title": "..."}}`` (404 when it knows nothing). Its settings are the fields of
:class:`Config`: in claimtrack's config file::

    [verifiers.{name}]
    base_url = "https://api.example.org"

or in the environment: ``CLAIMTRACK_{env}_BASE_URL``, ``CLAIMTRACK_{env}_API_KEY`` (a secret:
sent as ``X-Api-Key``, never stored, logged or exported by claimtrack).

Failures follow claimtrack's one outage policy: a source that is down, answers an error or
sends something that is not JSON gives an ``unverifiable`` verdict with the reason in its
``error`` (``claimtrack verify --retry-errors`` asks again), and the outage is logged once
per run as ``{name} unreachable: <reason> (its claims are left unverifiable for this run)``.
\"\"\"

from __future__ import annotations

from dataclasses import dataclass

from claimtrack import (
    ClaimInfo,
    Evidence,
    Part,
    PluginConfig,
    SourceError,
    Verdict,
    Verifier,
    VerifyContext,
    fetch_json,
    hookimpl,
    setting,
    shape_errors,
)


@dataclass(frozen=True)
class Config(PluginConfig, plugin="{name}"):
    \"\"\"The plugin's settings, declared once: defaults, environment names, secrets.\"\"\"

    base_url: str = "https://api.example.org"
    api_key: str = setting("", secret=True)
    #: Seconds one request may take (the shared client retries it a few times).
    timeout: float = 10.0
    #: How far (relative) the claim's number may be from the source's and still be supported.
    tolerance: float = 0.05


class {cls}Verifier(Verifier):
    \"\"\"Compares each statistic part of a claim with the number the source gives.

    A claim may assert several things (an office, a quote, a number): its checkable parts
    are ``claim.parts``. This verifier checks the ``statistic`` parts only and names the
    part each verdict is on (``verdict.on(part)``); the parts it leaves alone stay
    unchecked, so the claim is never shown as supported on the strength of this check alone.
    \"\"\"

    name = "{name}"
    version = "0.1.0"
    config = Config

    def applies_to(self, claim: ClaimInfo) -> bool:
        return bool(_numbers(claim))

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> list[Verdict] | None:
        parts = _numbers(claim)
        if not parts:
            return None
        config = Config.load(ctx.settings)
        return [(await self.check(part, config, ctx)).on(part) for part in parts]

    async def check(self, part: Part, config: Config, ctx: VerifyContext) -> Verdict:
        \"\"\"One statistic part against the source.\"\"\"
        stated = float(part.values["value"])
        try:
            # A source that is down raises SourceUnreachable, an error status or a body
            # that is not a JSON object raises SourceError: claimtrack turns both into an
            # unverifiable verdict with the reason. Only "not found" is decided here.
            data = await fetch_json(
                ctx,
                "{name}",
                f"{{config.base_url.rstrip('/')}}/lookup",
                params={{"q": part.text}},
                headers={{"X-Api-Key": config.api_key}} if config.api_key else None,
                timeout=config.timeout,
                redact=[config.api_key],
                expect=dict,
            )
        except SourceError as exc:
            if exc.code == "404":
                return Verdict.unverifiable("the source has no figure for this claim")
            raise
        with shape_errors("{name}"):  # a missing or odd field: one line, not a traceback
            actual = data.get("value")
            if not isinstance(actual, (int, float)):
                return Verdict.unverifiable("the source's answer has no number")
            evidence = [Evidence(source="{name}", url=data.get("url"), title=data.get("title"), snippet=str(actual))]
        off = abs(stated - actual) / max(abs(actual), 1e-9)
        if off <= config.tolerance:
            return Verdict.supported(f"the source gives {{_number(actual)}}", 0.8, evidence)
        return Verdict.refuted(f"the source gives {{_number(actual)}}, not {{_number(stated)}}", 0.8, evidence)


def _numbers(claim: ClaimInfo) -> list[Part]:
    \"\"\"The claim's statistic parts that state a number.\"\"\"
    return [p for p in claim.parts_of("statistic") if isinstance(p.values.get("value"), (int, float))]


def _number(value: float) -> str:
    \"\"\"26000000.0 -> '26,000,000'.\"\"\"
    return f"{{value:,.0f}}" if float(value).is_integer() else f"{{value:,}}"


@hookimpl
def register_verifiers(register):
    register({cls}Verifier())
"""

TESTS = """\
\"\"\"Tests for claimtrack-{name}, using claimtrack's test kit (a pytest plugin): a real HTTP
server on 127.0.0.1 stands in for the source, the verifier runs as claimtrack's engine
runs it (shared client with retries, time limit, failures turned into verdicts).\"\"\"

from claimtrack.plugins import make_plugin_manager
from claimtrack.testing import (
    Fault,
    assert_verdicts_on_parts,
    fast_http_options,
    make_part,
    run_verifier_all,
)

from claimtrack_{module} import {cls}Verifier

#: Tries the shared client makes: a fault scripted that many times outlasts its retries.
ATTEMPTS = fast_http_options().attempts


def number_claim(claim_factory, text, value):
    \"\"\"A claim with two checkable parts, as claimtrack's extraction makes them: an office
    (this verifier leaves it unchecked) and a statistic (the one it checks).\"\"\"
    return claim_factory(
        text,
        kind="statistic",
        parts=[
            make_part("office", "Anthony Albanese is Prime Minister of Australia", person="Anthony Albanese"),
            make_part("statistic", text, value=value, unit="people"),
        ],
    )


async def check(server, claim, **settings):
    \"\"\"The verifier's one verdict on the claim, checked to name a part the claim has.\"\"\"
    verdicts = await run_verifier_all({cls}Verifier(), claim, settings={{"base_url": server.url, **settings}})
    (verdict,) = assert_verdicts_on_parts(verdicts, claim)
    return verdict


def test_plugin_is_installed():
    plugins = make_plugin_manager()
    assert "{name}" in plugins.verifiers()
    assert plugins.records["{name}"].error is None


async def test_supported(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000, "url": "https://example.org/au", "title": "Australia"}})
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim, api_key="test-key-123")
    assert verdict.label == "supported" and verdict.part == "statistic-1"  # the number, not the office
    assert verdict.evidence[0].url == "https://example.org/au"
    assert fixture_server.requests[0].headers["x-api-key"] == "test-key-123"


async def test_refuted(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000}})
    claim = number_claim(claim_factory, "Australia has 40 million people.", 40e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "refuted"


async def test_unknown_is_unverifiable(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"error": "not found"}}, status=404)
    claim = number_claim(claim_factory, "Atlantis has 5 million people.", 5e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "unverifiable" and verdict.error is None  # an answer, not a failure


async def test_rate_limit_is_retried(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000}})
    fixture_server.fail("/lookup", Fault.http(429, retry_after=0), Fault.reset())
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "supported"
    assert fixture_server.count("/lookup") == 3


# -- faults: each is an unverifiable verdict with the reason, never a crash ---------------


async def test_server_error_is_unverifiable_with_the_reason(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"error": "boom"}}, status=500)
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "unverifiable"
    assert verdict.error == "verifier '{name}': source unreachable: HTTP 500"
    assert fixture_server.count("/lookup") == ATTEMPTS  # retried, then given up


async def test_timeout_is_unverifiable_with_the_reason(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000}})
    fixture_server.fail("/lookup", *[Fault.delay(3)] * ATTEMPTS)
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim, timeout=0.2)
    assert verdict.label == "unverifiable"
    assert verdict.error.startswith("verifier '{name}': source unreachable: ")
    assert "timed out" in verdict.error


async def test_bad_json_is_unverifiable_with_the_reason(fixture_server, claim_factory):
    fixture_server.text("/lookup", "<html>down for maintenance</html>", content_type="text/html")
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "unverifiable"
    assert verdict.error.startswith("verifier '{name}': malformed response (not JSON")


async def test_an_answer_of_the_wrong_shape_is_unverifiable_with_the_reason(fixture_server, claim_factory):
    fixture_server.json("/lookup", [26_000_000])
    claim = number_claim(claim_factory, "Australia has 26 million people.", 26e6)
    verdict = await check(fixture_server, claim)
    assert verdict.label == "unverifiable"
    assert verdict.error == (
        "verifier '{name}': unexpected response from {name}: expected a JSON object, got a JSON array"
    )


def test_claims_without_a_number_are_not_for_it(claim_factory):
    quote = claim_factory(
        '"Hello there, world," she said.',
        kind="quote",
        parts=[make_part("quote", "she said “Hello there, world”", speaker=None, quote="Hello there, world")],
    )
    assert not {cls}Verifier().applies_to(quote)
"""

README = """\
# claimtrack-{name}

A [claimtrack](https://github.com/claimtrack/claimtrack) verifier plugin.

## Install

    pip install -e .
    claimtrack plugins          # lists claimtrack-{name}

## Configure

    [verifiers.{name}]
    base_url = "https://api.example.org"

or `CLAIMTRACK_{env}_BASE_URL`; the API key goes in `CLAIMTRACK_{env}_API_KEY` (a secret:
claimtrack never stores it).

## Develop

    pip install -e '.[test]'
    python -m pytest

The tests use claimtrack's test kit: the `fixture_server` fixture (a loopback HTTP
server with scripted failures), `claim_factory` (with `make_part`: a claim and its
checkable parts), `run_verifier_all` and `assert_verdicts_on_parts`.
See claimtrack's docs/plugins.md.
"""

CHANGELOG = """\
# Changelog

## 0.1.0

- First version.
"""

GITIGNORE = "__pycache__/\n*.egg-info/\nbuild/\ndist/\n.pytest_cache/\n"


def render(name: str) -> dict[str, str]:
    """The files of a new plugin named ``name`` (lower case, digits and dashes): path -> text."""
    if not _NAME.match(name):
        raise ClaimtrackError(
            f"invalid plugin name {name!r}: use lower-case letters, digits and dashes, e.g. 'world-bank'"
        )
    module = name.replace("-", "_")
    cls = "".join(part.capitalize() for part in name.split("-"))
    fields = {
        "name": name,
        "module": module,
        "cls": cls,
        "env": module.upper(),
        "core_version": __version__,
    }
    return {
        "pyproject.toml": PYPROJECT.format(**fields),
        f"claimtrack_{module}.py": MODULE.format(**fields),
        f"tests/test_claimtrack_{module}.py": TESTS.format(**fields),
        "README.md": README.format(**fields),
        "CHANGELOG.md": CHANGELOG,
        ".gitignore": GITIGNORE,
    }


def generate(name: str, parent: Path) -> Path:
    """Write ``claimtrack-<name>/`` under ``parent``; refuses to overwrite. Returns the directory."""
    files = render(name)
    target = parent / f"claimtrack-{name}"
    if target.exists():
        raise ClaimtrackError(f"{target} already exists")
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
