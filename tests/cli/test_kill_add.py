"""SIGKILL during `claimtrack add` leaves the registry consistent, and a re-run completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimtrack.registry import Registry


def _articles(folder: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        path = folder / f"a{i:03d}.txt"
        path.write_text(
            f"# Report {i}\n\n"
            f"Exports from region {i} rose by {i % 40 + 1} percent in 2022, officials said on Tuesday.\n\n"
            f"About {i + 2} million people live in region {i}, according to the census of 2021.\n"
        )
        paths.append(str(path))
    return paths


def _snapshot(url: str) -> dict[str, int]:
    registry = Registry.open(url)
    try:
        return registry.counts()
    finally:
        registry.close()


def test_sigkill_during_add_then_rerun(tmp_path: Path) -> None:
    sources = _articles(tmp_path, 300)
    db_path = tmp_path / "kill.db"
    url = f"sqlite:///{db_path}"
    Registry.open(url).close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", url, "add", *sources],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill once some articles are committed, but before all are.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with sqlite3.connect(db_path, timeout=30) as conn:
            stored = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        if stored >= 5 or proc.poll() is not None:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        killed_articles = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        # Every stored article is complete: it has its mentions (each of these has two claims).
        incomplete = conn.execute(
            "SELECT a.id FROM article a LEFT JOIN mention m ON m.article_id = a.id "
            "GROUP BY a.id HAVING count(m.id) != 2"
        ).fetchall()
        assert incomplete == []
        orphans = conn.execute(
            "SELECT count(*) FROM claim WHERE id NOT IN (SELECT claim_id FROM mention)"
        ).fetchone()[0]
        assert orphans == 0
    assert 0 < killed_articles < 300

    rerun = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", url, "add", *sources],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("Already added") == killed_articles
    counts = _snapshot(url)
    assert counts["article"] == 300 and counts["mention"] == 600
