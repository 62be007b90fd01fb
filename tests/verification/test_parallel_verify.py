"""Several verify runs on one registry share the work; dead runs lose their leases and show as abandoned.

Real ``claimtrack`` processes against a loopback fixture server, on a SQLite file and on
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from claimtrack.models import VerificationRun, utcnow
from claimtrack.registry import Registry
from claimtrack.testing import FixtureServer, add_claims, fast_http_options
from claimtrack.verification.api import Verdict, Verifier
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets

N_CLAIMS = 80
VERIFIERS = ("share-a", "share-b")

PLUGIN = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class ShareA(Verifier):
    name = "share-a"
    version = "1.0"
    defaults = {"base_url": None}

    async def verify(self, claim, ctx):
        data = await ctx.get_json(ctx.settings["base_url"] + "/" + self.name, params={"id": claim.id})
        return Verdict.supported(f"checked {data['id']}", 0.9)


class ShareB(ShareA):
    name = "share-b"


@hookimpl
def register_verifiers(register):
    register(ShareA())
    register(ShareB())
"""


def _env(root: Path, server: FixtureServer) -> dict[str, str]:
    (root / "ct_share.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = root / "ct_share-0.1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ct-share\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[claimtrack]\nct-share = ct_share\n", encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        "CLAIMTRACK_LOAD_PLUGINS": "ct-share",
    }
    for name in VERIFIERS:
        env[f"CLAIMTRACK_{name.upper().replace('-', '_')}_BASE_URL"] = server.url
    return env


def _verify_cmd(db_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "claimtrack",
        "--db",
        db_url,
        "verify",
        "--all",
        "--concurrency",
        "2",
        "--no-cache",
        "--no-progress",
        "--json",
    ]


def _serve(server: FixtureServer) -> None:
    for name in VERIFIERS:
        server.json(f"/{name}", lambda r: {"id": int(r.query["id"][0])})


def test_two_parallel_runs_verify_each_pair_once(db_url: str, tmp_path: Path) -> None:
    registry = Registry.open(db_url)
    ids = add_claims(registry, [f"Claim number {i} is here." for i in range(N_CLAIMS)])
    pairs = N_CLAIMS * len(VERIFIERS)
    try:
        with FixtureServer(latency=0.03) as server:
            _serve(server)
            env = _env(tmp_path, server)
            procs = [
                subprocess.Popen(
                    _verify_cmd(db_url),
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            outputs = [p.communicate(timeout=120) for p in procs]
            assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
            summaries = [json.loads(out) for out, _ in outputs]
            requested = Counter((r.path, r.query["id"][0]) for r in server.requests)

        print(
            "recorded per run:",
            [s["recorded"] for s in summaries],
            "elsewhere:",
            [s["elsewhere"] for s in summaries],
        )
        # The fake source saw exactly one request per pair.
        assert len(requested) == pairs and set(requested.values()) == {1}
        assert sum(s["recorded"] for s in summaries) == pairs
        for s in summaries:
            assert s["recorded"] + s["already_done"] + s["elsewhere"] == s["pairs"] == pairs
        assert all(s["recorded"] > 0 for s in summaries), "both runs took a share of the work"
        verdicts = [v for vs in registry.verdicts_for(ids).values() for v in vs]
        assert len(verdicts) == pairs == registry.counts()["verdict"]
        assert {r.status for r in registry.runs()} == {"finished"}
        with registry.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM verification_lease")).scalar() == 0
    finally:
        registry.close()


def test_killed_run_is_shown_abandoned_in_db_info(db_url: str, tmp_path: Path) -> None:
    registry = Registry.open(db_url)
    add_claims(registry, [f"Claim number {i} is here." for i in range(N_CLAIMS)])
    try:
        with FixtureServer(latency=0.1) as server:
            _serve(server)
            env = _env(tmp_path, server)
            proc = subprocess.Popen(
                _verify_cmd(db_url), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 60
            while (
                registry.counts()["verdict"] < 5
                and time.monotonic() < deadline
                and proc.poll() is None
            ):
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        assert 5 <= registry.counts()["verdict"] < N_CLAIMS * len(VERIFIERS), (
            "the run must be killed half-way"
        )
        (run,) = registry.runs()
        assert run.status == "running"  # nothing marked it yet

        info = subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", db_url, "db", "info", "--json"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert info.returncode == 0, info.stderr
        data = json.loads(info.stdout)
        assert data["runs"] == {"abandoned": 1}
        assert [r["id"] for r in data["abandoned_runs"]] == [run.id]
        plain = subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", db_url, "db", "info"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert (
            "runs: 1 abandoned" in plain.stdout
            and f"abandoned run {run.id}: started" in plain.stdout
        )
        with registry.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM verification_lease")).scalar() == 0
    finally:
        registry.close()


def test_a_lease_from_another_host_holds_until_it_expires(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        ids = add_claims(registry, ["One claim.", "Two claims.", "Three claims."])
        pairs = [(i, "v") for i in ids]
        other = registry.start_run({}, lease_seconds=60)
        assert registry.claim_pairs(other, pairs).claimed == pairs
        with registry.engine.begin() as conn:  # that run lives on another machine
            conn.execute(
                sa.text("UPDATE verification_run SET host = 'elsewhere', pid = 1 WHERE id = :id"),
                {"id": other},
            )

        mine = registry.start_run({}, lease_seconds=60)
        took = registry.claim_pairs(mine, pairs)
        assert took.claimed == [] and took.busy == set(pairs)
        assert registry.reap_stale_runs() == []

        # The other run stops beating: once its lease has expired, its pairs are free.
        with registry.engine.begin() as conn:
            conn.execute(
                sa.update(VerificationRun)
                .where(VerificationRun.id == other)  # type: ignore[arg-type]
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
        took = registry.claim_pairs(mine, pairs)
        assert took.claimed == pairs
        assert {r.id: r.status for r in registry.runs()} == {other: "abandoned", mine: "running"}
        assert registry.heartbeat(other) is False and registry.heartbeat(mine) is True

        # A verdict another run made after this one started means the pair is done.
        started = utcnow()
        registry.add_verdict(
            {"run_id": mine, "claim_id": ids[0], "verifier": "v", "label": "supported"}
        )
        registry.finish_run(mine)
        late = registry.start_run({})
        took = registry.claim_pairs(late, pairs, include_errors=False, fresh_since=started)
        assert took.done == {pairs[0]} and took.claimed == pairs[1:]
    finally:
        registry.close()


class _Slow(Verifier):
    name = "slow"

    async def verify(self, claim, ctx):
        await asyncio.sleep(0.4)
        return Verdict.supported("slow but sure", 0.5)


def test_heartbeat_keeps_a_long_run_alive(tmp_path: Path) -> None:
    """A run longer than its lease is not taken for dead while it beats."""
    registry = Registry.open(f"sqlite:///{tmp_path / 'beat.db'}")
    try:
        add_claims(registry, [f"Claim number {i} is here." for i in range(12)])
        stop = threading.Event()
        reaped: list[int] = []

        def watch() -> None:  # another process's view: reap whatever looks dead
            other = Registry.open(registry.url)
            while not stop.is_set():
                reaped.extend(other.reap_stale_runs())
                time.sleep(0.05)
            other.close()

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            options = VerifyOptions(
                # a lease of 1 s (beats every 0.25 s): 0.4 s was missed under CI load
                workers=2,
                lease_seconds=1.0,
                http=fast_http_options(),
                progress=False,
            )
            result = asyncio.run(
                verify_targets(registry, [_Slow()], load_targets(registry), options)
            )
        finally:
            stop.set()
            watcher.join()
        assert result.elapsed > 2.0, "the run must outlast its lease several times"
        assert result.done == 12 and reaped == []
        assert [r.status for r in registry.runs()] == ["finished"]
    finally:
        registry.close()
