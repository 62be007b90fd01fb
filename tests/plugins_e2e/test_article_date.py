"""A plain-text article about a former office holder, through the real ``claimtrack check``
against the wikidata loopback fixture server: with ``--published`` it is checked at that date;
without a date it is checked "at any time" and never refuted by today's office holder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("claimtrack_wikidata", reason="install plugins/claimtrack-wikidata")

from claimtrack.testing.cli import CliResult, CliRunner
from claimtrack_wikidata.fixture_server import WikidataFixtureServer

#: Joe Biden was President of the United States from 2021-01-20 to 2025-01-20; the fixture
#: server has Donald Trump as president since 2025-01-20, as Wikidata does.
ARTICLE = """Summit on supply chains

US President Joe Biden told the summit that supply chains had recovered, officials said.
"""


def _check(tmp_path: Path, *options: str) -> tuple[CliResult, dict[str, Any]]:
    article = tmp_path / "summit.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cli = CliRunner(tmp_path / "cli")
    with WikidataFixtureServer() as wd:
        cli.env.update(
            {
                "CLAIMTRACK_WIKIDATA_API": f"{wd.url}/w/api.php",
                "CLAIMTRACK_WIKIDATA_SPARQL": f"{wd.url}/sparql",
            }
        )
        table = cli.run("check", article, "--verifier", "wikidata", "--no-progress", *options)
        report = cli.run("report", "--article", "1", "--format", "json")
    assert table.exit_code == 0 and report.exit_code == 0, f"{table}\n{report}"
    return table, json.loads(report.stdout)


def _biden(report: dict[str, Any]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [c for c in report["claims"] if "Joe Biden" in c["text"]]
    (row,) = rows
    return row


def test_with_published_the_claim_is_checked_at_that_date(tmp_path: Path) -> None:
    table, report = _check(tmp_path, "--published", "2023-05-16")
    assert report["article"]["published"].startswith("2023-05-16")
    assert report["article"]["published_source"] == "given"
    row = _biden(report)
    assert row["verdict"]["label"] == "supported", row
    assert "on 2023-05-16" in row["verdict"]["summary"]
    assert "Published 2023-05-16 (given)" in table.stdout


def test_without_a_date_it_is_not_refuted_and_says_so(tmp_path: Path) -> None:
    table, report = _check(tmp_path)
    assert report["article"]["published"] is None
    assert report["article"]["published_source"] is None
    row = _biden(report)
    # Today's president is someone else: that must not refute an article of unknown date.
    assert row["verdict"]["label"] != "refuted", row
    summary = row["verdict"]["summary"]
    assert "the article has no date" in summary
    assert "2021-01-20 – 2025-01-20" in summary
    assert "No date: claims that depend on the date were checked at any time" in table.stdout


def test_a_late_date_refutes_with_the_holder_at_that_date(tmp_path: Path) -> None:
    """The check is real: at a date after Biden's term the claim is refuted, naming Trump."""
    _table, report = _check(tmp_path, "--published", "2025-11-18")
    row = _biden(report)
    assert row["verdict"]["label"] == "refuted" and "Donald Trump" in row["verdict"]["summary"]


def test_the_same_article_first_without_then_with_published_in_one_database(
    tmp_path: Path,
) -> None:
    """--published on an article already added gives it the date and checks it again."""
    article = tmp_path / "summit.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cli = CliRunner(tmp_path / "cli")
    with WikidataFixtureServer() as wd:
        cli.env.update(
            {
                "CLAIMTRACK_WIKIDATA_API": f"{wd.url}/w/api.php",
                "CLAIMTRACK_WIKIDATA_SPARQL": f"{wd.url}/sparql",
            }
        )
        undated = cli.run("check", article, "--verifier", "wikidata", "--no-progress")
        assert undated.exit_code == 0, undated
        assert "the article has no date" in undated.stdout
        dated = cli.run(
            "check", article, "--verifier", "wikidata", "--no-progress", "--published", "2023-05-16"
        )
        assert dated.exit_code == 0, dated
        report = json.loads(cli.run("report", "--article", "1", "--format", "json").stdout)
    assert report["article"]["published_source"] == "given"
    row = _biden(report)
    assert row["verdict"]["label"] == "supported" and "on 2023-05-16" in row["verdict"]["summary"]
    assert "Published 2023-05-16 (given)" in dated.stdout
    articles = json.loads(cli.run("articles", "--json").stdout)
    assert len(articles) == 1
