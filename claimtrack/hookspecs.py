"""The hooks a claimtrack plugin can implement.

Every hook is a *register callback* (the simonw/llm pattern): claimtrack passes in a
``register`` function (or, for commands, the click group) and the plugin calls it once per
thing it provides. claimtrack validates each item, reports a duplicate name instead of
letting it shadow the first one, and remembers which plugin registered what, so
``claimtrack plugins`` can show it.

Hook names are not prefixed: the ``claimtrack`` marker namespace keeps them apart from
other pluggy projects. An implementation may accept fewer arguments than the spec
(pluggy passes only the ones it names), so arguments can be added later without breaking
plugins. Each hook is documented, with an example, in ``docs/plugin_hooks.md``; a test
checks that the signatures there match these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import date

    import click
    import httpx

    from claimtrack.contracts import ExporterProtocol, ExtractorProtocol, VerifierProtocol
    from claimtrack.retrieval.semantic import SimilarityModel
    from claimtrack.verification.api import ClaimInfo, Passage

hookspec = HookspecMarker("claimtrack")
hookimpl = HookimplMarker("claimtrack")

__all__ = [
    "claim_checked_by",
    "find_passages",
    "hookimpl",
    "hookspec",
    "register_commands",
    "register_exporters",
    "register_extractors",
    "register_verifiers",
    "resolve_group_members",
    "similarity_model",
]


# -- verification --------------------------------------------------------------------------


@hookspec
def register_verifiers(register: Callable[[VerifierProtocol], None]) -> None:
    """Register verifiers: the objects that check claims and return verdicts.

    :param register: call ``register(verifier)`` once per verifier. ``verifier`` is an
        instance of :class:`claimtrack.verification.api.Verifier` (or any object meeting
        :class:`claimtrack.contracts.VerifierProtocol`: a non-empty ``name`` str, a
        ``version`` str, a ``kinds`` tuple of str and a ``verify(claim, ctx)`` method,
        coroutine or plain). An item that does not meet it, and a second verifier with a
        name already taken, are rejected and reported by ``claimtrack plugins``; the
        first one stays.
    :return: nothing; return values are ignored.

    Example::

        from claimtrack.hookspecs import hookimpl
        from claimtrack.verification.api import Verdict, Verifier

        class Always(Verifier):
            name = "always"
            version = "1.0"
            kinds = ("statistic",)

            async def verify(self, claim, ctx):
                return Verdict.unverifiable("this example checks nothing")

        @hookimpl
        def register_verifiers(register):
            register(Always())
    """


# -- cooperation between verifiers -----------------------------------------------------------
#
# Verifiers ask each other through these hooks, via ``ctx.plugins.ask(hook, ...)`` (see
# :meth:`claimtrack.plugins.Plugins.ask`): only loaded plugins answer, so the disable list
# and ``CLAIMTRACK_LOAD_PLUGINS`` apply. An implementation may be a coroutine function.


@hookspec(firstresult=True)
def resolve_group_members(
    group: str, on: date, http: httpx.AsyncClient
) -> Awaitable[dict[str, Any] | None] | dict[str, Any] | None:
    """The members of a group of countries (``"G7"``, ``"BRICS"``) on a date.

    claimtrack-worldbank asks it for share-of-world claims whose sentence does not list
    the members. The first implementation with an answer wins.

    :param group: the group's name as the claim gives it.
    :param on: the date the claim is judged at (the article's publication date).
    :param http: the run's shared ``httpx.AsyncClient``; use it, do not make your own.
    :return: ``{"group": str, "url": str, "members": [{"name": str, "iso3": str | None}]}``,
        or None when the group is unknown to this plugin or its source is unreachable.
        May be a coroutine function (``async def``).

    Example::

        from claimtrack.hookspecs import hookimpl

        @hookimpl
        async def resolve_group_members(group, on, http):
            if group != "Benelux":
                return None
            return {"group": "Benelux", "url": "https://example.org/benelux",
                    "members": [{"name": n, "iso3": c} for n, c in
                                [("Belgium", "BEL"), ("Netherlands", "NLD"), ("Luxembourg", "LUX")]]}
    """


@hookspec(firstresult=True)
def claim_checked_by(claim: ClaimInfo) -> str | None:
    """Which of this plugin's structured verifiers checks ``claim``, if any.

    claimtrack-wikipedia (passages for a reviewer, never a verdict) leaves such claims to
    the structured verifier. Keep it cheap and offline: it runs once per claim.

    :param claim: the claim (:class:`claimtrack.verification.api.ClaimInfo`).
    :return: the verifier's name, or None when none of this plugin's verifiers checks it.

    Example::

        from claimtrack.hookspecs import hookimpl

        @hookimpl
        def claim_checked_by(claim):
            return "capitals" if "capital" in claim.text else None
    """


@hookspec
def find_passages(
    query: str, http: httpx.AsyncClient, limit: int, lang: str
) -> Awaitable[list[Passage] | None] | list[Passage] | None:
    """Evidence passages for a claim, from this plugin's source: text a verifier can read
    and cite (an LLM-based verifier quotes spans of them).

    Not ``firstresult``: every loaded plugin that implements it answers, and the asker
    uses all the answers (``async for plugin, passages in ctx.plugins.ask("find_passages",
    query=..., http=ctx.http, limit=5, lang="en")``). claimtrack-wikipedia implements it.

    :param query: the claim (or one part of it) in plain words; pick your own search
        terms from it.
    :param http: the run's shared ``httpx.AsyncClient``; use it, do not make your own.
    :param limit: the most passages to return, best first.
    :param lang: the language wanted, an ISO 639-1 code (``"en"``).
    :return: a list of :class:`claimtrack.verification.api.Passage` (each ``id`` stable and
        unique within the run, ``source`` your plugin's name), ``[]`` when nothing
        relevant was found, or None when your source is unreachable or does not serve
        ``lang``. May be a coroutine function (``async def``).

    Example::

        from claimtrack import Passage
        from claimtrack.hookspecs import hookimpl

        @hookimpl
        def find_passages(query, http, limit, lang):
            if lang != "en" or "Canberra" not in query:
                return []
            return [Passage(id="atlas:Canberra#1", source="atlas", title="Canberra",
                            url="https://example.org/canberra",
                            text="Canberra is the capital city of Australia.")][:limit]
    """


# -- finding earlier fact-checks ------------------------------------------------------------


@hookspec(firstresult=True)
def similarity_model() -> SimilarityModel | None:
    """A sentence-similarity model for the matcher's semantic stage.

    claimtrack's one matcher (:class:`claimtrack.retrieval.Matcher`) asks it once per
    process, on its first search. With a model, it adds the model's similarity of the
    input and each first-stage candidate (the fact-check's claim and title) to its
    re-ranking score and calibrates with the semantic stage's own constants; stored
    "previously checked" results are keyed by the model's ``name``. The first
    implementation with an answer wins. claimtrack-semantic implements it.

    :return: an object with a ``name`` str (the model and its version) and
        ``similarities(query, documents) -> list[float]`` (the cosine of ``query`` and
        each document, in [-1, 1], in order; keep it fast, cache document embeddings),
        or None when this plugin has no model to give (say why once, in one line).

    Example::

        from claimtrack.hookspecs import hookimpl

        class SharedWords:
            name = "shared-words/1"

            def similarities(self, query, documents):
                q = set(query.lower().split())
                return [len(q & set(d.lower().split())) / max(1, len(q)) for d in documents]

        @hookimpl
        def similarity_model():
            return SharedWords()
    """


# -- extraction ----------------------------------------------------------------------------


@hookspec
def register_extractors(register: Callable[[ExtractorProtocol], None]) -> None:
    """Register claim extractors.

    :param register: call ``register(extractor)`` with an object that has ``name``,
        ``version`` and ``extract(text, context) -> list[ExtractedClaim]``
        (:class:`claimtrack.contracts.ExtractorProtocol`); ``context.settings`` holds its
        ``[extractors.<name>]`` settings. Items that do not meet it and duplicate names are
        rejected and reported.
    :return: nothing; return values are ignored.

    Example::

        from claimtrack.hookspecs import hookimpl

        @hookimpl
        def register_extractors(register):
            register(MyExtractor())
    """


# -- export --------------------------------------------------------------------------------


@hookspec
def register_exporters(register: Callable[[ExporterProtocol], None]) -> None:
    """Register exporters: formats the registry can be written out in.

    :param register: call ``register(exporter)`` with an object that has a ``name`` str
        (the format name users type, e.g. ``"claimreview"``) and an ``export(rows, out)``
        method (:class:`claimtrack.contracts.ExporterProtocol`; see ``claimtrack.export``
        for the arguments). Items that do not meet it and duplicate names are rejected
        and reported.
    :return: nothing; return values are ignored.

    Example::

        from claimtrack.hookspecs import hookimpl

        class CsvExporter:
            name = "csv"
            version = "1.0"

            def export(self, rows, out):
                ...

        @hookimpl
        def register_exporters(register):
            register(CsvExporter())
    """


# -- command line --------------------------------------------------------------------------


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``claimtrack`` command line.

    :param cli: the root click group. Decorate functions with ``@cli.command()`` (or call
        ``cli.add_command(cmd)``). A command whose name a built-in command already uses is
        ignored and reported. Import heavy modules inside the command function, so that
        ``claimtrack --help`` stays fast.
    :return: nothing; return values are ignored.

    Example::

        import click
        from claimtrack.hookspecs import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command()
            @click.argument("name")
            def hello(name):
                "Say hello."
                click.echo(f"Hello, {name}")
    """
