"""Several claimtrack processes on one registry at once: duplicates, failed opens, repeated work.

Three checks, each with real ``claimtrack`` processes (nothing leaves 127.0.0.1):

* ``add``: P processes each add A articles at once; every article states the same 2
  sentences (one of them reworded in every other article). Prints the claim rows per
  shared sentence beyond one (target 0) for each of T trials, each on a fresh database.
* ``open``: P processes open the same fresh, empty database at once (target: all succeed).
* ``verify``: two ``verify --all`` at once on C claims x 2 loopback verifiers. Prints the
  verdicts stored and the requests the fake source received (target: one of each per pair).

Run: ``python benchmarks/bench_concurrency.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres``
(a server where databases may be created; without it, SQLite files are used).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

SHARED = (
    "Italy's unemployment rate fell to 3.5% in 2023, the statistics office said.",
    "The G7 countries are home to about 10 percent of the world's population, the UN said in 2024.",
)
REWORDED = (
    "Unemployment in Italy fell to 3.5 percent in 2023, the statistics office said on Monday."
)

_OPEN = textwrap.dedent(
    """
    import os, sys, time
    from claimtrack.registry import Registry
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.005)
    Registry.open(sys.argv[1]).close()
    """
)

_PLUGIN = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class BenchA(Verifier):
    name = "bench-a"
    defaults = {"base_url": None}

    async def verify(self, claim, ctx):
        data = await ctx.get_json(ctx.settings["base_url"] + "/" + self.name, params={"id": claim.id})
        return Verdict.supported(f"checked {data['id']}", 0.9)


class BenchB(BenchA):
    name = "bench-b"


@hookimpl
def register_verifiers(register):
    register(BenchA())
    register(BenchB())
"""


@contextmanager
def database(pg_url: str | None, folder: Path) -> Iterator[str]:
    """A fresh, empty database: a new PostgreSQL database (dropped after) or a SQLite file."""
    if not pg_url:
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"claimtrack_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _articles(folder: Path, proc: int, n: int) -> list[str]:
    paths = []
    for i in range(n):
        k = proc * 1000 + i
        path = folder / f"p{proc}-a{i}.txt"
        path.write_text(
            f"# Report {k}\n\n{REWORDED if i % 2 else SHARED[0]}\n\n"
            f"Exports from region {k} rose by {k % 40 + 1} percent in 2022, officials said on Tuesday.\n\n"
            f"{SHARED[1]}\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def bench_add(pg_url: str | None, folder: Path, procs: int, articles: int, trials: int) -> int:
    from claimtrack.registry import Registry

    print(f"add: {procs} processes x {articles} articles sharing 2 sentences, {trials} trials")
    total = 0
    for trial in range(trials):
        with database(pg_url, folder) as url:
            Registry.open(url).close()
            files = [_articles(folder, p, articles) for p in range(procs)]
            started = time.perf_counter()
            cmd = [sys.executable, "-m", "claimtrack", "--db", url, "add"]
            running = [
                subprocess.Popen(
                    [*cmd, *f], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
                )
                for f in files
            ]
            failed = [err.strip() for p in running if (err := p.communicate()[1]) and p.returncode]
            elapsed = time.perf_counter() - started
            engine = sa.create_engine(url)
            with engine.connect() as conn:
                rows = dict(
                    conn.execute(
                        sa.text(
                            "SELECT sentence, count(DISTINCT claim_id) FROM mention GROUP BY sentence"
                        )
                    ).all()
                )
                # The first sentence and its rewording are one claim.
                first = conn.execute(
                    sa.text(
                        "SELECT count(DISTINCT claim_id) FROM mention WHERE sentence IN (:a, :b)"
                    ),
                    {"a": SHARED[0], "b": REWORDED},
                ).scalar()
                stored = conn.execute(sa.text("SELECT count(*) FROM article")).scalar()
            engine.dispose()
            extra = (int(first or 0) - 1) + (rows.get(SHARED[1], 0) - 1)
            total += extra
            print(
                f"  trial {trial + 1}: {stored} articles, claim rows per shared claim: "
                f"{first} and {rows.get(SHARED[1], 0)}, duplicates {extra}, "
                f"failed processes {len(failed)}, {elapsed:.1f}s"
            )
            for line in failed:
                print("    " + line.splitlines()[-1])
    print(f"add: {total} duplicate claims in {trials} trials (target 0)")
    return total


def bench_open(pg_url: str | None, folder: Path, procs: int, trials: int) -> int:
    print(f"open: {procs} processes open a fresh, empty database at once, {trials} trials")
    failures = 0
    for trial in range(trials):
        with database(pg_url, folder) as url:
            go = folder / f"go-{trial}"
            running = [
                subprocess.Popen(
                    [sys.executable, "-c", _OPEN, url, str(go)], stderr=subprocess.PIPE, text=True
                )
                for _ in range(procs)
            ]
            time.sleep(1.5)
            go.touch()
            codes = [(p.wait(), p.stderr.read() if p.stderr else "") for p in running]
            bad = [err.strip().splitlines()[-1] for code, err in codes if code]
            failures += len(bad)
            print(
                f"  trial {trial + 1}: {procs - len(bad)}/{procs} succeeded"
                + "".join(f"\n    {b}" for b in bad)
            )
    print(f"open: {failures} failed opens in {trials} trials (target 0)")
    return failures


def bench_verify(pg_url: str | None, folder: Path, claims: int, latency: float) -> bool:
    from claimtrack.registry import Registry
    from claimtrack.testing import FixtureServer, add_claims

    pairs = claims * 2
    print(
        f"verify: two `verify --all` at once, {claims} claims x 2 verifiers = {pairs} pairs, "
        f"source latency {latency * 1000:.0f} ms"
    )
    site = folder / "site"
    site.mkdir(exist_ok=True)
    (site / "ct_bench.py").write_text(_PLUGIN, encoding="utf-8")
    info = site / "ct_bench-0.1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ct-bench\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[claimtrack]\nct-bench = ct_bench\n", encoding="utf-8")
    with database(pg_url, folder) as url, FixtureServer(latency=latency) as server:
        registry = Registry.open(url)
        add_claims(registry, [f"Claim number {i} is here." for i in range(claims)])
        for name in ("bench-a", "bench-b"):
            server.json(f"/{name}", lambda r: {"id": int(r.query["id"][0])})
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
            "CLAIMTRACK_LOAD_PLUGINS": "ct-bench",
            "CLAIMTRACK_BENCH_A_BASE_URL": server.url,
            "CLAIMTRACK_BENCH_B_BASE_URL": server.url,
            "CLAIMTRACK_CONFIG": str(folder / "no-config.toml"),
        }
        cmd = [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            url,
            "verify",
            "--all",
            "--no-cache",
            "--no-progress",
            "--json",
        ]
        started = time.perf_counter()
        running = [
            subprocess.Popen(
                cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [p.communicate() for p in running]
        elapsed = time.perf_counter() - started
        for p, (_, err) in zip(running, outputs, strict=True):
            if p.returncode:
                print("  run failed: " + err.strip())
        summaries = [json.loads(out) for out, _ in outputs if out.strip()]
        verdicts = registry.counts()["verdict"]
        requests = len(server.requests)
        per_pair = Counter((r.path, r.query["id"][0]) for r in server.requests)
        registry.close()
    for i, s in enumerate(summaries, 1):
        print(
            f"  run {i}: recorded {s['recorded']}, done by the other run {s.get('elsewhere', 0)}, "
            f"already done {s['already_done']}"
        )
    ok = verdicts == pairs == requests == len(per_pair)
    print(
        f"verify: {verdicts} verdicts and {requests} requests for {pairs} pairs "
        f"({len(per_pair)} distinct pairs requested) in {elapsed:.1f}s; {'OK' if ok else 'DUPLICATED WORK'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CLAIMTRACK_TEST_PG_URL"),
        help="PostgreSQL server (admin URL); default: SQLite",
    )
    parser.add_argument("--procs", type=int, default=4)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument(
        "--claims", type=int, default=270, help="claims for the verify check (x 2 verifiers)"
    )
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--only", choices=("add", "open", "verify"))
    args = parser.parse_args()
    if args.pg_url:
        print(
            f"database: PostgreSQL {sa.make_url(args.pg_url).render_as_string(hide_password=True)}"
        )
    else:
        print("database: SQLite files")
    ok = True
    with tempfile.TemporaryDirectory(prefix="ct-bench-conc-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "add"):
            ok &= bench_add(args.pg_url, folder, args.procs, args.articles, args.trials) == 0
        if args.only in (None, "open"):
            ok &= bench_open(args.pg_url, folder, args.procs, args.trials) == 0
        if args.only in (None, "verify"):
            ok &= bench_verify(args.pg_url, folder, args.claims, args.latency)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
