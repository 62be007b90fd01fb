"""End to end: verdicts on parts, through the real ``claimtrack check`` with the five
first-party plugins against their loopback fixture servers.

A quoted head of state is two parts: the office (Wikidata checks it) and the quote (no
source serves it). "X and Y held talks" is two offices and an event. The offices are
supported, the quote and the event are not, and so neither claim is ``supported``: a
verdict on the office no longer covers the whole sentence.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

for _module in ("claimtrack_wikidata", "claimtrack_worldbank", "claimtrack_factcheck"):
    pytest.importorskip(_module, reason="install the first-party plugins")

from fixture_sources import fixture_sources  # noqa: E402

from claimtrack.testing.cli import CliRunner  # noqa: E402

ARTICLE = """Leaders meet in Paris

By Ana Ruiz
Published May 16, 2023

PARIS — French President Emmanuel Macron said support for Ukraine "knows no limits".

German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday.
"""
QUOTE = "French President Emmanuel Macron said support"
TALKS = "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks"
#: Labels that say a part was decided by a source.
DECIDED = ("supported", "refuted", "mixed")


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Any], str, dict[int, dict[str, Any]]]:
    """``check`` (JSON), the article's report (table) and ``show --json`` of each claim."""
    tmp = tmp_path_factory.mktemp("parts")
    article = tmp / "paris.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with fixture_sources() as env:
        cli = CliRunner(tmp / "cli", env=env)
        as_json = cli.run(
            "check", article, "--published", "2023-05-16", "--format", "json", "--no-progress"
        )
        assert as_json.exit_code == 0, str(as_json)
        report = json.loads(as_json.stdout)
        table = cli.run("report", "--article", "1")
        shown = {c["id"]: cli.run("show", str(c["id"]), "--json") for c in report["claims"]}
    assert table.exit_code == 0, str(table)
    assert all(r.exit_code == 0 for r in shown.values()), shown
    return report, table.stdout, {i: json.loads(r.stdout) for i, r in shown.items()}


def claim_with(report: dict[str, Any], fragment: str) -> dict[str, Any]:
    (claim,) = [c for c in report["claims"] if fragment in c["text"]]
    return claim


def parts_by_kind(verdict: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for part in verdict["parts"]:
        out.setdefault(part["kind"], []).append(part)
    return out


def test_quoted_head_of_state_office_supported_quote_not_claim_not(checked):
    report, table, shown = checked
    claim = claim_with(report, QUOTE)
    for verdict in (claim["verdict"], shown[claim["id"]]["verdict"]):  # report and show
        parts = parts_by_kind(verdict)
        assert sorted(parts) == ["office", "quote"], verdict
        [office], [quote] = parts["office"], parts["quote"]
        assert office["label"] == "supported", office
        assert "Emmanuel Macron" in office["summary"] and "France" in office["summary"]
        assert quote["label"] not in DECIDED, quote  # nobody can check the words
        assert verdict["label"] != "supported", verdict
    assert "knows no limits" in table and "quote" in table and "office" in table


def test_talks_offices_supported_event_unchecked_claim_not(checked):
    report, _, shown = checked
    claim = claim_with(report, TALKS)
    verdict = shown[claim["id"]]["verdict"]
    parts = parts_by_kind(verdict)
    assert sorted(parts) == ["event", "office"], verdict
    assert [p["label"] for p in parts["office"]] == ["supported", "supported"], parts["office"]
    [event] = parts["event"]
    assert event["label"] not in DECIDED, event
    assert verdict["label"] != "supported", verdict
    assert claim["verdict"]["label"] != "supported", claim["verdict"]
    # each office verdict is about its own holder
    scholz, macron = parts["office"]
    assert "Olaf Scholz" in scholz["summary"] and "Macron" not in scholz["summary"]
    assert "Emmanuel Macron" in macron["summary"] and "Scholz" not in macron["summary"]
