"""The verification engine: every applicable verifier on every selected claim, concurrently.

One run:

1. loads the selected claims with their first mention's article;
2. pairs each claim with each verifier whose ``applies_to`` accepts it, and drops the
   pairs that already have a verdict (so a run killed half-way and started again does
   only what is missing; ``--stale DAYS`` counts only verdicts newer than that);
3. leases the pairs a batch at a time (:meth:`Registry.claim_pairs`), so several runs at
   once share the work: a pair another run has done or is doing is skipped. The run beats
   a heartbeat; one that dies loses its leases when it is found dead (its process is gone,
   or its lease expired) and is marked ``abandoned``;
4. calls the verifiers through a pool of workers, all sharing one HTTP client
   (:mod:`claimtrack.verification.http`), each call under a time limit;
5. writes the verdicts as they arrive, what queued meanwhile in one transaction, from one writer
   thread so the event loop never waits on the database.

A verifier returns a Verdict or a list of them, each on a part of the claim
(``Verdict.part``) or on the whole claim; the verdicts of one call are written together.
An exception, a timeout, or a return value that is not that (not a Verdict, a part the
claim does not have, two verdicts on one part) becomes an ``error`` verdict naming the
verifier, its plugin and the reason; the other calls go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from claimtrack.collector import long_lived_frozen
from claimtrack.contracts import VerifierProtocol
from claimtrack.models import utcnow
from claimtrack.progress import VerifyProgress
from claimtrack.verification.api import (
    FIGURES_KEY,
    ArticleInfo,
    ClaimInfo,
    Evidence,
    Passage,
    RunFigures,
    Verdict,
    VerifierError,
    VerifyContext,
    plugin_settings,
    secret_values,
)
from claimtrack.verification.http import HttpOptions, NetworkStats, make_client

if TYPE_CHECKING:
    import httpx

    from claimtrack.plugins import Plugins
    from claimtrack.registry import Registry

logger = logging.getLogger("claimtrack.verification")

DEFAULT_CALL_TIMEOUT = 60.0
#: The ``verdict.part`` column's value for a verdict on the whole claim (``Verdict.part`` None).
WHOLE_CLAIM = ""
#: The longest part id a verdict can name (the ``verdict.part`` column's length).
PART_ID_MAX = 128
#: How long a run's leases on its pairs last without a heartbeat (see Registry.claim_pairs).
LEASE_SECONDS = 120.0


@dataclass
class VerifyOptions:
    """What a run does. The CLI builds one from its options and the config file."""

    call_timeout: float = DEFAULT_CALL_TIMEOUT
    stale_days: float | None = None
    retry_errors: bool = False
    workers: int | None = None
    http: HttpOptions = field(default_factory=HttpOptions)
    sources: dict[str, str] = field(default_factory=dict)
    verifier_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    progress: bool | None = None
    lease_seconds: float = LEASE_SECONDS


@dataclass
class Target:
    """A claim ready to verify: what the verifier sees."""

    claim: ClaimInfo
    article: ArticleInfo | None


@dataclass
class RunResult:
    """What a run did."""

    run_id: int | None
    pairs: int = 0
    already_done: int = 0
    elsewhere: int = 0
    done: int = 0
    not_applicable: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    network: NetworkStats = field(default_factory=NetworkStats)
    interrupted: bool = False
    #: verifier -> its counters (``ctx.tally``), for the verifiers that tallied any
    figures: dict[str, dict[str, int]] = field(default_factory=dict)
    #: verifier -> its notices (``ctx.notice``), placeholders filled, secrets masked
    notices: dict[str, list[str]] = field(default_factory=dict)
    #: verifier -> its counters as one line (``3 requests, 1,234 prompt tokens``)
    figure_text: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Calls that ended in an ``error`` verdict."""
        return self.labels.get("error", 0)

    def figure_lines(self) -> list[str]:
        """What the verifiers tallied and noticed in the run, one line each, per verifier:
        ``llm: 3 requests, 1,234 prompt tokens, 0 budget left`` (only when not every counter
        is 0), then ``llm: <notice>`` for each notice."""
        lines = []
        for name in dict.fromkeys([*self.figure_text, *self.notices]):
            if name in self.figure_text:
                lines.append(f"{name}: {self.figure_text[name]}")
            lines.extend(f"{name}: {notice}" for notice in self.notices.get(name, []))
        return lines

    def _collect(
        self,
        run_states: dict[str, dict[str, Any]],
        masks: dict[str, Callable[[str | None], str | None]],
    ) -> None:
        for name, state in run_states.items():
            figures = state.get(FIGURES_KEY)
            if not isinstance(figures, RunFigures):
                continue
            if figures.counters:
                self.figures[name] = dict(figures.counters)
            if (line := figures.counter_line()) is not None:
                self.figure_text[name] = masks[name](line) or ""
            notices = [masks[name](n) or "" for n in figures.notice_lines()]
            if notices:
                self.notices[name] = notices

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``claimtrack verify --json``."""
        return {
            "run_id": self.run_id,
            "pairs": self.pairs,
            "already_done": self.already_done,
            "elsewhere": self.elsewhere,
            "recorded": self.done,
            "not_applicable": self.not_applicable,
            "labels": dict(self.labels),
            "elapsed_s": round(self.elapsed, 3),
            "http": {
                "requests": self.network.requests,
                "retries": self.network.retries,
                "failures": self.network.failures,
            },
            "interrupted": self.interrupted,
            "figures": self.figures,
            "notices": self.notices,
        }


# -- settings ------------------------------------------------------------------------------


def verifier_settings(
    verifier: VerifierProtocol, configured: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A verifier's settings, as ``ctx.settings`` gets them, from ``configured`` (its
    ``[verifiers.<name>]`` table): :func:`~claimtrack.verification.api.plugin_settings`."""
    return plugin_settings(verifier, configured)


def _masker(
    verifier: VerifierProtocol, settings: dict[str, Any]
) -> Callable[[str | None], str | None]:
    secrets = [s for s in secret_values(verifier, settings) if len(s) >= 4]

    def mask(text: str | None) -> str | None:
        if text is None or not secrets:
            return text
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    return mask


# -- one call ------------------------------------------------------------------------------


def _describe(verifier: VerifierProtocol, plugin: str | None) -> str:
    return f"verifier {verifier.name!r}" + (
        f" (plugin {plugin})" if plugin and plugin != verifier.name else ""
    )


def _in_daemon_thread(func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
    """Run a synchronous verifier in a daemon thread.

    Not the default executor: ``asyncio.run`` waits for its threads on exit, so one
    synchronous verifier that hangs past its time limit would keep the run from ending.
    """

    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(value: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)

    def run() -> None:
        try:
            outcome: tuple[Any, BaseException | None] = (func(*args), None)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the run ended (its loop closed) while it hung
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="claimtrack-sync-verifier", daemon=True).start()
    return future


async def call_verifier(
    verifier: VerifierProtocol,
    claim: ClaimInfo,
    ctx: VerifyContext,
    *,
    timeout: float,
    plugin: str | None = None,
) -> Verdict | list[Verdict] | None:
    """Run one ``verify`` call under a time limit; every failure becomes an ``error`` Verdict.

    Returns what the verifier returned once checked (:func:`check_result`): None when the
    verifier says the claim is not for it; a list of Verdicts when it returned a list or
    tuple (one per part; a bad one becomes a list of one ``error`` Verdict); else one
    Verdict (an ``error`` one for anything that is not a Verdict). Synchronous ``verify``
    methods run in a worker thread. A source that failed (unreachable, down for the run)
    gives an ``unverifiable`` verdict with the failure in ``error``. HTTP answers cached
    during the call are kept only when it ends in verdicts without an error (see
    :func:`claimtrack.verification.cache.cache_scope`).
    """
    from claimtrack.verification.cache import cache_scope

    who = _describe(verifier, plugin)
    with cache_scope() as scope:
        result = await _call(
            verifier, claim, ctx, limit=getattr(verifier, "timeout", None) or timeout, who=who
        )
    checked = check_result(result, claim, who)
    if checked is None or all(v.error is None for v in checked):
        scope.commit()
    if checked is None or isinstance(result, list | tuple):
        return checked
    return checked[0]


async def call_verifier_verdicts(
    verifier: VerifierProtocol,
    claim: ClaimInfo,
    ctx: VerifyContext,
    *,
    timeout: float,
    plugin: str | None = None,
) -> list[Verdict] | None:
    """:func:`call_verifier`, always as a list: None when the claim is not for the
    verifier, else at least one Verdict, each on a distinct part of ``claim`` (or on the
    whole claim, ``part=None``)."""
    result = await call_verifier(verifier, claim, ctx, timeout=timeout, plugin=plugin)
    if result is None:
        return None
    return [result] if isinstance(result, Verdict) else result


def check_result(result: Any, claim: ClaimInfo, who: str) -> list[Verdict] | None:
    """What a ``verify`` call returned, as the list of verdicts to store (None: not for it).

    A Verdict or a non-empty list/tuple of Verdicts is accepted; each verdict names a part
    of ``claim`` (``claim.parts``) or None (the whole claim), and no two name the same.
    Anything else is replaced by one ``error`` verdict naming the verifier (``who``) and
    what was wrong, so one bad return never stores garbage.
    """
    if result is None:
        return None
    if isinstance(result, Verdict):
        items: list[Any] = [result]
    elif isinstance(result, list | tuple):
        if not result:
            return [
                Verdict.failed(
                    f"{who} returned an empty {type(result).__name__} "
                    "(return None when the claim is not one it checks)"
                )
            ]
        items = list(result)
    else:
        return [
            Verdict.failed(
                f"{who} returned {type(result).__name__}, "
                "expected a Verdict, a list of Verdicts or None"
            )
        ]
    wrong = [type(v).__name__ for v in items if not isinstance(v, Verdict)]
    if wrong:
        return [Verdict.failed(f"{who} returned a list holding {wrong[0]}, expected Verdicts")]
    known = {p.id for p in claim.parts}
    seen: set[str | None] = set()
    for verdict in items:
        part = verdict.part
        if part is not None and (
            not isinstance(part, str) or part not in known or len(part) > PART_ID_MAX
        ):
            have = ", ".join(sorted(known)) or "none"
            return [
                Verdict.failed(
                    f"{who} gave a verdict on part {_short(part)}, which claim "
                    f"{claim.id} does not have (its parts: {have})"
                )
            ]
        if part in seen:
            what = "the whole claim" if part is None else f"part {part!r}"
            return [Verdict.failed(f"{who} returned two verdicts on {what}")]
        seen.add(part)
    return items


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


async def _call(
    verifier: VerifierProtocol, claim: ClaimInfo, ctx: VerifyContext, *, limit: float, who: str
) -> Any:
    from claimtrack.verification.http import HostDown, RedirectRefused, ResponseTooLarge
    from claimtrack.verification.sources import (
        DOWN_KEY,
        SourceError,
        SourceUnreachable,
        source_failure,
    )

    try:
        method = verifier.verify
        async with asyncio.timeout(limit):  # no extra task per call, unlike wait_for
            if inspect.iscoroutinefunction(method):
                result = await method(claim, ctx)
            else:
                result = await _in_daemon_thread(method, claim, ctx)
                if inspect.isawaitable(result):
                    result = await result
    except TimeoutError:
        return Verdict.failed(f"{who} timed out after {limit:g}s")
    except (VerifierError, ResponseTooLarge, RedirectRefused) as exc:
        return Verdict.failed(f"{who}: {exc}")
    except (HostDown, SourceUnreachable) as exc:
        said = ctx.run_state.setdefault("engine.unreachable_said", set())
        # Once per run and verifier; not at all when sources.mark_unreachable said it.
        if str(exc) not in said and str(exc) not in (ctx.run_state.get(DOWN_KEY) or {}).values():
            said.add(str(exc))
            ctx.logger.warning(
                "%s: source unreachable: %s (its claims are left unverifiable for this run)",
                who,
                exc,
            )
        return source_failure(f"{who}: source unreachable: {exc}")
    except SourceError as exc:
        return source_failure(f"{who}: {exc}")
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a plugin is an error verdict
        return Verdict.failed(f"{who} raised {type(exc).__name__}: {exc}")
    return result


def _plain(value: Any, mask: Callable[[str | None], str | None]) -> Any:
    """A JSON-safe evidence value: plugins may put anything in an Evidence field."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask(value if isinstance(value, str) else str(value))


def _row(
    run_id: int,
    claim_id: int,
    verifier: VerifierProtocol,
    verdict: Verdict,
    duration: float,
    mask: Callable[[str | None], str | None],
) -> dict[str, Any]:
    evidence = []
    for item in verdict.evidence:
        data = (item if hasattr(item, "to_dict") else Evidence(source=str(item))).to_dict()
        evidence.append({k: _plain(v, mask) for k, v in data.items()})
    return {
        "run_id": run_id,
        "claim_id": claim_id,
        "verifier": verifier.name,
        "verifier_version": str(getattr(verifier, "version", "") or "")[:64],
        "part": verdict.part or WHOLE_CLAIM,
        "label": verdict.label,
        "confidence": float(verdict.confidence),
        "summary": mask(str(verdict.summary or "")) or "",
        "evidence": evidence,
        "error": mask(str(verdict.error)) if verdict.error is not None else None,
        "duration_ms": round(duration * 1000, 3),
    }


# -- targets -------------------------------------------------------------------------------


def load_targets(
    registry: Registry, *, claim_ids: Sequence[int] | None = None, article_id: int | None = None
) -> list[Target]:
    """The claims to verify, as verifiers see them."""
    targets = []
    for claim, mention, article in registry.verification_targets(
        claim_ids=claim_ids, article_id=article_id
    ):
        info = ClaimInfo(
            id=claim.id,
            text=claim.text,
            kind=claim.kind,
            values=dict(claim.values or {}),
            sentence=mention.sentence if mention else claim.text,
            start=mention.start if mention else None,
            end=mention.end if mention else None,
            speaker=mention.speaker if mention else None,
        )
        art = (
            ArticleInfo(
                id=article.id,
                text=article.text,
                url=article.source,
                title=article.title,
                published=article.published,
                published_source=article.published_source,
            )
            if article is not None
            else None
        )
        targets.append(Target(info, art))
    return targets


class FactCheckLookup:
    """A run's earlier fact-check search for :meth:`VerifyContext.earlier_fact_checks`.

    ``search(text, top)`` (synchronous, it reads the registry) runs in a worker thread,
    once per distinct ``(text, top)`` in the run; callers asking the same meanwhile share
    the answer.
    """

    def __init__(self, search: Callable[[str, int], list[Passage]]) -> None:
        self.search = search
        self._found: dict[tuple[str, int], asyncio.Future[list[Passage]]] = {}

    async def __call__(self, text: str, top: int) -> list[Passage]:
        key = (text, top)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = asyncio.ensure_future(
                asyncio.to_thread(self.search, text, top)
            )
        # Shielded: a caller cut short by its time limit must not cancel the others' answer.
        return list(await asyncio.shield(found))


# -- the run -------------------------------------------------------------------------------


class _VerdictWriter:
    """One thread that writes verdicts as they arrive, in order, a small batch of calls per
    transaction (the verdicts one call returned are always written together).

    Workers hand rows over without waiting (no future per verdict), so the event loop
    keeps to HTTP. The thread wakes at most every :attr:`PAUSE` seconds and writes what
    queued meanwhile in one transaction: a wake-up per verdict made the event loop wait
    for the interpreter lock after each socket call. A write that fails stops the run:
    the workers see :attr:`error`. Rows still queued when the process is killed are
    simply not recorded, and their pairs are done again by the next run.
    """

    #: Seconds the thread lets rows gather before a write.
    PAUSE = 0.02
    #: Most rows written in one transaction.
    BATCH = 500

    def __init__(self, registry: Registry, loop: asyncio.AbstractEventLoop) -> None:
        import queue

        self.registry = registry
        self.loop = loop
        self.error: BaseException | None = None
        self.queue: queue.SimpleQueue[
            tuple[list[dict[str, Any]], Callable[[], None] | None] | None
        ] = queue.SimpleQueue()
        self.thread = threading.Thread(
            target=self._run, name="claimtrack-verdict-writer", daemon=True
        )
        self.thread.start()

    def put(self, rows: list[dict[str, Any]], after: Callable[[], None] | None = None) -> None:
        """Queue one call's rows; ``after`` runs on the event loop once they are committed."""
        self.queue.put((rows, after))

    def _run(self) -> None:
        import queue

        closing = False
        while not closing:
            item = self.queue.get()
            time.sleep(self.PAUSE)
            batch: list[tuple[list[dict[str, Any]], Callable[[], None] | None]] = []
            while item is not None:
                batch.append(item)
                if len(batch) >= self.BATCH:
                    self._write(batch)
                    batch = []
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
            closing = item is None
            if batch:
                self._write(batch)

    def _write(self, batch: list[tuple[list[dict[str, Any]], Callable[[], None] | None]]) -> None:
        if self.error is not None:
            return
        try:
            self.registry.add_verdict_calls([rows for rows, _ in batch])
        except BaseException as exc:  # noqa: BLE001 - reported by the run
            self.error = exc
            return
        afters = [after for _, after in batch if after is not None]
        if afters:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is waiting
                self.loop.call_soon_threadsafe(_run_all, afters)

    async def close(self) -> None:
        """Write what is queued and stop the thread."""
        self.queue.put(None)
        await asyncio.to_thread(self.thread.join)


def _run_all(calls: list[Callable[[], None]]) -> None:
    """Run the callbacks of one written batch; one that raises is logged, the others run."""
    for call in calls:
        try:
            call()
        except Exception:
            logger.exception("on_verdict callback failed")


_Pair = tuple[Target, VerifierProtocol, Verdict | None]


def _each(
    on_verdict: Callable[[Target, VerifierProtocol, Verdict], None],
    target: Target,
    verifier: VerifierProtocol,
    verdicts: Sequence[Verdict],
) -> None:
    for verdict in verdicts:
        on_verdict(target, verifier, verdict)


class _PairClaimer:
    """Hands the workers pairs this run has leased, leasing the next batch when they run out.

    Pairs that another run did meanwhile are dropped; pairs another live run holds are
    tried once more at the end (their run may have died by then), then left to it.
    """

    def __init__(
        self,
        registry: Registry,
        run_id: int,
        pending: Sequence[_Pair],
        *,
        batch: int,
        since: Any,
        include_errors: bool,
        fresh_since: Any,
        on_skip: Callable[[], None],
    ) -> None:
        from collections import deque

        self.registry = registry
        self.run_id = run_id
        self.remaining: deque[_Pair] = deque(pending)
        self.ready: deque[_Pair] = deque()
        self.deferred: list[_Pair] = []
        self.retried = False
        self.batch = batch
        self.since = since
        self.include_errors = include_errors
        self.fresh_since = fresh_since
        self.on_skip = on_skip
        self.elsewhere = 0
        self.stopped = False
        self.lock = asyncio.Lock()

    def stop(self) -> None:
        """Lease nothing more (the run lost its lease); what is leased is still done."""
        self.stopped = True

    async def next(self) -> _Pair | None:
        """The next leased pair, or None when there is no more work for this run."""
        async with self.lock:
            while not self.ready:
                if self.stopped:
                    return None
                if not self.remaining:
                    if self.retried or not self.deferred:
                        self.elsewhere += len(self.deferred)
                        for _ in self.deferred:
                            self.on_skip()
                        self.deferred = []
                        return None
                    self.retried = True
                    self.remaining.extend(self.deferred)
                    self.deferred = []
                batch = [
                    self.remaining.popleft() for _ in range(min(self.batch, len(self.remaining)))
                ]
                keys = [(t.claim.id, v.name) for t, v, _ in batch]
                outcome = await asyncio.to_thread(
                    self.registry.claim_pairs,
                    self.run_id,
                    keys,  # type: ignore[arg-type]
                    since=self.since,
                    include_errors=self.include_errors,
                    fresh_since=self.fresh_since,
                )
                claimed = set(outcome.claimed)
                for item, key in zip(batch, keys, strict=True):
                    if key in claimed:
                        self.ready.append(item)
                    elif key in outcome.busy:
                        self.deferred.append(item)
                    else:
                        self.elsewhere += 1
                        self.on_skip()
            return self.ready.popleft()


async def verify_targets(
    registry: Registry,
    verifiers: Sequence[VerifierProtocol],
    targets: Sequence[Target],
    options: VerifyOptions | None = None,
    *,
    origins: dict[str, str] | None = None,
    plugins: Plugins | None = None,
    http: httpx.AsyncClient | None = None,
    run_options: dict[str, Any] | None = None,
    on_verdict: Callable[[Target, VerifierProtocol, Verdict], None] | None = None,
    fact_checks: Callable[[str, int], list[Passage]] | None = None,
) -> RunResult:
    """Verify ``targets`` with ``verifiers`` and record the verdicts; see the module docs.

    :param origins: verifier name -> plugin name, for error messages.
    :param plugins: the plugins verifiers ask through cooperation hooks (``ctx.plugins``);
        default: the process-wide ones.
    :param http: a client to use instead of making one (the caller then closes it).
    :param on_verdict: called after each verdict is written (tests, progress hooks); a
        call that returned verdicts on several parts calls it once for each.
    :param fact_checks: ``(text, top) -> list[Passage]``, the registry's earlier
        fact-checks of a text (:meth:`VerifyContext.earlier_fact_checks`; run in a worker
        thread, once per text); None: verifiers get none.
    """
    options = options or VerifyOptions()
    origins = origins or {}
    started = time.perf_counter()

    # Pairs that apply; an applies_to that raises is recorded as an error for that pair.
    pairs: list[_Pair] = []
    for target in targets:
        for verifier in verifiers:
            try:
                applies = (
                    verifier.applies_to(target.claim) if hasattr(verifier, "applies_to") else True
                )
            except Exception as exc:  # noqa: BLE001 - recorded as an error verdict for the pair
                pairs.append(
                    (
                        target,
                        verifier,
                        Verdict.failed(
                            f"{_describe(verifier, origins.get(verifier.name))}: "
                            f"applies_to raised {type(exc).__name__}: {exc}"
                        ),
                    )
                )
                continue
            if applies:
                pairs.append((target, verifier, None))

    # A verdict made after this moment by another run means that run did the pair.
    fresh_since = utcnow()
    since = None
    if options.stale_days is not None:
        since = fresh_since - timedelta(days=options.stale_days)
    done = registry.verified_pairs(
        [t.claim.id for t in targets if t.claim.id is not None],
        [v.name for v in verifiers],
        since=since,
        include_errors=not options.retry_errors,
    )
    pending = [(t, v, pre) for t, v, pre in pairs if (t.claim.id, v.name) not in done]
    result = RunResult(run_id=None, pairs=len(pairs), already_done=len(pairs) - len(pending))
    if not pending:
        result.elapsed = time.perf_counter() - started
        return result

    # Before the run starts: a bad setting is one error, not a run left behind.
    settings = {
        v.name: verifier_settings(v, options.verifier_settings.get(v.name)) for v in verifiers
    }
    run_id = registry.start_run(
        {**(run_options or {}), "verifiers": [v.name for v in verifiers], "pairs": len(pending)},
        lease_seconds=options.lease_seconds,
    )
    result.run_id = run_id
    masks = {v.name: _masker(v, settings[v.name]) for v in verifiers}
    run_states: dict[str, dict[str, Any]] = {v.name: {} for v in verifiers}
    own_client = http is None
    client = http or make_client(options.http, stats=result.network)
    if hasattr(client, "add_secrets"):  # never sent on to another origin by a redirect
        client.add_secrets(
            secret for v in verifiers for secret in secret_values(v, settings[v.name])
        )
    loop = asyncio.get_running_loop()
    writer = _VerdictWriter(registry, loop)
    lookup = FactCheckLookup(fact_checks) if fact_checks is not None else None
    loggers = {v.name: logging.getLogger(f"claimtrack.verifier.{v.name}") for v in verifiers}
    progress = VerifyProgress(len(pending), options.progress)
    workers = options.workers or max(16, 2 * options.http.max_in_flight)
    claimer = _PairClaimer(
        registry,
        run_id,
        pending,
        batch=max(1, min(workers, 256)),
        since=since,
        include_errors=not options.retry_errors,
        fresh_since=fresh_since,
        on_skip=progress.skip,
    )

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(options.lease_seconds / 4)
            try:
                alive = await asyncio.to_thread(
                    registry.heartbeat, run_id, lease_seconds=options.lease_seconds
                )
            except Exception as exc:  # noqa: BLE001 - a missed beat is retried; the lease covers 4
                logger.warning("verification run %s: heartbeat failed: %s", run_id, exc)
                continue
            if not alive:
                logger.warning("verification run %s lost its lease; taking no more pairs", run_id)
                claimer.stop()
                return

    async def work() -> None:
        while True:
            item = await claimer.next()
            if item is None:
                return
            target, verifier, verdict = item
            began = time.perf_counter()
            verdicts: list[Verdict] | None = [verdict] if verdict is not None else None
            if verdict is None:
                ctx = VerifyContext(
                    http=client,
                    settings=settings[verifier.name],
                    logger=loggers[verifier.name],
                    article=target.article,
                    run_state=run_states[verifier.name],
                    sources=options.sources,
                    verifier=verifier.name,
                    plugins=plugins,
                    fact_checks=lookup,
                )
                verdicts = await call_verifier_verdicts(
                    verifier,
                    target.claim,
                    ctx,
                    timeout=options.call_timeout,
                    plugin=origins.get(verifier.name),
                )
            duration = time.perf_counter() - began
            if verdicts is None:
                result.not_applicable += 1
            else:
                assert target.claim.id is not None  # targets are stored claims
                claim_id, mask = target.claim.id, masks[verifier.name]
                rows = [_row(run_id, claim_id, verifier, v, duration, mask) for v in verdicts]
                after = (
                    functools.partial(_each, on_verdict, target, verifier, verdicts)
                    if on_verdict is not None
                    else None
                )
                writer.put(rows, after)
                result.done += len(verdicts)
                result.labels.update(v.label for v in verdicts)
            progress.advance(result.errors)
            if writer.error is not None:
                return

    status = "finished"
    beating = asyncio.create_task(heartbeat())
    try:
        with long_lived_frozen():
            await asyncio.gather(*(work() for _ in range(min(workers, len(pending)))))
    except (asyncio.CancelledError, KeyboardInterrupt):
        status = "interrupted"
        result.interrupted = True
        raise
    except Exception:
        status = "failed"
        raise
    finally:
        beating.cancel()
        result.elsewhere = claimer.elsewhere
        progress.stop()
        if own_client:
            await client.aclose()
        await writer.close()
        if writer.error is not None:
            status = "failed"
        await asyncio.to_thread(registry.finish_run, run_id, status)
        result._collect(run_states, masks)
        result.elapsed = time.perf_counter() - started
    if writer.error is not None:
        raise writer.error
    return result


def run_verification(
    registry: Registry,
    verifiers: Sequence[VerifierProtocol],
    targets: Sequence[Target],
    options: VerifyOptions | None = None,
    **kwargs: Any,
) -> RunResult:
    """:func:`verify_targets` from synchronous code (the CLI)."""
    return asyncio.run(verify_targets(registry, verifiers, targets, options, **kwargs))
