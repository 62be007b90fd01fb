"""HTTP helpers: bounded retries, Retry-After, "unreachable once per run".

Every request of one run shares a ``state`` dict (the verifier's ``ctx.run_state``). The
first connection failure marks the source down in it, logs one warning, and every later
request of the run fails at once with :class:`Unreachable`, so an offline run finishes
fast and says so once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

import httpx

RETRY_STATUSES = {429, 500, 502, 503, 504}
#: Seconds to wait for a connection: a source that does not answer by then is down for the run.
CONNECT_TIMEOUT = 5.0


class Unreachable(Exception):
    """The source cannot be reached in this run (connection failure, ban, repeated 5xx)."""


class SourceError(Exception):
    """One request failed in a way that affects only the claim at hand (bad data, API error)."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def mark_down(state: dict[str, Any], source: str, reason: str, logger: logging.Logger) -> Unreachable:
    """Record that ``source`` is down for this run; warn once."""
    if "down" not in state:
        state["down"] = reason
        level = logging.INFO if state.get("quiet") else logging.WARNING  # quiet: another component reports it
        logger.log(level, "%s unreachable: %s (its claims are left unverifiable for this run)", source, reason)
    return Unreachable(state["down"])


async def request(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    state: dict[str, Any],
    source: str,
    logger: logging.Logger,
    params: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
    max_tries: int = 3,
    max_wait: float = 10.0,
    redact: tuple[str, ...] = (),
    follow_redirects: bool = False,
    ok_statuses: tuple[int, ...] = (200,),
) -> httpx.Response:
    """Send one request with bounded retries; raise :class:`Unreachable` or :class:`SourceError`.

    429/503 with ``Retry-After`` wait that long (when it is at most ``max_wait``), other
    5xx back off with jitter. ``redact`` lists secret strings never to appear in messages.
    """

    def clean(text: str) -> str:
        for secret in redact:
            if secret:
                text = text.replace(secret, "***")
        return text

    if "down" in state:
        raise Unreachable(state["down"])
    last = ""
    for attempt in range(max_tries):
        try:
            response = await http.request(
                method, url, params=params, data=data, headers=headers,
                timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
                follow_redirects=follow_redirects,
            )
        except httpx.ConnectTimeout:
            raise mark_down(state, source, "cannot connect: timed out", logger) from None
        except httpx.TimeoutException as exc:
            last = f"timed out ({type(exc).__name__})"
            if attempt + 1 < max_tries:
                continue
            raise mark_down(state, source, last, logger) from None
        except (httpx.TransportError, OSError) as exc:
            raise mark_down(state, source, clean(f"cannot connect: {type(exc).__name__}: {exc}"), logger) from None
        if response.status_code in ok_statuses:
            return response
        status = response.status_code
        if status == 403 and "banned" in response.text.lower():
            raise mark_down(state, source, "HTTP 403: banned by the server's throttling", logger)
        if status in RETRY_STATUSES:
            wait = retry_after(response)
            last = f"HTTP {status}"
            if wait is not None and wait > max_wait:
                raise mark_down(state, source, f"HTTP {status} with Retry-After {wait:g} s (over {max_wait:g} s)", logger)
            if attempt + 1 < max_tries:
                await asyncio.sleep(wait if wait is not None else min(max_wait, 0.2 * 2**attempt + random.random() * 0.1))
                continue
            raise mark_down(state, source, f"{last} after {max_tries} tries", logger)
        return response
    raise mark_down(state, source, last or "no response", logger)


def parse_json(response: httpx.Response) -> Any:
    """The response's JSON body, or :class:`SourceError` for a truncated or non-JSON body."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        ctype = response.headers.get("content-type", "?")
        raise SourceError(f"malformed response (not JSON or truncated, {ctype}, HTTP {response.status_code})") from None
