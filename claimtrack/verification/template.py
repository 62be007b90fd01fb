"""The plugin template behind ``claimtrack plugins new NAME``.

The generated distribution ``claimtrack-<name>`` holds one module, ``claimtrack_<name>.py``,
with a working verifier that asks a JSON API for a number and compares it with the claim's,
registered through the ``claimtrack`` entry-point group, plus tests that run it against the
loopback fixture server of :mod:`claimtrack.testing`. It installs and its tests pass
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

MODULE = '''\
"""claimtrack-{name}: a claimtrack verifier plugin.

It checks statistic claims against a JSON API that answers
``GET <base_url>/lookup?q=<claim text>`` with ``{{"value": 26000000, "url": "...",
"title": "..."}}`` (404 when it knows nothing). Point ``base_url`` at your source in the
claimtrack config file::

    [verifiers.{name}]
    base_url = "https://api.example.org"

or with the environment variable ``CLAIMTRACK_{env}_BASE_URL``. An API key would go in
``secrets`` and be read from ``CLAIMTRACK_{env}_API_KEY``; claimtrack never stores it.
"""

from __future__ import annotations

from typing import Any

from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import ClaimInfo, Evidence, Verdict, Verifier, VerifierError, VerifyContext

#: How far (relative) the claim's number may be from the source's and still be supported.
TOLERANCE = 0.05


class {cls}Verifier(Verifier):
    """Compares a statistic claim's number with the number the source gives."""

    name = "{name}"
    version = "0.1.0"
    kinds = ("statistic",)
    defaults: dict[str, Any] = {{"base_url": "https://api.example.org"}}

    def applies_to(self, claim: ClaimInfo) -> bool:
        return super().applies_to(claim) and isinstance(claim.values.get("value"), (int, float))

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        stated = float(claim.values["value"])
        base = str(ctx.settings["base_url"]).rstrip("/")
        response = await ctx.http.get(f"{{base}}/lookup", params={{"q": claim.text}})
        if response.status_code == 404:
            return Verdict.unverifiable("the source has no figure for this claim")
        if response.status_code >= 400:
            raise VerifierError(f"the source answered HTTP {{response.status_code}}")
        data = response.json()
        actual = data.get("value")
        if not isinstance(actual, (int, float)):
            return Verdict.unverifiable("the source's answer has no number")
        evidence = [Evidence(source="{name}", url=data.get("url"), title=data.get("title"), snippet=str(actual))]
        off = abs(stated - actual) / max(abs(actual), 1e-9)
        if off <= TOLERANCE:
            return Verdict.supported(f"the source gives {{_number(actual)}}", 0.8, evidence)
        return Verdict.refuted(f"the source gives {{_number(actual)}}, not {{_number(stated)}}", 0.8, evidence)


def _number(value: float) -> str:
    """26000000.0 -> '26,000,000'."""
    return f"{{value:,.0f}}" if float(value).is_integer() else f"{{value:,}}"


@hookimpl
def register_verifiers(register):
    register({cls}Verifier())
'''

TESTS = '''\
"""Tests for claimtrack-{name}, using claimtrack's test kit (a pytest plugin)."""

from claimtrack.plugins import make_plugin_manager
from claimtrack.testing import Fault, run_verifier

from claimtrack_{module} import {cls}Verifier


def test_plugin_is_installed():
    plugins = make_plugin_manager()
    assert "{name}" in plugins.verifiers()
    assert plugins.records["{name}"].error is None


async def test_supported(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000, "url": "https://example.org/au", "title": "Australia"}})
    claim = claim_factory("Australia has 26 million people.", kind="statistic", values={{"value": 26e6}})
    verdict = await run_verifier({cls}Verifier(), claim, settings={{"base_url": fixture_server.url}})
    assert verdict.label == "supported"
    assert verdict.evidence[0].url == "https://example.org/au"


async def test_refuted(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000}})
    claim = claim_factory("Australia has 40 million people.", kind="statistic", values={{"value": 40e6}})
    verdict = await run_verifier({cls}Verifier(), claim, settings={{"base_url": fixture_server.url}})
    assert verdict.label == "refuted"


async def test_unknown_is_unverifiable(fixture_server, claim_factory):
    claim = claim_factory("Atlantis has 5 million people.", kind="statistic", values={{"value": 5e6}})
    verdict = await run_verifier({cls}Verifier(), claim, settings={{"base_url": fixture_server.url}})
    assert verdict.label == "unverifiable"


async def test_rate_limit_is_retried(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 26_000_000}})
    fixture_server.fail("/lookup", Fault.http(429, retry_after=0), Fault.reset())
    claim = claim_factory("Australia has 26 million people.", kind="statistic", values={{"value": 26e6}})
    verdict = await run_verifier({cls}Verifier(), claim, settings={{"base_url": fixture_server.url}})
    assert verdict.label == "supported"
    assert fixture_server.count("/lookup") == 3


async def test_server_error_is_an_error_verdict(fixture_server, claim_factory):
    fixture_server.json("/lookup", {{"value": 1}}, status=403)
    claim = claim_factory("Australia has 26 million people.", kind="statistic", values={{"value": 26e6}})
    verdict = await run_verifier({cls}Verifier(), claim, settings={{"base_url": fixture_server.url}})
    assert verdict.label == "error"
    assert "403" in verdict.summary


def test_quotes_are_not_for_it(claim_factory):
    assert not {cls}Verifier().applies_to(claim_factory('"Hello there, world," she said.', kind="quote"))
'''

README = """\
# claimtrack-{name}

A [claimtrack](https://github.com/claimtrack/claimtrack) verifier plugin.

## Install

    pip install -e .
    claimtrack plugins          # lists claimtrack-{name}

## Configure

    [verifiers.{name}]
    base_url = "https://api.example.org"

## Develop

    pip install -e '.[test]'
    python -m pytest

The tests use claimtrack's test kit: the `fixture_server` fixture (a loopback HTTP
server with scripted failures), `claim_factory` and `run_verifier`.
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
