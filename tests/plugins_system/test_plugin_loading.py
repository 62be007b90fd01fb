"""Loading plugins from entry points: isolation, selection, duplicates, the plugins command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ct_fake_plugins import BROKEN_IMPORT, COMMANDS, DUPLICATE, GOOD

from claimtrack.plugins import make_plugin_manager


def test_builtins_load_through_entry_points() -> None:
    plugins = make_plugin_manager(allowed=[])
    record = plugins.records["builtin-verifiers"]
    assert record.distribution == "claimtrack" and record.builtin and record.error is None
    assert {"membership-count", "sum-of-parts", "date-consistency", "quote-source"} <= set(
        plugins.verifiers()
    )
    assert plugins.origins[("verifiers", "sum-of-parts")] == "builtin-verifiers"
    assert record.registered["verifiers"] == [
        "membership-count",
        "sum-of-parts",
        "date-consistency",
        "quote-source",
    ]


def test_import_error_is_recorded_and_the_rest_load(plugin_dir) -> None:
    plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-broken", "ct_broken", BROKEN_IMPORT)
    plugins = make_plugin_manager(allowed=["ct-good", "ct-broken"])
    assert "good" in plugins.verifiers()
    broken = plugins.records["ct-broken"]
    assert broken.error is not None and "broken on purpose" in broken.error
    assert broken.distribution == "ct-broken" and broken.version == "0.1.0"
    assert plugins.records["ct-good"].error is None


def test_duplicate_verifier_name_is_reported_not_shadowed(plugin_dir) -> None:
    plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-zdup", "ct_zdup", DUPLICATE)
    plugins = make_plugin_manager(allowed=["ct-good", "ct-zdup"])
    verifiers = plugins.verifiers()
    assert type(verifiers["good"]).__name__ == "Good"
    error = plugins.records["ct-zdup"].error
    assert error is not None and "'good' is already registered by plugin 'ct-good'" in error


def test_allow_list_env(plugin_dir, monkeypatch) -> None:
    plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-dup", "ct_dup", DUPLICATE)
    monkeypatch.setenv("CLAIMTRACK_LOAD_PLUGINS", "ct-good")
    plugins = make_plugin_manager()
    assert "ct-good" in plugins.records and "ct-dup" not in plugins.records
    assert "builtin-verifiers" in plugins.records  # built-ins always load
    monkeypatch.setenv("CLAIMTRACK_LOAD_PLUGINS", "")
    monkeypatch.delenv("CLAIMTRACK_DISABLE_PLUGINS", raising=False)  # tests/conftest.py's
    plugins = make_plugin_manager()
    assert not [r for r in plugins.records.values() if not r.builtin]


def test_disabled_in_config(plugin_dir, monkeypatch, tmp_path: Path) -> None:
    plugin_dir("ct-good", "ct_good", GOOD)
    config = tmp_path / "config.toml"
    config.write_text('[plugins]\ndisabled = ["ct-good", "builtin-verifiers"]\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    monkeypatch.delenv("CLAIMTRACK_LOAD_PLUGINS", raising=False)
    plugins = make_plugin_manager()
    assert plugins.records["ct-good"].disabled
    assert plugins.records["builtin-verifiers"].disabled
    assert "good" not in plugins.verifiers() and "sum-of-parts" not in plugins.verifiers()
    assert "claimtrack-default" in plugins.extractors()


def _cli(
    args: list[str], env_extra: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def test_plugins_json_lists_builtins_and_a_broken_plugin(plugin_dir, tmp_path: Path) -> None:
    site = plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-broken", "ct_broken", BROKEN_IMPORT)
    env = {
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "CLAIMTRACK_LOAD_PLUGINS": "ct-good,ct-broken",
    }
    result = _cli(["plugins", "--json"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {p["name"]: p for p in json.loads(result.stdout)}
    assert listed["builtin-verifiers"]["verifiers"] == [
        "membership-count",
        "sum-of-parts",
        "date-consistency",
        "quote-source",
    ]
    assert listed["default-extractor"]["extractors"] == ["claimtrack-default"]
    assert listed["ct-good"]["verifiers"] == ["good"] and listed["ct-good"]["version"] == "0.1.0"
    assert "broken on purpose" in listed["ct-broken"]["error"]
    table = _cli(["plugins"], env, tmp_path)
    assert table.returncode == 0 and "ct-broken" in table.stdout and "error" in table.stdout


def test_plugin_commands_run_through_the_cli(plugin_dir, tmp_path: Path) -> None:
    site = plugin_dir("ct-hello", "ct_hello", COMMANDS)
    env = {
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "CLAIMTRACK_LOAD_PLUGINS": "ct-hello",
    }
    result = _cli(["hello", "world"], env, tmp_path)
    assert result.returncode == 0 and result.stdout == "Hello, world\n", result.stderr
    assert "Say hello from a plugin." in _cli(["--help"], env, tmp_path).stdout
    listed = {p["name"]: p for p in json.loads(_cli(["plugins", "--json"], env, tmp_path).stdout)}
    assert listed["ct-hello"]["commands"] == ["hello"]
