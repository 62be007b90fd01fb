"""The contracts a plugin's items meet: what a verifier, an extractor and an exporter are.

They are :class:`typing.Protocol` classes, so an item need not subclass anything: any
object with the members below will do (subclassing
:class:`claimtrack.verification.api.Verifier` is the easy way for a verifier). The hook
types (:mod:`claimtrack.hookspecs`), the verification engine and the checks claimtrack
runs when a plugin registers an item all use them: :func:`check_item` rejects an item that
does not meet its contract at load, with a one-line reason (``claimtrack plugins`` and the
commands' ``warning: plugin ...`` line show it), instead of an ``AttributeError`` when it
is first used.

Members read with a default when absent (so not part of the contracts): a verifier's
``applies_to(claim)``, ``timeout``, ``offline``, ``config`` (its
:class:`~claimtrack.verification.api.PluginConfig`), ``secrets`` and ``defaults``; an
exporter's ``suffix``, ``description`` and ``version``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TextIO, runtime_checkable

if TYPE_CHECKING:
    from claimtrack.export import ExportRow
    from claimtrack.extraction.base import ArticleContext, ExtractedClaim
    from claimtrack.verification.api import ClaimInfo, Verdict, VerifyContext

__all__ = [
    "ExporterProtocol",
    "ExtractorProtocol",
    "VerifierProtocol",
    "check_item",
]


@runtime_checkable
class VerifierProtocol(Protocol):
    """What ``register_verifiers`` takes: an object that checks claims.

    ``verify(claim, ctx)`` returns a :class:`~claimtrack.verification.api.Verdict`, a list
    of them (one per part of the claim it checked, each naming its part), or None when the
    claim is not one it can check (nothing is stored; the pair is asked again on the next
    run). It may be a coroutine function or a plain function (run in a worker thread).
    """

    @property
    def name(self) -> str:
        """The verifier's name: the ``[verifiers.<name>]`` table and ``CLAIMTRACK_<NAME>_*``."""

    @property
    def version(self) -> str:
        """Stored with each verdict."""

    @property
    def kinds(self) -> Sequence[str]:
        """The claim kinds it handles; empty for every kind."""

    def verify(
        self, claim: ClaimInfo, ctx: VerifyContext
    ) -> Verdict | Sequence[Verdict] | Awaitable[Verdict | Sequence[Verdict] | None] | None:
        """Check ``claim``."""


@runtime_checkable
class ExtractorProtocol(Protocol):
    """What ``register_extractors`` takes: an object that turns article text into claims.

    ``extract`` returns every sentence it considers (check-worthy or not); the registry
    stores those with ``checkworthy`` set. ``context.settings`` holds the extractor's
    settings (the ``[extractors.<name>]`` table; read them with a
    :class:`~claimtrack.verification.api.PluginConfig`).
    """

    @property
    def name(self) -> str:
        """The extractor's name: the ``[extractors.<name>]`` table and ``CLAIMTRACK_<NAME>_*``."""

    @property
    def version(self) -> str:
        """The extractor's version."""

    def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
        """The claims found in ``text``."""


@runtime_checkable
class ExporterProtocol(Protocol):
    """What ``register_exporters`` takes: a format the registry can be written out in.

    ``export(rows, out)`` writes a list of :class:`~claimtrack.export.ExportRow` to the text
    stream ``out`` and may return how many claims it wrote (None: every row). An exporter
    whose ``export`` also takes a ``context`` argument gets an
    :class:`~claimtrack.export.ExportContext` with its settings.
    """

    @property
    def name(self) -> str:
        """The format name users type (``claimtrack export --format NAME``)."""

    def export(self, rows: list[ExportRow], out: TextIO) -> int | None:
        """Write ``rows`` to ``out``."""


#: Kind of item -> (its protocol, its method, the arguments that method is called with).
_CONTRACTS: dict[str, tuple[type, str, tuple[str, ...]]] = {
    "verifiers": (VerifierProtocol, "verify", ("claim", "ctx")),
    "extractors": (ExtractorProtocol, "extract", ("text", "context")),
    "exporters": (ExporterProtocol, "export", ("rows", "out")),
}


def _takes(method: Callable[..., Any], args: tuple[str, ...], **optional: Any) -> bool:
    """Whether ``method`` can be called with ``len(args)`` positional arguments, alone or
    with the keyword arguments ``optional`` (an exporter's ``context``)."""
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):  # no signature to read (some builtins): give it a chance
        return True
    for keywords in ({}, optional) if optional else ({},):
        try:
            signature.bind(*args, **keywords)
        except TypeError:
            continue
        return True
    return False


def check_item(kind: str, item: Any) -> str:
    """The name of ``item``, a ``verifiers``, ``extractors`` or ``exporters`` item, or a
    ``TypeError`` saying in one line how it fails its contract."""
    protocol, method_name, args = _CONTRACTS[kind]
    what = kind[:-1]
    name = getattr(item, "name", None)
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"{type(item).__name__} has no name (a non-empty str attribute 'name')")
    method = getattr(item, method_name, None)
    if not callable(method):
        raise TypeError(f"{what} {name!r} has no {method_name}({', '.join(args)}) method")
    if not _takes(method, args, **({"context": None} if kind == "exporters" else {})):
        takes = ", ".join(inspect.signature(method).parameters)
        raise TypeError(
            f"{what} {name!r}: {method_name}() must take ({', '.join(args)}), not ({takes})"
        )
    if kind in ("verifiers", "extractors") and not isinstance(getattr(item, "version", None), str):
        raise TypeError(f"{what} {name!r}: version must be a str")
    if kind == "verifiers":
        kinds = getattr(item, "kinds", None)
        if (
            not isinstance(kinds, Sequence)
            or isinstance(kinds, str)
            or not all(isinstance(k, str) for k in kinds)
        ):
            raise TypeError(f"verifier {name!r}: kinds must be a tuple of str, got {kinds!r}")
        applies_to = getattr(item, "applies_to", None)
        if applies_to is not None and not (callable(applies_to) and _takes(applies_to, ("claim",))):
            raise TypeError(f"verifier {name!r}: applies_to must be a method taking (claim)")
    config = getattr(item, "config", None)
    plugin = getattr(config, "plugin_name", None)
    if kind != "exporters" and config is not None and callable(plugin) and plugin() != name:
        raise TypeError(
            f"{what} {name!r}: its config {config.__name__} is for plugin {plugin()!r}; "
            f"settings and CLAIMTRACK_<NAME>_* variables go by the {what}'s name"
        )
    if not isinstance(item, protocol):  # the checks above cover it; kept as the final word
        raise TypeError(f"{what} {name!r} does not meet the {protocol.__name__} contract")
    return name
