"""The one HTTP client every verifier shares during a run.

Layers, outermost first::

    httpx.AsyncClient (User-Agent, timeouts)
      -> hishel AsyncCacheTransport      (a cached response sends no request at all;
                                          entries in append-only logs, see .cache)
        -> PoliteTransport               (global + per-host limits, retries, body checks)
          -> httpx.AsyncHTTPTransport    (connection pool)

The cache sits outside the retries so that only a good response is ever stored; the
limits are taken per attempt, so a request waiting out a ``Retry-After`` holds no slot.
Retries (stamina) cover transport errors, timeouts, 408/429/5xx and JSON bodies that do
not parse, and honour ``Retry-After`` (seconds or an HTTP date, capped).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx

#: Connections per underlying connection pool (see make_client).
POOL_SHARD_SIZE = 4
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Methods retried after the server may have seen them; others only on connect errors and 429/503.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def default_cache_dir() -> Path:
    """``$CLAIMTRACK_CACHE_DIR``, else ``<user cache dir>/claimtrack``."""
    if env := os.environ.get("CLAIMTRACK_CACHE_DIR"):
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("claimtrack", appauthor=False))


@dataclass
class HttpOptions:
    """How the shared client behaves. Defaults suit public APIs; tests shorten them."""

    max_in_flight: int = 32
    per_host: int = 8
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    attempts: int = 4
    wait_initial: float = 0.25
    wait_max: float = 8.0
    wait_jitter: float = 0.25
    max_retry_after: float = 60.0
    cache: bool = True
    cache_dir: Path | None = None
    cache_ttl: float = 24 * 3600.0
    user_agent: str | None = None

    @classmethod
    def from_settings(cls, section: dict[str, Any], **overrides: Any) -> HttpOptions:
        """Options from the config file's ``[http]`` table, then ``overrides`` (None ignored)."""
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in section.items() if k in known}
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "cache_dir" in values and values["cache_dir"] is not None:
            values["cache_dir"] = Path(values["cache_dir"]).expanduser()
        return cls(**values)


@dataclass
class NetworkStats:
    """What went over the wire during a run (cache hits never get here)."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class _Retry(Exception):
    """An attempt whose outcome is worth another try (a status or a malformed body)."""

    def __init__(self, response: httpx.Response, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.response = response
        self.delay = delay


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: ``"3"`` or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _is_json(response: httpx.Response) -> bool:
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


class PoliteTransport(httpx.AsyncBaseTransport):
    """Concurrency limits and retries around another transport.

    Every response body is read here, so a connection reset half-way through a body is
    retried like any other transport error, and a JSON body that does not parse is
    retried instead of reaching (and being cached for) the verifier.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | Sequence[httpx.AsyncBaseTransport],
        options: HttpOptions,
        stats: NetworkStats | None = None,
    ) -> None:
        self.shards = list(inner) if isinstance(inner, Sequence) else [inner]
        self._load = [0] * len(self.shards)
        self.options = options
        self.stats = stats or NetworkStats()
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _slots(self, host: str) -> tuple[asyncio.Semaphore, asyncio.Semaphore]:
        # Created lazily: semaphores belong to the running event loop.
        if self._global is None:
            self._global = asyncio.Semaphore(max(1, self.options.max_in_flight))
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(max(1, self.options.per_host))
        return self._global, sem

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        global_slot, host_slot = self._slots(request.url.host)
        async with host_slot, global_slot:
            self.stats.requests += 1
            # The least busy shard: with the global limit it never queues inside a pool.
            shard = min(range(len(self.shards)), key=self._load.__getitem__)
            self._load[shard] += 1
            try:
                response = await self.shards[shard].handle_async_request(request)
                try:
                    raw = b"".join([chunk async for chunk in response.aiter_raw()])
                finally:
                    await response.aclose()
            finally:
                self._load[shard] -= 1
        self.stats.by_status[response.status_code] = self.stats.by_status.get(response.status_code, 0) + 1
        result = httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(raw),
            request=request,
            extensions=response.extensions,
        )
        if response.status_code in RETRY_STATUSES:
            delay = None
            if response.status_code in (429, 503):
                delay = retry_after_seconds(response.headers.get("retry-after"))
                if delay is not None:
                    delay = min(delay, self.options.max_retry_after)
            raise _Retry(result, f"HTTP {response.status_code}", delay)
        if response.is_success and _is_json(result) and raw:
            body = raw
            if response.headers.get("content-encoding", "identity").lower() != "identity":
                probe = httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(raw))
                body = await probe.aread()
            try:
                json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise _Retry(result, "malformed JSON body") from None
        return result

    def _should_retry(self, request: httpx.Request, exc: Exception) -> bool | float:
        idempotent = request.method in IDEMPOTENT
        if isinstance(exc, _Retry):
            status = exc.response.status_code
            if not idempotent and status not in (429, 503):
                return False
            if exc.delay is not None:
                # stamina treats a float as the wait; 0 would read as "do not retry".
                return max(exc.delay, 0.001)
            return True
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            return True
        return isinstance(exc, httpx.TransportError) and idempotent

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import stamina

        # The first attempt goes straight through: stamina's machinery is only set up
        # for the (rare) requests that need a retry.
        try:
            return await self._attempt(request)
        except Exception as exc:
            verdict = self._should_retry(request, exc) if self.options.attempts > 1 else False
            if verdict is False:
                if isinstance(exc, _Retry):
                    self.stats.failures += 1
                    return exc.response
                if isinstance(exc, httpx.TransportError):
                    self.stats.failures += 1
                raise
            last: _Retry | None = exc if isinstance(exc, _Retry) else None
            first_wait = verdict if verdict is not True else self.options.wait_initial
        await asyncio.sleep(float(first_wait))
        try:
            async for attempt in stamina.retry_context(
                on=lambda exc: self._should_retry(request, exc),
                attempts=max(1, self.options.attempts - 1),
                timeout=None,
                wait_initial=self.options.wait_initial * 2,
                wait_max=self.options.wait_max,
                wait_jitter=self.options.wait_jitter,
            ):
                with attempt:
                    self.stats.retries += 1
                    try:
                        return await self._attempt(request)
                    except _Retry as exc:
                        last = exc
                        raise
        except _Retry:
            pass
        except httpx.TransportError:
            self.stats.failures += 1
            raise
        # Out of attempts on a retryable status or body: hand the last response over.
        self.stats.failures += 1
        assert last is not None
        return last.response

    async def aclose(self) -> None:
        for shard in self.shards:
            await shard.aclose()


def _quiet_stamina() -> None:
    """Send stamina's retry notices to the ``claimtrack.http`` logger at DEBUG level.

    stamina's default hook logs a warning per retry, which would print on every CLI run.
    """
    import logging

    from stamina import instrumentation

    logger = logging.getLogger("claimtrack.http")

    def on_retry(details: instrumentation.RetryDetails) -> None:
        logger.debug("retry %d of %s in %.2fs: %r", details.retry_num, details.name, details.wait_for, details.caused_by)

    instrumentation.set_on_retry_hooks([on_retry])


def make_client(options: HttpOptions | None = None, *, stats: NetworkStats | None = None, user_agent: str | None = None) -> httpx.AsyncClient:
    """The shared client: User-Agent, timeouts, limits, retries and (optionally) the cache."""
    import ssl

    import certifi

    from claimtrack.config import USER_AGENT

    _quiet_stamina()
    options = options or HttpOptions()
    # Several small connection pools instead of one big one: httpcore's pool does work
    # quadratic in its number of connections on every request, which at 32 connections
    # cost more CPU than the requests themselves.
    in_flight = max(options.max_in_flight, 1)
    shards = max(1, -(-in_flight // POOL_SHARD_SIZE))
    per_shard = -(-in_flight // shards)
    limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
    tls = ssl.create_default_context(cafile=certifi.where())  # one context for every shard
    network = [httpx.AsyncHTTPTransport(limits=limits, verify=tls) for _ in range(shards)]
    transport: httpx.AsyncBaseTransport = PoliteTransport(network, options, stats)
    if options.cache:
        from hishel.httpx import AsyncCacheTransport

        from claimtrack.verification.cache import LogStorage

        cache_dir = options.cache_dir or default_cache_dir()
        storage = LogStorage(cache_dir / "http", default_ttl=options.cache_ttl)
        transport = AsyncCacheTransport(next_transport=transport, storage=storage)
    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout, pool=None)
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        headers={"User-Agent": user_agent or options.user_agent or USER_AGENT},
        follow_redirects=True,
    )

