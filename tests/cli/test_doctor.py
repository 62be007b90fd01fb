"""`claimtrack doctor`: one ok/FAIL line per check, exit 1 on any FAIL.

Sources are real HTTP servers on 127.0.0.1; the only network plugin loaded is a tiny one
written here, whose config points at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from claimtrack.testing import Fault, FixtureServer

PLUGIN = """
from dataclasses import dataclass

from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import PluginConfig, Verdict, Verifier


@dataclass(frozen=True)
class Config(PluginConfig, plugin="probe"):
    api: str = "http://127.0.0.1:9/unset"
    search: str = "http://127.0.0.1:9/unset-search"
    retries: int = 2


class Probe(Verifier):
    name = "probe"

    async def verify(self, claim, ctx):
        return Verdict.unverifiable(Config.load(ctx.settings).api)


@hookimpl
def register_verifiers(register):
    register(Probe())
"""


def write_plugin(site: Path, dist: str, module: str, source: str) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[claimtrack]\n{dist} = {module}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_plugin(root, "ct-probe", "ct_probe", PLUGIN)
    write_plugin(root, "ct-broken", "ct_broken", 'raise RuntimeError("broken on purpose")\n')
    return root


def doctor(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, db: str | None = None
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("claimtrack")
    assert exe
    base = {
        **os.environ,
        "CLAIMTRACK_LOAD_PLUGINS": "",
    }  # no installed network plugin: nothing leaves 127.0.0.1
    return subprocess.run(
        [exe, "--db", db or str(tmp_path / "doc.db"), "doctor", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
        check=False,
    )


def lines(run: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """``{check: "ok detail" | "FAIL detail"}``; every line must be one of the two."""
    out: dict[str, str] = {}
    for line in run.stdout.splitlines():
        status, _, rest = line.partition("  ")
        what, _, detail = rest.strip().partition(": ")
        assert status.strip() in ("ok", "FAIL"), line
        out[what if what not in out else f"{what} #{len(out)}"] = f"{status.strip()} {detail}"
    assert "Traceback" not in run.stdout + run.stderr
    return out


def test_all_ok_offline(tmp_path: Path) -> None:
    assert (
        subprocess.run(
            [
                shutil.which("claimtrack") or "claimtrack",
                "--db",
                str(tmp_path / "doc.db"),
                "db",
                "init",
            ],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    run = doctor(tmp_path, "--offline")
    assert run.returncode == 0, run.stdout + run.stderr
    found = lines(run)
    assert found["config"].startswith("ok no file at")
    assert found["database"].startswith(f"ok sqlite:///{tmp_path / 'doc.db'} (revision ")
    assert found["database"].endswith(", current)")
    assert found["plugins"].startswith("ok ") and "builtin-verifiers" in found["plugins"]
    assert found["plugin settings"] == "ok valid"
    assert found["sources"] == "ok not checked (--offline)"


def test_missing_database_is_reported_not_created(tmp_path: Path) -> None:
    fresh = doctor(tmp_path, "--offline")
    assert (
        fresh.returncode == 0
        and lines(fresh)["database"]
        == f"ok none yet at {tmp_path / 'doc.db'} (created on first use)"
    )
    assert not (tmp_path / "doc.db").exists()
    typo = doctor(tmp_path, "--offline", db=str(tmp_path / "nope" / "doc.db"))
    assert typo.returncode == 1
    assert lines(typo)["database"].startswith(f"FAIL no database at {tmp_path / 'nope' / 'doc.db'}")
    assert not (tmp_path / "nope").exists()
    bad_url = doctor(tmp_path, "--offline", db="mysql://u@localhost/x")
    assert bad_url.returncode == 1 and lines(bad_url)["database"].startswith(
        "FAIL unsupported database URL scheme 'mysql'"
    )


def test_bad_config_fails_once(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[verify]\ntimeout = "abc"\n', encoding="utf-8")
    run = doctor(tmp_path, "--offline", env={"CLAIMTRACK_CONFIG": str(config)})
    assert run.returncode == 1
    found = lines(run)
    assert found["config"] == f"FAIL {config}: [verify] timeout: expected a number, got 'abc'"
    assert found["plugin settings"] == "FAIL not checked: the config file is invalid"


def test_plugin_load_errors_and_settings(tmp_path: Path, site: Path) -> None:
    env = {
        "PYTHONPATH": str(site),
        "CLAIMTRACK_LOAD_PLUGINS": "ct-probe,ct-broken",
        "CLAIMTRACK_PROBE_RETRIES": "many",
    }
    run = doctor(tmp_path, "--offline", env=env)
    assert run.returncode == 1
    found = lines(run)
    assert "ct-probe" in found["plugins"] and found["plugins"].startswith("ok ")
    assert found["plugin ct-broken"] == "FAIL cannot load plugin: RuntimeError: broken on purpose"
    assert found["plugin settings"] == (
        "FAIL probe setting 'retries' (from environment variable CLAIMTRACK_PROBE_RETRIES): "
        "'many' is not a whole number"
    )


def test_sources_reachable_or_not(tmp_path: Path, site: Path) -> None:
    with FixtureServer() as server:
        server.json("/api", {"ok": True})
        server.fail("/search", *[Fault.error(503)] * 3)
        env = {
            "PYTHONPATH": str(site),
            "CLAIMTRACK_LOAD_PLUGINS": "ct-probe",
            "CLAIMTRACK_PROBE_API": f"{server.url}/api?key=SECRET-KEY",
            "CLAIMTRACK_PROBE_SEARCH": f"{server.url}/search",
        }
        run = doctor(tmp_path, "--timeout", "5", env=env)
        probes = [line for line in run.stdout.splitlines() if "source probe:" in line]
        assert run.returncode == 1, run.stdout
        assert probes[0].startswith(f"ok    source probe: {server.url}/api answered HTTP 200 in ")
        assert probes[1].startswith(
            f"FAIL  source probe: {server.url}/search answered HTTP 503 in "
        )
        assert "SECRET-KEY" not in run.stdout + run.stderr
        assert {(r.method, r.path) for r in server.requests} >= {
            ("HEAD", "/api"),
            ("HEAD", "/search"),
        }

        env["CLAIMTRACK_PROBE_SEARCH"] = (
            "http://127.0.0.1:9/closed"  # nothing listens on the discard port
        )
        down = doctor(tmp_path, "--timeout", "2", env=env)
        assert down.returncode == 1
        assert any(
            line.startswith("FAIL  source probe: http://127.0.0.1:9/closed: ")
            for line in down.stdout.splitlines()
        )

        env["CLAIMTRACK_PROBE_SEARCH"] = f"{server.url}/api"
        server.reset_log()
        ok = doctor(tmp_path, "--timeout", "5", env=env)
        assert ok.returncode == 0, ok.stdout
        assert sorted((r.method, r.path) for r in server.requests) == [("HEAD", "/api")] * 2
        server.reset_log()
        offline = doctor(tmp_path, "--offline", env=env)
        assert offline.returncode == 0 and server.count() == 0
