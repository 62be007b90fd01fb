"""Every plugin example in docs/plugin_hooks.md runs: each is loaded as a single-file plugin
(``--plugins-dir``) by the real ``claimtrack`` command, and the ones that can run offline
are run.

An example that no longer matches the API (an exporter indexing ``ExportRow`` like a dict,
a hook with a misspelt name) fails here, not in a plugin author's hands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrack.testing.cli import CliRunner

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugin_hooks.md"
EXAMPLE_ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "g7-trade-talks.txt"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
_HOOK = re.compile(r"^@hookimpl\s*\n(?:async\s+)?def\s+(\w+)", re.MULTILINE)


def _examples() -> dict[str, str]:
    """Each complete plugin example (a block with a ``@hookimpl``), by the hook it implements."""
    found: dict[str, str] = {}
    for block in _BLOCK.findall(DOCS.read_text(encoding="utf-8")):
        hooks = _HOOK.findall(block)
        if hooks:
            assert len(hooks) == 1, f"an example implements several hooks: {hooks}"
            found[hooks[0]] = block
    return found


EXAMPLES = _examples()


def test_every_hook_has_a_runnable_example() -> None:
    from claimtrack import hookspecs

    specs = {name for name, value in vars(hookspecs).items() if hasattr(value, "claimtrack_spec")}
    documented = set(re.findall(r"^## (\w+)\(", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert documented == specs
    assert set(EXAMPLES) == specs, f"hooks without an example: {sorted(specs - set(EXAMPLES))}"


def _runner(tmp_path: Path, hook: str) -> tuple[CliRunner, Path]:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / f"doc_{hook}.py").write_text(EXAMPLES[hook], encoding="utf-8")
    # Only the built-ins and the example: no installed plugin may reach a real source.
    runner = CliRunner(tmp_path / "run", env={"CLAIMTRACK_LOAD_PLUGINS": ""})
    return runner, plugins_dir


@pytest.mark.parametrize("hook", sorted(EXAMPLES))
def test_example_loads_as_a_plugin(tmp_path: Path, hook: str) -> None:
    runner, plugins_dir = _runner(tmp_path, hook)
    result = runner.run("--plugins-dir", plugins_dir, "plugins", "--json")
    assert result.exit_code == 0, result
    plugin = next(p for p in json.loads(result.stdout) if p["name"] == f"doc_{hook}")
    assert not plugin.get("error"), plugin
    assert hook in plugin["hooks"], plugin


def test_exporter_example_writes_one_line_per_claim(tmp_path: Path) -> None:
    runner, plugins_dir = _runner(tmp_path, "register_exporters")
    assert runner.run("db", "init").exit_code == 0
    added = runner.run("add", EXAMPLE_ARTICLE)
    assert added.exit_code == 0, added
    claims = json.loads(runner.run("claims", "--json").stdout)
    result = runner.run("--plugins-dir", plugins_dir, "export", "--format", "tsv")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert len(lines) == len(claims) > 0
    by_id = {str(c["id"]): c for c in claims}
    for line in lines:
        claim_id, label, text = line.split("\t")
        assert by_id[claim_id]["text"].replace("\n", " ") == text
        assert label == "unchecked"  # nothing verified or reviewed yet


def test_extractor_example_finds_shouted_lines(tmp_path: Path) -> None:
    runner, plugins_dir = _runner(tmp_path, "register_extractors")
    article = tmp_path / "shout.txt"
    article.write_text(
        "A quiet first line.\nTHE MINISTER RESIGNED ON TUESDAY\nA quiet last line.\n",
        encoding="utf-8",
    )
    assert runner.run("db", "init").exit_code == 0
    result = runner.run("--plugins-dir", plugins_dir, "score", article)
    assert result.exit_code == 0, result
    assert "THE MINISTER RESIGNED ON TUESDAY" in result.stdout


def test_command_example_says_hello(tmp_path: Path) -> None:
    runner, plugins_dir = _runner(tmp_path, "register_commands")
    result = runner.run("--plugins-dir", plugins_dir, "hello", "world")
    assert (result.exit_code, result.stdout) == (0, "Hello, world\n"), result
