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

With ``--imports 1000,10000`` (this MODIFIES the registry: run it on a copy), for each
count in turn it then imports that many new fact-checks (``claimtrack import claimreview``
in a child process; one in ten a reworded ClaimReview of a claim of the article that was
not previously checked, the others generated like bench_import's) and times:

- **after import**: the first report after the import, with the results stored before it
  (stale: every claim is searched again, the freshness rule);
- **cold after import**: the stored results deleted, every claim searched again: the
  reference. It prints how many claims agree (the same previously-checked fact-checks,
  all of them in order; the same first one; the same previously-checked decision) and how many
  claims each found newly previously checked after the import. They agree on every claim
  by construction since stored results are no longer caught up (claimtrack.services.match);
  the row is kept to show it, and the cost of the first report after an import.

Target: < 5 s (issue 12). Run:
python benchmarks/bench_report_scale.py --registry /tmp/scale12/m1/registry-1000000.db \\
    --size 1000000 [--claims 10000] [--repeat 3] [--imports 1000,10000]
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


def add_claims(db: str, size: int, count: int, data: Path, source: str = SOURCE) -> int:
    """The benchmark article's id (``source``): added with ``count`` claims unless it is
    there."""
    from claimtrack.extraction.matching import fingerprint
    from claimtrack.registry import Registry

    registry = Registry.open(f"sqlite:///{db}")
    with registry.engine.begin() as conn:
        found = conn.exec_driver_sql("SELECT id FROM article WHERE source = ?", (source,)).first()
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
            (source, now, f"bench-report-{size}-{count}-{source}", body),
        )
        article = int(
            conn.exec_driver_sql("SELECT id FROM article WHERE source = ?", (source,)).scalar_one()
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


def run_report(db: str, article: int) -> dict[str, Any]:
    """One ``claimtrack report`` in a child process: wall, child CPU, claims, previously
    checked, and each claim's previously-checked URLs (``firsts``, by claim text)."""
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
    firsts = {
        str(row.get("text")): [p.get("url") for p in row.get("previously_checked") or []]
        for row in rows
    }
    return {
        "wall": wall,
        "cpu": cpu,
        "claims": len(rows),
        "checked": checked,
        "firsts": firsts,
    }


def forget(db: str, article: int) -> None:
    """Delete the stored "previously checked" results of the article's claims."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute(
        "DELETE FROM claim_prior_check WHERE claim_id IN "
        "(SELECT claim_id FROM mention WHERE article_id = ?)",
        (article,),
    )
    conn.commit()
    conn.close()


def import_new(db: str, count: int, data: Path, unchecked: list[str]) -> dict[str, float]:
    """Import ``count`` new fact-checks (``claimtrack import claimreview``, a child process):
    one in ten a reworded check of a text in ``unchecked``. Returns wall and CPU, how many
    were added and how many there were before."""
    import sqlite3
    import tempfile

    bench_import, bench_match = _load("bench_import"), _load("bench_match_scale")
    conn = sqlite3.connect(db)
    tag = int(conn.execute("SELECT coalesce(max(id), 0) FROM fact_check").fetchone()[0])
    size = int(conn.execute("SELECT count(*) FROM fact_check").fetchone()[0])
    conn.close()
    rng = random.Random(tag)
    items = list(bench_import.fact_checks(count, bench_import.sentences(data), seed=tag))
    for i, item in enumerate(items):
        item["url"] = f"https://new.example/{tag}/{i}"
        if i % 10 == 0 and unchecked:
            text = rng.choice(unchecked).rsplit(" (", 1)[0]
            item["claimReviewed"] = bench_match.reword(rng, text).split(" #")[0]
            item["name"] = f"Fact check: {item['claimReviewed'][:80]}"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as feed:
        json.dump(items, feed)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", db, "import", "claimreview", feed.name],
        capture_output=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(feed.name)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    conn = sqlite3.connect(db)
    added = int(conn.execute("SELECT count(*) FROM fact_check").fetchone()[0]) - size
    conn.close()
    return {"wall": wall, "cpu": cpu, "added": added, "before": size}


def agreement(incremental: dict[str, Any], cold: dict[str, Any], before: dict[str, Any]) -> str:
    """How the incremental report's previously-checked results agree with the cold one's."""
    inc, ref, old = incremental["firsts"], cold["firsts"], before["firsts"]
    texts = ref.keys() & inc.keys()
    same = sum(inc[t] == ref[t] for t in texts)
    first = sum((inc[t][:1] == ref[t][:1]) for t in texts)
    decision = sum(bool(inc[t]) == bool(ref[t]) for t in texts)
    only_inc = sum(bool(inc[t]) and not ref[t] for t in texts)
    only_ref = sum(bool(ref[t]) and not inc[t] for t in texts)
    new_inc = sum(bool(inc[t]) and not old.get(t) for t in texts)
    new_ref = sum(bool(ref[t]) and not old.get(t) for t in texts)
    return (
        f"same previously-checked fact-checks (all, in order) {same:,} of {len(texts):,}; "
        f"same first match {first:,} of {len(texts):,}; same previously-checked decision "
        f"{decision:,} of {len(texts):,} (previously checked by the incremental only "
        f"{only_inc:,}, by the cold only {only_ref:,}); newly previously checked after the "
        "import: "
        f"incremental {new_inc:,}, cold {new_ref:,}"
    )


def main() -> None:
    bench_import = _load("bench_import")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--size", type=int, required=True, help="fact-checks it holds")
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=bench_import.DEFAULT_DATA)
    parser.add_argument(
        "--source",
        default=SOURCE,
        help="the benchmark article's source (another one: another article, of --claims)",
    )
    parser.add_argument("--warm-only", action="store_true", help="keep stored results")
    parser.add_argument(
        "--imports",
        default="",
        help="comma-separated counts of new fact-checks to import in turn (modifies the registry)",
    )
    args = parser.parse_args()
    db = str(args.registry)
    article = add_claims(db, args.size, args.claims, args.data, args.source)
    if not args.warm_only:
        forget(db, article)
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
    before = warm[-1]
    for count in [int(n) for n in args.imports.split(",") if n.strip()]:
        unchecked = [t for t, urls in before["firsts"].items() if not urls]
        done = import_new(db, count, args.data, unchecked)
        print(
            f"import of {count:,} new fact-checks: {done['wall']:.1f} s wall, "
            f"{done['cpu']:.1f} s CPU"
        )
        incremental = run_report(db, article)
        print(
            f"  after import (stored results stale: searched): {incremental['wall']:.1f} s wall, "
            f"{incremental['cpu']:.1f} s CPU; {incremental['checked']:,} previously checked "
            f"(load average {os.getloadavg()[0]:.1f}; target < {TARGET_S:.0f} s): "
            f"{'OK' if incremental['wall'] < TARGET_S else 'OVER TARGET'}"
        )
        forget(db, article)
        cold = run_report(db, article)
        print(
            f"  cold after import (every claim searched): {cold['wall']:.1f} s wall, "
            f"{cold['cpu']:.1f} s CPU; {cold['checked']:,} previously checked "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        print(f"  agreement: {agreement(incremental, cold, before)}")
        before = cold


if __name__ == "__main__":
    main()
