"""Four bad plugins installed at once: each is isolated and reported, and the run finishes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ct_fake_plugins import BROKEN_IMPORT, DUPLICATE, GOOD, HANGS, WRONG_TYPE

from claimtrack.registry import Registry
from claimtrack.testing import add_claims


def test_bad_plugins_are_isolated_and_reported(plugin_dir, tmp_path: Path) -> None:
    site = plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-broken", "ct_broken", BROKEN_IMPORT)
    plugin_dir("ct-hangs", "ct_hangs", HANGS)
    plugin_dir("ct-wrong", "ct_wrong", WRONG_TYPE)
    plugin_dir("ct-zdup", "ct_zdup", DUPLICATE)
    db = tmp_path / "bad.db"
    registry = Registry.open(f"sqlite:///{db}")
    add_claims(
        registry, ["Of the 10 members, 6 came from Europe and 3 from Asia.", "Another claim."]
    )
    registry.close()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
        "CLAIMTRACK_LOAD_PLUGINS": "ct-good,ct-broken,ct-hangs,ct-wrong,ct-zdup",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    listed = {p["name"]: p for p in json.loads(cli("plugins", "--json").stdout)}
    assert "broken on purpose" in listed["ct-broken"]["error"]
    assert "'good' is already registered by plugin 'ct-good'" in listed["ct-zdup"]["error"]
    assert listed["ct-hangs"]["verifiers"] == ["hangs"] and listed["ct-wrong"]["verifiers"] == [
        "wrong-type"
    ]

    run = cli("verify", "--all", "--timeout", "0.5", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert (
        summary["recorded"] == 7
    )  # good, hangs and wrong-type on both claims; sum-of-parts on the first
    report = json.loads(cli("report", "--format", "json").stdout)
    errors = {
        v["verifier"]: v["error"]
        for c in report["claims"]
        for v in c["verdicts"]
        if v["label"] == "error"
    }
    assert errors["hangs"] == "verifier 'hangs' (plugin ct-hangs) timed out after 0.5s"
    assert (
        errors["wrong-type"]
        == "verifier 'wrong-type' (plugin ct-wrong) returned str, expected a Verdict, a list of Verdicts or None"
    )
    first = report["claims"][0]
    assert first["verdict"]["label"] == "mixed"  # the built-in sum-of-parts still decided
    assert "6 + 3 = 9, not 10" in first["verdict"]["summary"]
