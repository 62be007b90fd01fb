"""End to end: the real ``claimtrack`` command with the five first-party plugins installed,
against their loopback fixture servers, and with no network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

for _module in (
    "claimtrack_wikidata",
    "claimtrack_worldbank",
    "claimtrack_wikipedia",
    "claimtrack_factcheck",
    "claimtrack_claimbuster",
):
    pytest.importorskip(
        _module, reason="install the first-party plugins: pip install -e plugins/claimtrack-<name>"
    )

from fixture_sources import FACTCHECK_KEY, OFFLINE_ENV, fixture_sources  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SUMMIT = ROOT / "examples" / "summit-fixture-article.txt"
G7 = ROOT / "examples" / "g7-trade-talks.txt"
PLUGINS = ("wikidata", "worldbank", "wikipedia", "factcheck", "claimbuster")


def claimtrack(
    args: list[str], env_extra: dict[str, str], tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("claimtrack")
    cmd = [exe] if exe else [sys.executable, "-m", "claimtrack"]
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CLAIMTRACK_", "GOOGLE_FACTCHECK"))
    }
    env.update(
        {
            "CLAIMTRACK_CONFIG": str(tmp_path / "no-config.toml"),
            "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache"),
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
    )
    env.update(env_extra)
    return subprocess.run(
        [*cmd, "--db", str(tmp_path / "e2e.db"), *args],
        check=False,  # the tests look at the exit code
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
    )


def by_sentence(report: dict[str, Any], fragment: str) -> dict[str, Any]:
    hits = [c for c in report["claims"] if fragment in c["text"]]
    assert hits, (
        f"no claim containing {fragment!r}; claims: {[c['text'][:60] for c in report['claims']]}"
    )
    return hits[0]


def verdict_of(claim: dict[str, Any], verifier: str) -> dict[str, Any]:
    found = [v for v in claim["verdicts"] if v["verifier"] == verifier]
    assert found, (
        f"no {verifier} verdict for {claim['text'][:70]!r}: {[v['verifier'] for v in claim['verdicts']]}"
    )
    return found[0]


def urls(verdict: dict[str, Any]) -> list[str]:
    return [e["url"] for e in verdict["evidence"] if e.get("url")]


def test_plugins_listed(tmp_path):
    out = claimtrack(["plugins", "--json"], {}, tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for name in PLUGINS:
        assert f"claimtrack-{name}" in text, f"{name} not listed"


@pytest.fixture(scope="module")
def summit_report(tmp_path_factory) -> tuple[dict[str, Any], str, list[Any]]:
    tmp = tmp_path_factory.mktemp("summit")
    with fixture_sources() as env:
        out = claimtrack(["check", str(SUMMIT), "--format", "json", "--no-progress"], env, tmp)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr, []


def test_summit_capital_refuted(summit_report):
    report, _, _ = summit_report
    v = verdict_of(by_sentence(report, "Canada's capital, Toronto"), "wikidata")
    assert v["label"] == "refuted" and "Ottawa" in v["summary"]
    assert "https://www.wikidata.org/wiki/Q16" in urls(v)


def test_summit_inception(summit_report):
    report, _, _ = summit_report
    nato = verdict_of(by_sentence(report, "NATO, set up in 1955"), "wikidata")
    assert nato["label"] == "refuted" and "1949" in nato["summary"]
    assert "https://www.wikidata.org/wiki/Q7184" in urls(nato)
    un = verdict_of(by_sentence(report, "United Nations, founded in 1945"), "wikidata")
    assert un["label"] == "supported" and "https://www.wikidata.org/wiki/Q1065" in urls(un)


def test_summit_membership_at_article_date(summit_report):
    report, _, _ = summit_report
    v = verdict_of(by_sentence(report, "BRICS, a group of ten countries"), "wikidata")
    assert v["label"] == "supported", v[
        "summary"
    ]  # Indonesia joined 2025-01-06: ten members in November 2025
    assert "https://www.wikidata.org/wiki/Q18401" in urls(v)


def test_summit_office_late_2025(summit_report):
    report, _, _ = summit_report
    scholz = verdict_of(by_sentence(report, "German Chancellor Olaf Scholz"), "wikidata")
    assert scholz["label"] == "refuted" and "Friedrich Merz" in scholz["summary"]
    assert "https://www.wikidata.org/wiki/Q183" in urls(scholz)
    macron = verdict_of(by_sentence(report, "French President Emmanuel Macron"), "wikidata")
    assert macron["label"] == "supported"


def test_summit_share_of_world_population(summit_report):
    report, _, _ = summit_report
    g7 = verdict_of(by_sentence(report, "The G7 is home to a tenth"), "worldbank")
    assert g7["label"] == "supported", g7["summary"]
    assert (
        "https://data.worldbank.org/indicator/SP.POP.TOTL?locations=CA-DE-FR-GB-IT-JP-US-1W"
        in urls(g7)
    )
    assert "https://www.wikidata.org/wiki/Q1764511" in urls(
        g7
    )  # members came from the wikidata plugin
    brics = verdict_of(by_sentence(report, "BRICS is home to a quarter"), "worldbank")
    assert brics["label"] == "refuted" and "understated" in brics["summary"]
    assert any(
        u.startswith("https://data.worldbank.org/indicator/SP.POP.TOTL?locations=")
        for u in urls(brics)
    )


def test_summit_population_figure(summit_report):
    report, _, _ = summit_report
    v = verdict_of(by_sentence(report, "Canada's population, about 40 million"), "worldbank")
    assert v["label"] == "supported"
    assert "https://data.worldbank.org/indicator/SP.POP.TOTL?locations=CA" in urls(v)


def test_summit_final_verdicts_and_no_secrets(summit_report):
    report, stderr, _ = summit_report
    finals = {c["text"][:30]: c["verdict"]["label"] for c in report["claims"] if c.get("verdict")}
    assert finals[by_sentence(report, "Canada's capital, Toronto")["text"][:30]] == "refuted"
    assert finals[by_sentence(report, "German Chancellor Olaf Scholz")["text"][:30]] == "refuted"
    assert finals[by_sentence(report, "The G7 is home to a tenth")["text"][:30]] == "supported"
    assert FACTCHECK_KEY not in json.dumps(report) and FACTCHECK_KEY not in stderr
    assert "unreachable" not in stderr


@pytest.mark.skipif(not G7.exists(), reason="bundled example article missing")
def test_g7_example_article_2023(tmp_path):
    """The README's example (published May 2023): Sydney refuted, Scholz supported at that date."""
    with fixture_sources() as env:
        out = claimtrack(["check", str(G7), "--format", "json", "--no-progress"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    capital = verdict_of(by_sentence(report, "Australia's capital, Sydney"), "wikidata")
    assert capital["label"] == "refuted" and "Canberra" in capital["summary"]
    assert "https://www.wikidata.org/wiki/Q408" in urls(capital)
    scholz = verdict_of(by_sentence(report, "German Chancellor Olaf Scholz"), "wikidata")
    assert scholz["label"] == "supported"
    g7 = by_sentence(report, "The G7, a group of seven countries")
    assert verdict_of(g7, "wikidata")["label"] == "supported"
    assert verdict_of(g7, "worldbank")["label"] == "supported"
    assert (
        verdict_of(by_sentence(report, "Founded in 1949, NATO"), "wikidata")["label"] == "supported"
    )


def test_no_network_finishes_and_says_unreachable_once(tmp_path):
    t0 = time.monotonic()
    out = claimtrack(
        ["check", str(SUMMIT), "--format", "json", "--no-progress"], OFFLINE_ENV, tmp_path
    )
    elapsed = time.monotonic() - t0
    assert out.returncode == 0, out.stderr
    assert elapsed < 60
    for source in ("wikidata", "worldbank", "factcheck", "claimbuster"):
        assert out.stderr.count(f"{source} unreachable") == 1, out.stderr
    assert out.stderr.count("wikipedia unreachable") <= 1
    report = json.loads(out.stdout)
    v = verdict_of(by_sentence(report, "NATO, set up in 1955"), "wikidata")
    assert v["label"] == "unverifiable" and v["summary"].startswith("wikidata unreachable")
    assert FACTCHECK_KEY not in out.stderr + out.stdout
