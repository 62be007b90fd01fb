"""``--published``: the article's date given on the command line, stored with its source,
shown by ``articles``, ``show`` and ``report``; bad dates are one-line errors that store nothing."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimtrack.registry import Registry
from claimtrack.testing.cli import CliRunner

ARTICLE = """# Leaders meet in Samarkand

Published 15.09.2022

Xi Jinping and Vladimir Putin met on Thursday for three hours, officials said.
"""


def _stored_articles(cli: CliRunner) -> int:
    if not cli.db_path.exists():
        return 0
    registry = Registry.open(f"sqlite:///{cli.db_path}")
    try:
        return registry.counts()["article"]
    finally:
        registry.close()


@pytest.mark.parametrize("command", ["add", "check"])
@pytest.mark.parametrize("value", ["2022-13-45", "yesterday", "", "15/09/2022", "2999-01-01"])
def test_bad_published_is_one_line_and_stores_nothing(
    cli_runner: CliRunner, tmp_path: Path, command: str, value: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    extra = ["--offline"] if command == "check" else []
    result = cli_runner.run(command, *extra, "--published", value, source)
    assert result.exit_code != 0, result
    assert len(result.stderr.strip().splitlines()) == 1, result
    assert "--published" in result.stderr and "Traceback" not in result.stderr
    assert _stored_articles(cli_runner) == 0


def test_given_date_beats_the_detected_one_and_is_shown(
    cli_runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    added = cli_runner.run("add", "--json", "--published", "2021-06-01", source)
    assert added.exit_code == 0, added
    (item,) = json.loads(added.stdout)
    assert item["published"].startswith("2021-06-01") and item["published_source"] == "given"

    (article,) = json.loads(cli_runner.run("articles", "--json").stdout)
    assert article["published"].startswith("2021-06-01")
    assert article["published_source"] == "given"
    assert "2021-06-01 (given)" in cli_runner.run("articles").stdout

    # "on Thursday" is resolved against the given date (Tuesday 1 June 2021), not the text's.
    claims = json.loads(cli_runner.run("claims", "--json").stdout)
    thursday = next(c for c in claims if "Thursday" in c["text"])
    assert thursday["values"]["kinds"]["temporal"]["date"] == "2021-05-27"

    shown = json.loads(cli_runner.run("show", str(thursday["id"]), "--json").stdout)
    assert shown["mentions"][0]["published_source"] == "given"
    assert "2021-06-01 (given)" in cli_runner.run("show", str(thursday["id"])).stdout

    report = json.loads(cli_runner.run("report", "--article", "1", "--format", "json").stdout)
    assert report["article"]["published"].startswith("2021-06-01")
    assert report["article"]["published_source"] == "given"
    assert "Published 2021-06-01 (given)" in cli_runner.run("report", "--article", "1").stdout
    markdown = cli_runner.run("report", "--article", "1", "--format", "markdown").stdout
    assert "\nPublished 2021-06-01 (given)\n" in markdown


def test_detected_date_and_no_date_are_shown(cli_runner: CliRunner, tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text(ARTICLE, encoding="utf-8")
    undated = tmp_path / "undated.txt"
    # Another sentence: the same one would be the same claim, with the dated article's values.
    text = ARTICLE.replace("Published 15.09.2022\n", "").replace("three hours", "four hours")
    undated.write_text(text, encoding="utf-8")
    assert cli_runner.run("add", dated, undated).exit_code == 0
    by_source = {
        Path(a["source"]).name: a for a in json.loads(cli_runner.run("articles", "--json").stdout)
    }
    assert by_source["dated.txt"]["published_source"] == "text"
    assert by_source["dated.txt"]["published"].startswith("2022-09-15")
    assert by_source["undated.txt"]["published"] is None
    assert by_source["undated.txt"]["published_source"] is None
    table = cli_runner.run("articles").stdout
    assert "2022-09-15 (text)" in table and "no date" in table
    undated_id = str(by_source["undated.txt"]["id"])
    report = cli_runner.run("report", "--article", undated_id).stdout
    assert "No date: claims that depend on the date were checked at any time" in report
    # Without a date, "on Thursday" is left unresolved rather than resolved against today.
    claims = json.loads(cli_runner.run("claims", "--article", undated_id, "--json").stdout)
    thursday = next(c for c in claims if "Thursday" in c["text"])
    assert thursday["values"]["kinds"]["temporal"]["date"] is None


@given(value=st.text(max_size=30))
@settings(max_examples=60, deadline=None)
def test_any_rejected_published_value_stores_nothing(value: str) -> None:
    """Garbage never crashes and never stores: the real CLI entry point, in process."""
    from claimtrack.cli import main
    from claimtrack.errors import ClaimtrackError
    from claimtrack.ingest.dates import parse_published

    try:
        parse_published(value)
    except ClaimtrackError:
        pass
    else:
        assume(False)  # a valid date: stored, as the other tests show
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "a.txt"
        source.write_text(ARTICLE, encoding="utf-8")
        db = Path(tmp) / "r.db"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exited:
            main(["--db", str(db), "add", f"--published={value}", str(source)])
        assert exited.value.code not in (0, None)
        assert len(err.getvalue().strip().splitlines()) == 1, err.getvalue()
        assert "unexpected" not in err.getvalue()
        if db.exists():
            registry = Registry.open(f"sqlite:///{db}")
            try:
                assert registry.counts()["article"] == 0
            finally:
                registry.close()


def test_published_on_an_article_already_added_redates_it(
    cli_runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert cli_runner.run("add", source).exit_code == 0
    again = cli_runner.run("add", source)
    assert "(nothing stored)" in again.stdout
    redated = cli_runner.run("add", "--published", "2021-06-01", source)
    assert redated.exit_code == 0, redated
    assert "its date is now 2021-06-01, given" in redated.stdout
    assert "claimtrack verify --article 1 --stale 0" in redated.stdout
    (article,) = json.loads(cli_runner.run("articles", "--json").stdout)
    assert article["published"].startswith("2021-06-01") and article["published_source"] == "given"
