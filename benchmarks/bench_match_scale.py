"""`match` latency at scale: earlier fact-checks found among N imported ones, through the API.

A generated feed of N realistic fact-checks (the generator of ``bench_import.py``: ClaimBuster
sentences spliced at run time from --data, never stored here, or word lists) is imported
into a fresh SQLite registry with ``claimtrack import claimreview``'s own function (the index
build is part of the import). Then --queries claims are looked up with
``claimtrack.find_fact_checks(registry, text, top=5)``, the Python API: half are stored
claims reworded (words dropped, case changed, a hashtag and a URL added), half are
sentences no fact-check states. Printed: p50/p95/max latency per lookup (wall, the registry
already open, one warm-up lookup first), how often a fact-check of the reworded claim is
first, and the target (p95 < 50 ms at 1,000,000 fact-checks).

Run: python benchmarks/bench_match_scale.py [--size 100000] [--queries 200] [--data CSV]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_P95_MS = 50.0
_HERE = Path(__file__).resolve().parent


def _bench_import() -> Any:
    spec = importlib.util.spec_from_file_location("bench_import", _HERE / "bench_import.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def reword(rng: random.Random, claim: str) -> str:
    """A post's version of a checked claim: a word or two dropped, casing, a tag and a link."""
    words = claim.rstrip(".").split()
    for _ in range(min(2, max(0, len(words) - 6))):
        words.pop(rng.randrange(1, len(words)))
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text.upper()
    return (
        f"{text} #{rng.choice(['factcheck', 'news', 'truth'])} https://t.co/{rng.randrange(10**6)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    bench_import = _bench_import()
    parser.add_argument("--data", type=Path, default=bench_import.DEFAULT_DATA)
    parser.add_argument("--size", type=int, default=100_000, help="fact-checks imported")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    from claimtrack import find_fact_checks
    from claimtrack.config import load_settings
    from claimtrack.registry import Registry
    from claimtrack.services.importing import import_claimreview

    pool = bench_import.sentences(args.data)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.json"
        bench_import.write_feed(feed, args.size, pool, "datafeed")
        registry = Registry.open(f"sqlite:///{Path(tmp) / 'registry.db'}")
        started = time.perf_counter()
        import_claimreview(registry, str(feed), load_settings())
        imported = time.perf_counter() - started
        wanted = set(rng.sample(range(args.size), min(args.size, args.queries // 2)))
        queries: list[tuple[str, str | None]] = [
            (reword(rng, item["claimReviewed"]), item["claimReviewed"])
            for i, item in enumerate(bench_import.fact_checks(args.size, pool))
            if i in wanted
        ]
        unrelated = pool or ["The harvest of 1911 was the largest the valley had seen."]
        for _ in range(args.queries - len(queries)):
            queries.append((f"{rng.choice(unrelated)} said the mayor of Springfield.", None))
        rng.shuffle(queries)
        find_fact_checks(registry, queries[0][0])  # warm-up: connections, statements
        times: list[float] = []
        first = 0
        for text, claim in queries:
            t0 = time.perf_counter()
            found = find_fact_checks(registry, text, top=5)
            times.append((time.perf_counter() - t0) * 1000)
            first += bool(claim and found and found[0].fact_check.claim == claim)
        registry.close()
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{args.size:,} fact-checks imported in {imported:.1f} s (index included)")
    print(
        f"match through the API, {len(times)} lookups: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms (target p95 < {TARGET_P95_MS:.0f} ms at 1,000,000): "
        f"{'OK' if p95 < TARGET_P95_MS else 'OVER TARGET'}"
    )
    print(f"reworded claims with a fact-check of that claim first: {first} of {len(wanted)}")


if __name__ == "__main__":
    main()
