"""The one HTTP client every verifier shares during a run.

Layers, outermost first::

    httpx.AsyncClient (User-Agent, timeouts)
      -> CacheTransport                  (hishel's, with a direct path for plain GETs; a
                                          cached response sends no request at all;
                                          entries in append-only logs, see .cache)
        -> PoliteTransport               (global + per-host limits, retries, body checks)
          -> AiohttpTransport            (aiohttp: a keep-alive pool per host)

The cache sits outside the retries so that only a good response is ever stored; the
limits are taken per attempt, so a request waiting out a ``Retry-After`` holds no slot.
Retries (stamina) cover transport errors, timeouts, 408/429/5xx and JSON bodies that do
not parse, and honour ``Retry-After`` (seconds or an HTTP date, capped).

Hostile or broken sources are bounded here, for every plugin:

* a body is streamed and decoded (gzip/deflate) chunk by chunk and abandoned once it
  passes ``max_body_bytes`` (counted after decompression): :class:`ResponseTooLarge`;
* a host that times out or refuses connections ``down_after`` times in a row, or asks to
  retry later than ``max_retry_after``, is down for the run: its requests fail at once
  with :class:`HostDown` (logged once);
* a redirect to another origin loses every credential (headers such as Authorization or
  X-Goog-Api-Key, key-like query parameters, any value a verifier declares secret), and
  a redirect to a link-local or metadata address is refused (:class:`RedirectRefused`).
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import json
import logging
import os
import re
import time
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from claimtrack.config import USER_AGENT
from claimtrack.verification.transport import AiohttpTransport

if TYPE_CHECKING:
    import ssl

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Methods retried after the server may have seen them; others only on connect errors and 429/503.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Request extension: this request's body limit in bytes (instead of ``max_body_bytes``).
MAX_BODY_EXTENSION = "claimtrack.max_body_bytes"
#: Response header set on a response handed over although it failed the client's checks
#: (a JSON body that still did not parse after the retries): the cache never stores it.
REJECTED_HEADER = "X-Claimtrack-Rejected"
#: Response extension: a JSON body as parsed when it was checked (``ctx.get_json`` takes it
#: from here instead of parsing the body again).
PARSED_JSON_EXTENSION = "claimtrack.parsed_json"
#: The content codings the client accepts; they are decoded here, within the body limit.
ACCEPT_ENCODING = "gzip, deflate"
#: Decoded bytes produced per step of decompression (bounds the work per chunk).
_DECODE_STEP = 64 * 1024

logger = logging.getLogger("claimtrack.http")
#: httpx's logger: the client's direct path writes httpx's request line to it.
_HTTPX_LOG = logging.getLogger("httpx")

try:  # the client's state once it has sent a request (httpx's own send sets it)
    from httpx._client import ClientState

    _OPENED: Any = ClientState.OPENED
except (ImportError, AttributeError):  # pragma: no cover - another httpx: its own send is used
    _OPENED = None
#: Whether this httpx has the private pieces :meth:`SourceClient._send_once`'s direct path
#: calls (httpx 0.27-0.28); with another, every request goes through httpx's own ``send``.
_DIRECT = _OPENED is not None and all(
    callable(getattr(httpx.AsyncClient, name, None))
    for name in (
        "_build_request_auth",
        "_set_timeout",
        "_transport_for_url",
        "_build_redirect_request",
    )
)


class ResponseTooLarge(httpx.RequestError):
    """A response body went past the byte limit (counted after decompression)."""


class RedirectRefused(httpx.RequestError):
    """A redirect to a link-local or cloud-metadata address."""


class HostDown(httpx.TransportError):
    """The host is down for this run (repeated timeouts or refused connections, or a
    ``Retry-After`` beyond the cap); no request was sent."""


class ReadBody(httpx.ByteStream):
    """A response body already read whole (``data``), as PoliteTransport hands them over:
    the cache stores it without reading it through the stream again."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.data = data


def _megabytes(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 2**20:.2g} MB ({limit} bytes)"


def origin(url: httpx.URL) -> str:
    """``host:port`` of ``url`` (the default port filled in): what is marked down."""
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return f"{url.host}:{port}"


# -- credentials --------------------------------------------------------------------------

#: Header and query names that may carry credentials (never written to the cache, never
#: sent on to another origin): any name containing one of these words.
SECRET_WORDS = (
    "key",
    "token",
    "secret",
    "auth",
    "password",
    "passwd",
    "cookie",
    "signature",
    "session",
    "credential",
)
_SECRET_PARAM = re.compile(r"(^|[_.-])(sig|jwt)$")


@functools.lru_cache(maxsize=4096)  # asked for every header and parameter of every request
def is_secret_name(name: str) -> bool:
    """Whether a header or query parameter called ``name`` may hold a credential."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS) or bool(_SECRET_PARAM.search(lowered))


def strip_credentials(request: httpx.Request, secrets: Iterable[str] = ()) -> httpx.Request:
    """``request`` without credentials: secret-looking headers and query parameters, and
    any header or parameter whose value contains one of ``secrets``."""
    values = [s for s in secrets if s and len(s) >= 4]

    def leaks(name: str, value: str) -> bool:
        return is_secret_name(name) or any(s in value for s in values)

    headers = httpx.Headers([(k, v) for k, v in request.headers.multi_items() if not leaks(k, v)])
    params = [(k, v) for k, v in request.url.params.multi_items() if not leaks(k, v)]
    url = request.url.copy_with(params=params)
    stripped = httpx.Request(
        request.method,
        url,
        headers=headers,
        stream=request.stream,
        extensions=dict(request.extensions),
    )
    stripped.headers["Host"] = url.netloc.decode("ascii")
    return stripped


#: Redirect targets refused: link-local (cloud metadata at 169.254.169.254) and ULA
#: (fd00:ec2::254) addresses.
FORBIDDEN_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("169.254.0.0/16", "fe80::/10", "fd00::/8")
)


def forbidden_address(address: str) -> bool:
    """Whether ``address`` (an IP literal) is link-local or a metadata address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in net for net in FORBIDDEN_NETWORKS)


async def _check_redirect_target(url: httpx.URL) -> None:
    host = url.host
    addresses = [host]
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, url.port or 443)
        except OSError:
            return  # cannot resolve: the request itself will fail to connect
        addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if forbidden_address(address):
            shown = host if address == host else f"{host} ({address})"
            raise RedirectRefused(f"refused redirect to {shown}: a link-local or metadata address")


class _Cookies(httpx.Cookies):
    """A cookie jar that skips responses without ``Set-Cookie``."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class SourceClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` whose redirects are safe to follow with API keys on board.

    Redirects are followed here, one hop at a time: a hop to another origin (scheme, host,
    port; an http -> https upgrade of the same host excepted) drops credentials (see
    :func:`strip_credentials`, with the values given to :meth:`add_secrets`), and a hop to
    a link-local or metadata address raises :class:`RedirectRefused`. Hops already away
    from the first origin stay stripped.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secrets: set[str] = set()
        # httpx hands every response to the cookie jar, which costs more than parsing it;
        # API answers rarely set cookies.
        self._cookies = _Cookies(self._cookies)
        #: absolute URL string -> its parsed URL (verifiers ask the same endpoints again
        #: and again; parsing one costs more than the rest of building the request)
        self._parsed: dict[str, httpx.URL] = {}

    def _merge_url(self, url: httpx.URL | str) -> httpx.URL:
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            # Absolute: the result does not depend on base_url, so it can be kept.
            parsed = self._parsed.get(url)
            if parsed is None:
                parsed = super()._merge_url(url)
                if len(self._parsed) >= 4096:
                    self._parsed.clear()
                self._parsed[url] = parsed
            return parsed
        return super()._merge_url(url)

    def build_request(
        self, method: str, url: httpx.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx.Request:
        """httpx's ``build_request``; ``params`` on an absolute URL without a query are
        set as the query of the kept URL instead of being merged through a full parse
        (which cost more than the rest of the request; the result is the same URL)."""
        if (
            params
            and not self.params
            and isinstance(url, str)
            and "?" not in url
            and "#" not in url
            and url.startswith(("http://", "https://"))
        ):
            query = httpx.QueryParams(params)
            if query:  # else httpx's own merge (it leaves the URL as it is)
                url = _with_query(self._merge_url(url), str(query))
                params = None
        return super().build_request(method, url, params=params, **kwargs)

    def add_secrets(self, values: Iterable[str]) -> None:
        """Values (API keys…) never sent on to another origin, whatever header or parameter holds them."""
        self.secrets.update(str(v) for v in values if v and len(str(v)) >= 4)

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        follow = (
            self.follow_redirects
            if follow_redirects is httpx.USE_CLIENT_DEFAULT
            else bool(follow_redirects)
        )
        first = request.url
        history: list[httpx.Response] = []
        while True:
            response = await self._send_once(request, stream=stream, auth=auth)
            following = response.next_request
            if not follow or following is None:
                response.history = history
                return response
            try:
                if len(history) >= self.max_redirects:
                    raise httpx.TooManyRedirects(
                        "Exceeded maximum allowed redirects.", request=request
                    )
                if not _same_origin(first, following.url):
                    following = strip_credentials(following, self.secrets)
                await _check_redirect_target(following.url)
            except BaseException:
                await response.aclose()
                raise
            if stream:
                await response.aread()
            await response.aclose()
            history.append(response)
            request = following
            auth = None  # the first hop was authenticated; later hops only carry its headers

    async def _send_once(
        self, request: httpx.Request, *, stream: bool, auth: Any
    ) -> httpx.Response:
        """One hop, its redirect not followed (``response.next_request`` set instead).

        Without an auth flow to run (the verifiers' case: keys go in headers or
        parameters), the request goes straight to the transport: httpx's ``send`` runs
        an auth-flow generator and wraps the response stream per request, which cost more
        than the transports under it. A body PoliteTransport already read is taken as it
        is. What httpx's ``send`` does besides is done here too: timeout extension, event
        hooks, cookies, default encoding, ``elapsed``, its log line.
        """
        if self.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        if not _DIRECT or type(self._build_request_auth(request, auth)) is not httpx.Auth:
            return await super().send(request, stream=stream, auth=auth, follow_redirects=False)
        self._state = _OPENED
        self._set_timeout(request)
        for hook in self._event_hooks["request"]:
            await hook(request)
        if not isinstance(request.stream, httpx.AsyncByteStream):
            raise RuntimeError("Attempted to send an sync request with an AsyncClient instance.")
        started = time.perf_counter()
        transport = self._transport_for_url(request.url)
        try:
            response = await transport.handle_async_request(request)
        except httpx.RequestError as exc:
            if exc._request is None:  # as httpx's request_context does
                exc.request = request
            raise
        response.request = request
        response.default_encoding = self._default_encoding
        try:
            self.cookies.extract_cookies(response)
            if _HTTPX_LOG.isEnabledFor(logging.INFO):
                _HTTPX_LOG.info(
                    'HTTP Request: %s %s "%s %d %s"',
                    request.method,
                    request.url,
                    response.http_version,
                    response.status_code,
                    response.reason_phrase,
                )
            for hook in self._event_hooks["response"]:
                await hook(response)
            if response.has_redirect_location:
                response.next_request = self._build_redirect_request(request, response)
            if isinstance(response.stream, ReadBody):
                response.read()  # already in memory: no stream to wait on
                response.elapsed = _elapsed(started)
            elif not stream:
                await response.aread()
                response.elapsed = _elapsed(started)
            else:
                assert isinstance(response.stream, httpx.AsyncByteStream)
                response.stream = _Timed(response.stream, response, started)
        except BaseException:
            await response.aclose()
            raise
        return response


def _elapsed(started: float) -> timedelta:
    return timedelta(seconds=time.perf_counter() - started)


class _Timed(httpx.AsyncByteStream):
    """A streamed body that sets ``response.elapsed`` when closed, as httpx's does."""

    def __init__(self, stream: httpx.AsyncByteStream, response: httpx.Response, started: float):
        self._stream = stream
        self._response = response
        self._started = started

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        self._response.elapsed = _elapsed(self._started)
        await self._stream.aclose()


def _with_query(base: httpx.URL, query: str) -> httpx.URL:
    """``base`` (no query, no fragment) with ``query`` (as ``str(httpx.QueryParams)``
    writes it): httpx's parsed form is copied with the query set, as httpx's own parse
    would set it (its quoting leaves such a query unchanged), without parsing again."""
    reference = getattr(base, "_uri_reference", None)
    if reference is not None and hasattr(reference, "_replace"):
        url = httpx.URL.__new__(httpx.URL)
        url._uri_reference = reference._replace(query=query)
        return url
    return httpx.URL(f"{base}?{query}")  # pragma: no cover - another httpx: its own parse


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    if (
        a.host == b.host
        and a.scheme == "http"
        and b.scheme == "https"
        and (a.port or 80) == 80
        and (b.port or 443) == 443
    ):
        return True  # the upgrade httpx keeps Authorization for
    return origin(a) == origin(b) and a.scheme == b.scheme


# -- bounded decoding ---------------------------------------------------------------------


class _Inflate:
    """gzip or deflate, decoded a bounded step at a time (a bomb never expands at once)."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)
        self._first = not self.gzip  # deflate is zlib-wrapped or, from some servers, raw

    def feed(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            data = piece
            while True:
                try:
                    out = self._d.decompress(data, _DECODE_STEP)
                except zlib.error as exc:
                    if self._first:
                        self._first = False
                        self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                        continue
                    raise httpx.DecodingError(
                        f"bad {'gzip' if self.gzip else 'deflate'} body: {exc}"
                    ) from None
                self._first = False
                data = self._d.unconsumed_tail
                if out:
                    yield out
                if not data and len(out) < _DECODE_STEP:
                    break

    def flush(self) -> bytes:
        return self._d.flush()


def _decoders(encoding: str, host: str) -> list[_Inflate]:
    """Decoders for a ``Content-Encoding`` value, outermost coding last."""
    if not encoding:
        return []
    codings = [c.strip().lower() for c in encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    for coding in codings:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise httpx.DecodingError(
                f"response from {host} uses Content-Encoding {coding!r}, which claimtrack does not accept"
            )
    return [_Inflate(c) for c in reversed(codings)]


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
    #: Largest response body accepted, after decompression (a per-request limit can be set
    #: with the ``claimtrack.max_body_bytes`` extension).
    max_body_bytes: int = 8 * 2**20
    #: Timeouts or failed connections in a row (with no answer from the host meanwhile)
    #: after which a host is down for the run (0: never).
    down_after: int = 3
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
    ctype: str = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


class PoliteTransport(httpx.AsyncBaseTransport):
    """Concurrency limits, retries, body limits and down hosts around another transport.

    Every response body is read (and decoded) here, within ``max_body_bytes``, so a
    connection reset half-way through a body is retried like any other transport error,
    and a JSON body that does not parse is retried instead of reaching (and being cached
    for) the verifier.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        options: HttpOptions,
        stats: NetworkStats | None = None,
    ) -> None:
        self.inner = inner
        self.options = options
        #: the aiohttp transport's direct path (its response read here, not through httpx)
        self._open_raw = inner.open if isinstance(inner, AiohttpTransport) else None
        self.stats = stats or NetworkStats()
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        #: origin -> why it is down for this run
        self.down: dict[str, str] = {}
        self._strikes: dict[str, int] = {}
        self._answered: dict[str, float] = {}

    def _slots(self, host: str) -> tuple[asyncio.Semaphore, asyncio.Semaphore]:
        # Created lazily: semaphores belong to the running event loop.
        if self._global is None:
            self._global = asyncio.Semaphore(max(1, self.options.max_in_flight))
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(max(1, self.options.per_host))
        return self._global, sem

    # -- down hosts ----------------------------------------------------------------------

    def _check_down(self, where: str, request: httpx.Request) -> None:
        reason = self.down.get(where)
        if reason is not None:
            raise HostDown(f"{where} is down for this run ({reason})", request=request)

    def mark_down(self, where: str, reason: str) -> None:
        """Mark ``where`` (``host:port``) down for the rest of the run; logged once."""
        if where not in self.down:
            self.down[where] = reason
            # INFO: the verifier (or the engine) says it once per source, in its own words.
            logger.info(
                "%s is down for this run (%s): its remaining requests fail at once", where, reason
            )

    def _strike(self, where: str, what: str, began: float) -> None:
        if self._answered.get(where, -1.0) > began:
            return  # the host answered other requests meanwhile: this one was slow, not the host
        count = self._strikes.get(where, 0) + 1
        self._strikes[where] = count
        if self.options.down_after and count >= self.options.down_after:
            self.mark_down(
                where, f"timed out or refused the connection {count} times in a row, last: {what}"
            )

    # -- one attempt ---------------------------------------------------------------------

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        where = origin(request.url)
        self._check_down(where, request)
        global_slot, host_slot = self._slots(where)
        async with host_slot, global_slot:
            self._check_down(where, request)  # it may have gone down while this one waited
            self.stats.requests += 1
            began = time.monotonic()
            try:
                if self._open_raw is not None:
                    # aiohttp underneath: its response is read here, and the one httpx
                    # response made from it.
                    raw = await self._open_raw(request)
                    try:
                        status, raw_headers, extensions = (
                            raw.status,
                            raw.raw_headers,
                            raw.extensions,
                        )
                        body, decoded = await self._read(
                            request,
                            (raw.header(b"content-encoding") or b"").decode("latin-1"),
                            (raw.header(b"content-length") or b"").decode("latin-1"),
                            raw.chunks(),
                        )
                    finally:
                        raw.close()
                else:
                    response = await self.inner.handle_async_request(request)
                    try:
                        status, extensions = response.status_code, response.extensions
                        raw_headers = response.headers.raw
                        stream = response.stream
                        assert isinstance(stream, httpx.AsyncByteStream)
                        # The stream itself, not ``aiter_raw``: this transport owns the
                        # response and closes it; its per-chunk bookkeeping is not needed.
                        body, decoded = await self._read(
                            request,
                            response.headers.get("content-encoding", ""),
                            response.headers.get("content-length", ""),
                            stream.__aiter__(),
                        )
                    finally:
                        await response.aclose()
                self._strikes.pop(where, None)  # a whole answer: the host is up
                self._answered[where] = time.monotonic()
            except (httpx.ConnectError, httpx.TimeoutException) as exc:
                self._strike(where, type(exc).__name__, began)
                raise
            except asyncio.CancelledError:
                # Cut short by the claim's time limit after waiting longer than a read
                # timeout (a source that trickles its answer never hits one): as slow as
                # a timeout, so it counts as one.
                read = (request.extensions.get("timeout") or {}).get(
                    "read"
                ) or self.options.read_timeout
                if time.monotonic() - began >= min(read, self.options.read_timeout):
                    self._strike(where, "no answer within the time limit", began)
                raise
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        if decoded:
            raw_headers = [
                (k, v)
                for k, v in raw_headers
                if k.lower() not in (b"content-encoding", b"content-length")
            ]
            raw_headers.append((b"Content-Length", str(len(body)).encode()))
        result = httpx.Response(
            status,
            headers=raw_headers,
            stream=ReadBody(body),
            request=request,
            extensions=extensions,
        )
        if status in RETRY_STATUSES:
            delay = None
            if status in (429, 503):
                delay = retry_after_seconds(result.headers.get("retry-after"))
                if delay is not None and delay > self.options.max_retry_after:
                    self.mark_down(
                        where,
                        f"HTTP {status} asking to retry after {delay:.0f}s, "
                        f"over the {self.options.max_retry_after:g}s cap",
                    )
                    self._check_down(where, request)
            raise _Retry(result, f"HTTP {status}", delay)
        if 200 <= status < 300 and body and _is_json(result):
            try:
                result.extensions[PARSED_JSON_EXTENSION] = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                result.headers[REJECTED_HEADER] = "malformed JSON body"
                raise _Retry(result, "malformed JSON body") from None
        return result

    async def _read(
        self,
        request: httpx.Request,
        encoding: str,
        declared: str,
        chunks: AsyncIterator[bytes],
    ) -> tuple[bytes, bool]:
        """The body, decoded; :class:`ResponseTooLarge` past the limit, before reading more.

        ``encoding`` and ``declared`` are the response's Content-Encoding and
        Content-Length values ("" when absent).
        """
        limit = int(request.extensions.get(MAX_BODY_EXTENSION) or self.options.max_body_bytes)

        def too_large() -> ResponseTooLarge:
            return ResponseTooLarge(
                f"response from {request.url.host} larger than {_megabytes(limit)}",
                request=request,
            )

        decoders = _decoders(encoding, request.url.host)
        if not decoders and declared.isdigit() and int(declared) > limit:
            raise too_large()
        parts: list[bytes] = []
        size = 0
        if not decoders:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise too_large()
                parts.append(chunk)
            return parts[0] if len(parts) == 1 else b"".join(parts), False

        def keep(pieces: Iterable[bytes], through: Sequence[Any]) -> None:
            nonlocal size
            for decoder in through:
                pieces = decoder.feed(pieces)
            for piece in pieces:
                size += len(piece)
                if size > limit:
                    raise too_large()
                parts.append(piece)

        async for chunk in chunks:
            keep((chunk,), decoders)
        for i, decoder in enumerate(decoders):
            keep((decoder.flush(),), decoders[i + 1 :])
        return b"".join(parts), True

    def _should_retry(self, request: httpx.Request, exc: Exception) -> bool | float:
        if isinstance(exc, HostDown):
            return False
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
        await self.inner.aclose()


def _quiet_stamina() -> None:
    """Send stamina's retry notices to the ``claimtrack.http`` logger at DEBUG level.

    stamina's default hook logs a warning per retry, which would print on every CLI run.
    """
    import logging

    from stamina import instrumentation

    logger = logging.getLogger("claimtrack.http")

    def on_retry(details: instrumentation.RetryDetails) -> None:
        logger.debug(
            "retry %d of %s in %.2fs: %r",
            details.retry_num,
            details.name,
            details.wait_for,
            details.caused_by,
        )

    instrumentation.set_on_retry_hooks([on_retry])


@functools.lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """The TLS context (certifi's roots), made once per process: loading the roots costs
    tens of milliseconds, and a context can be shared by every client."""
    import ssl

    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def make_client(
    options: HttpOptions | None = None,
    *,
    stats: NetworkStats | None = None,
    user_agent: str | None = None,
) -> SourceClient:
    """The shared client: User-Agent, timeouts, limits, retries, body limits, safe redirects
    and (optionally) the cache."""
    _quiet_stamina()
    options = options or HttpOptions()
    # One aiohttp connector, which keeps a pool per host: httpcore's pool cost more CPU per
    # request than the requests themselves (see claimtrack.verification.transport).
    network = AiohttpTransport(max_connections=max(options.max_in_flight, 1), verify=_tls())
    transport: httpx.AsyncBaseTransport = PoliteTransport(network, options, stats)
    if options.cache:
        from claimtrack.verification.cache import CacheTransport, LogStorage

        cache_dir = options.cache_dir or default_cache_dir()
        storage = LogStorage(
            cache_dir / "http", default_ttl=options.cache_ttl, max_entry_size=options.max_body_bytes
        )
        transport = CacheTransport(next_transport=transport, storage=storage)
    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout, pool=None)
    return SourceClient(
        transport=transport,
        timeout=timeout,
        headers={
            "User-Agent": user_agent or options.user_agent or USER_AGENT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        follow_redirects=True,
    )
