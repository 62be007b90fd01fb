"""Several processes on one registry: first opens, parallel adds, duplicate-fingerprint merge.

Real processes (the ``claimtrack`` CLI or a Python child) on a real SQLite file and a real
PostgreSQL server; nothing here is mocked.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from claimtrack.extraction.base import ExtractedClaim
from claimtrack.importers.claimreview import FactCheck, ImportResult
from claimtrack.ingest.document import Document
from claimtrack.registry import Registry
from claimtrack.registry.db import (
    create_db_engine,
    current_revision,
    head_revision,
    upgrade,
)
from claimtrack.services.add import store_article
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.review import review_in

PROCS = 4
ARTICLES = 6
SHARED = (
    "Italy's unemployment rate fell to 3.5% in 2023, the statistics office said.",
    "The G7 countries are home to about 10 percent of the world's population, the UN said in 2024.",
)
#: The first shared sentence in other words: the fuzzy matcher must find the same claim.
REWORDED = (
    "Unemployment in Italy fell to 3.5 percent in 2023, the statistics office said on Monday."
)

# Opens the registry once a start file appears, so the children race for real.
_OPEN_AT_ONCE = textwrap.dedent(
    """
    import os, sys, time
    from claimtrack.registry import Registry
    go = sys.argv[2]
    while not os.path.exists(go):
        time.sleep(0.005)
    Registry.open(sys.argv[1]).close()
    """
)


def _articles(folder: Path, proc: int) -> list[str]:
    """``ARTICLES`` article files for one process; each states both shared claims."""
    paths = []
    for i in range(ARTICLES):
        n = proc * 100 + i
        first = REWORDED if i % 2 else SHARED[0]
        path = folder / f"p{proc}-a{i}.txt"
        path.write_text(
            f"# Report {n}\n\n{first}\n\n"
            f"Exports from region {n} rose by {n % 40 + 1} percent in 2022, officials said on Tuesday.\n\n"
            f"{SHARED[1]}\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def test_parallel_first_open_of_an_empty_database(db_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AT_ONCE, db_url, str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCS)
    ]
    time.sleep(1.0)  # let every child import claimtrack and wait at the start line
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCS, "\n".join(errors)
    engine = create_db_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_parallel_add_makes_no_duplicate_claims(db_url: str, tmp_path: Path) -> None:
    Registry.open(db_url).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimtrack", "--db", db_url, "add", *_articles(tmp_path, p)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(PROCS)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCS, "\n".join(errors)

    registry = Registry.open(db_url)
    try:
        assert registry.counts()["article"] == PROCS * ARTICLES
        with registry.engine.connect() as conn:
            per_sentence = dict(
                conn.execute(
                    sa.text(
                        "SELECT sentence, count(DISTINCT claim_id) FROM mention GROUP BY sentence"
                    )
                ).all()
            )
            same_print = conn.execute(
                sa.text(
                    "SELECT count(*) FROM (SELECT fingerprint FROM claim GROUP BY fingerprint HAVING count(*) > 1) d"
                )
            ).scalar()
        assert per_sentence[SHARED[1]] == 1
        # The first claim and its rewording are one claim, mentioned by every article.
        assert per_sentence[SHARED[0]] == per_sentence[REWORDED] == 1
        (first,) = {c.id for c in registry.claims(search="unemployment Italy")}
        assert len(registry.mentions(first)) == PROCS * ARTICLES
        assert same_print == 0
    finally:
        registry.close()


def _seed_duplicates(url: str) -> None:
    """A revision-0003 database where three claims share one fingerprint (as racing adds left them)."""
    engine = create_db_engine(url)
    upgrade(engine, "0003")
    now = "2026-01-01 00:00:00+00:00"
    later = "2026-02-01 00:00:00+00:00"
    text = "NATO was founded in 1949."
    with engine.begin() as conn:
        for a in (1, 2, 3):
            conn.execute(
                sa.text(
                    "INSERT INTO article (id, source, retrieved_at, content_hash, text) "
                    "VALUES (:id, :src, :now, :hash, :text)"
                ),
                {"id": a, "src": f"a{a}.txt", "now": now, "hash": f"h{a}", "text": text},
            )
        claims = [
            (1, "fp", "open", '{"year": 1949}', now),
            (2, "fp", "reviewed", '{"claimreview": [{"rating": "True"}]}', later),
            (3, "fp", "open", "{}", now),
            (4, "other", "open", "{}", now),
        ]
        for cid, fp, status, values, stamp in claims:
            conn.execute(
                sa.text(
                    'INSERT INTO claim (id, text, fingerprint, kind, score, "values", status, created_at, updated_at) '
                    "VALUES (:id, :text, :fp, 'temporal', 0.9, :values, :status, :now, :stamp)"
                ),
                {
                    "id": cid,
                    "text": text if cid < 4 else "Another claim.",
                    "fp": fp,
                    "values": values,
                    "status": status,
                    "now": now,
                    "stamp": stamp,
                },
            )
        for cid, article in ((1, 1), (2, 2), (3, 3), (4, 1)):
            conn.execute(
                sa.text(
                    'INSERT INTO mention (claim_id, article_id, sentence, start, "end") VALUES (:c, :a, :s, :st, :e)'
                ),
                {"c": cid, "a": article, "s": text, "st": 0 if cid < 4 else 1, "e": 25},
            )
        conn.execute(
            sa.text(
                "INSERT INTO verification_run (id, started_at, status, options) VALUES (1, :now, 'finished', '{}')"
            ),
            {"now": now},
        )
        # A run killed before runs had heartbeats: it stayed "running" for ever.
        conn.execute(
            sa.text(
                "INSERT INTO verification_run (id, started_at, status, options) VALUES (2, :now, 'running', '{}')"
            ),
            {"now": now},
        )
        # Claims 1 and 2 were both verified by "wiki" in run 1: only one verdict can stay.
        for vid, cid, verifier, label in (
            (1, 1, "wiki", "supported"),
            (2, 2, "wiki", "refuted"),
            (3, 2, "bank", "mixed"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO verdict (id, claim_id, run_id, verifier, verifier_version, label, confidence, "
                    "summary, evidence, duration_ms, created_at) "
                    "VALUES (:id, :c, 1, :v, '1', :label, 0.5, '', '[]', 1, :now)"
                ),
                {"id": vid, "c": cid, "v": verifier, "label": label, "now": now},
            )
        conn.execute(
            sa.text(
                "INSERT INTO review (claim_id, reviewer, label, created_at) VALUES (2, 'ana', 'supported', :now)"
            ),
            {"now": now},
        )
    engine.dispose()


def test_upgrade_merges_claims_that_share_a_fingerprint(db_url: str) -> None:
    _seed_duplicates(db_url)
    registry = Registry.open(db_url)
    try:
        assert current_revision(registry.engine) == head_revision()
        assert [c.id for c in registry.claims()] == [1, 4]
        keeper = registry.claim(1)
        assert keeper is not None
        assert keeper.status == "reviewed"  # the duplicate's human decision is kept
        assert keeper.values == {"year": 1949, "claimreview": [{"rating": "True"}]}
        assert sorted(a.id for _, a in registry.mentions(1)) == [1, 2, 3]
        assert [r.reviewer for r in registry.reviews(1)] == ["ana"]
        assert {(v.verifier, v.label) for v in registry.verdicts(1, latest_only=False)} == {
            ("wiki", "supported"),
            ("bank", "mixed"),
        }
        assert registry.counts() == {
            "article": 3,
            "claim": 2,
            "mention": 4,
            "verification_run": 2,
            "verdict": 2,
            "review": 1,
        }
        assert registry.reap_stale_runs() == [2]
        assert registry.run_statuses() == {"finished": 1, "abandoned": 1}
        # The search index forgot the merged rows.
        assert [c.id for c in registry.claims(search="NATO founded")] == [1]
        # Fingerprints are unique from now on.
        with registry.engine.connect() as conn:
            try:
                with conn.begin():
                    conn.execute(
                        sa.text(
                            "INSERT INTO claim "
                            '(text, fingerprint, kind, score, "values", status, created_at, updated_at) '
                            "VALUES ('x', 'fp', 'other', 0, '{}', 'open', '2026-01-01', '2026-01-01')"
                        )
                    )
            except sa.exc.IntegrityError:
                pass
            else:
                raise AssertionError("a second claim with the same fingerprint was accepted")
    finally:
        registry.close()


def test_bulk_insert_skips_known_fingerprints(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        rows = [{"text": f"Claim {i}.", "fingerprint": f"fp{i % 3}"} for i in range(6)]
        assert registry.bulk_insert_claims(rows, batch=4) == 6
        assert sorted(c.fingerprint for c in registry.claims()) == ["fp0", "fp1", "fp2"]
    finally:
        registry.close()


def test_an_import_waits_for_a_review_in_progress_on_its_claim(db_url: str) -> None:
    """Importing a fact-check of a claim that a reviewer is deciding waits for that decision,
    and the claim's status then reflects both reviews (one write path: services.review)."""
    registry = Registry.open(db_url)
    try:
        text = SHARED[0]
        store_article(
            registry,
            Document(source="a.txt", text=text),
            [ExtractedClaim(text, 0, len(text), checkworthy=True)],
        )
        [claim] = registry.claims()
        assert claim.id is not None
        check = FactCheck(
            claim=text,
            publisher="Example Fact Check",
            rating="True",
            label="supported",
            url="https://factcheck.example/italy",
        )
        results: list[ImportResult] = []
        worker = threading.Thread(
            target=lambda: results.append(store_fact_checks(registry, [check], source="t"))
        )
        with registry.session() as session:
            review_in(registry, session, claim.id, "refuted", reviewer="alice")
            worker.start()
            worker.join(1.0)
            assert worker.is_alive(), "the import did not wait for the review in progress"
        worker.join(60)
        assert [(r.matched_claims, r.reviews) for r in results] == [(1, 1)]
        assert [(r.reviewer, r.label) for r in registry.reviews(claim.id)] == [
            ("alice", "refuted"),
            ("Example Fact Check", "supported"),
        ]
        after = registry.claim(claim.id)
        assert after is not None and after.status == "disputed"
    finally:
        registry.close()
