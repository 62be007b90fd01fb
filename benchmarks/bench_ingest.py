"""Ingest 10,000 generated plain-text articles: articles/s and peak RSS (target >= 200 articles/s).

Each article goes through the same path as `claimtrack add FILE`: read and decode the file,
strip boilerplate, extract claims with the registered extractors, store in one transaction.
Run: python benchmarks/bench_ingest.py [--articles N]
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
from claimtrack.workflow import add_document

TARGET = 200
COUNTRIES = "France Germany Japan Canada Italy Australia India Brazil Kenya Mexico Chile Norway".split()
TOPICS = "inflation exports unemployment emissions tourism wages housing output".split()
PEOPLE = "Maria Lopez|John Carter|Aiko Tanaka|Lars Berg|Amina Yusuf|Pierre Dubois".split("|")


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
        f"{country}'s {topic} rose by {rng.randint(1, 40)}.{rng.randint(0, 9)} percent in {year}, "
        f"the highest level since {year - rng.randint(5, 30)}, official figures showed on Tuesday.",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(42)
    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(args.articles):
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
    rate = args.articles / elapsed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ingested {args.articles:,} articles ({claims:,} claim mentions) in {elapsed:.1f} s")
    print(f"rate {rate:,.0f} articles/s (target >= {TARGET}): {'OK' if rate >= TARGET else 'UNDER TARGET'}")
    print(f"peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
