"""The public verifier API: what a verifier receives and what it returns.

A verifier plugin registers objects implementing :class:`Verifier` through the
``register_verifiers(register)`` hook. For each claim whose kind it handles, claimtrack
calls ``await verifier.verify(claim, ctx)``; the verifier returns a :class:`Verdict`, a
list of Verdicts (one per checkable part of the claim, ``claim.parts``, each naming its
part: ``Verdict.on(part)``), or ``None`` when the claim is not something it can check.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import threading
import types
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from claimtrack.errors import ClaimtrackError
from claimtrack.extraction.parts import Part, claim_parts
from claimtrack.labels import VERDICT_LABELS, Label

if TYPE_CHECKING:
    import httpx

    from claimtrack.plugins import Plugins

#: The verdict labels (:data:`claimtrack.labels.VERDICT_LABELS`).
LABELS: tuple[Label, ...] = VERDICT_LABELS  # type: ignore[assignment]

#: schema.org ClaimReview ``reviewRating`` for each label: (ratingValue, alternateName).
#: Scale 1 (worst, false) to 5 (best, true); unverifiable and error have no rating value.
CLAIMREVIEW_RATINGS: dict[str, tuple[int | None, str]] = {
    "supported": (5, "True"),
    "mixed": (3, "Mixture"),
    "refuted": (1, "False"),
    "unverifiable": (None, "Unverifiable"),
    "error": (None, "Not rated"),
}


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence behind a verdict.

    ``url`` is a page a person can open (the Wikidata item, the World Bank indicator
    page, the fact-check). ``snippet`` is the quoted text or value that supports the
    verdict.
    """

    source: str
    url: str | None = None
    title: str | None = None
    snippet: str | None = None
    retrieved_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in the registry and printed by reports."""
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "snippet": self.snippet,
            "retrieved_at": self.retrieved_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """The inverse of :meth:`to_dict` (unknown keys are ignored)."""
        retrieved = data.get("retrieved_at")
        when = (
            datetime.fromisoformat(retrieved) if isinstance(retrieved, str) else datetime.now(UTC)
        )
        return cls(
            source=str(data.get("source") or ""),
            url=data.get("url"),
            title=data.get("title"),
            snippet=data.get("snippet"),
            retrieved_at=when,
        )


@dataclass(frozen=True)
class Passage:
    """One passage of evidence text a verifier can read and cite (an LLM-based verifier
    quotes spans of it).

    Plugins answer the ``find_passages`` cooperation hook with them (claimtrack-wikipedia
    gives Wikipedia passages), and :meth:`VerifyContext.earlier_fact_checks` gives the
    run's imported fact-checks as passages.

    :param id: stable and unique within a run, e.g. ``"wikipedia:Canberra#2"`` (the
        source's prefix, the page, the passage's number): a citation names it.
    :param source: the plugin (or ``"registry"``) it came from.
    :param title: a title a person can read, e.g. ``"Canberra – Wikipedia"``.
    :param url: a page a person can open ("" when there is none).
    :param text: the passage itself (plain text; claimtrack-wikipedia keeps each under
        about 1,000 characters).
    """

    id: str
    source: str
    title: str
    url: str
    text: str


@dataclass(frozen=True)
class Verdict:
    """A verifier's conclusion about one claim.

    :param label: ``supported``, ``refuted``, ``mixed``, ``unverifiable`` or ``error``.
    :param confidence: how sure the verifier is, in [0, 1].
    :param summary: one line a reviewer can read, e.g. "capital of Australia is Canberra, not Sydney".
    :param evidence: what the verdict rests on.
    :param part: the id of the claim's part this verdict is on (``claim.parts``, e.g.
        ``"office-1"``), or None for the whole claim. A verdict on one part says nothing
        about the others: the claim's verdict is rolled up from its parts' verdicts.
        A verifier that checks several parts returns one verdict per part.
    """

    label: Label
    confidence: float = 0.5
    summary: str = ""
    evidence: tuple[Evidence, ...] | list[Evidence] = ()
    error: str | None = None
    part: str | None = None

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(
                f"unknown verdict label {self.label!r}; expected one of {', '.join(LABELS)}"
            )
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))

    @classmethod
    def unverifiable(
        cls, reason: str, evidence: list[Evidence] | tuple[Evidence, ...] = ()
    ) -> Verdict:
        """A verdict for a claim the verifier looked at but could not decide, with the reason."""
        return cls("unverifiable", 0.0, reason, tuple(evidence))

    @classmethod
    def supported(
        cls, summary: str, confidence: float = 0.8, evidence: Sequence[Evidence] = ()
    ) -> Verdict:
        """The claim agrees with the evidence."""
        return cls("supported", confidence, summary, tuple(evidence))

    @classmethod
    def refuted(
        cls, summary: str, confidence: float = 0.8, evidence: Sequence[Evidence] = ()
    ) -> Verdict:
        """The claim contradicts the evidence."""
        return cls("refuted", confidence, summary, tuple(evidence))

    @classmethod
    def mixed(
        cls, summary: str, confidence: float = 0.5, evidence: Sequence[Evidence] = ()
    ) -> Verdict:
        """Part of the claim holds and part does not."""
        return cls("mixed", confidence, summary, tuple(evidence))

    @classmethod
    def failed(cls, reason: str) -> Verdict:
        """An ``error`` verdict: the check itself failed (the engine makes these for you
        when ``verify`` raises, times out or returns something else than a Verdict)."""
        return cls("error", 0.0, reason, (), error=reason)

    @classmethod
    def fake(
        cls,
        label: Label = "supported",
        summary: str = "fake verdict for tests",
        url: str | None = None,
    ) -> Verdict:
        """A verdict with one evidence item, for plugin authors' tests."""
        confidence = 0.0 if label in ("unverifiable", "error") else 0.9
        evidence = (
            Evidence(source="fake", url=url or "https://example.org/evidence", snippet=summary),
        )
        return cls(
            label, confidence, summary, evidence, error=summary if label == "error" else None
        )

    @property
    def rating(self) -> tuple[int | None, str]:
        """The schema.org ClaimReview ``(ratingValue, alternateName)`` for this label."""
        return CLAIMREVIEW_RATINGS[self.label]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the verdict."""
        return {
            "label": self.label,
            "confidence": round(float(self.confidence), 4),
            "summary": self.summary,
            "evidence": [e.to_dict() for e in self.evidence],
            "error": self.error,
            "part": self.part,
        }

    def on(self, part: Part | str | None) -> Verdict:
        """This verdict, on ``part`` (a :class:`~claimtrack.extraction.parts.Part` or its id)."""
        return replace(self, part=part if part is None or isinstance(part, str) else part.id)


def from_cache(response: httpx.Response) -> bool:
    """Whether ``response`` was served from claimtrack's HTTP cache (no request was sent).

    A GET is cached by URL; a POST only when sent with ``extensions={"claimtrack_cache":
    True}``, keyed by a hash of its method, URL and exact body (never a header, so never
    an API key). ``--no-cache`` runs, and clients without the cache, never serve from it.
    """
    status = response.extensions.get("caching")  # hishel's CacheStatus, a TypedDict
    if isinstance(status, Mapping):
        return bool(status.get("from_cache"))
    return bool(getattr(status, "from_cache", False))


class VerifierError(Exception):
    """Raise it from ``verify`` to record an ``error`` verdict with this message.

    Any other exception is recorded too, with its type name; this one just reads better,
    e.g. ``raise VerifierError("Wikidata answered 403: check your API key")``.
    """


@dataclass(frozen=True)
class ArticleInfo:
    """The article a claim was taken from (its first mention).

    ``published`` is the article's date, the date its claims are judged at, or None when
    it is unknown: a time-dependent check must then not judge by today's state of the
    world. ``published_source`` says where the date came from: ``given`` (the user),
    ``metadata`` (the HTML page), ``url``, ``text``, or None (no date, or not recorded).
    """

    id: int | None
    text: str
    url: str | None
    title: str | None
    published: datetime | None
    published_source: str | None = None


@dataclass(frozen=True)
class ClaimInfo:
    """A claim as a verifier sees it: text, kind, structured values, its sentence and its
    checkable parts (:class:`~claimtrack.extraction.parts.Part`; empty when extraction
    recognised no structure: the claim is then checked as a whole)."""

    id: int | None
    text: str
    kind: str
    values: dict[str, Any]
    sentence: str
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        if not self.parts and self.values:
            object.__setattr__(self, "parts", tuple(claim_parts(self.values)))

    def parts_of(self, *kinds: str) -> list[Part]:
        """The claim's parts of these kinds (all parts when none is given), in order."""
        return [p for p in self.parts if not kinds or p.kind in kinds]


#: ``ctx.run_state`` key of the verifier's :class:`RunFigures` (:meth:`VerifyContext.tally`).
FIGURES_KEY = "claimtrack.figures"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RunFigures:
    """One verifier's counters and notices for a run, shared by all its calls (and
    threads): what :meth:`VerifyContext.tally` and :meth:`VerifyContext.notice` record,
    and what ``claimtrack verify``/``check`` print after the run."""

    def __init__(self) -> None:
        #: counter name -> value, in first-tallied order
        self.counters: dict[str, int] = {}
        #: the notices, each once, in first-recorded order
        self.notices: list[str] = []
        self._lock = threading.Lock()

    def tally(self, counts: Mapping[str, int]) -> None:
        """Add ``counts`` to the counters (a counter starts at 0; negative counts subtract)."""
        for name, count in counts.items():
            if isinstance(count, bool) or not isinstance(count, int):
                raise TypeError(f"tally({name}=...) needs a whole number, not {count!r}")
        with self._lock:
            for name, count in counts.items():
                self.counters[name] = self.counters.get(name, 0) + count

    def notice(self, message: str) -> None:
        """Record ``message`` once (a message already recorded is not added again)."""
        text = " ".join(str(message).split())
        with self._lock:
            if text and text not in self.notices:
                self.notices.append(text)

    def counter_line(self) -> str | None:
        """``3 requests, 1,234 prompt tokens, 0 budget left``: every counter, in
        first-tallied order, ``_`` read as a space; None when every counter is 0."""
        with self._lock:
            counters = dict(self.counters)
        if not any(counters.values()):
            return None
        return ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counters.items())

    def notice_lines(self) -> list[str]:
        """The notices, each ``{counter}`` placeholder filled with that counter's final
        value (``"budget reached; {not_asked} claims not asked"``); other braces are kept."""
        with self._lock:
            counters, notices = dict(self.counters), list(self.notices)

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            return f"{counters[name]:,}" if name in counters else match.group(0)

        return [_PLACEHOLDER.sub(fill, notice) for notice in notices]


@dataclass
class VerifyContext:
    """What claimtrack hands a verifier for one claim.

    :param http: the shared ``httpx.AsyncClient`` (timeouts, retries, cache, User-Agent
        and concurrency limits are already applied: use it, do not create your own).
    :param settings: this verifier's settings from the config file and environment
        (API keys included; never log or return them).
    :param logger: a logger named after the verifier.
    :param article: the claim's article (text, date, URL), or None.
    :param run_state: a dict shared by every call of this verifier within one run, e.g.
        to report "source unreachable" once per run rather than once per claim.
    :param sources: source documents the user gave for this run (``verify --source``):
        name (the file name) -> text. The built-in quote check searches them.
    :param verifier: the name of the verifier this context is for.
    :param plugins: the run's plugins (:class:`claimtrack.plugins.Plugins`), to ask other
        plugins through the cooperation hooks: ``async for plugin, answer in
        ctx.plugins.ask("resolve_group_members", group=..., on=..., http=ctx.http)``.
        None (a context made by hand) means the process-wide plugins.
    :param fact_checks: how :meth:`earlier_fact_checks` searches the run's registry,
        supplied by claimtrack (``claimtrack verify``/``check`` and the review app): an
        async ``(text, top) -> list[Passage]``. None (a context made by hand, a run
        without a registry): no earlier fact-checks.
    """

    http: httpx.AsyncClient
    settings: dict[str, Any]
    logger: logging.Logger
    article: ArticleInfo | None
    run_state: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    verifier: str = ""
    plugins: Plugins | None = None
    fact_checks: Callable[[str, int], Awaitable[list[Passage]]] | None = None

    def __post_init__(self) -> None:
        if self.plugins is None:
            from claimtrack.plugins import get_plugins

            self.plugins = get_plugins()

    @property
    def figures(self) -> RunFigures:
        """This verifier's :class:`RunFigures` for the run (kept in ``run_state``)."""
        figures = self.run_state.get(FIGURES_KEY)
        if not isinstance(figures, RunFigures):
            figures = self.run_state.setdefault(FIGURES_KEY, RunFigures())
        return figures

    def tally(self, **counts: int) -> None:
        """Add to this verifier's counters for the run, shared by all its calls:
        ``ctx.tally(requests=1, prompt_tokens=812, cache_hits=0)``.

        After the run, ``claimtrack verify`` and ``claimtrack check`` print one line per
        verifier whose counters are not all 0: ``llm: 3 requests, 1,234 prompt tokens``
        (in first-tallied order, ``_`` as a space, thousands separated); ``verify --json``
        has them under ``figures``. Counts are whole numbers; a negative one subtracts
        (``budget_left``). Never put a secret in a counter's name.
        """
        self.figures.tally(counts)

    def notice(self, message: str) -> None:
        """Record ``message`` to be shown once after the run (the same message again is not
        repeated), e.g. ``ctx.notice("budget reached (max_requests=3); {not_asked} claims
        not asked")``: a ``{counter}`` placeholder is filled with that counter's value at
        the end of the run. Printed as ``<verifier>: <message>`` by ``claimtrack verify``
        and ``claimtrack check`` (under ``notices`` with ``--json``); the verifier's
        secret settings are masked in it.
        """
        self.figures.notice(message)

    async def earlier_fact_checks(self, text: str, top: int = 3) -> list[Passage]:
        """Published fact-checks imported into the run's registry (``claimtrack import
        claimreview``) that check the claim of ``text``, best first, at most ``top``.

        Found by claimtrack's one matcher (:class:`claimtrack.retrieval.Matcher`, the
        ``claimtrack match`` search): only those at or above its calibrated threshold
        (:attr:`claimtrack.retrieval.Match.previously_checked`). Each is a
        :class:`Passage` with ``source`` ``"registry"``, ``id`` ``"registry:<n>"`` (one
        number per fact-check in the run), the review's URL as ``url`` and as ``text``
        the checked claim, its rating and its publisher (and date). The same text is
        searched once per run, off the event loop. ``[]`` when the run has no registry
        (a context made by hand), the registry holds no fact-checks, or ``text`` is not
        one claim (empty, far too long).
        """
        if self.fact_checks is None or top < 1 or not text.strip():
            return []
        return list(await self.fact_checks(text, top))

    async def get_json(self, url: str, **kwargs: Any) -> Any:
        """GET ``url`` with the shared client and return its JSON body.

        A non-2xx status or a body that is not JSON raises :class:`VerifierError` (after
        the client's own retries), which the engine records as an ``error`` verdict.
        Keyword arguments go to ``httpx.AsyncClient.get`` (``params``, ``headers``…).
        """
        import json

        from claimtrack.verification.http import PARSED_JSON_EXTENSION

        response = await self.http.get(url, **kwargs)
        if response.status_code >= 400:
            raise VerifierError(f"{response.request.url.host} answered HTTP {response.status_code}")
        if PARSED_JSON_EXTENSION in response.extensions:  # parsed once already, when checked
            return response.extensions[PARSED_JSON_EXTENSION]
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise VerifierError(
                f"{response.request.url.host} sent a body that is not JSON: {exc}"
            ) from None

    @property
    def published(self) -> datetime | None:
        """The article's publication date: the date a fact is judged at.

        None when the article has no known date (or there is no article): never substitute
        today's date, which would judge an old article by today's world.
        """
        return self.article.published if self.article else None

    @property
    def published_source(self) -> str | None:
        """Where :attr:`published` came from (see :class:`ArticleInfo`), or None."""
        return self.article.published_source if self.article else None


class Verifier:
    """Base class for verifiers. Subclass it, set the class attributes, implement ``verify``.

    ``kinds`` lists the claim kinds handled (empty: every kind). ``verify`` may be a
    coroutine function or a plain function; a plain one runs in a worker thread.

    Settings are declared once, in a :class:`PluginConfig` dataclass named by ``config``:
    its fields' defaults, environment variables (``CLAIMTRACK_<NAME>_<FIELD>``, name
    upper-cased, ``-`` as ``_``, plus a :func:`setting`'s ``env``) and secrets
    (``setting(..., secret=True)``). ``ctx.settings`` then holds every field, read from the
    environment, the config file table ``[verifiers.<name>]`` and the defaults, in that
    order; ``config.load(ctx.settings)`` gives them typed. Secret values are masked in
    anything stored. (Without a ``config``, the older ``defaults`` and ``secrets`` class
    attributes still work; with one, they are derived from it.)
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "0"
    kinds: ClassVar[tuple[str, ...]] = ()
    #: The plugin's config dataclass: its defaults, environment names and secrets.
    config: ClassVar[type[PluginConfig] | None] = None
    #: Settings names that hold secrets: read from env/config, never logged or stored.
    #: Derived from ``config`` when it is set.
    secrets: ClassVar[tuple[str, ...]] = ()
    #: Default settings, overridden by the config file and the environment.
    #: Derived from ``config`` when it is set.
    defaults: ClassVar[dict[str, Any]] = {}
    #: True when the verifier never uses the network (``check --offline`` runs only these).
    offline: ClassVar[bool] = False
    #: Seconds one ``verify`` call may take; None uses the engine's limit.
    timeout: ClassVar[float | None] = None

    def __init_subclass__(cls, /, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        config = cls.__dict__.get("config")
        if config is not None:
            if not (isinstance(config, type) and issubclass(config, PluginConfig)):
                raise TypeError(f"{cls.__name__}.config must be a PluginConfig dataclass")
            # One source of truth: what reads ``secrets``/``defaults`` sees the config's.
            if "secrets" not in cls.__dict__:
                cls.secrets = config.secret_names()
            if "defaults" not in cls.__dict__:
                cls.defaults = config.defaults()

    def applies_to(self, claim: ClaimInfo) -> bool:
        """Whether this verifier should be called for ``claim`` (default: by kind)."""
        return not self.kinds or claim.kind in self.kinds

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        """Check ``claim``: a :class:`Verdict`, a list of them (one per part checked, each
        naming its part with :meth:`Verdict.on`; ``claim.parts``), or None when the claim
        is not one this verifier can check (decide that quickly, before any request)."""
        raise NotImplementedError


# -- typed settings ------------------------------------------------------------------------

_C = TypeVar("_C")
_META = "claimtrack.setting"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingError(ClaimtrackError, ValueError):
    """A setting has a value of the wrong type; the message names the setting and its source.

    :attr:`expected` says what a good value is ("a number"), :attr:`value` is the bad one.
    """

    def __init__(self, message: str, *, expected: str = "", value: Any = None) -> None:
        super().__init__(message)
        self.expected = expected
        self.value = value


def settings_env_name(name: str, key: str) -> str:
    """The environment variable for setting ``key`` of plugin ``name``: ``CLAIMTRACK_<NAME>_<KEY>``
    (upper-cased, ``-`` and ``.`` as ``_``), the scheme the engine uses for ``ctx.settings``."""
    return f"CLAIMTRACK_{name}_{key}".upper().replace("-", "_").replace(".", "_")


def setting(
    default: Any,
    *,
    env: Sequence[str] = (),
    aliases: Sequence[str] = (),
    secret: bool = False,
) -> Any:
    """A config dataclass field with extra names for :func:`load_config`.

    :param env: more environment variables, read (in order) after ``CLAIMTRACK_<NAME>_<KEY>``,
        e.g. ``("GOOGLE_FACTCHECK_API_KEY",)``.
    :param aliases: more keys of the settings mapping, read after the field's own name,
        e.g. ``("api_key",)``.
    :param secret: the value is a secret (an API key): left out of the config's ``repr``,
        masked (``***``) in every verdict the engine stores, and never sent on by a redirect
        to another origin.
    """
    return dataclasses.field(
        default=default,
        repr=not secret,
        metadata={_META: {"env": tuple(env), "aliases": tuple(aliases), "secret": secret}},
    )


def _unset(value: Any) -> bool:
    return value is None or value == ""


def _to_int(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(str(value).strip())


def _to_float(value: Any) -> float:
    return float(str(value).strip())


#: type -> (parser, what a good value is)
_NUMBERS: dict[type, tuple[Callable[[Any], Any], str]] = {
    int: (_to_int, "a whole number"),
    float: (_to_float, "a number"),
}


def _coerce(value: Any, kind: Any, where: str) -> Any:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):  # ``float | None``
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        kind = args[0] if len(args) == 1 else None
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise SettingError(
            f"{where}: {value!r} is not true or false (use one of {', '.join(_TRUE + _FALSE)})",
            expected="true or false",
            value=value,
        )
    if kind in _NUMBERS:
        parse, what = _NUMBERS[kind]
        if not isinstance(value, bool):
            try:
                return parse(value)
            except ValueError:
                pass
        raise SettingError(f"{where}: {value!r} is not {what}", expected=what, value=value)
    if kind is str:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        raise SettingError(f"{where}: {value!r} is not a string", expected="a string", value=value)
    return value


def load_config(
    cls: type[_C],
    settings: Mapping[str, Any] | None = None,
    *,
    name: str,
    env: Mapping[str, str] | None = None,
) -> _C:
    """Build the config dataclass ``cls`` of plugin ``name`` from its settings.

    For each field: the environment variable ``CLAIMTRACK_<NAME>_<FIELD>`` (see
    :func:`settings_env_name`), then the field's extra ``env`` names (:func:`setting`), then
    ``settings[<field>]``, then the field's ``aliases`` in ``settings``, then the field's
    default. An empty value counts as unset. The value is converted to the field's type
    (``str``, ``int``, ``float``, ``bool``, or one of them ``| None``; other types are
    passed through): a bool accepts ``1/0``, ``true/false``, ``yes/no``, ``on/off``. A value
    that does not convert raises :class:`SettingError` (a ``ValueError``) naming the
    setting and where it came from.

    :param settings: e.g. ``ctx.settings``; None for none.
    :param env: the environment to read (default ``os.environ``).
    """
    if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
        raise TypeError(f"load_config needs a dataclass type, not {cls!r}")
    settings = settings or {}
    environ = os.environ if env is None else env
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        extra = f.metadata.get(_META, {})
        sources = [
            (f"environment variable {var}", environ.get(var))
            for var in (settings_env_name(name, f.name), *extra.get("env", ()))
        ]
        sources += [
            (f"settings key {key!r}", settings.get(key))
            for key in (f.name, *extra.get("aliases", ()))
        ]
        for source, value in sources:
            if not _unset(value):
                where = f"{name} setting {f.name!r} (from {source})"
                out[f.name] = _coerce(value, hints.get(f.name, f.type), where)
                break
    return cls(**out)


class PluginConfig:
    """Base class for a plugin's config dataclass: the one place its settings are declared.

    ``Config.load(settings)`` is :func:`load_config`. The fields' defaults are the plugin's
    defaults, their names give the environment variables (``CLAIMTRACK_<NAME>_<FIELD>``,
    plus a :func:`setting`'s ``env``), and fields made with ``setting(..., secret=True)``
    are its secrets. A :class:`Verifier` points at it with ``config = Config`` and needs
    no ``defaults`` or ``secrets`` of its own.

    ::

        @dataclass(frozen=True)
        class Config(PluginConfig, plugin="wikidata"):
            api: str = DEFAULT_API
            timeout: float = 10.0
            key: str = setting("", secret=True)

        config = Config.load(ctx.settings)   # CLAIMTRACK_WIKIDATA_API, then settings["api"], ...
    """

    _plugin: ClassVar[str] = ""

    def __init_subclass__(cls, /, plugin: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if plugin is not None:
            cls._plugin = plugin

    @classmethod
    def load(
        cls, settings: Mapping[str, Any] | None = None, *, env: Mapping[str, str] | None = None
    ) -> Self:
        """This config from ``settings`` and the environment (see :func:`load_config`)."""
        if not cls._plugin:
            raise TypeError(
                f"{cls.__name__} needs a plugin name: class {cls.__name__}(PluginConfig, plugin='<name>')"
            )
        return load_config(cls, settings, name=cls._plugin, env=env)

    @classmethod
    def plugin_name(cls) -> str:
        """The plugin name given as ``class Config(PluginConfig, plugin="<name>")``."""
        return cls._plugin

    @classmethod
    def _fields(cls) -> tuple[dataclasses.Field[Any], ...]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} must be a dataclass (@dataclass(frozen=True))")
        return tuple(f for f in dataclasses.fields(cls) if f.init)

    @classmethod
    def secret_names(cls) -> tuple[str, ...]:
        """The fields made with ``setting(..., secret=True)``."""
        return tuple(f.name for f in cls._fields() if f.metadata.get(_META, {}).get("secret"))

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Each field's default (fields with a ``default_factory`` get a fresh value)."""
        out: dict[str, Any] = {}
        for f in cls._fields():
            if f.default is not dataclasses.MISSING:
                out[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                out[f.name] = f.default_factory()
        return out

    @classmethod
    def env_names(cls) -> dict[str, tuple[str, ...]]:
        """Field -> the environment variables :func:`load_config` reads for it, in order."""
        return {
            f.name: (
                settings_env_name(cls._plugin, f.name),
                *f.metadata.get(_META, {}).get("env", ()),
            )
            for f in cls._fields()
        }

    def as_settings(self) -> dict[str, Any]:
        """The loaded values by field name (secrets included: never log or store them)."""
        return {f.name: getattr(self, f.name) for f in self._fields()}

    def secret_values(self) -> list[str]:
        """The secret fields' values that are set, as strings (for masking)."""
        return [
            str(value) for name in self.secret_names() if not _unset(value := getattr(self, name))
        ]


def config_class(item: Any) -> type[PluginConfig] | None:
    """The :class:`PluginConfig` dataclass an item (verifier, extractor, exporter) names as
    its ``config``, or None."""
    config = getattr(item, "config", None)
    return config if isinstance(config, type) and issubclass(config, PluginConfig) else None


def plugin_settings(item: Any, configured: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The settings an item of a plugin gets (``ctx.settings``, ``context.settings``).

    With a ``config`` (:func:`config_class`): every field of it, loaded from the
    environment, ``configured`` (its config-file table) and the defaults
    (:func:`load_config`), over the table's own keys; a bad value raises
    :class:`SettingError`. Without one: its ``defaults`` attribute, then the table, then
    ``CLAIMTRACK_<NAME>_<KEY>`` for every key in ``defaults``, ``secrets`` and the table.
    """
    config = config_class(item)
    table = dict(configured or {})
    if config is not None:
        return {**table, **config.load(table).as_settings()}
    settings: dict[str, Any] = dict(getattr(item, "defaults", {}) or {})
    settings.update(table)
    for key in set(settings) | set(getattr(item, "secrets", ()) or ()):
        value = os.environ.get(settings_env_name(item.name, key))
        if value is not None:
            settings[key] = value
    return settings


def secret_values(item: Any, settings: Mapping[str, Any]) -> list[str]:
    """The values in ``settings`` of the item's secret settings that are set (its
    ``secrets`` and its config's ``setting(..., secret=True)`` fields), for masking."""
    names = set(getattr(item, "secrets", ()) or ())
    config = config_class(item)
    if config is not None:
        names.update(config.secret_names())
    return [str(settings[k]) for k in sorted(names) if not _unset(settings.get(k))]


def configured_settings(section: str, name: str) -> dict[str, Any]:
    """The config file's ``[<section>.<name>]`` table (section ``verifiers``, ``extractors``
    or ``exporters``), for code that has no context to read settings from (a cooperation
    hook); empty when there is none."""
    from claimtrack.config import load_settings

    table = load_settings().section(section).get(name)
    return dict(table) if isinstance(table, dict) else {}


def plugin_config_classes() -> dict[str, list[type[PluginConfig]]]:
    """The :class:`PluginConfig` dataclasses defined so far (by the plugins loaded), by plugin name.

    ``claimtrack doctor``, ``verify`` and ``check`` use it to check the config file's
    ``[verifiers.<name>]`` / ``[extractors.<name>]`` tables before any claim is verified.
    """
    found: dict[str, list[type[PluginConfig]]] = {}
    pending = list(PluginConfig.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls._plugin and dataclasses.is_dataclass(cls) and cls not in found.get(cls._plugin, []):
            found.setdefault(cls._plugin, []).append(cls)
    return found
