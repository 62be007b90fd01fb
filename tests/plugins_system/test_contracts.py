"""The item contracts (claimtrack.contracts): an item that does not meet its protocol is
rejected when its plugin registers it, with one line saying why, never an AttributeError
when it is first used."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from claimtrack.contracts import (
    ExporterProtocol,
    ExtractorProtocol,
    VerifierProtocol,
    check_item,
)
from claimtrack.export import builtin_exporters
from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import make_plugin_manager
from claimtrack.testing import CliRunner
from claimtrack.verification.api import PluginConfig, Verdict, Verifier


class Plain:
    """A verifier that subclasses nothing."""

    name = "plain"
    version = "1"
    kinds = ("statistic",)

    def verify(self, claim: Any, ctx: Any) -> Verdict | None:
        return None


class Sub(Verifier):
    name = "sub"

    async def verify(self, claim: Any, ctx: Any) -> Verdict | None:
        return None


class NoVerify:
    name = "no-verify"
    version = "1"
    kinds = ()


class VerifyTakesOne(Verifier):
    name = "one-arg"

    async def verify(self, claim):  # type: ignore[no-untyped-def, override]
        return None


class KindsIsAString(Verifier):
    name = "kinds-str"
    kinds = "statistic"  # type: ignore[assignment]


class VersionIsANumber(Verifier):
    name = "version-int"
    version = 2  # type: ignore[assignment]


@dataclass(frozen=True)
class OtherConfig(PluginConfig, plugin="other-name"):
    api: str = "https://api.example.org"


class ConfigOfAnother(Verifier):
    name = "config-of-another"
    config = OtherConfig


class WriteOnlyExporter:
    name = "write-only"

    def write(self, rows: Any, out: Any) -> None:
        out.write("x")


class ExtractWithoutContext:
    name = "no-context"
    version = "1"

    def extract(self, text: str) -> list[Any]:
        return []


def test_good_items_meet_their_protocols() -> None:
    assert isinstance(Plain(), VerifierProtocol) and check_item("verifiers", Plain()) == "plain"
    assert isinstance(Sub(), VerifierProtocol) and check_item("verifiers", Sub()) == "sub"
    for exporter in builtin_exporters():
        assert isinstance(exporter, ExporterProtocol)
        assert check_item("exporters", exporter) == exporter.name
    from claimtrack.extraction.default import DefaultExtractor

    assert isinstance(DefaultExtractor(), ExtractorProtocol)
    assert check_item("extractors", DefaultExtractor()) == DefaultExtractor().name


@pytest.mark.parametrize(
    ("kind", "item", "message"),
    [
        ("verifiers", NoVerify(), "verifier 'no-verify' has no verify(claim, ctx) method"),
        (
            "verifiers",
            VerifyTakesOne(),
            "verifier 'one-arg': verify() must take (claim, ctx), not (claim)",
        ),
        (
            "verifiers",
            KindsIsAString(),
            "verifier 'kinds-str': kinds must be a tuple of str, got 'statistic'",
        ),
        ("verifiers", VersionIsANumber(), "verifier 'version-int': version must be a str"),
        (
            "verifiers",
            ConfigOfAnother(),
            (
                "verifier 'config-of-another': its config OtherConfig is for plugin 'other-name'; "
                "settings and CLAIMTRACK_<NAME>_* variables go by the verifier's name"
            ),
        ),
        ("verifiers", object(), "object has no name (a non-empty str attribute 'name')"),
        ("exporters", WriteOnlyExporter(), "exporter 'write-only' has no export(rows, out) method"),
        (
            "extractors",
            ExtractWithoutContext(),
            "extractor 'no-context': extract() must take (text, context), not (text)",
        ),
    ],
)
def test_items_that_break_their_contract_are_refused(kind: str, item: Any, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        check_item(kind, item)
    assert str(caught.value) == message


def test_a_broken_item_is_reported_on_its_plugin_and_the_others_stay() -> None:
    class Plugin:
        @hookimpl
        def register_verifiers(self, register: Any) -> None:
            register(NoVerify())
            register(Plain())

        @hookimpl
        def register_exporters(self, register: Any) -> None:
            register(WriteOnlyExporter())

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="mixed-bag")
    assert list(plugins.verifiers()) == ["plain"]
    assert plugins.exporters() == {}
    assert plugins.records["mixed-bag"].errors == [
        "register_verifiers: invalid verifier: verifier 'no-verify' has no verify(claim, ctx) method",
        "register_exporters: invalid exporter: exporter 'write-only' has no export(rows, out) method",
    ]


def test_export_with_an_exporter_lacking_export_warns_instead_of_crashing(tmp_path: Path) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "writeonly.py").write_text(
        textwrap.dedent(
            """
            from claimtrack import hookimpl

            class WriteOnly:
                name = "write-only"

                def write(self, rows, out):
                    out.write("never called")

            @hookimpl
            def register_exporters(register):
                register(WriteOnly())
            """
        ),
        encoding="utf-8",
    )
    cli = CliRunner(tmp_path / "run")
    result = cli.run("--plugins-dir", folder, "export", "--format", "write-only")
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr and "AttributeError" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        "warning: plugin 'writeonly' register_exporters: invalid exporter: exporter 'write-only' "
        "has no export(rows, out) method (claimtrack plugins for details)"
    ), result
    assert lines[1].startswith("Error: unknown export format 'write-only'; available: "), result
    ok = cli.run("--plugins-dir", folder, "export", "--format", "json")
    assert ok.exit_code == 0 and ok.stdout.strip() == "[]", ok
