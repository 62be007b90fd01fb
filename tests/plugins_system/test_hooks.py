"""One test per hook (``test_hook_<name>``), plus the meta-tests that keep hooks
documented and tested. Test plugins are registered on a fresh manager."""

from __future__ import annotations

import asyncio
import inspect
import re
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimtrack import hookspecs
from claimtrack.hookspecs import hookimpl
from claimtrack.plugins import make_plugin_manager
from claimtrack.testing import make_claim, run_verifier
from claimtrack.verification.api import Verdict, Verifier

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _hook_names() -> list[str]:
    return sorted(
        name
        for name in dir(make_plugin_manager(load_entrypoints=False).manager.hook)
        if not name.startswith("_")
    )


class Echo(Verifier):
    name = "echo"
    version = "2.0"
    kinds = ("statistic",)

    async def verify(self, claim, ctx):
        return Verdict.unverifiable(claim.text)


def test_hook_register_verifiers() -> None:
    class Plugin:
        __name__ = "echo-plugin"

        @hookimpl
        def register_verifiers(self, register):
            register(Echo())
            register("not a verifier")

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="echo-plugin")
    assert list(plugins.verifiers()) == ["echo"]
    assert plugins.origins[("verifiers", "echo")] == "echo-plugin"
    record = plugins.records["echo-plugin"]
    assert record.registered == {"verifiers": ["echo"]}
    assert record.hooks == ["register_verifiers"]
    assert record.error is not None and "invalid verifier" in record.error


def test_hook_register_extractors() -> None:
    class Extractor:
        name = "upper"
        version = "1"

        def extract(self, text, context):
            return []

    class Plugin:
        @hookimpl
        def register_extractors(self, register):
            register(Extractor())

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="upper-plugin")
    assert list(plugins.extractors()) == ["upper"]
    assert plugins.records["upper-plugin"].registered == {"extractors": ["upper"]}


def test_hook_register_exporters() -> None:
    class Exporter:
        name = "tsv"
        version = "1"

        def export(self, rows, out):
            out.write("x")

    class Plugin:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter())

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="tsv-plugin")
    assert list(plugins.exporters()) == ["tsv"]


def test_hook_register_commands() -> None:
    class Plugin:
        @hookimpl
        def register_commands(self, cli):
            @cli.command()
            @click.argument("name")
            def hello(name):
                "Say hello."
                click.echo(f"Hello, {name}")

            @cli.command(name="verify")
            def clash():
                "Tries to replace a built-in."

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="hello-plugin")
    commands = plugins.commands(reserved={"verify", "add"})
    assert list(commands) == ["hello"]
    assert "command 'verify' is already provided by claimtrack" in (
        plugins.records["hello-plugin"].error or ""
    )
    result = CliRunner().invoke(commands["hello"], ["world"])
    assert result.output == "Hello, world\n"


class Benelux:
    """Knows one group's members, asynchronously."""

    @hookimpl
    async def resolve_group_members(self, group, on, http):
        if group != "Benelux":
            return None
        return {
            "group": "Benelux",
            "url": "https://example.org/benelux",
            "members": [{"name": "Belgium", "iso3": "BEL"}],
        }


class Broken:
    @hookimpl
    def resolve_group_members(self, group):
        raise RuntimeError("boom")

    @hookimpl
    def find_passages(self, query):
        raise RuntimeError("boom")

    @hookimpl
    def claim_checked_by(self, claim):
        raise RuntimeError("boom")


class AskingVerifier(Verifier):
    """Asks the other plugins through ``ctx.plugins``, as claimtrack-worldbank does."""

    name = "asking"
    version = "1"

    async def verify(self, claim, ctx):
        answers = [
            a
            async for a in ctx.plugins.ask(
                "resolve_group_members", group=claim.text, on=date(2023, 1, 1), http=ctx.http
            )
        ]
        found = [(plugin, answer["members"][0]["iso3"]) for plugin, answer in answers if answer]
        return Verdict.unverifiable(f"asked {[p for p, _ in answers]}; found {found}")


def test_hook_resolve_group_members() -> None:
    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Benelux(), name="benelux")
    plugins.register(Broken(), name="broken")
    assert set(plugins.records["benelux"].hooks) == {"resolve_group_members"}
    verdict = asyncio.run(run_verifier(AskingVerifier(), make_claim("Benelux"), plugins=plugins))
    # pluggy's order (last registered first); the raising one answers None and the others still run
    assert verdict.summary == "asked ['broken', 'benelux']; found [('benelux', 'BEL')]"
    verdict = asyncio.run(run_verifier(AskingVerifier(), make_claim("G7"), plugins=plugins))
    assert verdict.summary == "asked ['broken', 'benelux']; found []"
    empty = make_plugin_manager(load_entrypoints=False)
    assert (
        asyncio.run(run_verifier(AskingVerifier(), make_claim("Benelux"), plugins=empty)).summary
        == "asked []; found []"
    )


def test_hook_claim_checked_by() -> None:
    class Capitals:
        @hookimpl
        def claim_checked_by(self, claim):
            return "capitals" if "capital" in claim.text else None

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Capitals(), name="capitals-plugin")
    plugins.register(Broken(), name="broken")

    async def ask(text):
        return [a async for a in plugins.ask("claim_checked_by", claim=make_claim(text))]

    assert asyncio.run(ask("Ottawa is the capital.")) == [
        ("broken", None),
        ("capitals-plugin", "capitals"),
    ]
    assert asyncio.run(ask("Trade grew.")) == [("broken", None), ("capitals-plugin", None)]


def test_hook_find_passages() -> None:
    from claimtrack.verification.api import Passage

    class Atlas:
        @hookimpl
        async def find_passages(self, query, http, limit, lang):
            if lang != "en":
                return None
            texts = ["Canberra is the capital city of Australia.", "Canberra was founded in 1913."]
            return [
                Passage(id=f"atlas:Canberra#{n}", source="atlas", title="Canberra", url="", text=t)
                for n, t in enumerate(texts, 1)
                if "Canberra" in query
            ][:limit]

    class Fewer:
        @hookimpl
        def find_passages(self, query):  # fewer arguments, and synchronous
            return []

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Atlas(), name="atlas")
    plugins.register(Fewer(), name="fewer")
    plugins.register(Broken(), name="broken")
    assert "find_passages" in plugins.records["atlas"].hooks

    async def ask(query, limit=5, lang="en"):
        return [
            (plugin, [p.id for p in answer] if answer is not None else None)
            async for plugin, answer in plugins.ask(
                "find_passages", query=query, http=None, limit=limit, lang=lang
            )
        ]

    # Not firstresult: every implementation answers; a raising one answers None.
    assert asyncio.run(ask("Canberra is the capital", limit=1)) == [
        ("broken", None),
        ("fewer", []),
        ("atlas", ["atlas:Canberra#1"]),
    ]
    assert asyncio.run(ask("Canberra", lang="fr"))[-1] == ("atlas", None)
    assert not hookspecs.find_passages.claimtrack_spec.get("firstresult")


def test_hook_similarity_model() -> None:
    from claimtrack.importers.claimreview import FactCheck
    from claimtrack.retrieval import Matcher
    from claimtrack.retrieval.semantic import active_model

    class Words:
        name = "words/1"

        def similarities(self, query, documents):
            q = set(re.findall(r"\w+", query.lower()))
            return [len(q & set(re.findall(r"\w+", d.lower()))) / len(q) for d in documents]

    class WordsPlugin:
        @hookimpl
        def similarity_model(self):
            return Words()

    class NoModel:
        @hookimpl
        def similarity_model(self):
            return None

    class NotAModel:
        @hookimpl
        def similarity_model(self):
            return "a string"

    class Raising:
        @hookimpl
        def similarity_model(self):
            raise RuntimeError("boom")

    plugins = make_plugin_manager(load_entrypoints=False)
    assert active_model(plugins) is None
    plugins.register(WordsPlugin(), name="words")
    plugins.register(NoModel(), name="nomodel")
    # firstresult: the last registered answers first; None passes on to the next one.
    model = active_model(plugins)
    assert isinstance(model, Words)
    plugins.register(Raising(), name="raising")
    assert active_model(plugins) is None  # a raising implementation: logged, no model
    wrong = make_plugin_manager(load_entrypoints=False)
    wrong.register(NotAModel(), name="notamodel")
    assert active_model(wrong) is None
    assert hookspecs.similarity_model.claimtrack_spec.get("firstresult")

    checks = [
        FactCheck(claim=c, publisher="X", rating="False", label="false", url=u)
        for c, u in [("Masts spread the virus.", "a"), ("The virus came from bats.", "b")]
    ]
    with Matcher(semantic=model) as m, Matcher(semantic=False) as lexical:
        m.add(checks)
        lexical.add(checks)
        found = m.search("masts spread the virus")
        assert m.semantic_key.startswith("+words/1@") and lexical.semantic_key == ""
        assert found[0].fact_check.url == "a"
        assert found[0].features.semantic == 1.0
        assert [x.features.semantic for x in lexical.search("masts spread the virus")] == [0.0] * 2


def test_a_raising_hook_loses_only_its_own_items() -> None:
    class Bad:
        @hookimpl
        def register_verifiers(self, register):
            raise RuntimeError("boom")

    class Good:
        @hookimpl
        def register_verifiers(self, register):
            register(Echo())

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Bad(), name="bad")
    plugins.register(Good(), name="good")
    assert list(plugins.verifiers()) == ["echo"]
    assert plugins.records["bad"].error == "register_verifiers: RuntimeError: boom"


def test_implementations_may_take_fewer_arguments() -> None:
    seen = []

    class Plugin:
        @hookimpl
        def register_commands(self):
            seen.append(True)

    plugins = make_plugin_manager(load_entrypoints=False)
    plugins.register(Plugin(), name="noargs")
    plugins.commands()
    assert seen == [True]


# -- meta-tests (datasette's test_docs.py and test_plugins.py) ----------------------------


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_is_documented_with_its_exact_signature(hook: str) -> None:
    spec = getattr(hookspecs, hook)
    params = ", ".join(inspect.signature(spec).parameters)
    text = (DOCS / "plugin_hooks.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(hook)}\({re.escape(params)}\)$", text, re.MULTILINE), (
        f"docs/plugin_hooks.md lacks '## {hook}({params})'"
    )
    assert spec.__doc__ and "Example" in spec.__doc__
    if params:
        assert ":param" in spec.__doc__


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_has_a_test(hook: str) -> None:
    assert f"test_hook_{hook}" in globals(), f"write test_hook_{hook} in {__file__}"


def test_docs_document_only_real_hooks() -> None:
    text = (DOCS / "plugin_hooks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## (\w+)\(", text, re.MULTILINE))
    assert documented == set(_hook_names())
