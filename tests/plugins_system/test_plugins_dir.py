"""Plugin-author conveniences: single-file plugins (``--plugins-dir`` /
``CLAIMTRACK_PLUGINS_DIR``), ``claimtrack.testing.extracted_claim`` and the ``cli_runner``
fixture. Every run goes through the real ``claimtrack`` command."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from claimtrack.testing import CliRunner, extracted_claim

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "g7-trade-talks.txt"

#: A verifier in one file: populations from its own table against the extracted relation.
CENSUS = """
from claimtrack.hookspecs import hookimpl
from claimtrack.verification.api import Verdict, Verifier

POPULATIONS = {"Australia": 26_005_540}


class CensusFile(Verifier):
    name = "census-file"
    version = "0.1"
    kinds = ("statistic",)
    offline = True

    async def verify(self, claim, ctx):
        for relation in claim.values.get("relations", []):
            actual = POPULATIONS.get(relation.get("country"))
            if relation.get("relation") == "population" and actual:
                off = abs(relation["value"] - actual) / actual
                summary = f"{relation['country']}: claimed {relation['value']:,.0f}, table {actual:,} ({off:.1%} off)"
                return Verdict.supported(summary) if off <= 0.05 else Verdict.refuted(summary)
        return None


@hookimpl
def register_verifiers(register):
    register(CensusFile())
"""


def _plugins(result) -> dict[str, dict]:
    assert result.exit_code == 0, result
    return {p["name"]: p for p in json.loads(result.stdout)}


def test_a_plugin_file_runs_in_check_without_packaging(
    cli_runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "my-plugins"
    folder.mkdir()
    (folder / "census.py").write_text(CENSUS, encoding="utf-8")
    (folder / "_helpers.py").write_text("raise RuntimeError('never imported')\n", encoding="utf-8")

    checked = cli_runner.run(
        "--plugins-dir", folder, "check", EXAMPLE, "--offline", "--format", "json"
    )
    assert checked.exit_code == 0, checked
    assert "warning" not in checked.stderr
    verdicts = {
        c["text"]: v
        for c in json.loads(checked.stdout)["claims"]
        for v in c["verdicts"]
        if v["verifier"] == "census-file"
    }
    ((text, verdict),) = verdicts.items()  # only the one population claim
    assert "26 million people" in text
    assert verdict["label"] == "supported"
    assert verdict["summary"] == "Australia: claimed 26,000,000, table 26,005,540 (0.0% off)"

    listed = _plugins(cli_runner.run("--plugins-dir", folder, "plugins", "--json"))
    assert listed["census"]["source"] == str((folder / "census.py").resolve())
    assert listed["census"]["distribution"] is None and listed["census"]["verifiers"] == [
        "census-file"
    ]
    assert "_helpers" not in listed
    table = cli_runner.run("--plugins-dir", folder, "plugins")
    assert f"file {(folder / 'census.py').resolve()}" in table.stdout

    # The environment variable does the same; the disable list applies to file plugins.
    by_env = _plugins(
        cli_runner.run("plugins", "--json", env={"CLAIMTRACK_PLUGINS_DIR": str(folder)})
    )
    assert by_env["census"]["verifiers"] == ["census-file"]
    off = _plugins(
        cli_runner.run(
            "--plugins-dir",
            folder,
            "plugins",
            "--json",
            env={"CLAIMTRACK_DISABLE_PLUGINS": "census"},
        )
    )
    assert off["census"]["disabled"] is True and off["census"]["verifiers"] == []
    # Without the directory, the plugin is not there.
    assert "census" not in _plugins(cli_runner.run("plugins", "--json"))


def test_a_broken_plugin_file_is_reported_like_other_plugins(
    cli_runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "census.py").write_text(CENSUS, encoding="utf-8")
    (folder / "broken.py").write_text("raise RuntimeError('broken on purpose')\n", encoding="utf-8")
    (folder / "typo.py").write_text(
        textwrap.dedent(
            """
            from claimtrack.hookspecs import hookimpl

            @hookimpl
            def register_verifier(register):
                pass
            """
        ),
        encoding="utf-8",
    )
    (folder / "syntax.py").write_text("def (:\n", encoding="utf-8")

    checked = cli_runner.run(
        "--plugins-dir", folder, "check", EXAMPLE, "--offline", "--format", "json"
    )
    assert checked.exit_code == 0, checked
    warnings = sorted(line for line in checked.stderr.splitlines() if line.startswith("warning:"))
    assert warnings[:2] == [
        "warning: plugin 'broken' failed to load: RuntimeError: broken on purpose (claimtrack plugins for details)",
        (
            "warning: plugin 'syntax' failed to load: SyntaxError: invalid syntax (syntax.py, line 1) "
            "(claimtrack plugins for details)"
        ),
    ]
    assert warnings[2] == (
        "warning: plugin 'typo' failed to load: PluginValidationError: unknown hook 'register_verifier'"
        " (did you mean 'register_verifiers'?) (claimtrack plugins for details)"
    )
    assert len(warnings) == 3 and "Traceback" not in checked.stderr
    ran = {v["verifier"] for c in json.loads(checked.stdout)["claims"] for v in c["verdicts"]}
    assert "census-file" in ran  # the good file still loaded

    listed = _plugins(cli_runner.run("--plugins-dir", folder, "plugins", "--json"))
    assert listed["broken"]["error"] == "cannot load plugin: RuntimeError: broken on purpose"
    assert listed["broken"]["source"] == str((folder / "broken.py").resolve())
    assert listed["census"]["error"] is None


def test_a_missing_plugins_dir_is_one_line_error(cli_runner: CliRunner, tmp_path: Path) -> None:
    result = cli_runner.run("--plugins-dir", tmp_path / "nope", "plugins")
    assert result.exit_code == 2
    assert "'--plugins-dir': Directory" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    by_env = cli_runner.run("plugins", env={"CLAIMTRACK_PLUGINS_DIR": str(tmp_path / "nope")})
    assert by_env.exit_code == 2 and "does not exist" in by_env.stderr


def test_extracted_claim_runs_the_real_extractor() -> None:
    claim = extracted_claim(
        "Australia's population is about 26 million people, the statistics bureau said."
    )
    assert claim.kind == "statistic"
    assert claim.values["value"] == 26_000_000 and claim.values["unit"] == "people"
    assert {
        "relation": "population",
        "country": "Australia",
        "value": 26_000_000.0,
        "hedge": "about",
    } in claim.values["relations"]
    assert claim.sentence == claim.text

    dated = extracted_claim(
        "Finland joined NATO last year.", published="2024-03-01", speaker="A. Minister"
    )
    assert dated.speaker == "A. Minister" and dated.kind != "statistic"

    with pytest.raises(ValueError, match="one sentence; the extractor found 2"):
        extracted_claim("Prices rose 5 percent in 2022. Wages fell 2 percent in 2023.")


def test_cli_runner_runs_are_isolated(
    cli_runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ambient = tmp_path / "ambient.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(ambient))  # inherited CLAIMTRACK_* never reach a run

    added = cli_runner.run("add", EXAMPLE)
    assert added.exit_code == 0, added
    claims = json.loads(cli_runner.run("claims", "--json").stdout)
    assert claims and cli_runner.db_path.exists() and not ambient.exists()

    other = CliRunner(tmp_path / "other")
    assert json.loads(other.run("claims", "--json").stdout) == []
    assert other.db_path != cli_runner.db_path

    cli_runner.write_config("[claimtrack]\nnot_a_setting = 1\n")
    bad = cli_runner.run("claims")
    assert bad.exit_code != 0 and str(cli_runner.config_path) in bad.stderr
    assert other.run("claims").exit_code == 0  # the other runner's config is its own


def test_the_tutorial_module_loads_as_a_single_file(cli_runner: CliRunner, tmp_path: Path) -> None:
    # docs/plugins.md says the module of the tutorial's step 1 works unchanged in a plugins dir.
    from test_docs_tutorial import _block

    folder = tmp_path / "my-plugins"
    folder.mkdir()
    (folder / "census.py").write_text(_block("# claimtrack_population.py"), encoding="utf-8")
    listed = _plugins(cli_runner.run("--plugins-dir", folder, "plugins", "--json"))
    assert listed["census"]["error"] is None and listed["census"]["verifiers"] == ["population"]
