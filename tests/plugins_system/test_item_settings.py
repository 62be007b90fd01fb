"""Extractors and exporters get their settings as verifiers do: ``[extractors.<name>]`` /
``[exporters.<name>]`` tables and ``CLAIMTRACK_<NAME>_*`` variables, through their
``PluginConfig``, in ``context.settings``; secrets stay out of what is stored."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from claimtrack.testing import CliRunner

PLUGIN = """
from dataclasses import dataclass

from claimtrack import ExtractedClaim, PluginConfig, hookimpl, setting


@dataclass(frozen=True)
class TaggerConfig(PluginConfig, plugin="tagger"):
    marker: str = "default-marker"
    key: str = setting("", secret=True)


class Tagger:
    name = "tagger"
    version = "1"
    config = TaggerConfig

    def extract(self, text, context):
        config = TaggerConfig.load(context.settings)
        end = text.index(".") + 1
        return [ExtractedClaim(text=text[:end], start=0, end=end, score=0.99, checkworthy=True,
                               values={"marker": config.marker, "key_length": len(config.key)})]


@dataclass(frozen=True)
class DumpConfig(PluginConfig, plugin="dump"):
    greeting: str = "hi"
    count: int = 1


class Dump:
    name = "dump"
    config = DumpConfig

    def export(self, rows, out, context):
        config = DumpConfig.load(context.settings)
        out.write(f"{config.greeting} x{config.count}: {len(rows)} claim(s)\\n")
        return len(rows)


@hookimpl
def register_extractors(register):
    register(Tagger())


@hookimpl
def register_exporters(register):
    register(Dump())
"""

ARTICLE = "Parliament has 650 members, the clerk said on Monday. Nothing else happened.\n"


def _setup(tmp_path: Path) -> tuple[CliRunner, Path, Path]:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "itemsettings.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return CliRunner(tmp_path / "run"), folder, article


def test_extractor_settings_come_from_its_table_and_the_environment(tmp_path: Path) -> None:
    cli, folder, article = _setup(tmp_path)
    cli.write_config('[extractors.tagger]\nmarker = "from-config"\n')
    secret = "tagger-secret-9c1d"
    added = cli.run("--plugins-dir", folder, "add", article, env={"CLAIMTRACK_TAGGER_KEY": secret})
    assert added.exit_code == 0, added
    claims = json.loads(cli.run("--plugins-dir", folder, "claims", "--json").stdout)
    tagged = [c for c in claims if "marker" in (c.get("values") or {})]
    assert [c["values"]["marker"] for c in tagged] == ["from-config"]
    assert tagged[0]["values"]["key_length"] == len(secret)  # the key reached the extractor
    assert secret not in cli.db_path.read_bytes().decode("utf-8", "replace")
    by_env = CliRunner(tmp_path / "env")
    again = by_env.run(
        "--plugins-dir", folder, "add", article, env={"CLAIMTRACK_TAGGER_MARKER": "from-env"}
    )
    assert again.exit_code == 0, again
    claims = json.loads(by_env.run("--plugins-dir", folder, "claims", "--json").stdout)
    assert [c["values"]["marker"] for c in claims if "marker" in c["values"]] == ["from-env"]


def test_exporter_gets_its_settings_in_a_context(tmp_path: Path) -> None:
    cli, folder, article = _setup(tmp_path)
    assert cli.run("--plugins-dir", folder, "add", article).exit_code == 0
    cli.write_config('[exporters.dump]\ngreeting = "hello"\ncount = 3\n')
    out = cli.run("--plugins-dir", folder, "export", "--format", "dump")
    assert out.exit_code == 0, out
    assert out.stdout.startswith("hello x3: ") and out.stderr == "", out
    plain = cli.run("--plugins-dir", folder, "export", "--format", "json")  # no context taken
    assert plain.exit_code == 0 and json.loads(plain.stdout), plain

    cli.write_config('[exporters.dump]\ncount = "three"\n')
    bad = cli.run("--plugins-dir", folder, "export", "--format", "dump")
    assert bad.exit_code == 1 and "Traceback" not in bad.stderr, bad
    assert bad.stderr.strip() == (
        "Error: dump setting 'count' (from settings key 'count'): 'three' is not a whole number"
    ), bad
