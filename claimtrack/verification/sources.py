"""Calling an HTTP source from a verifier: one failure policy for every plugin.

``ctx.http`` already retries transport errors, timeouts, 408/429/5xx (honouring
``Retry-After``) and JSON bodies that do not parse (see :mod:`.http`). What is left to a
verifier is done here, once:

* a source that cannot be reached (no connection, a timeout, still 429/5xx after the
  client's retries, a 403 ban) is *down for the run*: :func:`fetch` logs
  ``"<source> unreachable: <reason>"`` once, records it in ``ctx.run_state``, and every
  later call for that source in the same run raises :class:`SourceUnreachable` at once,
  without a request, so an offline run ends fast and says so once;
* an answer that is wrong for this request only (an HTTP error, a body that is not JSON
  or not of the expected shape) raises :class:`SourceError`, which a verifier usually
  turns into an ``unverifiable`` verdict for the claim at hand.

Either way the verdict should be :func:`source_failure`: ``unverifiable`` with the
failure in its ``error`` field, so that it is told apart from "no evidence" and
``verify --retry-errors`` does it again.

There is no retry layer here. A source that answers errors with HTTP 200 and asks to be
retried (Wikimedia's ``maxlag``) is retried by its plugin, e.g. with
:func:`claimtrack.verification.http.retry_after_seconds`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from claimtrack.verification.api import Verdict
from claimtrack.verification.http import MAX_BODY_EXTENSION, RETRY_STATUSES, HostDown

if TYPE_CHECKING:
    from claimtrack.extraction.parts import Part
    from claimtrack.verification.api import VerifyContext

__all__ = [
    "DOWN_KEY",
    "QUIET_KEY",
    "SourceError",
    "SourceUnreachable",
    "UnexpectedResponse",
    "check_parts",
    "combine_verdicts",
    "fetch",
    "fetch_json",
    "mark_unreachable",
    "read_json",
    "shape_errors",
    "source_failure",
]

#: ``ctx.run_state`` key: {source: reason} for the sources down in this run.
DOWN_KEY = "sources.down"
#: ``ctx.run_state`` key: when true, "unreachable" is logged at INFO, not WARNING (for a
#: component whose failure another one already reports).
QUIET_KEY = "sources.quiet"
#: Seconds to wait for a connection when a ``timeout`` is given: a source that does not
#: answer by then is down for the run.
CONNECT_TIMEOUT = 5.0


class SourceUnreachable(Exception):
    """The source cannot be reached in this run (connection failure, ban, repeated 5xx)."""


class SourceError(Exception):
    """One request failed in a way that affects only the claim at hand (bad data, API error).

    ``code`` is the source's error code, if it gave one (``"maxlag"``, ``"404"``…).
    """

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class UnexpectedResponse(SourceError):
    """An answer of the wrong shape (a list where an object was expected, a missing field…)."""


#: What reading a JSON document of the wrong shape raises in Python.
SHAPE_ERRORS = (AttributeError, KeyError, IndexError, TypeError, ValueError)


@contextmanager
def shape_errors(source: str) -> Iterator[None]:
    """Turn the errors that reading a JSON answer of the wrong shape raises (``KeyError``,
    ``AttributeError``, ``TypeError``…) into :class:`UnexpectedResponse`: one line,
    ``"unexpected response from <source>: …"``, instead of a traceback's last line.

    ::

        with shape_errors("population"):
            value = body["data"][0]["value"]
    """
    try:
        yield
    except SourceError:
        raise
    except SHAPE_ERRORS as exc:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        raise UnexpectedResponse(f"unexpected response from {source}: {detail}") from None


def source_failure(reason: str) -> Verdict:
    """The verdict for a claim whose source failed (unreachable, or a bad answer):
    ``unverifiable``, with ``reason`` as its summary and its ``error``, so that it is not
    mistaken for "no evidence found" and ``verify --retry-errors`` does it again."""
    return Verdict("unverifiable", 0.0, reason, (), error=reason)


Check = TypeVar("Check")


async def check_parts(
    checks: Sequence[tuple[Part | None, Check]],
    check: Callable[[Check], Awaitable[Verdict]],
    *,
    source: str,
) -> Verdict | list[Verdict]:
    """Run ``check`` on each ``(part, what)`` pair a verifier planned, and return what
    :meth:`Verifier.verify <claimtrack.Verifier.verify>` should return.

    Each verdict is tied to its part (``verdict.on(part)``). A part whose answer is wrong
    (:class:`SourceError`, shape errors included) gets :func:`source_failure` and the other
    parts go on; a source that cannot be reached (:class:`SourceUnreachable`) fails every
    planned part at once, without more requests. Pairs with part None (the claim has no
    parts and is checked as a whole) give one verdict on the whole claim, combined with
    :func:`combine_verdicts`.

    ::

        checks = [(part, fact) for part in claim.parts_of("capital") ...]
        return await check_parts(checks, lambda fact: check_capital(client, fact), source="wikidata")
    """
    verdicts: list[Verdict] = []
    for part, what in checks:
        try:
            with shape_errors(source):
                verdict = await check(what)
        except SourceUnreachable as exc:
            failure = source_failure(f"{source} unreachable: {exc}")
            if part is None:
                return failure
            return [failure.on(p) for p, _ in checks]
        except SourceError as exc:
            verdict = source_failure(str(exc))
        verdicts.append(verdict.on(part))
    if checks and checks[0][0] is None:
        return combine_verdicts(verdicts)
    return verdicts


def combine_verdicts(verdicts: Sequence[Verdict]) -> Verdict:
    """One verdict from several checks of the same claim (a claim without parts that holds
    more than one checkable fact): the decided verdicts' label if they agree, ``mixed`` if
    not, at the lowest of their confidences, with every summary and all evidence. When no
    check decided, ``unverifiable``, keeping any source failure in ``error`` so that
    ``verify --retry-errors`` redoes it."""
    decided = [v for v in verdicts if v.label in ("supported", "refuted", "mixed")]
    evidence = [e for v in verdicts for e in v.evidence]
    summary = "; ".join(v.summary for v in verdicts if v.summary)
    if not decided:
        error = "; ".join(v.error for v in verdicts if v.error) or None
        return Verdict("unverifiable", 0.0, summary, evidence, error=error)
    labels = {v.label for v in decided}
    label = labels.pop() if len(labels) == 1 else "mixed"
    return Verdict(label, min(v.confidence for v in decided), summary, evidence)


def mark_unreachable(ctx: VerifyContext, source: str, reason: str) -> SourceUnreachable:
    """Record that ``source`` is down for this run and log it once; returns the exception
    to raise (``raise mark_unreachable(ctx, "factcheck", "API key rejected")``)."""
    down = ctx.run_state.setdefault(DOWN_KEY, {})
    if source not in down:
        down[source] = reason
        level = logging.INFO if ctx.run_state.get(QUIET_KEY) else logging.WARNING
        ctx.logger.log(
            level,
            "%s unreachable: %s (its claims are left unverifiable for this run)",
            source,
            reason,
        )
    return SourceUnreachable(down[source])


async def fetch(
    ctx: VerifyContext,
    source: str,
    url: str,
    *,
    method: str = "GET",
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    accept: Collection[int] = (),
    redact: Collection[str] = (),
    max_body_bytes: int | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """Send one request with ``ctx.http``; the response, whatever its status, unless the
    source is down.

    Raises :class:`SourceUnreachable` (and marks ``source`` down for the run) when the
    request cannot connect or times out, when the answer is still 429/5xx after the
    client's retries, or on a 403 that says the client is banned; statuses in ``accept``
    are always returned. ``timeout`` (seconds) overrides the client's for this request;
    ``redact`` lists secrets never to appear in messages; ``max_body_bytes`` overrides
    the client's body limit (``[http] max_body_bytes``) for this request; other keyword
    arguments go to ``httpx.AsyncClient.request`` (``data``, ``json``, ``follow_redirects``…).

    A body over the limit raises :class:`~claimtrack.verification.http.ResponseTooLarge`
    and a redirect to a metadata address
    :class:`~claimtrack.verification.http.RedirectRefused`: the engine records either as
    an error for the claim at hand.
    """
    down = ctx.run_state.get(DOWN_KEY) or {}
    if source in down:
        raise SourceUnreachable(down[source])
    if timeout is not None:
        kwargs["timeout"] = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT), pool=None)
    if max_body_bytes is not None:
        kwargs["extensions"] = {
            **(kwargs.get("extensions") or {}),
            MAX_BODY_EXTENSION: max_body_bytes,
        }
    try:
        response = await ctx.http.request(method, url, params=params, headers=headers, **kwargs)
    except HostDown as exc:
        raise mark_unreachable(ctx, source, str(exc)) from None
    except httpx.ConnectTimeout:
        raise mark_unreachable(ctx, source, "cannot connect: timed out") from None
    except httpx.TimeoutException as exc:
        raise mark_unreachable(ctx, source, f"timed out ({type(exc).__name__})") from None
    except (httpx.TransportError, OSError) as exc:
        reason = f"cannot connect: {type(exc).__name__}: {exc}"
        for secret in filter(None, redact):
            reason = reason.replace(secret, "***")
        raise mark_unreachable(ctx, source, reason) from None
    status = response.status_code
    if status in accept:
        return response
    if status == 403 and "banned" in response.text.lower():
        raise mark_unreachable(ctx, source, "HTTP 403: banned by the server's throttling")
    if status in RETRY_STATUSES:
        raise mark_unreachable(ctx, source, f"HTTP {status}")
    return response


_KINDS: dict[type, str] = {dict: "a JSON object", list: "a JSON array", str: "a JSON string"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a JSON boolean"
    if isinstance(value, (int, float)):
        return "a JSON number"
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def read_json(
    response: httpx.Response, *, expect: type | None = None, source: str | None = None
) -> Any:
    """The response's JSON body, or :class:`SourceError` for a truncated or non-JSON body.

    ``expect`` (``dict`` or ``list``): the body must be of that type, else
    :class:`UnexpectedResponse` ("unexpected response from <source>: expected a JSON
    object, got a JSON array"); ``source`` names the source (default: the host).
    """
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        ctype = response.headers.get("content-type", "?")
        raise SourceError(
            f"malformed response (not JSON or truncated, {ctype}, HTTP {response.status_code})"
        ) from None
    if expect is not None and not isinstance(body, expect):
        name = source or response.request.url.host
        raise UnexpectedResponse(
            f"unexpected response from {name}: expected {_KINDS.get(expect, expect.__name__)}, got {_kind(body)}"
        )
    return body


async def fetch_json(
    ctx: VerifyContext,
    source: str,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    accept: Collection[int] = (),
    expect: type | None = None,
    **kwargs: Any,
) -> Any:
    """:func:`fetch`, then the JSON body: :class:`SourceError` for a status other than 2xx
    (or one in ``accept``: their body is returned) and for a body that is not JSON, or
    not of type ``expect`` (see :func:`read_json`)."""
    response = await fetch(
        ctx, source, url, params=params, headers=headers, accept=accept, **kwargs
    )
    if not response.is_success and response.status_code not in accept:
        raise SourceError(f"{source}: HTTP {response.status_code}", str(response.status_code))
    return read_json(response, expect=expect, source=source)
