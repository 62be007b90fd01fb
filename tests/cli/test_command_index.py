"""`claimtrack --help` lists plugin commands from a cache that follows the plugins.

Each run is a fresh interpreter (the real entry point), so the cache is what carries the
list from one run to the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_RUN = """
import contextlib, io, json, sys
from claimtrack.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps({"plugins_loaded": "claimtrack.plugins" in sys.modules, "stdout": out.getvalue()}))
"""

PLUGIN = '''
import click
from claimtrack import hookimpl

@hookimpl
def register_commands(cli):
    @cli.command()
    def {name}():
        """{help}"""
'''


def _help(plugins_dir: Path) -> tuple[bool, str]:
    # From the environment, as a newsroom sets it once (an explicit --plugins-dir option
    # loads the plugin machinery to apply it).
    run = subprocess.run(
        [sys.executable, "-c", _RUN, "--help"],
        env={**os.environ, "CLAIMTRACK_PLUGINS_DIR": str(plugins_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    return bool(result["plugins_loaded"]), str(result["stdout"])


def _write(plugins_dir: Path, name: str, help: str) -> None:
    (plugins_dir / f"{name}_plugin.py").write_text(PLUGIN.format(name=name, help=help))


def test_second_help_lists_plugin_commands_without_loading_plugins(tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    _write(plugins_dir, "greet", "Say hello to the newsroom.")
    loaded, first = _help(plugins_dir)
    assert loaded and "Say hello to the newsroom." in first
    loaded, second = _help(plugins_dir)
    assert not loaded, "a warm --help loaded the plugins"
    assert second == first


def test_the_cached_list_follows_added_edited_and_removed_plugins(tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    _write(plugins_dir, "greet", "Say hello to the newsroom.")
    _help(plugins_dir)

    _write(plugins_dir, "tally", "Count the claims of the week.")
    loaded, out = _help(plugins_dir)
    assert loaded and "Count the claims of the week." in out and "greet" in out

    _write(plugins_dir, "greet", "Say goodbye instead.")
    _, out = _help(plugins_dir)
    assert "Say goodbye instead." in out and "Say hello" not in out

    (plugins_dir / "tally_plugin.py").unlink()
    _, out = _help(plugins_dir)
    assert "tally" not in out and "greet" in out


def test_an_unreadable_cache_is_rebuilt(tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    _write(plugins_dir, "greet", "Say hello to the newsroom.")
    _help(plugins_dir)
    cache = next((tmp_path / "xdg-cache").rglob("plugin-commands-*.json"))
    cache.write_bytes(b"\x00not json")
    loaded, out = _help(plugins_dir)
    assert loaded and "Say hello to the newsroom." in out
    assert json.loads(cache.read_text())["commands"] == {"greet": "Say hello to the newsroom."}
