"""`claimtrack plugins new NAME`: the generated package installs, is listed, runs, and
passes its own tests untouched. Installed into a throw-away virtualenv (with the system
site-packages, so claimtrack itself is there), never into the shared environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

from claimtrack.registry import Registry
from claimtrack.testing import FixtureServer, add_claims


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=240, **kw)


def test_generated_plugin_installs_lists_runs_and_passes_its_tests(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMTRACK_LOAD_PLUGINS": "claimtrack-tide-gauge"}
    made = run([sys.executable, "-m", "claimtrack", "plugins", "new", "tide-gauge", "--dir", str(tmp_path)], env=env)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "claimtrack-tide-gauge"
    assert sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()) == [
        ".gitignore", "CHANGELOG.md", "README.md", "claimtrack_tide_gauge.py", "pyproject.toml",
        "tests/test_claimtrack_tide_gauge.py",
    ]  # fmt: skip
    assert run([sys.executable, "-m", "claimtrack", "plugins", "new", "tide-gauge", "--dir", str(tmp_path)]).returncode == 1

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = str(env_dir / "bin" / "python")
    installed = run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "-e", str(package)], env=env)
    assert installed.returncode == 0, installed.stderr

    # Its own tests pass, untouched.
    tests = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package, env=env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "7 passed" in tests.stdout

    # Listed.
    listed = run([python, "-m", "claimtrack", "plugins", "--json"], env=env)
    plugins = {p["name"]: p for p in json.loads(listed.stdout)}
    assert plugins["tide-gauge"]["distribution"] == "claimtrack-tide-gauge"
    assert plugins["tide-gauge"]["verifiers"] == ["tide-gauge"] and plugins["tide-gauge"]["error"] is None

    # Run by the engine, configured through the environment.
    db = tmp_path / "t.db"
    registry = Registry.open(f"sqlite:///{db}")
    add_claims(registry, [{"text": "Australia has 26 million people.", "kind": "statistic", "values": {"value": 26e6}}])
    registry.close()
    with FixtureServer() as server:
        server.json("/lookup", {"value": 25_900_000, "url": "https://example.org/au"})
        verify_env = {**env, "CLAIMTRACK_TIDE_GAUGE_BASE_URL": server.url}
        ran = run([python, "-m", "claimtrack", "--db", str(db), "verify", "--all", "--verifier", "tide-gauge", "--json"], env=verify_env)
        assert ran.returncode == 0, ran.stderr
        assert json.loads(ran.stdout)["labels"] == {"supported": 1}
        assert server.count("/lookup") == 1
