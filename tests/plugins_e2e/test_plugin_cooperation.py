"""Plugins cooperate through claimtrack's hooks (``resolve_group_members``, ``claim_checked_by``),
so only loaded plugins answer: ``CLAIMTRACK_LOAD_PLUGINS`` and the disable list apply.

The real ``claimtrack`` command, against the wikidata and worldbank loopback fixture servers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("claimtrack_wikidata", reason="install plugins/claimtrack-wikidata")
pytest.importorskip("claimtrack_worldbank", reason="install plugins/claimtrack-worldbank")

from test_plugins_e2e import by_sentence, claimtrack, urls, verdict_of

from claimtrack_wikidata.fixture_server import WikidataFixtureServer
from claimtrack_worldbank.fixture_server import WorldBankFixtureServer

ARTICLE = """# G7 leaders meet

Published May 16, 2023

The G7 is home to a tenth of the world's population, officials said on Tuesday.
"""


def _check(
    tmp_path: Path, load: str, extra: dict[str, str] | None = None
) -> tuple[dict, WikidataFixtureServer, WorldBankFixtureServer]:
    article = tmp_path / "g7.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with WikidataFixtureServer() as wd, WorldBankFixtureServer() as wb:
        env = {
            "CLAIMTRACK_WIKIDATA_API": f"{wd.url}/w/api.php",
            "CLAIMTRACK_WIKIDATA_SPARQL": f"{wd.url}/sparql",
            "CLAIMTRACK_WORLDBANK_API": f"{wb.url}/v2",
            "CLAIMTRACK_LOAD_PLUGINS": load,
            **(extra or {}),
        }
        out = claimtrack(
            ["check", str(article), "--format", "json", "--no-progress"], env, tmp_path
        )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), wd, wb


def test_only_worldbank_loaded_wikidata_is_not_consulted(tmp_path):
    report, wd, _ = _check(tmp_path, "claimtrack-worldbank")
    v = verdict_of(by_sentence(report, "The G7 is home to a tenth"), "worldbank")
    assert v["label"] == "unverifiable" and "members of G7 unknown" in v["summary"]
    assert wd.requests == []  # wikidata's group resolution was not consulted


def test_disabled_wikidata_is_not_consulted(tmp_path):
    report, wd, _ = _check(
        tmp_path,
        "claimtrack-worldbank,claimtrack-wikidata",
        {"CLAIMTRACK_DISABLE_PLUGINS": "wikidata"},
    )
    v = verdict_of(by_sentence(report, "The G7 is home to a tenth"), "worldbank")
    assert "members of G7 unknown" in v["summary"]
    assert wd.requests == []


def test_both_loaded_worldbank_asks_wikidata_through_the_hook(tmp_path):
    report, wd, _ = _check(tmp_path, "claimtrack-worldbank,claimtrack-wikidata")
    v = verdict_of(by_sentence(report, "The G7 is home to a tenth"), "worldbank")
    assert v["label"] == "supported", v["summary"]
    assert "https://www.wikidata.org/wiki/Q1764511" in urls(
        v
    )  # the group's page, from the wikidata plugin
    assert "members from wikidata" in json.dumps(v)
    assert wd.requests


def test_plugins_json_lists_the_cooperation_hooks(tmp_path):
    out = claimtrack(["plugins", "--json"], {}, tmp_path)
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    plugins = {p["name"]: p for p in (listed["plugins"] if isinstance(listed, dict) else listed)}
    assert {"resolve_group_members", "claim_checked_by"} <= set(plugins["wikidata"]["hooks"])
    assert "claim_checked_by" in plugins["worldbank"]["hooks"]
    assert "resolve_group_members" not in plugins["worldbank"]["hooks"]
