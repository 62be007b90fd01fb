"""The real `claimtrack` entry point: add, articles, claims, show, --help, --version."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "g7-trade-talks.txt"


def claimtrack(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("claimtrack")
    assert exe, "the claimtrack console script is not installed"
    return subprocess.run(
        [exe, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_version_and_help() -> None:
    assert claimtrack("--version").stdout.strip() == "claimtrack, version 0.1.0"
    out = claimtrack("--help").stdout
    for command in ("add", "articles", "claims", "show", "db"):
        assert f"  {command} " in out
    for command in ("add", "claims", "show", "db"):
        run = claimtrack(command, "--help")
        assert run.returncode == 0 and "Usage: claimtrack" in run.stdout


def test_help_does_not_import_heavy_stacks() -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimtrack", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    for heavy in (
        "sqlalchemy",
        "sqlmodel",
        "httpx",
        "trafilatura",
        "claimtrack.extraction",
        "claimtrack.registry",
    ):
        assert heavy not in imported, f"--help imported {heavy}"
    assert "click" in imported


def test_add_list_show(db: str) -> None:
    run = claimtrack("--db", db, "add", str(EXAMPLE))
    assert run.returncode == 0, run.stderr
    assert "Added article 1: G7 trade ministers meet in Sydney as talks resume" in run.stdout

    again = claimtrack("--db", db, "add", str(EXAMPLE))
    assert again.returncode == 0 and "Already added as article 1" in again.stdout

    articles = json.loads(claimtrack("--db", db, "articles", "--json").stdout)
    assert len(articles) == 1
    assert articles[0]["title"] == "G7 trade ministers meet in Sydney as talks resume"
    assert articles[0]["author"] == "Jane Harlow" and articles[0]["published"].startswith(
        "2023-05-16"
    )

    claims = json.loads(claimtrack("--db", db, "claims", "--json").stdout)
    texts = [c["text"] for c in claims]
    assert any(t.startswith("The G7, a group of seven countries") for t in texts)
    # Boilerplate and traps never become claims.
    for junk in (
        "Tags:",
        "Leave a comment",
        "Previous post",
        "cookies",
        "I think these talks",
        "Will the agreement",
    ):
        assert not any(junk in t for t in texts), junk
    assert {c["kind"] for c in claims} >= {"statistic", "quote", "membership"}

    table = claimtrack("--db", db, "claims", "--kind", "membership").stdout
    assert "membership" in table and "quote" not in table

    found = json.loads(claimtrack("--db", db, "claims", "--search", "delegates", "--json").stdout)
    assert [c["text"][:20] for c in found] == ["Of the 120 delegates"]

    target = next(c for c in claims if c["text"].startswith("The G7"))
    shown = json.loads(claimtrack("--db", db, "show", str(target["id"]), "--json").stdout)
    (mention,) = shown["mentions"]
    article_text = EXAMPLE.read_text()
    assert mention["sentence"] == target["text"] and mention["sentence"] in article_text

    plain = claimtrack("--db", db, "show", str(target["id"])).stdout
    assert "»The G7, a group of seven countries" in " ".join(plain.split())


def test_show_unknown_claim(db: str) -> None:
    claimtrack("--db", db, "add", str(EXAMPLE))
    run = claimtrack("--db", db, "show", "9999")
    assert run.returncode == 1 and run.stderr.strip() == "Error: no claim with id 9999"


def test_stdin_and_non_utf8(db: str, tmp_path: Path) -> None:
    run = claimtrack(
        "--db",
        db,
        "add",
        "-",
        stdin="The unemployment rate fell to 4.2 percent in 2023, the ministry said.\n",
    )
    assert run.returncode == 0, run.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(
        "Le café coûte 12 euros à Paris en 2023, selon l'INSEE, soit 20 % de plus qu'en 2019.\n".encode(
            "cp1252"
        )
    )
    run = claimtrack("--db", db, "add", str(latin), "--json")
    assert run.returncode == 0, run.stderr
    (added,) = json.loads(run.stdout)
    text = json.loads(claimtrack("--db", db, "articles", "--json").stdout)[0]
    assert added["created"] and text["id"] == added["article_id"]
    claims = json.loads(
        claimtrack("--db", db, "claims", "--article", str(added["article_id"]), "--json").stdout
    )
    assert any("café coûte" in c["text"] for c in claims)


def test_article_text_is_shown_literally(db: str, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    sentence = (
        "The [bold red]ministry[/bold red] said \x1b[31minflation\x1b[0m rose 7 percent in 2022."
    )
    hostile.write_text(f"# Prices [blink]up[/blink]\n\n{sentence}\n")
    run = claimtrack("--db", db, "add", str(hostile))
    assert run.returncode == 0, run.stderr
    assert "Prices [blink]up[/blink]" in run.stdout
    claims = json.loads(claimtrack("--db", db, "claims", "--json").stdout)
    assert claims[0]["text"] == sentence  # stored unchanged
    for args in (("claims",), ("show", str(claims[0]["id"]))):
        out = claimtrack("--db", db, *args, env={"COLUMNS": "200"}).stdout
        assert "\x1b" not in out
        assert "[bold red]ministry[/bold red]" in out and "\\x1b[31minflation" in out
