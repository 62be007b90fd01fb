"""The network layer under the shared client: httpx requests sent over aiohttp.

httpcore's connection pool costs about 1 ms of CPU per request (its pool is scanned on
every request, and each socket call goes through anyio), more than the requests
themselves when 32 or 100 are in flight. aiohttp keeps one keep-alive pool per host in
its connector and parses responses in C, at a fifth of that. Everything above this layer
(``httpx.AsyncClient``, the cache, :class:`~claimtrack.verification.http.PoliteTransport`)
still sees httpx requests, responses and exceptions, so ``ctx.http`` is unchanged.

The body is handed over undecoded (``Content-Encoding`` is decoded by the caller, within
its byte limit); redirects, cookies and proxies from the environment are left to httpx,
as with its own transport.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    import aiohttp

#: Longest response header line or field accepted (aiohttp's default is 8 KiB; h11 took 100 KiB).
MAX_HEADER_BYTES = 64 * 1024


def _as_httpx(exc: aiohttp.ClientError, request: httpx.Request) -> httpx.TransportError:
    """An aiohttp exception as the httpx one callers (and the retry rules) expect.

    (A function called from ``except aiohttp.ClientError``, not a context manager: one
    of those per request cost a generator each.)"""
    import aiohttp

    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(str(exc) or "connect timed out", request=request)
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(str(exc) or "read timed out", request=request)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(str(exc), request=request)
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return httpx.UnsupportedProtocol(str(exc), request=request)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(
            "server disconnected without sending a complete response", request=request
        )
    if isinstance(exc, aiohttp.ClientResponseError):  # a response aiohttp could not parse
        return httpx.RemoteProtocolError(exc.message, request=request)
    return httpx.ReadError(str(exc) or type(exc).__name__, request=request)


class RawResponse:
    """An aiohttp response as it arrived: status, raw header pairs, the body still to read."""

    __slots__ = ("_request", "_response", "extensions", "raw_headers", "status")

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request
        self.status: int = response.status
        self.raw_headers: list[tuple[bytes, bytes]] = list(response.raw_headers)
        self.extensions: dict[str, Any] = {
            "http_version": _version(response.version),
            "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
        }

    def header(self, name: bytes) -> bytes | None:
        """Header ``name`` (lower-case), its values joined with ", " as httpx joins them;
        None if absent."""
        values = [value for key, value in self.raw_headers if key.lower() == name]
        return b", ".join(values) if values else None

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body, chunk by chunk as it arrives (aiohttp errors as httpx ones)."""
        import aiohttp

        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except aiohttp.ClientError as exc:
            raise _as_httpx(exc, self._request) from exc

    def close(self) -> None:
        """Give the connection back to the pool (or drop it if the body was left half-read)."""
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


class _Body(httpx.AsyncByteStream):
    """A response body read from aiohttp as it arrives."""

    def __init__(self, raw: RawResponse) -> None:
        self._raw = raw

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._raw.chunks():
            yield chunk

    async def aclose(self) -> None:
        self._raw.close()


@functools.lru_cache(maxsize=8)
def _version(version: Any) -> bytes:
    """aiohttp's ``HttpVersion`` as httpx's ``http_version`` extension."""
    return f"HTTP/{version.major}.{version.minor}".encode() if version else b"HTTP/1.1"


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport over one aiohttp session: a keep-alive pool per host.

    :param max_connections: connections open at once, over all hosts (callers limit
        requests in flight to this, so a request never waits for a connection).
    :param verify: the TLS context for https.
    """

    def __init__(
        self,
        *,
        max_connections: int,
        verify: ssl.SSLContext,
        keepalive_expiry: float = 15.0,
    ) -> None:
        # Imported now, before the run: not inside the first request's time limit.
        import aiohttp  # noqa: F401
        import yarl  # noqa: F401

        self.max_connections = max(1, max_connections)
        self.verify = verify
        self.keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None
        # Made once per (connect, read) pair: every request of a run asks the same.
        self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}

    def _open(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the running event loop.
        import aiohttp

        connector = aiohttp.TCPConnector(
            limit=self.max_connections,
            ssl=self.verify,
            keepalive_timeout=self.keepalive_expiry,
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps the cookies
            auto_decompress=False,
            timeout=aiohttp.ClientTimeout(total=None),
            max_line_size=MAX_HEADER_BYTES,
            max_field_size=MAX_HEADER_BYTES,
        )
        # No silent resend of a request whose kept-alive connection failed: every attempt
        # goes through PoliteTransport's retries, which count it (aiohttp's own test client
        # turns it off the same way).
        self._session._retry_connection = False
        return self._session

    async def open(self, request: httpx.Request) -> RawResponse:
        """Send ``request`` and return its response with the body not yet read.

        :class:`~claimtrack.verification.http.PoliteTransport` reads it from here: no
        httpx response is built for an answer it reads whole and builds one for.
        """
        import aiohttp
        import yarl

        session = self._session or self._open()
        timeout: dict[str, Any] = request.extensions.get("timeout") or {}
        limits = (timeout.get("connect"), timeout.get("read"))
        client_timeout = self._timeouts.get(limits)
        if client_timeout is None:
            client_timeout = self._timeouts[limits] = aiohttp.ClientTimeout(
                total=None, sock_connect=limits[0], sock_read=limits[1]
            )
        try:
            data: bytes | None = request.content
        except httpx.RequestNotRead:
            data = await request.aread()
        # The raw pairs, names as the caller wrote them (latin-1 maps bytes to str one to one).
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in request.headers.raw
            if k.lower() != b"transfer-encoding"
        ]
        if data and "content-length" not in request.headers:
            headers.append(("Content-Length", str(len(data))))
        try:
            response = await session.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),
                headers=headers,
                data=data or None,
                allow_redirects=False,
                timeout=client_timeout,
            )
        except aiohttp.ClientError as exc:
            raise _as_httpx(exc, request) from exc
        return RawResponse(response, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raw = await self.open(request)
        return httpx.Response(
            raw.status,
            headers=raw.raw_headers,
            stream=_Body(raw),
            request=request,
            extensions=raw.extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
