"""Bulk import speed: generated ClaimReview feeds through `claimtrack import claimreview`.

For each size (default 100,000; add 1,000,000 with --million) a feed of distinct,
realistic fact-checks is written to a temporary file: claim sentences are spliced from two
ClaimBuster sentences (read at run time from --data, never stored here) with a changed
number, or built from word lists when no data is given; publishers, ratings, claimants,
dates and URLs vary, and one fact-check in 20 reviews a claim already checked by another
publisher. The feed is a DataFeed (dataFeedElement -> item ClaimReview) or JSON lines.

Each feed is imported into a fresh SQLite registry by a child process running
`import_claimreview` (the path of `claimtrack import claimreview FILE`), so its peak RSS is
the import's alone. Printed: fact-checks per CPU second of the import process (one core;
other load on the machine does not distort it), the wall-clock rate beside it, peak RSS,
and the target (>= 5,000 fact-checks/s; memory should not grow with the feed's size).

``--keep DIR`` keeps each registry as DIR/registry-<size>.db (and its feed as
DIR/feed-<size>.json), for ``bench_match_scale.py --registry`` and ``bench_report_scale.py``
to reuse: a million-fact-check registry takes minutes to build.

Run: python benchmarks/bench_import.py [--data ../shared/data/claimbuster/crowdsourced.csv]
     [--sizes 100000] [--million] [--format datafeed|jsonl] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TARGET = 5_000
_ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data/claimbuster beside the checkout (or beside the folder of worktrees).
DEFAULT_DATA = next(
    (
        p / "shared/data/claimbuster/crowdsourced.csv"
        for p in (_ROOT.parent, _ROOT.parent.parent)
        if (p / "shared/data/claimbuster/crowdsourced.csv").exists()
    ),
    _ROOT.parent / "shared/data/claimbuster/crowdsourced.csv",
)
PUBLISHERS = [
    ("PolitiFact", "politifact.com"),
    ("Snopes", "snopes.com"),
    ("Full Fact", "fullfact.org"),
    ("FactCheck.org", "factcheck.org"),
    ("AFP Fact Check", "factcheck.afp.com"),
    ("Reuters Fact Check", "reuters.com"),
    ("Les Décodeurs", "lemonde.fr"),
    ("Maldita", "maldita.es"),
    ("Africa Check", "africacheck.org"),
    ("Correctiv", "correctiv.org"),
]
RATINGS = [
    "False",
    "Pants on Fire",
    "Mostly False",
    "Half True",
    "Mostly True",
    "True",
    "Misleading",
    "Missing context",
    "Unproven",
    "Falso",
    "Four Pinocchios",
    "Correct attribution",
]
# Word lists for when no ClaimBuster file is given: subject, verb phrase, object, time.
SUBJECTS = [
    "the government", "the mayor", "the senator", "the union", "the central bank",
    "the ministry of health", "the governor", "the prime minister", "the opposition leader",
    "the city council", "the school board", "the army", "the police",
]  # fmt: skip
VERBS = [
    "cut", "raised", "doubled", "halved", "spent", "lost", "created", "closed", "banned",
    "approved", "blocked", "funded", "sold",
]  # fmt: skip
OBJECTS = [
    "jobs", "hospital beds", "teachers", "police officers", "taxes on fuel", "the minimum wage",
    "school budgets", "bus routes", "vaccine doses", "housing permits", "pension payments",
    "water prices", "coal plants", "refugee places",
]  # fmt: skip
WHEN = [
    "last year", "since 2010", "in 2019", "this month", "over five years",
    "during the pandemic", "before the election", "in one week", "in 2023",
]  # fmt: skip


def sentences(data: Path | None) -> list[str]:
    """Claim-like sentences from the ClaimBuster CSV (column Text), or none."""
    if data is None or not data.exists():
        return []
    with data.open(encoding="utf-8", newline="") as handle:
        return [
            row["Text"].strip()
            for row in csv.DictReader(handle)
            if 40 <= len(row.get("Text", "")) <= 240
        ]


def claim_text(rng: random.Random, pool: list[str], i: int) -> str:
    """A distinct claim: two spliced sentences with a number, or a word-list sentence."""
    number = f"{rng.randint(2, 990)}{rng.choice(['', ',000', ' percent', ' million'])}"
    if pool:
        a, b = rng.choice(pool), rng.choice(pool)
        head = a.split()[: max(4, len(a.split()) // 2)]
        tail = b.split()[len(b.split()) // 2 :]
        return f"{' '.join(head)} {number} {' '.join(tail)} ({i})"
    return (
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {number} "
        f"{rng.choice(OBJECTS)} {rng.choice(WHEN)} ({i})"
    )


def fact_checks(count: int, pool: list[str], seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` ClaimReview objects, one in 20 re-checking an earlier claim."""
    rng = random.Random(seed)
    speakers = ["Jane Doe", "John Smith", "a viral post", "a Facebook page", "Maria Lopez"]
    recent: list[str] = []
    for i in range(count):
        name, site = rng.choice(PUBLISHERS)
        if recent and rng.random() < 0.05:
            claim = rng.choice(recent)
        else:
            claim = claim_text(rng, pool, i)
            recent = [*recent, claim][-1000:]
        date = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://www.{site}/fact-check/{i}-{rng.randrange(16**8):08x}/",
            "datePublished": date,
            "name": f"Fact check: {claim[:80]}",
            "claimReviewed": claim,
            "author": {"@type": "Organization", "name": name, "url": f"https://www.{site}"},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": rng.choice(RATINGS),
                "ratingValue": str(rng.randint(1, 5)),
                "bestRating": "5",
                "worstRating": "1",
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": rng.choice(speakers)},
                "datePublished": date,
                "appearance": [{"@type": "CreativeWork", "url": f"https://social.example/p/{i}"}],
            },
        }


def write_feed(path: Path, count: int, pool: list[str], fmt: str) -> None:
    """Write the feed to ``path`` one item at a time."""
    with path.open("w", encoding="utf-8") as out:
        if fmt == "jsonl":
            for item in fact_checks(count, pool):
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
            return
        out.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [\n')
        for n, item in enumerate(fact_checks(count, pool)):
            element = {"@type": "DataFeedItem", "item": [item]}
            out.write(("," if n else "") + json.dumps(element, ensure_ascii=False) + "\n")
        out.write("]}\n")


def child(feed: str, db: str) -> None:
    """Import ``feed`` into ``db`` and print one JSON line of figures (run in a child process)."""
    from claimtrack.config import load_settings
    from claimtrack.registry import Registry
    from claimtrack.services.importing import import_claimreview

    registry = Registry.open(db)
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_claimreview(registry, feed, load_settings())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = registry.counts()
    registry.close()
    print(
        json.dumps(
            {
                "fact_checks": result.fact_checks,
                "reviews": result.reviews,
                "new_claims": result.new_claims,
                "claims": counts["claim"],
                "wall": wall,
                "cpu": cpu,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ClaimBuster CSV")
    parser.add_argument("--sizes", default="100000", help="comma-separated feed sizes")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 (slow)")
    parser.add_argument("--format", choices=("datafeed", "jsonl"), default="datafeed")
    parser.add_argument("--keep", type=Path, help="keep registries and feeds in this folder")
    parser.add_argument("--child", nargs=2, metavar=("FEED", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    pool = sentences(args.data)
    print(
        f"claims from {len(pool):,} ClaimBuster sentences ({args.data})"
        if pool
        else "claims from word lists (no ClaimBuster file)"
    )
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.million:
        sizes.append(1_000_000)
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if args.keep:
                folder = args.keep
                folder.mkdir(parents=True, exist_ok=True)
                for old in folder.glob(f"registry-{size}.db*"):
                    old.unlink()
            suffix = "jsonl" if args.format == "jsonl" else "json"
            feed = folder / f"feed-{size}.{suffix}"
            write_feed(feed, size, pool, args.format)
            mb = feed.stat().st_size / 1e6
            db = f"sqlite:///{folder / f'registry-{size}.db'}"
            run = subprocess.run(
                [sys.executable, __file__, "--child", str(feed), db],
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode != 0:
                print(f"{size:,}: import failed: {run.stderr.strip()[-500:]}")
                continue
            got = json.loads(run.stdout.strip().splitlines()[-1])
            rate = got["fact_checks"] / got["cpu"]
            print(
                f"{size:>9,} fact-checks ({args.format}, {mb:,.0f} MB): {got['cpu']:.1f} s CPU "
                f"= {rate:,.0f} fact-checks/s ({got['fact_checks'] / got['wall']:,.0f}/s over "
                f"{got['wall']:.1f} s wall) "
                f"(target >= {TARGET:,}): {'OK' if rate >= TARGET else 'UNDER TARGET'}; "
                f"peak RSS {got['peak_mb']:,.0f} MB; {got['claims']:,} claims stored; "
                f"load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    main()
