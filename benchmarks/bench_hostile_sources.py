"""``claimtrack verify`` against hostile sources: wall time, peak memory, what is said.

The factcheck verifier is pointed (``CLAIMTRACK_FACTCHECK_API``) at the loopback
:mod:`claimtrack.testing.hostile` server, run in its own process, with default settings
(default body limit, default claim time limit of 60 s). Each scenario is one real
``claimtrack verify --all`` process, under ``/usr/bin/time -v`` when it exists:

* ``big``: a 200 MB body; ``endless``: a chunked body that never ends; ``bomb``: a 21 MB
  gzip body that expands to 20 GB. Figures: peak RSS (target < 300 MB) and the
  verdicts' errors (target: one line each);
* ``redirect``: the API answers 302 to another port with the query it got (26 claims,
  the key in the ``X-Goog-Api-Key`` header, then in ``key=``). Figures: requests that
  reached the second server, and how many of them carried the key (target 0);
* ``silent``: a source that never answers, ``trickle``: one that sends a byte a second,
  never finishing (no read timeout ever fires; only the claim time limit stops it), each
  over 540 claims. Figures: wall time (target < 2 minutes) and how many lines say the
  source is down (target 1).

Run: ``python benchmarks/bench_hostile_sources.py [--claims 540] [--scenario NAME ...]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from claimtrack.registry import Registry
from claimtrack.testing import add_claims

KEY = "AIzaSy-bench-key-0123456789"
BODY_SCENARIOS = ("big", "endless", "bomb")
SLOW_SCENARIOS = ("silent", "trickle")
REDIRECT_CLAIMS = 26
PATHS = {"big": "big", "endless": "endless", "bomb": "bomb", "silent": "slow", "trickle": "trickle"}


def start_server() -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtrack.testing.hostile"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


def make_registry(path: Path, claims: int) -> str:
    url = f"sqlite:///{path}"
    registry = Registry.open(url)
    try:
        add_claims(
            registry,
            [
                f"Claim number {i}: the minister said {i} schools were opened this year."
                for i in range(claims)
            ],
        )
    finally:
        registry.close()
    return url


def run(scenario: str, port: int, claims: int, workdir: Path) -> None:
    db = make_registry(workdir / f"{scenario}.db", claims)
    env = {
        **os.environ,
        "CLAIMTRACK_FACTCHECK_API": f"http://127.0.0.1:{port}/{PATHS[scenario]}",
        "CLAIMTRACK_FACTCHECK_KEY": KEY,
        "CLAIMTRACK_CACHE_DIR": str(workdir / f"cache-{scenario}"),
        "CLAIMTRACK_CONFIG": str(workdir / "none.toml"),
    }
    command = [
        shutil.which("claimtrack") or "claimtrack",
        "--db",
        db,
        "verify",
        "--all",
        "--verifier",
        "factcheck",
        "--no-progress",
    ]
    timer = shutil.which("time", path="/usr/bin")
    if timer:
        command = [timer, "-v", *command]
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    elapsed = time.perf_counter() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    said = [
        line
        for line in done.stderr.splitlines()
        if "unreachable" in line or "down for this run" in line
    ]
    registry = Registry.open(db)
    try:
        ids = [c.id for c in registry.claims()]
        rows = [v for vs in registry.verdicts_for(ids).values() for v in vs]
    finally:
        registry.close()
    errors = Counter((v.label, v.error) for v in rows)
    print(
        f"\n== {scenario}: {claims} claims, exit {done.returncode}, wall {elapsed:.1f} s"
        + (f", max RSS {int(rss.group(1)) / 1024:.0f} MB" if rss else "")
    )
    print(f"   stdout: {done.stdout.strip()}")
    print(f"   lines saying the source is down: {len(said)}")
    for line in said:
        print(f"     {line}")
    for (label, error), n in errors.most_common():
        print(f"   {n:4d} x {label}: {error}")


def redirect(port: int, second: int, workdir: Path) -> None:
    import json
    import urllib.request

    for key_in in ("header", "query"):
        db = make_registry(workdir / f"redirect-{key_in}.db", REDIRECT_CLAIMS)
        env = {
            **os.environ,
            "CLAIMTRACK_FACTCHECK_API": f"http://127.0.0.1:{port}/bounce/{second}",
            "CLAIMTRACK_FACTCHECK_KEY": KEY,
            "CLAIMTRACK_FACTCHECK_KEY_IN": key_in,
            "CLAIMTRACK_CACHE_DIR": str(workdir / f"cache-redirect-{key_in}"),
            "CLAIMTRACK_CONFIG": str(workdir / "none.toml"),
        }
        command = [
            shutil.which("claimtrack") or "claimtrack",
            "--db",
            db,
            "verify",
            "--all",
            "--verifier",
            "factcheck",
            "--no-progress",
        ]
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{second}/_seen", timeout=10) as response:
            seen = json.load(response)
        with_key = sum(1 for r in seen if KEY in json.dumps(r))
        print(
            f"\n== redirect, key in the {key_in}: {REDIRECT_CLAIMS} claims, exit {done.returncode}; "
            f"{done.stdout.strip()}"
        )
        print(f"   requests at the second server so far: {len(seen)}, carrying the key: {with_key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--claims", type=int, default=540, help="claims for the slow-source scenarios (default 540)"
    )
    parser.add_argument(
        "--body-claims", type=int, default=5, help="claims for the body scenarios (default 5)"
    )
    parser.add_argument(
        "--scenario", action="append", choices=(*BODY_SCENARIOS, "redirect", *SLOW_SCENARIOS)
    )
    args = parser.parse_args()
    server, port = start_server()
    second, second_port = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for scenario in args.scenario or (*BODY_SCENARIOS, "redirect", *SLOW_SCENARIOS):
                if scenario == "redirect":
                    redirect(port, second_port, Path(tmp))
                else:
                    run(
                        scenario,
                        port,
                        args.body_claims if scenario in BODY_SCENARIOS else args.claims,
                        Path(tmp),
                    )
    finally:
        for proc in (server, second):
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
