"""A verifier's optional ``status()`` line: in ``claimtrack plugins`` (table and JSON) and
as a ``doctor`` line, FAIL when it raises."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.testing import CliRunner

PLUGIN = """
from claimtrack import Verifier, hookimpl


class Quiet(Verifier):
    name = "quiet"
    offline = True

    def status(self):
        return "inactive: set   QUIET_URL"  # whitespace folded

    async def verify(self, claim, ctx):
        return None


class Broken(Verifier):
    name = "broken"
    offline = True

    def status(self):
        raise RuntimeError("server at http://127.0.0.1:9 refused the connection")

    async def verify(self, claim, ctx):
        return None


@hookimpl
def register_verifiers(register):
    register(Quiet())
    register(Broken())
"""


def test_status_lines_in_plugins_and_doctor(cli_runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "statusy.py").write_text(PLUGIN, encoding="utf-8")
    env = {"CLAIMTRACK_LOAD_PLUGINS": ""}
    listed = cli_runner.run("--plugins-dir", folder, "plugins", "--json", env=env)
    assert listed.exit_code == 0, listed
    (plugin,) = [p for p in json.loads(listed.stdout) if p["name"] == "statusy"]
    assert plugin["status"] == [
        {
            "verifier": "broken",
            "ok": False,
            "status": "server at http://127.0.0.1:9 refused the connection",
        },
        {"verifier": "quiet", "ok": True, "status": "inactive: set QUIET_URL"},
    ]
    assert all(p["status"] == [] for p in json.loads(listed.stdout) if p["name"] != "statusy")
    table = cli_runner.run("--plugins-dir", folder, "plugins", env=env)
    assert table.exit_code == 0 and "server at" in table.stdout, table  # (the column wraps)
    doctor = cli_runner.run("--plugins-dir", folder, "doctor", "--offline", env=env)
    assert doctor.exit_code == 1, doctor
    lines = doctor.stdout.splitlines()
    assert "FAIL  verifier broken: server at http://127.0.0.1:9 refused the connection" in lines
    assert "ok    verifier quiet: inactive: set QUIET_URL" in lines
