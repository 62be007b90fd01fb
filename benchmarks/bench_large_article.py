"""``add`` of one large article: time and peak memory at 100 KB, 1 MB and 10 MB.

Each article is dense generated news text (every line a sentence: statistics, quotes, dates,
offices …; :func:`claimtrack.testing.articles.dense_article`, seeded), written to a file and
added to a fresh registry through ``claimtrack add``'s path (read and decode the file, strip
boilerplate, every registered extractor, store in one transaction). CPU seconds are printed
beside wall seconds: on a shared machine other load stretches wall time. Every run is a fresh
process, so its peak RSS is its own. Each size is run ``--repeat`` times, alternating sizes;
min and median of wall and CPU seconds are printed, and the 10 MB / 1 MB ratio of median
wall times: linear work gives about 10.

Targets: 1 MB < 3 s, 10 MB < 30 s (wall, median); 10 MB / 1 MB ≈ 10.
Run: python benchmarks/bench_large_article.py [--sizes 100KB,1MB] [--repeat 3]
     python benchmarks/bench_large_article.py --sizes 100KB,1MB,10MB   (about 2 minutes a round)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNITS = {"KB": 1000, "MB": 1000 * 1000}
#: Wall-seconds targets by size.
TARGETS = {1000 * 1000: 3.0, 10 * 1000 * 1000: 30.0}


def parse_size(text: str) -> int:
    """``"100KB"`` -> 100000, ``"10MB"`` -> 10000000, ``"5000"`` -> 5000."""
    text = text.strip().upper()
    for unit, factor in UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def label(size: int) -> str:
    return f"{size / UNITS['MB']:g} MB" if size >= UNITS["MB"] else f"{size / UNITS['KB']:g} KB"


def one_run(size: int) -> None:
    """In a child process: add one article of ``size`` bytes; print a JSON line of figures."""
    from claimtrack.config import load_settings
    from claimtrack.ingest import read_source
    from claimtrack.registry import Registry
    from claimtrack.services.add import add_document
    from claimtrack.testing.articles import dense_article

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(dense_article(size, seed=size), encoding="utf-8")
        settings = load_settings()
        registry = Registry.open(str(Path(tmp) / "big.db"))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu, wall = time.process_time(), time.perf_counter()
        result = add_document(registry, read_source(str(path), settings))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        registry.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "bytes": path.stat().st_size,
                    "claims": result.claims,
                    "wall": wall,
                    "cpu": cpu,
                    "rss_before": before,
                    "rss_peak": peak,
                }
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100KB,1MB", help="article sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        one_run(args.child)
        return
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    for _ in range(args.repeat):
        for size in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs[size].append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'size':>7} {'claims':>8} {'wall min':>9} {'wall med':>9} {'CPU med':>8} "
        f"{'claims/s':>9} {'peak RSS':>9} {'before add':>10}  target"
    )
    medians: dict[int, float] = {}
    cpus: dict[int, float] = {}
    for size in sizes:
        rows = runs[size]
        walls = [r["wall"] for r in rows]
        medians[size] = statistics.median(walls)
        cpus[size] = statistics.median(r["cpu"] for r in rows)
        target = TARGETS.get(size)
        verdict = (
            ""
            if target is None
            else f"< {target:g} s: {'OK' if medians[size] < target else 'OVER TARGET'}"
        )
        print(
            f"{label(size):>7} {int(rows[0]['claims']):>8,} {min(walls):>8.2f}s "
            f"{medians[size]:>8.2f}s {cpus[size]:>7.2f}s "
            f"{rows[0]['claims'] / medians[size]:>9,.0f} "
            f"{max(r['rss_peak'] for r in rows):>7,.0f}MB {rows[0]['rss_before']:>8,.0f}MB  {verdict}"
        )
    big, small = 10 * UNITS["MB"], UNITS["MB"]
    if big in medians and small in medians:
        print(
            f"10 MB / 1 MB: wall {medians[big] / medians[small]:.1f}, "
            f"CPU {cpus[big] / cpus[small]:.1f} (linear ≈ 10)"
        )
    print(f"{args.repeat} run(s) per size, each in a fresh process")


if __name__ == "__main__":
    main()
