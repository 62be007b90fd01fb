"""The ``claimtrack score`` command: JSON lines out, one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from claimtrack.cli.score import score

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def test_sentences_from_stdin() -> None:
    result = CliRunner().invoke(
        score,
        ["-"],
        input="Unemployment fell to 4.2 percent in 2023.\n\nI think we must do better.\nTags: a, b\n",
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["checkworthy"] for r in rows] == [True, False, False]
    assert set(rows[0]) >= {"text", "score", "checkworthy", "kind", "reasons", "values"}
    assert rows[0]["kind"] == "statistic" and "contains a statistic" in rows[0]["reasons"]
    assert rows[2]["reasons"] == ["not a claim: tag list"]


def test_article_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        score, ["--article", "--published", "2024-03-15", str(DATA / "energy-summit.txt")]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    text = (DATA / "energy-summit.txt").read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    quotes = [r for r in rows if r["kind"] == "quote"]
    assert {r["speaker"] for r in quotes} >= {"Ursula von der Leyen", "Mark Rutte"}


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    for args, needle in (
        ([str(tmp_path / "missing.txt")], "no such file"),
        ([str(binary)], "binary"),
        ([str(empty)], "empty"),
        ([str(tmp_path)], "directory"),
    ):
        result = runner.invoke(score, args)
        assert result.exit_code == 1
        assert needle in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_non_utf8_text_is_decoded_by_detection(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café coûte 12 euros à Paris en 2023, selon l'INSEE.\n".encode("cp1252"))
    result = CliRunner().invoke(score, [str(latin)])
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.output)["text"]
        == "Le café coûte 12 euros à Paris en 2023, selon l'INSEE."
    )


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "claimtrack.cli.score", "-"],
        input="The G7 has seven members.\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["checkworthy"] is True
