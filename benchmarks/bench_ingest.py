"""Ingest speed: many small articles, then single big ones.

1. 10,000 generated plain-text articles: articles/s and peak RSS (target >= 200 articles/s).
2. One dense generated article each of 100 KB, 1 MB and 10 MB (every line a sentence:
   statistics, quotes, dates, offices …; see claimtrack.testing.articles), each into a
   fresh registry: seconds, claims/s and seconds per MB. Equal seconds per MB at every
   size means the work is linear in the article's size. Target: 10 MB in under 60 s CPU.

Each article goes through the same path as `claimtrack add FILE`: read and decode the file,
strip boilerplate, extract claims with the registered extractors, store in one transaction.
Times are CPU seconds of this process (one core; other load does not distort them), with
wall seconds beside them.
Run: python benchmarks/bench_ingest.py [--articles N] [--sizes 100KB,1MB,10MB]
(--articles 0 or --sizes "" skips that part).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from claimtrack.config import load_settings
from claimtrack.ingest import read_source
from claimtrack.registry import Registry
from claimtrack.services.add import add_document
from claimtrack.testing.articles import dense_article

TARGET = 200
BIG_TARGET_SECONDS = 60.0
BIG_TARGET_BYTES = 10 * 1000 * 1000
UNITS = {"KB": 1000, "MB": 1000 * 1000}
COUNTRIES = [
    "France",
    "Germany",
    "Japan",
    "Canada",
    "Italy",
    "Australia",
    "India",
    "Brazil",
    "Kenya",
    "Mexico",
    "Chile",
    "Norway",
]
TOPICS = [
    "inflation",
    "exports",
    "unemployment",
    "emissions",
    "tourism",
    "wages",
    "housing",
    "output",
]
PEOPLE = ["Maria Lopez", "John Carter", "Aiko Tanaka", "Lars Berg", "Amina Yusuf", "Pierre Dubois"]


def article(rng: random.Random, n: int) -> str:
    country, other = rng.sample(COUNTRIES, 2)
    topic = rng.choice(TOPICS)
    person = rng.choice(PEOPLE)
    year = rng.randint(2000, 2024)
    lines = [
        f"# {country} {topic} report {n}",
        "",
        f"By {rng.choice(PEOPLE)}",
        f"Published March {rng.randint(1, 28)}, {year}",
        "",
        (
            f"{country}'s {topic} rose by {rng.randint(1, 40)}.{rng.randint(0, 9)} percent in {year}, "
            f"the highest level since {year - rng.randint(5, 30)}, official figures showed on Tuesday."
        ),
        "",
        f'"This is a turning point for the country," said {person}, the {country} finance minister.',
        "",
        f"The figure was higher than in {other}, where {topic} grew by a third over the same period.",
        "",
        f"About {rng.randint(2, 90)} million people were affected, according to the statistics office.",
        "",
        "I think the government should do more.",
        "",
        f"Tags: {topic}, {country.lower()}, economy",
        "Leave a comment",
    ]
    return "\n".join(lines) + "\n"


def parse_size(text: str) -> int:
    """``"100KB"`` -> 100000, ``"10MB"`` -> 10000000, ``"5000"`` -> 5000."""
    text = text.strip().upper()
    for unit, factor in UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def small_articles(count: int) -> None:
    """Part 1: many small articles into one registry."""
    rng = random.Random(42)
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(count):
            path = folder / f"article-{i:05d}.txt"
            path.write_text(article(rng, i), encoding="utf-8")
            paths.append(path)
        registry = Registry.open(str(folder / "bench.db"))
        claims = 0
        start = time.perf_counter()
        for path in paths:
            result = add_document(registry, read_source(str(path), settings))
            claims += result.claims
        elapsed = time.perf_counter() - start
        registry.close()
    rate = count / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ingested {count:,} articles ({claims:,} claim mentions) in {elapsed:.1f} s")
    print(
        f"rate {rate:,.0f} articles/s (target >= {TARGET}): {'OK' if rate >= TARGET else 'UNDER TARGET'}"
    )
    print(f"peak RSS {peak_mb:,.0f} MB")


def big_articles(sizes: list[int]) -> None:
    """Part 2: one dense article per size, each into a fresh registry."""
    settings = load_settings()
    print(
        f"{'size':>8} {'claims':>9} {'CPU s':>8} {'wall s':>8} "
        f"{'articles/s':>11} {'claims/s':>9} {'CPU s/MB':>9} {'vs first':>8}"
    )
    first: float | None = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.txt"
            path.write_text(dense_article(size, seed=size), encoding="utf-8")
            megabytes = path.stat().st_size / UNITS["MB"]
            registry = Registry.open(str(Path(tmp) / "big.db"))
            cpu, wall = time.process_time(), time.perf_counter()
            result = add_document(registry, read_source(str(path), settings))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            registry.close()
        per_mb = cpu / megabytes
        first = first or per_mb
        label = (
            f"{size / UNITS['MB']:g} MB" if size >= UNITS["MB"] else f"{size / UNITS['KB']:g} KB"
        )
        print(
            f"{label:>8} {result.claims:>9,} {cpu:>8.2f} {wall:>8.2f} {1 / cpu:>11.3f} {result.claims / cpu:>9,.0f}"
            f" {per_mb:>9.2f} {per_mb / first:>7.2f}x"
        )
        if size >= BIG_TARGET_BYTES:
            verdict = "OK" if cpu < BIG_TARGET_SECONDS else "OVER TARGET"
            print(f"{label} in {cpu:.1f} s CPU (target < {BIG_TARGET_SECONDS:g} s): {verdict}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS {peak_mb:,.0f} MB; 'vs first' near 1.00x at every size = linear in article size"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=10_000, help="small articles in part 1 (0: skip)"
    )
    parser.add_argument(
        "--sizes", default="100KB,1MB,10MB", help='big article sizes in part 2 ("": skip)'
    )
    args = parser.parse_args()
    if args.articles:
        small_articles(args.articles)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        big_articles(sizes)


if __name__ == "__main__":
    main()
