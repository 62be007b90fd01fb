"""A registry with 1,000,000 claims on SQLite: bulk insert rate, search and listing latency.

Targets: bulk insert >= 20,000 claims/s; `claims --search` and a filtered listing p95 < 50 ms.
Run: python benchmarks/bench_registry.py [--claims N] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from claimtrack.registry import Registry

INSERT_TARGET = 20_000
LATENCY_TARGET_MS = 50.0
WORDS = [
    "government",
    "minister",
    "economy",
    "inflation",
    "population",
    "trade",
    "tariff",
    "growth",
    "election",
    "summit",
    "treaty",
    "budget",
    "deficit",
    "export",
    "import",
    "percent",
    "billion",
    "million",
    "capital",
    "president",
    "chancellor",
    "parliament",
    "agreement",
    "sanctions",
    "energy",
    "climate",
    "emissions",
    "vaccine",
    "hospital",
    "school",
    "unemployment",
    "wages",
    "housing",
]
PLACES = [
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
KINDS = ("statistic", "temporal", "quote", "membership", "comparison", "office", "event")


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, 7)
    return (
        f"{rng.choice(PLACES)} {words[0]} {words[1]} rose by {rng.randint(1, 99)} percent in "
        f"{rng.randint(1990, 2025)} as {words[2]} {words[3]} {words[4]} {words[5]} {words[6]}."
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        registry = Registry.open(str(path))
        rows = (
            {
                "text": sentence(rng),
                "fingerprint": f"{i:016x}",
                "kind": KINDS[i % len(KINDS)],
                "score": rng.random(),
                "status": "open" if rng.random() < 0.9 else "reviewed",
            }
            for i in range(args.claims)
        )
        start = time.perf_counter()
        registry.bulk_insert_claims(rows)
        elapsed = time.perf_counter() - start
        rate = args.claims / elapsed
        print(
            f"bulk insert: {args.claims:,} claims in {elapsed:.1f} s = {rate:,.0f} claims/s "
            f"(target >= {INSERT_TARGET:,}): {'OK' if rate >= INSERT_TARGET else 'UNDER TARGET'}"
        )

        queries = [f"{rng.choice(PLACES)} {rng.choice(WORDS)}" for _ in range(args.queries)]
        it = iter(queries * 2)
        search = timed(lambda: registry.claims(search=next(it), limit=50), args.queries)
        filters = [
            (rng.choice(KINDS), rng.choice(("open", "reviewed"))) for _ in range(args.queries)
        ]
        fit = iter(filters * 2)

        def listing() -> None:
            kind, status = next(fit)
            registry.claims(kind=kind, status=status, limit=50, offset=rng.randint(0, 1000))

        listed = timed(listing, args.queries)
        for name, values in (("claims --search", search), ("filtered listing", listed)):
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            verdict = "OK" if p95 < LATENCY_TARGET_MS else "OVER TARGET"
            print(
                f"{name:17s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms (target p95 < {LATENCY_TARGET_MS:.0f} ms): {verdict}"
            )
        registry.close()


if __name__ == "__main__":
    main()
