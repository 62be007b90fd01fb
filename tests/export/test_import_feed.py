"""``claimtrack import claimreview`` on feeds: streaming, formats, bad items, dedupe, resume."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from claimtrack.importers.feed import PEEK_BYTES, Feed
from claimtrack.models import Article, Mention
from claimtrack.registry import Registry
from claimtrack.services.match import previously_checked


def review(
    i: int, claim: str | None = None, *, rating: str = "False", site: str = "fc.example"
) -> dict[str, Any]:
    """A ClaimReview like the ones fact-checkers publish."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://{site}/check/{i}",
        "datePublished": "2024-03-0" + str(1 + i % 9),
        "claimReviewed": claim or f"The harbour of town {i} handled {i * 7 + 3} ships in 2023",
        "author": {"@type": "Organization", "name": site.split(".")[0].title()},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": f"Speaker {i}"}},
    }


def run_cli(
    registry: Registry, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", registry.url, "import", "claimreview", *args],
        capture_output=True,
        input=stdin,
        timeout=300,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def stored_pairs(registry: Registry) -> list[tuple[str, str]]:
    """(review URL, claim) of every stored fact-check mention, duplicates kept."""
    with registry.session() as session:
        rows = session.exec(
            select(Article.source, Mention.sentence).join(
                Mention, col(Mention.article_id) == col(Article.id)
            )
        )
        return sorted((source, sentence) for source, sentence in rows)


def test_datafeed_import(registry: Registry, tmp_path: Path) -> None:
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": "Aggregated fact-checks",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [review(1), review(2, rating="Mostly True")]},
            {"@type": "DataFeedItem", "item": review(3, rating="Half True")},
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, indent=2), encoding="utf-8")
    result = run_cli(registry, str(path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["fact_checks"], summary["new_claims"], summary["bad_items"]) == (3, 3, 0)
    labels = {c.text: c.values["claimreview"][0]["label"] for c in registry.claims(limit=None)}
    assert labels == {
        "The harbour of town 1 handled 10 ships in 2023": "refuted",
        "The harbour of town 2 handled 17 ships in 2023": "supported",
        "The harbour of town 3 handled 24 ships in 2023": "mixed",
    }
    assert {c.status for c in registry.claims(limit=None)} == {"reviewed"}


def test_graph_wrapper_and_json_lines(registry: Registry, tmp_path: Path) -> None:
    graph = tmp_path / "graph.jsonld"
    graph.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [review(1), {"@type": "WebPage"}, review(2)],
            }
        ),
        encoding="utf-8",
    )
    lines = tmp_path / "checks.txt"  # no .jsonl suffix: recognised by its content
    lines.write_text("".join(json.dumps(review(i)) + "\n" for i in range(3, 6)), encoding="utf-8")
    first = run_cli(registry, str(graph))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Imported 2 fact-check(s) from 2 page(s): 2 new claim(s)")
    second = run_cli(registry, str(lines))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("Imported 3 fact-check(s)")
    assert [url for url, _claim in stored_pairs(registry)] == [
        f"https://fc.example/check/{i}" for i in range(1, 6)
    ]


def test_the_same_claim_from_two_publishers_across_batches(
    registry: Registry, tmp_path: Path
) -> None:
    claim = "Unemployment in Italy fell to 3.5% in 2023"
    checks = [review(1, claim, rating="False"), *(review(i) for i in range(2, 6)),
              review(6, claim, rating="True", site="other.example")]  # fmt: skip
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in checks), encoding="utf-8")
    result = run_cli(registry, str(path), "--batch-size", "2", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["new_claims"], summary["matched_claims"], summary["reviews"]) == (5, 1, 6)
    [merged] = [c for c in registry.claims(limit=None) if c.text == claim]
    assert [(e["publisher"], e["rating"]) for e in merged.values["claimreview"]] == [
        ("Fc", "False"),
        ("Other", "True"),
    ]
    assert merged.status == "disputed"  # two publishers, two verdicts
    assert sorted(p.describe() for p in previously_checked(registry, merged.id)) == [
        "previously checked by Fc: False",
        "previously checked by Other: True",
    ]


def test_bad_json_lines_are_skipped_and_named(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    no_claim = review(9)
    del no_claim["claimReviewed"]
    path.write_text(
        json.dumps(review(1)) + "\n"
        + '{"@type": "ClaimReview", "claimReviewed": "cut off\n'
        + json.dumps(review(2)) + "\n"
        + "\n"
        + json.dumps(no_claim) + "\n"
        + json.dumps(review(3)) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli(registry, str(path))
    error = one_line_error(result)
    assert error == (
        f"Error: {path}: 2 bad item(s) skipped, the rest imported: "
        "line 2: invalid JSON: Unterminated string starting at (column 43); "
        "line 5: ClaimReview without claimReviewed (the claim it reviews)"
    )
    assert result.stdout.startswith("Imported 3 fact-check(s)")
    assert "2 bad item(s) skipped, the rest imported" in result.stdout
    assert registry.counts()["review"] == 3


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty input: nothing to import"),
        (b"  \n\n\t", "empty input: nothing to import"),
        (PNG, "line 3: binary data, not JSON, JSON lines or HTML"),
        (b'[{"a": 1},\n {"claimReviewed": "caf\xe9"}]', "line 2: not UTF-8 text (JSON feeds are UTF-8)"),
        (b'[\n{"@type": "ClaimReview",\n "claimReviewed": 1 2}]',
         "line 3: malformed JSON: parse error: after key and value, inside map, I expect"),
        (b"not json at all\nsecond line\n", "line 1: malformed JSON: lexical error: invalid string in json text."),
        (b'{"bad": 1,}\n{"x": 2}\n', "line 1: malformed JSON"),
        (b'{"@type": "NewsArticle"}\n', "no ClaimReview or Fact Check Tools claims found"),
        (b'{"broken": \n', "line 1: malformed JSON: parse error: premature EOF"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_the_line(
    registry: Registry, tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(data)
    before = registry.counts()
    error = one_line_error(run_cli(registry, str(path)))
    assert error.startswith(f"Error: {path}: {expected}"), error
    assert registry.counts() == before
    piped = one_line_error(run_cli(registry, "-", stdin=data))
    assert piped.startswith(f"Error: <stdin>: {expected}"), piped


def test_a_syntax_error_keeps_what_came_before_and_a_rerun_resumes(
    registry: Registry, tmp_path: Path
) -> None:
    items = [json.dumps(review(i)) for i in range(10)]
    path = tmp_path / "feed.json"
    path.write_text(
        "[\n" + ",\n".join(items[:6]) + ",\n{oops},\n" + ",\n".join(items[6:]) + "\n]\n"
    )
    error = one_line_error(run_cli(registry, str(path), "--batch-size", "4"))
    assert error.startswith(f"Error: {path}: line 8: malformed JSON: ")
    assert error.endswith(
        "stopped there: the 6 fact-check(s) before it were imported "
        "(run the import again once fixed: they are skipped)"
    )
    assert len(stored_pairs(registry)) == 6
    path.write_text("[\n" + ",\n".join(items) + "\n]\n")
    fixed = run_cli(registry, str(path))
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("Imported 4 fact-check(s)")
    assert fixed.stdout.endswith("; 6 already imported, skipped\n")
    assert len(stored_pairs(registry)) == len(set(stored_pairs(registry))) == 10


def test_repeats_in_a_feed_and_a_second_import_are_skipped(
    registry: Registry, tmp_path: Path
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review(1), review(2), review(1)]), encoding="utf-8")
    first = json.loads(run_cli(registry, str(path), "--json").stdout)
    assert (first["reviews"], first["duplicates"]) == (2, 1)
    again = json.loads(run_cli(registry, str(path), "--json").stdout)
    assert (again["reviews"], again["duplicates"], again["skipped_pages"]) == (0, 3, 2)
    assert registry.counts()["review"] == 2


class CountingStream(io.BytesIO):
    """A stream that records how far it has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.furthest = self.tell()
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        chunk = super().readline(size)
        self.furthest = self.tell()
        return chunk


@pytest.mark.parametrize("shape", ["array", "datafeed", "lines"])
def test_feeds_are_streamed_not_read_whole(shape: str) -> None:
    checks = [review(i) for i in range(8000)]
    if shape == "array":
        data = json.dumps(checks, indent=1).encode()
    elif shape == "datafeed":
        elements = [{"@type": "DataFeedItem", "item": c} for c in checks]
        data = json.dumps({"@type": "DataFeed", "dataFeedElement": elements}).encode()
    else:
        data = "".join(json.dumps(c) + "\n" for c in checks).encode()
    assert len(data) > 3 * PEEK_BYTES
    stream = CountingStream(data)
    items: Iterator[Any] = iter(Feed(stream, source="feed"))
    first = next(items)
    assert first.url == "https://fc.example/check/0"
    assert stream.furthest <= PEEK_BYTES + 64 * 1024  # the peek, and not the rest
    assert 1 + sum(1 for _ in items) == 8000
    assert stream.furthest == len(data)


def _count(registry_url: str) -> int:
    registry = Registry.open(registry_url)
    try:
        return registry.counts()["review"]
    finally:
        registry.close()


def test_killed_import_resumes_without_duplicates_or_loss(
    registry: Registry, tmp_path: Path
) -> None:
    total = 30_000
    path = tmp_path / "feed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(total):
            out.write(json.dumps(review(i)) + "\n")
    command = [sys.executable, "-m", "claimtrack", "--db", registry.url, "import", "claimreview",
               str(path), "--batch-size", "500"]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while (done := _count(registry.url)) < 1000:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no batch committed in time"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    partial = stored_pairs(registry)
    assert done <= len(partial) < total, "killed mid-import"
    assert len(partial) % 500 == 0, "only whole batches are committed"
    assert len(set(partial)) == len(partial)
    if registry.dialect == "sqlite":
        # The killed transaction had dropped the FTS5 insert triggers (its rows are indexed
        # once per batch): it was rolled back with them, and the indexes match their rows.
        with sqlite3.connect(str(registry.engine.url.database)) as conn:
            names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
            assert {"claim_fts_ai", "fact_check_fts_insert"} <= names
            for index in ("claim_fts", "fact_check_fts"):
                conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
            (indexed,) = conn.execute("SELECT doc FROM fact_check_vocab WHERE term = '2023'")
            assert indexed == (len(partial),)
    resumed = run_cli(registry, str(path), "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["duplicates"] == len(partial)
    assert summary["reviews"] == total - len(partial)
    final = stored_pairs(registry)
    assert len(final) == len(set(final)) == total
    assert {url for url, _claim in final} == {f"https://fc.example/check/{i}" for i in range(total)}
    counts = registry.counts()
    assert counts["review"] == counts["mention"] == counts["article"] == total
