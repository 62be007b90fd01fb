"""A verify run killed with SIGKILL and started again completes only the missing pairs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from claimtrack.registry import Registry
from claimtrack.testing import FixtureServer, add_claims

N_CLAIMS = 240

PLUGIN = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier


class SlowNet(Verifier):
    name = "slownet"
    version = "1.0"
    defaults = {"base_url": None}

    async def verify(self, claim, ctx):
        data = await ctx.get_json(ctx.settings["base_url"] + "/check", params={"id": claim.id})
        return Verdict.supported(f"checked {data['id']}", 0.9)


@hookimpl
def register_verifiers(register):
    register(SlowNet())
"""


def _install(root: Path) -> None:
    (root / "ct_slownet.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = root / "ct_slownet-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ct-slownet\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[claimtrack]\nct-slownet = ct_slownet\n", encoding="utf-8"
    )


def test_sigkill_then_resume(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    registry = Registry.open(f"sqlite:///{db}")
    ids = add_claims(registry, [f"Claim number {i} is here." for i in range(N_CLAIMS)])
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    with FixtureServer(latency=0.05) as server:
        server.json("/check", lambda r: {"id": int(r.query["id"][0])})
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
            "CLAIMTRACK_LOAD_PLUGINS": "ct-slownet",
            "CLAIMTRACK_SLOWNET_BASE_URL": server.url,
        }
        cmd = [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            str(db),
            "verify",
            "--all",
            "--verifier",
            "slownet",
            "--concurrency",
            "4",
            "--no-cache",
            "--no-progress",
        ]
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while (
            registry.counts()["verdict"] < 40
            and time.monotonic() < deadline
            and proc.poll() is None
        ):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        done_before = registry.counts()["verdict"]
        assert 40 <= done_before < N_CLAIMS, "the run must be killed half-way"
        requests_before = server.count("/check")

        second = subprocess.run(
            [*cmd, "--json"], check=False, env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0, second.stderr
        import json

        summary = json.loads(second.stdout)
        assert summary["already_done"] == done_before
        assert summary["recorded"] == N_CLAIMS - done_before
        print(
            f"killed after {done_before}/{N_CLAIMS} verdicts; the restart recorded {summary['recorded']}, "
            f"{summary['already_done']} already done, {server.count('/check') - requests_before} requests"
        )
        # Only the missing pairs were requested again (plus those in flight at the kill).
        assert server.count("/check") - requests_before == N_CLAIMS - done_before

    rows = [v for vs in registry.verdicts_for(ids).values() for v in vs]
    assert len(rows) == N_CLAIMS == len({v.claim_id for v in rows})
    assert registry.counts()["verdict"] == N_CLAIMS, "no pair was verified twice"
    runs = registry.runs()
    # The killed run never finished; the restart found its process gone and marked it.
    assert [r.status for r in runs] == ["finished", "abandoned"]
    registry.close()
