"""Hostile text (rich markup, ANSI escapes, control characters) through add → report → review → export.

It must be stored unchanged and shown literally everywhere: never interpreted as markup,
never sent to a terminal as an escape sequence.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from seed import add_verdict

from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp, screen_text
from claimtrack.services.review import add_review

ESC, BEL = "\x1b", "\x07"
HOSTILE_SENTENCE = (
    "The unemployment rate fell to 3.5% in 2023 [bold red]according to[/] officials "
    f"{ESC}[31mred{ESC}[0m and a bell{BEL} here."
)
ARTICLE = (
    "Markup [bold red]ALERT[/bold red] daily\n\n"
    f"{HOSTILE_SENTENCE}\n\n"
    "Parliament has 400 members [link=http://evil.example]click[/link], the speaker said.\n"
)
SNIPPET = f"[blink]figure[/blink] {ESC}]8;;http://evil.example{ESC}\\link{ESC}]8;;{ESC}\\ 7.7"
NOTE = f"checked [b]twice[/b] {ESC}[2J"


def run_cli(registry: Registry, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["COLUMNS"] = "400"  # one table row per claim in the report
    env["CLAIMTRACK_LOAD_PLUGINS"] = "default-extractor,builtin-exporters,builtin-verifiers"
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", registry.url, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_no_raw_controls(text: str, where: str) -> None:
    assert ESC not in text and BEL not in text, f"{where} emitted a raw control character"


@pytest.mark.slow
async def test_hostile_text_end_to_end(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"  # ClaimReview needs its publisher
    config.write_text(
        '[export]\norganization_name = "Safe Checks"\norganization_url = "https://safe.example"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    source = tmp_path / "hostile.txt"
    source.write_text(ARTICLE, encoding="utf-8")

    # add: stored exactly as written
    added = run_cli(registry, "add", str(source), "--json")
    assert added.returncode == 0, added.stderr
    article_id = json.loads(added.stdout)[0]["article_id"]
    assert registry.article(article_id).text == ARTICLE.rstrip(
        "\n"
    )  # ingestion trims the final newline only
    claim = next(c for c in registry.claims(article_id=article_id) if "unemployment" in c.text)
    assert claim.text == HOSTILE_SENTENCE
    add_verdict(
        registry,
        claim.id,
        "worldbank",
        "refuted",
        0.9,
        "rate was [red]7.7%[/red]",
        [
            {
                "source": "World Bank",
                "url": "https://data.worldbank.org/x",
                "title": "[i]WB[/i]",
                "snippet": SNIPPET,
            }
        ],
    )

    # report: literal markup, escapes made visible
    report = run_cli(registry, "report", "--article", str(article_id))
    assert report.returncode == 0, report.stderr
    assert_no_raw_controls(report.stdout, "report")
    assert (
        "[bold red]according to[/] officials \\x1b[31mred" in report.stdout
    )  # the report shortens long claims

    # review: the app shows the text literally, and a decision with a hostile note is stored unchanged
    app = ReviewApp(
        registry, reviewer="tester", keys={}, article_id=article_id, start_claim=claim.id
    )
    async with app.run_test(size=(280, 50)) as pilot:
        await pilot.press("n", *NOTE.replace(ESC, ""), "enter")  # what a keyboard can type
        await pilot.pause()
        screen = screen_text(app)
    assert_no_raw_controls(screen, "review app")
    assert (
        "[bold red]according to[/] officials \\x1b[31mred\\x1b[0m and a bell\\x07 here." in screen
    )
    assert "[blink]figure[/blink] \\x1b]8;;http://evil.example\\x1b\\link" in screen
    assert "rate was [red]7.7%[/red]" in screen and "[i]WB[/i]" in screen
    add_review(
        registry, claim.id, "refuted", reviewer="tester", note=NOTE
    )  # as a script would, with the ESC
    assert registry.reviews(claim.id)[-1].note == NOTE
    async with ReviewApp(registry, reviewer="tester", keys={}, start_claim=claim.id).run_test(
        size=(280, 50)
    ) as pilot:
        await pilot.pause()
        screen = screen_text(pilot.app)
    assert_no_raw_controls(screen, "review history")
    assert "checked [b]twice[/b] \\x1b[2J" in screen

    # export: JSON keeps the exact text (escaped), text formats show escapes visibly
    for fmt in ("json", "jsonl", "claimreview"):
        result = run_cli(registry, "export", "-f", fmt, "--article", str(article_id))
        assert result.returncode == 0, result.stderr
        assert_no_raw_controls(result.stdout, fmt)
        data = (
            [json.loads(line) for line in result.stdout.splitlines()]
            if fmt == "jsonl"
            else json.loads(result.stdout)
        )
        texts = [d.get("text") or d.get("claimReviewed") for d in data]
        assert HOSTILE_SENTENCE in texts, fmt
    exported = json.loads(
        run_cli(registry, "export", "-f", "json", "--article", str(article_id)).stdout
    )
    item = next(d for d in exported if d["id"] == claim.id)
    assert item["verdicts"][0]["evidence"][0]["snippet"] == SNIPPET
    assert item["reviews"][-1]["note"] == NOTE
    for fmt in ("csv", "markdown"):
        result = run_cli(registry, "export", "-f", fmt, "--article", str(article_id))
        assert result.returncode == 0, result.stderr
        assert_no_raw_controls(result.stdout, fmt)
        assert "\\x1b[31mred\\x1b[0m" in result.stdout.replace("\\\\", "\\").replace(
            "\\[", "["
        ).replace("\\]", "]")
    rows = list(csv.DictReader(io.StringIO(run_cli(registry, "export", "-f", "csv").stdout)))
    assert any("[bold red]according to[/]" in r["claim"] for r in rows)
    markdown = run_cli(registry, "export", "-f", "markdown", "--article", str(article_id)).stdout
    assert (
        "\\[bold red\\]according to\\[/\\]" in markdown
    )  # markdown syntax escaped, rich markup literal
    assert "[click]" not in markdown

    # and nothing was changed in the registry along the way
    assert registry.article(article_id).text == ARTICLE.rstrip(
        "\n"
    )  # ingestion trims the final newline only
    assert registry.claim(claim.id).text == HOSTILE_SENTENCE
