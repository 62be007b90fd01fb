"""Two review sessions on one database at once, in two real processes: no review is lost.

Runs on SQLite and, when ``CLAIMTRACK_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url``
fixture of ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from seed import add_article

from claimtrack.registry import Registry

N = 24
HERE = Path(__file__).parent


def seed_many(registry: Registry, n: int = N) -> list[int]:
    sentences = [
        f"Claim {i}: the regional rate rose to {i + 10} percent in year {2000 + i}."
        for i in range(n)
    ]
    seeded = add_article(
        registry,
        sentences,
        [(s, "statistic", 0.9, None) for s in sentences],
        source="https://news.example/many",
        title="Many claims",
    )
    assert len(seeded.claim_ids) == n
    return seeded.claim_ids


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return env


@pytest.mark.slow
def test_two_app_sessions_lose_no_review(db_url: str, tmp_path: Path) -> None:
    registry = Registry.open(db_url)
    ids = seed_many(registry)
    alice = "".join("srmu"[i % 4] for i in range(N))
    bob = "".join("s" if i % 2 == 0 else "r" for i in range(N))
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(HERE / "review_session.py"), db_url, name, labels, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name, labels in (("alice", alice), ("bob", bob))
    ]
    go.touch()
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-2000:]
    names = {"s": "supported", "r": "refuted", "m": "mixed", "u": "unverifiable"}
    total = 0
    for i, claim_id in enumerate(ids):
        rows = registry.reviews(claim_id)
        total += len(rows)
        assert sorted((r.reviewer, r.label) for r in rows) == sorted(
            [("alice", names[alice[i]]), ("bob", names[bob[i]])]
        )
        expected = "reviewed" if alice[i] == bob[i] else "disputed"
        assert registry.claim(claim_id).status == expected, (claim_id, alice[i], bob[i])
    assert total == 2 * N
    registry.close()


@pytest.mark.slow
def test_two_scripted_reviewers_hammering_the_same_claims(db_url: str, tmp_path: Path) -> None:
    """Many decisions at once through ``claimtrack review ID --set``: every one is stored."""
    registry = Registry.open(db_url)
    ids = seed_many(registry, 6)
    script = (
        "import sys\n"
        "from claimtrack.registry import Registry\n"
        "from claimtrack.services.review import record_decision\n"
        "reg = Registry.open(sys.argv[1])\n"
        "ids = [int(x) for x in sys.argv[3].split(',')]\n"
        "for round in range(15):\n"
        "    for cid in ids:\n"
        "        label = 'supported' if (round + cid) % 2 else 'refuted'\n"
        "        record_decision(reg, cid, label, reviewer=sys.argv[2], note=f'round {round}')\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, db_url, name, ",".join(map(str, ids))],
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in ("carol", "dave")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            db_url,
            "review",
            str(ids[0]),
            "--set",
            "mixed",
            "--reviewer",
            "erin",
        ],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    for claim_id in ids:
        rows = registry.reviews(claim_id)
        assert len(rows) == 30 + (1 if claim_id == ids[0] else 0)
        # both reviewers end on the same label for a claim: (14 + cid) % 2 decides it
        assert registry.claim(claim_id).status == ("disputed" if claim_id == ids[0] else "reviewed")
    registry.close()


@pytest.mark.slow
def test_decisions_survive_a_killed_session(tmp_path: Path) -> None:
    """SIGKILL right after a key press: the decision is already committed."""
    import signal
    import time

    url = f"sqlite:///{tmp_path / 'kill.db'}"
    registry = Registry.open(url)
    ids = seed_many(registry, 3)
    script = (
        "import asyncio, sys, time\n"
        "from claimtrack.registry import Registry\n"
        "from claimtrack.review.app import ReviewApp\n"
        "async def main():\n"
        "    app = ReviewApp(Registry.open(sys.argv[1]), reviewer='victim', keys={})\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.press('r', 'down', 'n', *'half-typed note')\n"
        "        print('pressed', flush=True)\n"
        "        time.sleep(60)  # frozen mid-session, the note dialog still open\n"
        "asyncio.run(main())\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "pressed", (
            proc.stderr.read() if proc.stderr else ""
        )
        deadline = time.monotonic() + 10
        while not registry.reviews(ids[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert [(r.reviewer, r.label) for r in registry.reviews(ids[0])] == [("victim", "refuted")]
    assert registry.claim(ids[0]).status == "reviewed"
    assert registry.reviews(ids[1]) == []  # the unsaved note is simply not there
    registry.close()
