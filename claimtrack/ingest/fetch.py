"""Fetching articles over HTTP(S) with limits: timeouts, a total deadline, redirects, size and content type."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from claimtrack.config import DEFAULT_FETCH_DEADLINE
from claimtrack.errors import FetchError

MAX_REDIRECTS = 5
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
)


@dataclass(frozen=True)
class Fetched:
    """A fetched page: its final URL, bytes, content type and declared charset."""

    url: str
    content: bytes
    content_type: str
    charset: str | None


def check_url(url: str) -> None:
    """Reject URLs that are not http(s) with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            f"{url}: unsupported URL scheme '{parts.scheme}' (only http and https are fetched)"
        )
    if not parts.hostname:
        raise FetchError(f"{url}: URL has no host")


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    user_agent: str,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
    deadline: float = DEFAULT_FETCH_DEADLINE,
) -> Fetched:
    """GET ``url`` following at most five redirects, reading at most ``max_bytes``.

    ``timeout`` bounds each connect and read; ``deadline`` bounds the whole download, so a
    server trickling bytes cannot hold it open. ``max_bytes`` counts the body after
    decompression (a gzip bomb stops at the limit). Responses whose content type is not
    in ``accept`` are refused.
    """
    check_url(url)
    try:
        return asyncio.run(
            _fetch(
                url,
                max_bytes=max_bytes,
                timeout=timeout,
                user_agent=user_agent,
                accept=accept,
                deadline=deadline,
            )
        )
    except TimeoutError:
        raise FetchError(
            f"{url}: not fully received within the {deadline:g} s deadline (set CLAIMTRACK_FETCH_DEADLINE to change it)"
        ) from None


async def _fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    user_agent: str,
    accept: tuple[str, ...],
    deadline: float,
) -> Fetched:
    # asyncio.timeout cancels the request wherever it waits (connect, headers, body), which
    # httpx's per-operation timeouts cannot do for a server that sends a byte now and then.
    limits = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    try:
        async with (
            asyncio.timeout(deadline),
            httpx.AsyncClient(
                timeout=limits,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": user_agent, "Accept": ", ".join(accept) + ", */*;q=0.1"},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                phrase = response.reason_phrase or ""
                raise FetchError(f"{url}: HTTP {response.status_code} {phrase}".rstrip())
            content_type = (
                response.headers.get("content-type", "").partition(";")[0].strip().lower()
            )
            if content_type and content_type not in accept:
                expected = ", ".join(accept)
                raise FetchError(
                    f"{url}: unsupported content type '{content_type}' (expected {expected})"
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url}: response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            size = 0
            # decompressed: the limit applies to what we keep
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: response is over the {max_bytes:,}-byte limit")
                chunks.append(chunk)
            return Fetched(
                str(response.url), b"".join(chunks), content_type, response.charset_encoding
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"{url}: {exc}") from None
    except httpx.DecodingError:
        raise FetchError(
            f"{url}: the response body is not valid for its Content-Encoding"
        ) from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise FetchError(f"{url}: cannot fetch: {reason}") from None
