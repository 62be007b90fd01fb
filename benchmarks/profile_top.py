"""Where ``claimtrack add`` and ``claimtrack verify`` spend their CPU: cProfile top-10s.

Both commands run in this process through the CLI entry point (``claimtrack.cli.main``),
as users run them, each profiled from the command line to its exit:

* ``add``: ``--articles`` (500) news-style articles written around the ClaimBuster
  debate sentences (as ``bench_ingest.py`` writes them; ``../shared/data``, read and never
  copied), else the news corpus in ``benchmarks/corpus/news``, into a new SQLite
  registry, with every installed extractor;
* ``verify``: ``--claims`` claims (1,000) x 3 verifiers, each one GET with a JSON answer,
  against the fixture server (its own process) answering after 50 ms, at
  ``--concurrency`` (100) in flight, with the HTTP cache on. The verifiers come from a
  plugin file loaded with ``--plugins-dir`` and are the only ones selected; no other
  third-party plugin is loaded, so nothing leaves the loopback.

For each, the top-10 functions by cumulative time (without the chain of calls that holds
the whole command) and by own time (tottime) are printed.
The clock is the main thread's CPU time (``time.thread_time``): waiting on the network,
and the verdict writer's thread, are not counted; cProfile's own overhead inflates
functions that make many small calls.

Run: ``python benchmarks/profile_top.py [--articles 500] [--claims 1000] [--concurrency 100]``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench_ingest import DATA_CANDIDATES, load_debates, news_article
from bench_verify import VERIFIERS, server_process

from claimtrack.registry import Registry
from claimtrack.testing import add_claims

CORPUS = Path(__file__).parent / "corpus" / "news"

#: The verifiers, as a plugin file: one GET per claim to ``$PROFILE_SOURCE_URL/<name>``.
PLUGIN = """
import os

from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Evidence, Verdict, Verifier


class Lookup(Verifier):
    version = "1.0"

    def __init__(self, name):
        self.name = name
        self.base = os.environ["PROFILE_SOURCE_URL"]

    async def verify(self, claim, ctx):
        data = await ctx.get_json(f"{self.base}/{self.name}", params={"id": claim.id})
        return Verdict.supported(
            f"{self.name}: {data['id']}",
            0.9,
            [Evidence(self.name, url=f"{self.base}/{self.name}?id={claim.id}")],
        )


@hookimpl
def register_verifiers(register):
    for name in %r:
        register(Lookup(name))
"""


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_cli(argv: list[str]) -> tuple[pstats.Stats, float]:
    """Run ``claimtrack ARGV`` under cProfile; (its stats, wall seconds)."""
    from claimtrack.cli import main

    profile = cProfile.Profile(time.thread_time)
    started = time.perf_counter()
    profile.enable()
    try:
        main(argv)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    finally:
        profile.disable()
    return pstats.Stats(profile), time.perf_counter() - started


def show(title: str, stats: pstats.Stats, top: int) -> None:
    """Top ``top`` by cumulative and by own time. The chain of calls that holds the whole
    command (click, the event loop's runner: each over 90 % of the total) is left out of
    the cumulative list, which would otherwise show nothing else."""
    root = str(Path(__file__).resolve().parent.parent) + "/"
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [
        (ct, tt, nc, f"{file}:{line}({func})")
        for (file, line, func), (_, nc, tt, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    for order, key in (("cumulative", 0), ("tottime", 1)):
        picked = sorted(
            (r for r in rows if key == 1 or r[0] <= 0.9 * total), key=lambda r: -r[key]
        )[:top]
        print(f"-- {title}: top {top} by {order} ({total:.2f} s in all)")
        print(f"{'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
        for ct, tt, nc, where in picked:
            shown = (
                where.replace(root, "")
                .replace(sys.prefix + "/", "")
                .replace(sys.base_prefix + "/", "")
            )
            print(f"{nc:>9} {tt:8.3f} {ct:8.3f}  {shown[:120]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--data", type=Path, help="ClaimBuster crowdsourced.csv")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = args.data or next((p for p in DATA_CANDIDATES if p.exists()), None)
        if data is not None:
            debates, rng = load_debates(data), random.Random(13)
            (root / "news").mkdir()
            articles = []
            for i in range(args.articles):
                path = root / "news" / f"article-{i:05d}.md"
                path.write_text(news_article(rng, i, debates), encoding="utf-8")
                articles.append(str(path))
            source = f"news-style articles around {data.name}'s debate sentences"
        else:
            articles = sorted(str(p) for p in CORPUS.iterdir() if p.is_file())
            source = str(CORPUS.relative_to(Path(__file__).parent.parent))
        db = f"sqlite:///{root / 'add.db'}"
        with (
            environment(CLAIMTRACK_CACHE_DIR=str(root / "cache")),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            stats, wall = run_cli(["--db", db, "add", "--no-progress", *articles])
        with contextlib.closing(sqlite3.connect(root / "add.db")) as conn:
            (claims,) = conn.execute("SELECT count(*) FROM claim").fetchone()
        print(
            f"claimtrack add: {len(articles)} {source}, {claims} claims; "
            f"{wall:.2f} s wall, {stats.total_tt:.2f} s main-thread CPU (profiled)"  # type: ignore[attr-defined]
        )
        show("add", stats, args.top)

        plugins = root / "plugins"
        plugins.mkdir()
        (plugins / "profile_lookup.py").write_text(PLUGIN % (VERIFIERS,))
        db = f"sqlite:///{root / 'verify.db'}"
        registry = Registry.open(db)
        add_claims(
            registry, [f"Benchmark claim number {i} says {i} things." for i in range(args.claims)]
        )
        registry.close()
        with (
            server_process(args.latency) as server,
            environment(
                PROFILE_SOURCE_URL=server.url,
                CLAIMTRACK_LOAD_PLUGINS="",
                CLAIMTRACK_CACHE_DIR=str(root / "cache"),
            ),
        ):
            argv = ["--db", db, "--plugins-dir", str(plugins), "verify", "--all", "--no-progress"]
            argv += [f"--verifier={name}" for name in VERIFIERS]
            argv += ["--concurrency", str(args.concurrency), "--per-host", str(args.concurrency)]
            with contextlib.redirect_stdout(io.StringIO()) as said:
                stats, wall = run_cli(argv)
            requests = server.count()
        bound = requests * args.latency / args.concurrency
        print(
            f"claimtrack verify: {args.claims} claims x {len(VERIFIERS)} verifiers, "
            f"{requests} requests at {args.concurrency} in flight; {wall:.2f} s wall "
            f"(profiled; the bound is {bound:.2f} s), {stats.total_tt:.2f} s main-thread CPU"  # type: ignore[attr-defined]
        )
        last = [line for line in said.getvalue().splitlines() if line.strip()][-1:]
        if last:
            print(f"  it said: {last[0]}")
        show("verify", stats, args.top)


if __name__ == "__main__":
    main()
