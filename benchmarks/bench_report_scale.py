"""`report` over 10,000 claims in a registry of 1,000,000 imported fact-checks.

Needs a registry built by ``bench_import.py --keep DIR`` (``--million`` for 1,000,000):
pass it as --registry and its size as --size. Once, this adds one article with --claims
claims (half are imported claims reworded as a post would put them, which the matcher
should find; half ClaimBuster sentences with no fact-check), stored directly with SQL (the
article's text is their sentences; extraction is not what is measured here).

Then it times ``claimtrack report --article ID --format json`` (a child process, output
discarded; wall and the child's CPU):

- **cold**: no stored "previously checked" result (deleted first): the matcher searches
  every claim and stores the result. This is also the first report after any import,
  which makes every stored result stale (the freshness rule, claimtrack.services.match);
- **warm**: --repeat more runs, the stored results fresh: the report reads them.

Target: < 5 s (issue 12). Run:
python benchmarks/bench_report_scale.py --registry /tmp/scale12/m1/registry-1000000.db \\
    --size 1000000 [--claims 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TARGET_S = 5.0
_HERE = Path(__file__).resolve().parent
SOURCE = "bench://report-scale"


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, _HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def add_claims(db: str, size: int, count: int, data: Path) -> int:
    """The benchmark article's id: added with ``count`` claims unless it is there."""
    from claimtrack.extraction.matching import fingerprint
    from claimtrack.registry import Registry

    registry = Registry.open(f"sqlite:///{db}")
    with registry.engine.begin() as conn:
        found = conn.exec_driver_sql("SELECT id FROM article WHERE source = ?", (SOURCE,)).first()
        if found is not None:
            registry.close()
            return int(found[0])
    bench_import, bench_match = _load("bench_import"), _load("bench_match_scale")
    pool = bench_import.sentences(data)
    rng = random.Random(23)
    wanted = set(rng.sample(range(size), count // 2))
    texts = [
        bench_match.reword(rng, item["claimReviewed"]).split(" #")[0]
        for i, item in enumerate(bench_import.fact_checks(size, pool))
        if i in wanted
    ]
    texts += [f"{rng.choice(pool)} ({n})" for n in range(count - len(texts))]
    rng.shuffle(texts)
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    body = "\n\n".join(texts)
    with registry.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO article (source, title, site, author, retrieved_at, content_hash, text)"
            " VALUES (?, 'report benchmark', 'bench', 'bench', ?, ?, ?)",
            (SOURCE, now, f"bench-report-{size}-{count}", body),
        )
        article = int(
            conn.exec_driver_sql("SELECT id FROM article WHERE source = ?", (SOURCE,)).scalar_one()
        )
        offset = 0
        seen: set[str] = set()
        for text in texts:
            fp = fingerprint(text)
            start, offset = offset, offset + len(text) + 2
            if fp in seen:
                continue
            seen.add(fp)
            claim = conn.exec_driver_sql(
                'INSERT INTO claim (text, fingerprint, kind, score, "values", status, '
                "created_at, updated_at) VALUES (?, ?, 'other', 1.0, '{}', 'open', ?, ?) "
                "ON CONFLICT (fingerprint) DO UPDATE SET updated_at = excluded.updated_at "
                "RETURNING id",
                (text, fp, now, now),
            ).scalar_one()
            conn.exec_driver_sql(
                'INSERT INTO mention (claim_id, article_id, sentence, start, "end") '
                "VALUES (?, ?, ?, ?, ?)",
                (claim, article, text, start, start + len(text)),
            )
    registry.close()
    return article


def run_report(db: str, article: int) -> dict[str, float]:
    """One ``claimtrack report`` in a child process: wall, child CPU, claims, previously checked."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "claimtrack", "--db", db, "report"]
    done = subprocess.run(
        [*command, "--article", str(article), "--format", "json"],
        capture_output=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    data = json.loads(done.stdout)
    rows = data["claims"] if isinstance(data, dict) else data
    checked = sum(bool(row.get("previously_checked")) for row in rows)
    return {"wall": wall, "cpu": cpu, "claims": len(rows), "checked": checked}


def main() -> None:
    bench_import = _load("bench_import")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--size", type=int, required=True, help="fact-checks it holds")
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=bench_import.DEFAULT_DATA)
    parser.add_argument("--warm-only", action="store_true", help="keep stored results")
    args = parser.parse_args()
    db = str(args.registry)
    article = add_claims(db, args.size, args.claims, args.data)
    if not args.warm_only:
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute(
            "DELETE FROM claim_prior_check WHERE claim_id IN "
            "(SELECT claim_id FROM mention WHERE article_id = ?)",
            (article,),
        )
        conn.commit()
        conn.close()
        cold = run_report(db, article)
        print(
            f"cold (every claim searched and stored): {cold['wall']:.1f} s wall, "
            f"{cold['cpu']:.1f} s CPU; {cold['claims']:,} claims, {cold['checked']:,} "
            f"previously checked (load average {os.getloadavg()[0]:.1f}; target < "
            f"{TARGET_S:.0f} s): {'OK' if cold['wall'] < TARGET_S else 'OVER TARGET'}"
        )
    warm = [run_report(db, article) for _ in range(args.repeat)]
    walls = [w["wall"] for w in warm]
    cpus = [w["cpu"] for w in warm]
    print(
        f"warm (stored results read), {len(warm)} runs: wall min {min(walls):.2f} s, median "
        f"{statistics.median(walls):.2f} s; CPU min {min(cpus):.2f} s, median "
        f"{statistics.median(cpus):.2f} s; {warm[-1]['claims']:,} claims, "
        f"{warm[-1]['checked']:,} previously checked (load average {os.getloadavg()[0]:.1f}; "
        f"target < {TARGET_S:.0f} s): "
        f"{'OK' if statistics.median(walls) < TARGET_S else 'OVER TARGET'}"
    )


if __name__ == "__main__":
    main()
