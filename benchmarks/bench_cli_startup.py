"""`claimtrack --help` wall time as a ratio to importing click and rich alone (target <= 1.5).

Run: python benchmarks/bench_cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

TARGET = 1.5


def wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    entry = shutil.which("claimtrack")
    help_cmd = [entry, "--help"] if entry else [sys.executable, "-m", "claimtrack", "--help"]
    baseline_cmd = [sys.executable, "-c", "import click, rich.console, rich.table"]
    wall(help_cmd, 2)  # warm the OS file cache
    wall(baseline_cmd, 2)
    help_times = wall(help_cmd, args.runs)
    base_times = wall(baseline_cmd, args.runs)
    h, b = statistics.median(help_times), statistics.median(base_times)
    ratio = h / b
    print(
        f"claimtrack --help        median {h * 1000:7.1f} ms over {args.runs} runs ({' '.join(help_cmd[-2:])})"
    )
    print(f"import click + rich      median {b * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio {ratio:.2f} (target <= {TARGET}): {'OK' if ratio <= TARGET else 'OVER TARGET'}")
    heavy = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimtrack", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    loaded = [
        m
        for m in ("sqlalchemy", "sqlmodel", "httpx", "trafilatura", "claimtrack.extraction")
        if f" {m}\n" in heavy or f" {m}." in heavy
    ]
    print(f"heavy modules imported by --help: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
