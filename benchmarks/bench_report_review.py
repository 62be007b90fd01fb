"""``claimtrack report`` over 10,000 claims (target < 2 s) and the review app's start-up
with 10,000 claims to its first screen (target < 1.5 s); exports over the same data.

Builds a SQLite registry in a temporary directory: 100 articles of 100 claims each, two
verifier verdicts on two claims in three, a review on one claim in four, and a few
imported fact-checks so "previously checked" lookups are exercised.

Run: python benchmarks/bench_report_review.py [--claims N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

REPORT_TARGET = 2.0
REVIEW_TARGET = 1.5
COUNTRIES = (
    "Italy",
    "France",
    "Canada",
    "Japan",
    "Germany",
    "Spain",
    "Chile",
    "Kenya",
    "India",
    "Peru",
)
METRICS = ("unemployment rate", "inflation rate", "birth rate", "savings rate", "literacy rate")


def build(url: str, n_claims: int) -> None:
    """Fill the registry at ``url`` with ``n_claims`` claims and their verdicts and reviews."""
    from claimtrack.extraction.matching import fingerprint
    from claimtrack.models import (
        Article,
        Claim,
        Mention,
        Review,
        VerdictRow,
        VerificationRun,
    )
    from claimtrack.registry import Registry

    registry = Registry.open(url)
    now = datetime(2024, 6, 1, tzinfo=UTC)
    per_article = 100
    with registry.engine.begin() as conn:
        conn.execute(
            sa.insert(VerificationRun.__table__),
            [{"id": 1, "started_at": now, "finished_at": now, "status": "finished", "options": {}}],
        )
        articles, claims, mentions, verdicts, reviews = [], [], [], [], []
        for a in range((n_claims + per_article - 1) // per_article):
            sentences = []
            for k in range(per_article):
                i = a * per_article + k
                if i >= n_claims:
                    break
                sentences.append(
                    (
                        i,
                        (
                            f"In {1990 + i % 30} the {METRICS[i % 5]} of {COUNTRIES[i % 10]} "
                            f"rose to {i % 97}.{i % 10} percent, report {i} says."
                        ),
                    )
                )
            text = "\n\n".join(s for _, s in sentences)
            articles.append(
                {
                    "id": a + 1,
                    "source": f"https://news.example/{a}",
                    "title": f"Economy report {a}",
                    "site": "news.example",
                    "published": now,
                    "retrieved_at": now,
                    "content_hash": f"{a:064x}",
                    "text": text,
                }
            )
            offset = 0
            for i, sentence in sentences:
                status = "reviewed" if i % 4 == 0 else "open"
                claims.append(
                    {
                        "id": i + 1,
                        "text": sentence,
                        "fingerprint": fingerprint(sentence),
                        "kind": "statistic",
                        "score": (i % 100) / 100,
                        "values": {
                            "claimreview": [
                                {
                                    "publisher": "Example Fact Check",
                                    "rating": "False",
                                    "label": "refuted",
                                    "url": f"https://fc.example/{i}",
                                }
                            ]
                        }
                        if i % 1000 == 0
                        else {},
                        "status": status,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                mentions.append(
                    {
                        "claim_id": i + 1,
                        "article_id": a + 1,
                        "sentence": sentence,
                        "start": offset,
                        "end": offset + len(sentence),
                        "speaker": None,
                    }
                )
                offset += len(sentence) + 2
                if i % 3:
                    for verifier, label in (
                        ("worldbank", "refuted" if i % 2 else "supported"),
                        ("wikidata", "supported"),
                    ):
                        verdicts.append(
                            {
                                "claim_id": i + 1,
                                "run_id": 1,
                                "verifier": verifier,
                                "verifier_version": "1",
                                "label": label,
                                "confidence": 0.8,
                                "summary": f"{verifier} checked it",
                                "evidence": [
                                    {
                                        "source": verifier,
                                        "url": f"https://{verifier}.example/{i}",
                                        "title": "source",
                                        "snippet": "42",
                                        "retrieved_at": now.isoformat(),
                                    }
                                ],
                                "error": None,
                                "duration_ms": 1.0,
                                "created_at": now,
                            }
                        )
                if status == "reviewed":
                    reviews.append(
                        {
                            "claim_id": i + 1,
                            "reviewer": "bench",
                            "label": "refuted",
                            "note": "checked",
                            "created_at": now,
                        }
                    )
        for table, rows in (
            (Article, articles),
            (Claim, claims),
            (Mention, mentions),
            (VerdictRow, verdicts),
            (Review, reviews),
        ):
            for lo in range(0, len(rows), 5000):
                conn.execute(sa.insert(table.__table__), rows[lo : lo + 5000])  # type: ignore[attr-defined]
    registry.close()  # the FTS index is kept up to date by triggers


def time_report_in_process(url: str, runs: int) -> list[tuple[float, float]]:
    """(build_report, render_table into a buffer) times, without process start-up."""
    from rich.console import Console

    from claimtrack.registry import Registry
    from claimtrack.report import build_report, render_table

    registry = Registry.open(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = build_report(registry)
        built = time.perf_counter()
        render_table(report, Console(file=io.StringIO(), width=120, force_terminal=False))
        times.append((built - start, time.perf_counter() - built))
    registry.close()
    return times


def time_report_cli(url: str, runs: int) -> list[float]:
    """``claimtrack --db URL report`` as a user runs it, output to a pipe."""
    env = {
        **os.environ,
        "CLAIMTRACK_LOAD_PLUGINS": "default-extractor,builtin-exporters,builtin-verifiers",
    }
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", url, "report"],
            stdout=subprocess.DEVNULL,
            check=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
    return times


def time_review_startup(url: str, runs: int) -> list[float]:
    """ReviewApp constructed → first screen composed with the 10,000-row list and the first claim shown."""
    from claimtrack.registry import Registry
    from claimtrack.review.app import ReviewApp, screen_text

    registry = Registry.open(url)
    times = []

    async def once() -> float:
        start = time.perf_counter()
        app = ReviewApp(registry, reviewer="bench", keys={})
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen_text(app)  # the first screen is rendered
            elapsed = time.perf_counter() - start
            assert len(app.shown_rows) > 0
        return elapsed

    for _ in range(runs):
        times.append(asyncio.run(once()))
    registry.close()
    return times


def time_export(url: str, fmt: str) -> float:
    from claimtrack.export import get_exporter
    from claimtrack.export.claimreview import ClaimReviewExporter
    from claimtrack.registry import Registry
    from claimtrack.services.export import collect_rows

    registry = Registry.open(url)
    # ClaimReview needs its publisher; the benchmark gives one rather than reading a config file.
    exporter = (
        ClaimReviewExporter("Bench Checks", "https://bench.example")
        if fmt == "claimreview"
        else get_exporter(fmt)
    )
    start = time.perf_counter()
    rows = collect_rows(registry)
    exporter.export(rows, io.StringIO())
    elapsed = time.perf_counter() - start
    registry.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        start = time.perf_counter()
        build(url, args.claims)
        print(
            f"built {args.claims:,} claims (100 per article, 2 verdicts on 2 in 3, reviews on 1 in 4) "
            f"in {time.perf_counter() - start:.2f} s"
        )

        report_times = time_report_in_process(url, args.runs)
        r = statistics.median(b + t for b, t in report_times)
        b, t = (
            statistics.median(x[0] for x in report_times),
            statistics.median(x[1] for x in report_times),
        )
        print(
            f"report, build + render (in process) median {r:6.3f} s over {args.runs} runs "
            f"(target < {REPORT_TARGET} s): {'OK' if r < REPORT_TARGET else 'OVER TARGET'}"
        )
        print(f"  of which build_report {b:6.3f} s, render_table {t:6.3f} s")
        cli_times = time_report_cli(url, max(1, args.runs // 2))
        c = statistics.median(cli_times)
        print(
            f"claimtrack report (whole command)   median {c:6.3f} s over {len(cli_times)} runs "
            f"(target < {REPORT_TARGET} s): {'OK' if c < REPORT_TARGET else 'OVER TARGET'}"
        )

        review_times = time_review_startup(url, args.runs)
        v = statistics.median(review_times)
        print(
            f"review app start-up to first screen median {v:6.3f} s over {args.runs} runs "
            f"(target < {REVIEW_TARGET} s): {'OK' if v < REVIEW_TARGET else 'OVER TARGET'}"
        )

        for fmt in ("claimreview", "json", "markdown", "csv"):
            print(f"export --format {fmt:<11} {time_export(url, fmt):6.3f} s")


if __name__ == "__main__":
    main()
