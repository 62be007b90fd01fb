"""Issue 9.1 through the real `claimtrack` entry point: claims about different places stay apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

FRANCE = "Unemployment in France fell to 7.1 percent in 2022, the statistics office said.\n"
SPAIN = FRANCE.replace("France", "Spain")
FRANCE_REWORDED = (
    "In 2022, unemployment in France fell to 7.1 per cent, said the statistics office.\n"
)


def claimtrack(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("claimtrack")
    assert exe, "the claimtrack console script is not installed"
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_france_and_spain_are_two_claims_and_a_rewording_joins_france(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FRANCE, encoding="utf-8")
    (tmp_path / "es.txt").write_text(SPAIN, encoding="utf-8")
    (tmp_path / "fr2.txt").write_text(FRANCE_REWORDED, encoding="utf-8")

    run = claimtrack(tmp_path, "--db", "m.db", "add", "fr.txt", "es.txt")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "Added article 1: fr.txt (1 claims, 1 new)",
        "Added article 2: es.txt (1 claims, 1 new)",
    ]
    claims = json.loads(claimtrack(tmp_path, "--db", "m.db", "claims", "--json").stdout)
    assert sorted(c["text"] for c in claims) == sorted([FRANCE.strip(), SPAIN.strip()])
    ids = {c["text"].split()[2]: c["id"] for c in claims}

    # A verdict on the France claim is not shown on the Spain article's claim.
    assert (
        claimtrack(
            tmp_path, "--db", "m.db", "review", str(ids["France"]), "--set", "refuted"
        ).returncode
        == 0
    )
    spain = json.loads(
        claimtrack(tmp_path, "--db", "m.db", "show", str(ids["Spain"]), "--json").stdout
    )
    assert spain["status"] == "open"
    assert [Path(m["source"]).name for m in spain["mentions"]] == ["es.txt"]

    # The same France claim, reworded, is still recognised as the France claim.
    run = claimtrack(tmp_path, "--db", "m.db", "add", "fr2.txt")
    assert (
        run.returncode == 0 and run.stdout.strip() == "Added article 3: fr2.txt (1 claims, 0 new)"
    ), run.stdout + run.stderr
    france = json.loads(
        claimtrack(tmp_path, "--db", "m.db", "show", str(ids["France"]), "--json").stdout
    )
    assert [Path(m["source"]).name for m in france["mentions"]] == ["fr.txt", "fr2.txt"]
    assert france["status"] == "reviewed"
    assert len(json.loads(claimtrack(tmp_path, "--db", "m.db", "claims", "--json").stdout)) == 2
