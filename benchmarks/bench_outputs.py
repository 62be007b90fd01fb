"""Streamed outputs at newsroom scale: ``claims --search`` at 1,000,000 claims, ``report``
and ``claims --json`` at 100,000, each as a user runs it (the whole ``claimtrack`` process,
output to a pipe), against raw ``sqlite3`` references run in the same rounds.

Registries are written with raw SQL into a schema migrated by ``Registry.open`` (much faster
than ``add``) and kept in ``--dir`` (default ``/tmp/claimtrack-bench-outputs``) for later
runs: ``claims-<N>.db``, and ``claims-<N>-fc.db``, the same with ``--fact-checks``
fact-checks imported into the ``fact_check`` index, so the report's "previously checked"
lookups run. Claim texts are two ClaimBuster debate sentences spliced around a number (the
generator of ``bench_import.py``; ``../shared/data/claimbuster/crowdsourced.csv`` is read
at run time, never copied), one mention each, 100 claims per article, two verdicts on two
claims in three, a review on one in four.

Cases, alternated in every round with their references:

- ``claims --search WORD`` at 1M claims, several words common and rare, paged by default.
  Reference: a ``python -c`` process running the same FTS5 query (first page and count)
  with ``sqlite3``. Target: p95 < 300 ms whole process.
- ``report`` at 100,000 claims, with and without imported fact-checks: wall time and peak
  RSS of the process. Target: < 5 s, < 200 MB.
- ``claims --json`` at 100,000 claims. Reference: a ``python -c`` process reading the same
  columns and speakers with ``sqlite3`` and writing them with ``json.dumps(indent=2)``.
  Target: <= 1.5x the reference (min to min), memory flat (peak RSS printed).

Run: python benchmarks/bench_outputs.py [--repeats N] [--skip-million] [--dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SEARCH_P95_MS = 300.0
REPORT_SECONDS = 5.0
REPORT_MB = 200.0
JSON_RATIO = 1.5
WORDS = ("tax", "percent", "million jobs", "Iraq", "health care", "the")
_HERE = Path(__file__).resolve().parent
NOW = "2024-06-01 00:00:00.000000"

RAW_SEARCH = """
import sqlite3, sys, re
db, text = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
match = " ".join('"' + w + '"' for w in re.findall(r"\\w+", text))
rows = conn.execute(
    "SELECT claim.id, claim.kind, claim.score, claim.status, claim.text FROM claim_fts "
    "JOIN claim ON claim.id = claim_fts.rowid WHERE claim_fts MATCH ? "
    "ORDER BY claim_fts.rowid LIMIT 20", (match,)).fetchall()
(n,) = conn.execute("SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,)).fetchone()
out = sys.stdout
for r in rows:
    out.write(f"{r[0]:>7}  {r[1]:<10} {r[2]:5.2f}  {r[3]:<8} {r[4][:100]}\\n")
out.write(f"{len(rows)} claim(s) ... {n - len(rows)} more\\n")
"""

RAW_JSON = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
speakers = {}
for claim_id, speaker in conn.execute(
        "SELECT claim_id, speaker FROM mention WHERE speaker IS NOT NULL ORDER BY id"):
    speakers.setdefault(claim_id, speaker)
rows = [
    {"id": i, "text": t, "kind": k, "score": round(s, 4), "status": st,
     "values": json.loads(v), "created_at": c, "updated_at": u, "speaker": speakers.get(i)}
    for i, t, k, s, st, v, c, u in conn.execute(
        'SELECT id, text, kind, score, status, "values", created_at, updated_at '
        "FROM claim ORDER BY id")
]
sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\\n")
"""


def _bench_import() -> Any:
    spec = importlib.util.spec_from_file_location("bench_import", _HERE / "bench_import.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def build(path: Path, n_claims: int, data: Path) -> None:
    """A registry of ``n_claims`` claims at ``path``, written with raw SQL (see the module doc)."""
    from claimtrack.registry import Registry

    gen = _bench_import()
    pool = gen.sentences(data)
    rng = random.Random(13)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    Registry.open(f"sqlite:///{tmp}").close()  # the migrated schema, FTS5 triggers included
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO verification_run (id, started_at, finished_at, status, options) "
        "VALUES (1, ?, ?, 'finished', '{}')",
        (NOW, NOW),
    )
    per_article = 100
    for a in range((n_claims + per_article - 1) // per_article):
        ids = range(a * per_article, min(n_claims, (a + 1) * per_article))
        texts = [gen.claim_text(rng, pool, i) for i in ids]
        body = "\n\n".join(texts)
        conn.execute(
            "INSERT INTO article (id, source, title, site, published, retrieved_at, "
            "content_hash, text) VALUES (?, ?, ?, 'news.example', ?, ?, ?, ?)",
            (a + 1, f"https://news.example/{a}", f"Debate report {a}", NOW, NOW, f"{a:064x}", body),
        )
        claims, mentions, verdicts, reviews = [], [], [], []
        offset = 0
        for i, text in zip(ids, texts, strict=True):
            claims.append(
                (
                    i + 1,
                    text,
                    hashlib.sha1(text.encode()).hexdigest(),  # unique, as fingerprints are
                    ("statistic", "quote", "comparison", "temporal")[i % 4],
                    (i % 100) / 100,
                    "{}",
                    "reviewed" if i % 4 == 0 else "open",
                    NOW,
                    NOW,
                )
            )
            speaker = "A. Speaker" if i % 4 == 1 else None
            mentions.append((i + 1, a + 1, text, offset, offset + len(text), speaker))
            offset += len(text) + 2
            if i % 3:
                for verifier, label in (
                    ("worldbank", "refuted" if i % 2 else "supported"),
                    ("wikidata", "supported"),
                ):
                    evidence = json.dumps(
                        [{"source": verifier, "url": f"https://{verifier}.example/{i}"}]
                    )
                    verdicts.append(
                        (i + 1, verifier, label, f"{verifier} checked it", evidence, NOW)
                    )
            if i % 4 == 0:
                reviews.append((i + 1, "bench", "refuted", "checked", NOW))
        conn.executemany(
            'INSERT INTO claim (id, text, fingerprint, kind, score, "values", status, '
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )
        conn.executemany(
            'INSERT INTO mention (claim_id, article_id, sentence, start, "end", speaker) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            mentions,
        )
        conn.executemany(
            "INSERT INTO verdict (claim_id, run_id, verifier, verifier_version, part, label, "
            "confidence, summary, evidence, error, duration_ms, created_at) "
            "VALUES (?, 1, ?, '1', '', ?, 0.8, ?, ?, NULL, 1.0, ?)",
            verdicts,
        )
        conn.executemany(
            "INSERT INTO review (claim_id, reviewer, label, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            reviews,
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    tmp.rename(path)


def add_fact_checks(source: Path, target: Path, count: int, data: Path) -> None:
    """A copy of ``source`` with ``count`` fact-checks in its ``fact_check`` index: half of
    them check stored claims word for word, half other spliced sentences."""
    import sqlalchemy as sa

    from claimtrack.importers.claimreview import FactCheck
    from claimtrack.retrieval.store import add_fact_checks as store

    gen = _bench_import()
    pool = gen.sentences(data)
    rng = random.Random(7)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(source, tmp)
    with sqlite3.connect(source) as conn:
        (n_claims,) = conn.execute("SELECT count(*) FROM claim").fetchone()
        stored = [
            text
            for (text,) in conn.execute(
                "SELECT text FROM claim WHERE id % ? = 0", (max(1, n_claims // (count // 2)),)
            )
        ]
    checks = []
    for k in range(count):
        text = stored[k // 2 % len(stored)] if k % 2 == 0 else gen.claim_text(rng, pool, -k)
        checks.append(
            FactCheck(
                claim=text,
                publisher="PolitiFact",
                rating="False",
                label="refuted",
                url=f"https://fc.example/{k}",
            )
        )
    engine = sa.create_engine(f"sqlite:///{tmp}")
    with engine.begin() as conn:
        for lo in range(0, len(checks), 5000):
            store(conn, checks[lo : lo + 5000])
    engine.dispose()
    tmp.rename(target)


def run(
    cmd: list[str], env: dict[str, str], timeout: float | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process, its output to a pipe.

    A process still running after ``timeout`` seconds is stopped: its wall time is inf.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer:
        timer.start()
    while proc.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if timer:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if timeout and wall >= timeout:
        wall = float("inf")
    elif proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def lookup_rate(path: Path, n: int = 300) -> tuple[float, int]:
    """Seconds per "previously checked" lookup (``PriorCheckIndex.lookup``, what the report
    calls per claim) over ``n`` claims of ``path``, in process, and the index's size."""
    from claimtrack.registry import Registry
    from claimtrack.services.match import PriorCheckIndex

    registry = Registry.open(f"sqlite:///{path}")
    index = PriorCheckIndex.load(registry)
    claims = [c for page in registry.claim_pages(limit=n) for c in page.claims]
    start = time.perf_counter()
    for claim in claims:
        index.lookup(claim)
    elapsed = (time.perf_counter() - start) / len(claims)
    registry.close()
    return elapsed, index.size


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    gen = _bench_import()
    parser.add_argument("--data", type=Path, default=gen.DEFAULT_DATA)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/claimtrack-bench-outputs"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--million", type=int, default=1_000_000, help="claims for --search")
    parser.add_argument("--fact-checks", type=int, default=10_000)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="a report running longer is stopped"
    )
    parser.add_argument("--only", choices=("search", "report", "json"), action="append")
    parser.add_argument(
        "--no-fact-checks",
        action="store_true",
        help="report only on the registry without fact-checks (no previously-checked lookups)",
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no ClaimBuster CSV at {args.data}: pass --data PATH")
    only = set(args.only or ("search", "report", "json"))
    if args.skip_million:
        only.discard("search")
    args.dir.mkdir(parents=True, exist_ok=True)
    small = args.dir / f"claims-{args.claims}.db"
    small_fc = args.dir / f"claims-{args.claims}-fc{args.fact_checks}.db"
    big = args.dir / f"claims-{args.million}.db"
    for path, n in ((small, args.claims), (big, args.million)):
        if path == big and "search" not in only:
            continue
        if not path.exists():
            start = time.perf_counter()
            build(path, n, args.data)
            print(f"built {path} ({n:,} claims) in {time.perf_counter() - start:.0f} s")
    if "report" in only and not args.no_fact_checks and not small_fc.exists():
        start = time.perf_counter()
        add_fact_checks(small, small_fc, args.fact_checks, args.data)
        print(f"built {small_fc} in {time.perf_counter() - start:.0f} s")

    env = {
        **os.environ,
        "CLAIMTRACK_CONFIG": str(args.dir / "none.toml"),
        "XDG_DATA_HOME": str(args.dir / "xdg-data"),
        "XDG_CACHE_HOME": str(args.dir / "xdg-cache"),
    }
    env.pop("CLAIMTRACK_DB", None)
    # The script of this interpreter's environment (not whichever comes first on PATH).
    entry = Path(sys.executable).with_name("claimtrack")
    prog = [str(entry)] if entry.exists() else [sys.executable, "-m", "claimtrack"]
    py = sys.executable
    print(f"load average {os.getloadavg()[0]:.1f}; {args.repeats} rounds, cases alternated")

    if "search" in only:
        cases = {
            "claimtrack claims --search": lambda w: [*prog, "--db", str(big), "claims", "-s", w],
            "raw sqlite3 FTS5 (python -c)": lambda w: [py, "-c", RAW_SEARCH, str(big), w],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for make in cases.values():  # warm the file cache
            run(make(WORDS[0]), env)
        for r in range(args.repeats):
            for word in WORDS:
                for name in list(cases)[:: 1 if r % 2 else -1]:
                    wall, c, _ = run(cases[name](word), env)
                    times[name].append(wall * 1e3)
                    cpu[name].append(c * 1e3)
        print(
            f"\nclaims --search at {args.million:,} claims, words {', '.join(WORDS)}; "
            f"{len(times[next(iter(cases))])} runs each; ms"
        )
        print(f"{'case':32} {'p50':>7} {'p95':>7} {'min':>7} {'cpu p50':>8}  target")
        for name in cases:
            p95 = pct(times[name], 0.95)
            verdict = (
                f"p95 < {SEARCH_P95_MS:.0f} ms: {'OK' if p95 < SEARCH_P95_MS else 'NOT MET'}"
                if name.startswith("claimtrack")
                else "reference"
            )
            print(
                f"{name:32} {statistics.median(times[name]):7.0f} {p95:7.0f} "
                f"{min(times[name]):7.0f} {statistics.median(cpu[name]):8.0f}  {verdict}"
            )

    if "report" in only:
        cases_r = {
            f"report, {args.claims:,} claims": [*prog, "--db", str(small), "report"],
            f"report, + {args.fact_checks:,} fact-checks": [*prog, "--db", str(small_fc), "report"],
        }
        if args.no_fact_checks:
            del cases_r[f"report, + {args.fact_checks:,} fact-checks"]
        res: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cases_r}
        for r in range(args.repeats):
            for name in list(cases_r)[:: 1 if r % 2 else -1]:
                if res[name] and res[name][-1][0] == float("inf"):
                    continue  # stopped once: not run again
                res[name].append(run(cases_r[name], env, timeout=args.timeout))
        print(f"\nreport (table, to a pipe), whole process; {args.repeats} runs each")
        print(
            f"{'case':40} {'wall min':>8} {'median':>8} {'cpu min':>8} {'cpu med':>8} "
            f"{'peak RSS':>9}  target"
        )
        for name, got in res.items():
            walls = [w for w, _, _ in got]
            rss = max(m for _, _, m in got)
            ok = min(walls) < REPORT_SECONDS and rss < REPORT_MB
            shown = (
                f"{min(walls):7.2f}s {statistics.median(walls):7.2f}s"
                if min(walls) < float("inf")
                else f"stopped after {args.timeout:.0f} s"
            )
            print(
                f"{name:40} {shown} {min(c for _, c, _ in got):7.2f}s "
                f"{statistics.median(c for _, c, _ in got):7.2f}s {rss:7.0f}MB  "
                f"< {REPORT_SECONDS:.0f} s, < {REPORT_MB:.0f} MB: {'OK' if ok else 'NOT MET'}"
            )
        if not args.no_fact_checks:
            per, size = lookup_rate(small_fc)
            print(
                f"previously-checked lookup (PriorCheckIndex.lookup, per claim, in process) over "
                f"{size:,} fact-checks: {per * 1e3:.1f} ms; x {args.claims:,} claims = "
                f"{per * args.claims:.0f} s"
            )

    if "json" in only:
        cases_j = {
            "claimtrack claims --json": [*prog, "--db", str(small), "claims", "--json"],
            "raw sqlite3 + json (python -c)": [py, "-c", RAW_JSON, str(small)],
        }
        res = {name: [] for name in cases_j}
        for r in range(args.repeats):
            for name in list(cases_j)[:: 1 if r % 2 else -1]:
                res[name].append(run(cases_j[name], env))
        print(f"\nclaims --json, {args.claims:,} claims, to a pipe; {args.repeats} runs each")
        print(f"{'case':32} {'wall min':>8} {'median':>8} {'cpu min':>8} {'peak RSS':>9}  target")
        ref = res["raw sqlite3 + json (python -c)"]
        ref_min = min(w for w, _, _ in ref)
        ref_med = statistics.median(w for w, _, _ in ref)
        for name, got in res.items():
            walls = [w for w, _, _ in got]
            if name.startswith("raw"):
                verdict = "reference"
            else:
                ratio = min(walls) / ref_min
                verdict = (
                    f"{ratio:.2f}x min, {statistics.median(walls) / ref_med:.2f}x median; "
                    f"<= {JSON_RATIO}x: {'OK' if ratio <= JSON_RATIO else 'NOT MET'}"
                )
            print(
                f"{name:32} {min(walls):7.2f}s {statistics.median(walls):7.2f}s "
                f"{min(c for _, c, _ in got):7.2f}s {max(m for _, _, m in got):7.0f}MB  {verdict}"
            )


if __name__ == "__main__":
    main()
