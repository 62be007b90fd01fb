"""Plugin problems are visible where users look: a warning per broken plugin on stderr of
``check`` and ``verify`` (tracebacks with ``--debug``), misspelt hooks rejected at load, and
verifier errors in the table and Markdown reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pluggy
import pytest
from ct_fake_plugins import BROKEN_IMPORT, GOOD, RAISES, TYPO_HOOK

from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import make_plugin_manager

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "g7-trade-talks.txt"
WARNING = re.compile(r"^warning: plugin '([^']+)' (.*) \(claimtrack plugins for details\)$")


def _cli(site: Path, plugins: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
        "CLAIMTRACK_LOAD_PLUGINS": plugins,
        "COLUMNS": "300",
    }
    env.pop("CLAIMTRACK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(tmp_path / "p.db"), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def _warnings(stderr: str) -> dict[str, str]:
    found = {}
    for line in stderr.splitlines():
        if line.startswith("warning:"):
            match = WARNING.match(line)
            assert match, f"malformed warning line: {line!r}"
            assert match.group(1) not in found, f"two warnings for {match.group(1)}"
            found[match.group(1)] = match.group(2)
    return found


def test_check_and_verify_name_each_plugin_that_failed_to_load(plugin_dir, tmp_path: Path) -> None:
    site = plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-broken", "ct_broken", BROKEN_IMPORT)
    plugin_dir("ct-typo", "ct_typo", TYPO_HOOK)
    plugins = "ct-good,ct-broken,ct-typo"

    checked = _cli(site, plugins, tmp_path, "check", str(EXAMPLE), "--format", "json")
    assert checked.returncode == 0, checked.stderr
    assert _warnings(checked.stderr) == {
        "ct-broken": "failed to load: RuntimeError: this plugin is broken on purpose",
        "ct-typo": (
            "failed to load: PluginValidationError: "
            "unknown hook 'register_verifier' (did you mean 'register_verifiers'?)"
        ),
    }
    assert "Traceback" not in checked.stderr
    report = json.loads(checked.stdout)
    ran = {v["verifier"] for c in report["claims"] for v in c["verdicts"]}
    assert (
        "good" in ran and "typo" not in ran
    )  # the working plugin ran; the misspelt hook was never called

    verified = _cli(site, plugins, tmp_path, "verify", "--all", "--retry-errors", "--json")
    assert verified.returncode == 0, verified.stderr
    assert set(_warnings(verified.stderr)) == {"ct-broken", "ct-typo"}
    json.loads(verified.stdout)  # warnings never mix into the JSON

    debug = _cli(site, plugins, tmp_path, "--debug", "verify", "--all")
    assert debug.returncode == 0, debug.stderr
    assert set(_warnings(debug.stderr)) == {"ct-broken", "ct-typo"}
    broken_trace = debug.stderr.split("warning: plugin 'ct-broken'", 1)[1].split(
        "warning: plugin", 1
    )[0]
    assert "Traceback (most recent call last):" in broken_trace
    assert 'ct_broken.py", line 2, in <module>' in broken_trace
    assert "RuntimeError: this plugin is broken on purpose" in broken_trace

    listed = {
        p["name"]: p for p in json.loads(_cli(site, plugins, tmp_path, "plugins", "--json").stdout)
    }
    assert listed["ct-typo"]["error"] == (
        "cannot load plugin: PluginValidationError: "
        "unknown hook 'register_verifier' (did you mean 'register_verifiers'?)"
    )
    assert listed["ct-typo"]["hooks"] == [] and listed["ct-good"]["error"] is None


def test_a_misspelt_hook_is_rejected_when_the_plugin_is_registered(plugin_dir) -> None:
    plugin_dir("ct-good", "ct_good", GOOD)
    plugin_dir("ct-typo", "ct_typo", TYPO_HOOK)
    plugins = make_plugin_manager(allowed=["ct-good", "ct-typo"])
    record = plugins.records["ct-typo"]
    assert (
        record.load_error
        == "PluginValidationError: unknown hook 'register_verifier' (did you mean 'register_verifiers'?)"
    )
    assert plugins.manager.get_plugin("ct-typo") is None
    assert "good" in plugins.verifiers() and "typo" not in plugins.verifiers()
    assert plugins.records["ct-good"].error is None

    class Nothing:
        @hookimpl
        def summon_widgets(self, register):
            raise AssertionError("never called")

    class Optional:
        @hookimpl(optionalhook=True)
        def register_widgets(self, register):
            raise AssertionError("never called")

    with pytest.raises(
        pluggy.PluginValidationError,
        match=r"^unknown hook 'summon_widgets'; the hooks are claim_checked_by, find_passages, register_commands, ",
    ):
        plugins.register(Nothing(), name="nothing")
    assert plugins.manager.get_plugin("nothing") is None
    plugins.register(Optional(), name="optional")  # optional hooks (for other versions) are allowed
    assert "good" in plugins.verifiers()


def test_verifier_errors_show_in_table_and_markdown_reports_literally(
    plugin_dir, tmp_path: Path
) -> None:
    site = plugin_dir("ct-raises", "ct_raises", RAISES)
    checked = _cli(site, "ct-raises", tmp_path, "check", str(EXAMPLE), "--format", "json")
    assert checked.returncode == 0, checked.stderr
    claims = json.loads(checked.stdout)["claims"]
    mixed = next(c for c in claims if c["verdict"]["label"] == "mixed")  # decided by sum-of-parts
    message = "verifier 'raises' (plugin ct-raises) raised RuntimeError: [bold red]boom[/] \x1b[31m | *upstream* down"
    assert {v["verifier"]: v["error"] for v in mixed["verdicts"]}["raises"] == message

    table = _cli(site, "ct-raises", tmp_path, "report")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{mixed['id']} "))
    under = lines[row + 1 : row + 4]
    shown = (
        "⚠ raises error: verifier 'raises' (plugin ct-raises) raised RuntimeError: "
        "[bold red]boom[/] \\x1b[31m | *upstream* down"
    )
    assert any(line.strip() == shown for line in under), "\n".join(lines[row : row + 4])
    assert "\x1b" not in table.stdout

    markdown = _cli(site, "ct-raises", tmp_path, "report", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    md_row = next(
        line for line in markdown.stdout.splitlines() if line.startswith(f"| {mixed['id']} |")
    )
    cells = re.split(r"(?<!\\)\|", md_row)
    # 8 columns and a Parts column (the claim has checkable parts); the error's "|" is
    # escaped: it opens no new column.
    assert len(cells) == 10, md_row
    assert cells[6].strip() == (
        md_escape_expected(mixed["verdict"]["summary"])
        + "; ⚠ raises error: verifier 'raises' \\(plugin ct-raises\\) raised "
        "RuntimeError: \\[bold red\\]boom\\[/\\] \\\\x1b\\[31m \\| \\*upstream\\* down"
    )


def md_escape_expected(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", text)
