"""An append-only log storage for hishel's cache transport.

hishel's own SQLite storage runs every cursor call in a worker thread (dozens of thread
hops per response), and one file per entry costs several system calls per response; with
thousands of small API answers per run either costs more CPU than the requests. Verifier
answers are small and read whole, so here:

* each process appends its new entries to its own log file, ``<dir>/<time>-<pid>-<id>.log``,
  through a buffer (flushed when the client closes; a killed run only loses cache entries);
* on open, the logs are memory-mapped and indexed (key -> log, offset), later records
  winning;
* a log whose newest record is older than the longest lifetime is deleted on open.

A record is ``>HII`` (key length, header length, body length), the key, a JSON header
(request and response status/headers, expiry) and the body. A truncated last record (a
killed writer) is ignored.

Only answers that passed the caller's checks are stored. Inside a :func:`cache_scope`
(the engine opens one around every verifier call) new entries wait, unseen, until the
scope is committed, which the engine does only when the call gave a verdict without an
error; a malformed answer, or any answer a failed call was built on, is never replayed.
Outside a scope an entry is stored when its body has been read. Either way a response
the client marked as rejected (``X-Claimtrack-Rejected``: a JSON body that did not
parse) is never stored.

:class:`CacheTransport` is hishel's cache transport with a direct path for plain GETs
on a :class:`LogStorage` (the verifiers' hot path): the same key (hishel's, so entries
written by either path serve the other), the same rules (only 2xx other than 206, never
a rejected answer, scopes held until committed, secrets redacted from what is stored),
without converting every request and response to hishel's models and back. Anything
else (other methods, per-request ``caching`` overrides, RFC mode) goes through hishel.

POSTs are cached only when asked for, per request, with the ``claimtrack_cache``
extension (:data:`CACHE_POST`; :class:`CacheTransport`): a 2xx JSON answer is stored
under :func:`post_cache_key`, a SHA-256 of the method, the URL without credentials and the
exact body bytes, never a header, with the same lifetime, scope and rejection rules as a
GET. The request body itself is not stored.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import random
import struct
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

import httpx
from hishel import AsyncBaseStorage, CacheStatus, Entry, Headers, Request, Response
from hishel.httpx import AsyncCacheTransport

from claimtrack.verification.http import REJECTED_HEADER, ReadBody, _is_json, is_secret_name

_RECORD = struct.Struct(">HII")
#: Logs untouched for longer than this are removed when a storage opens.
MAX_LOG_AGE = 7 * 24 * 3600.0


def _headers(headers: Headers) -> dict[str, list[str]]:
    return {key: list(headers.get_list(key) or []) for key in headers}


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Header pairs as stored: name -> its values (as hishel groups them)."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    grouped.pop("transfer-encoding", None)  # the body is stored without it
    return grouped


def _grouped_headers(headers: httpx.Headers) -> dict[str, list[str]]:
    """:func:`_grouped` of ``headers.multi_items()``, decoded once with the headers'
    encoding instead of once per item (the same names, lower-cased, and values)."""
    encoding = headers.encoding
    return _grouped((k.decode(encoding).lower(), v.decode(encoding)) for k, v in headers.raw)


def _is_secret(name: str) -> bool:
    """Request parts that may carry credentials: never written to the cache."""
    return is_secret_name(name)


class CacheScope:
    """Cache entries made while the scope is active, held until :meth:`commit`."""

    def __init__(self) -> None:
        self._pending: list[tuple[LogStorage, str, dict[str, Any], bytes]] = []

    def add(self, storage: LogStorage, key: str, head: dict[str, Any], body: bytes) -> None:
        self._pending.append((storage, key, head, body))

    def commit(self) -> None:
        """Store the held entries: the answers they hold passed the caller's checks."""
        pending, self._pending = self._pending, []
        for storage, key, head, body in pending:
            storage._append(key, head, body)

    def discard(self) -> None:
        """Forget the held entries."""
        self._pending = []


_SCOPE: ContextVar[CacheScope | None] = ContextVar("claimtrack_cache_scope", default=None)


@contextmanager
def cache_scope() -> Iterator[CacheScope]:
    """Hold the cache entries made in this context (task) until the scope is committed."""
    scope = CacheScope()
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)


def _public_request(method: str, url: str, headers: dict[str, list[str]]) -> dict[str, Any]:
    """The request as stored with a cache entry, without API keys in its URL or headers.

    Entries are found by hishel's hashed key, so what is stored here is only for reading
    back the entry; keeping secrets out of it keeps them off the disk.
    """
    from urllib.parse import unquote_plus

    _, _, query_string = url.partition("?")
    names = (pair.partition("=")[0] for pair in query_string.split("&") if pair)
    if any(_is_secret(unquote_plus(name)) for name in names):  # else the URL is kept as it is
        from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

        parts = urlsplit(url)
        query = [
            (k, "REDACTED" if _is_secret(k) else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        url = urlunsplit(parts._replace(query=urlencode(query)))
    public = {k: v for k, v in headers.items() if not _is_secret(k)}
    return {"method": method, "url": url, "headers": public}


def cache_key(method: str, url: str) -> str:
    """hishel's key for a request (without RFC caching or a custom key)."""
    return hashlib.sha256(f"{method} {url}".encode()).hexdigest()


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


class LogStorage(AsyncBaseStorage):
    """Cache entries in append-only logs under ``directory``."""

    def __init__(
        self,
        directory: Path,
        *,
        default_ttl: float | None = None,
        max_entry_size: int = 8 * 1024 * 1024,
    ) -> None:
        super().__init__(default_ttl=default_ttl)
        self.directory = Path(directory)
        self.max_entry_size = max_entry_size
        # key -> (mapped log, offset of the header, header length, body length)
        self._index: dict[str, tuple[mmap.mmap, int, int, int]] | None = None
        # Entries written by this process, served from memory.
        self._fresh: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._maps: list[mmap.mmap] = []
        self._log: BinaryIO | None = None

    # -- index ---------------------------------------------------------------------------

    def _load(self) -> dict[str, tuple[mmap.mmap, int, int, int]]:
        if self._index is not None:
            return self._index
        index: dict[str, tuple[mmap.mmap, int, int, int]] = {}
        now = time.time()
        try:
            logs = sorted(self.directory.glob("*.log"))
        except OSError:
            logs = []
        for path in logs:
            try:
                if now - path.stat().st_mtime > max(MAX_LOG_AGE, self.default_ttl or 0):
                    path.unlink()
                    continue
                with open(path, "rb") as f:
                    if os.fstat(f.fileno()).st_size == 0:
                        continue
                    view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                continue
            self._maps.append(view)
            self._index_log(view, index, now)
        self._index = index
        return index

    @staticmethod
    def _index_log(
        view: mmap.mmap, index: dict[str, tuple[mmap.mmap, int, int, int]], now: float
    ) -> None:
        size = len(view)
        offset = 0
        while offset + _RECORD.size <= size:
            key_len, meta_len, body_len = _RECORD.unpack_from(view, offset)
            key_at = offset + _RECORD.size
            meta_at = key_at + key_len
            end = meta_at + meta_len + body_len
            if end > size:
                break  # a record cut short by a killed writer
            key = view[key_at:meta_at].decode("ascii", "replace")
            try:
                expires = json.loads(view[meta_at : meta_at + meta_len]).get("expires_at")
            except ValueError:
                expires = 0.0
            if expires is None or expires > now:
                index[key] = (view, meta_at, meta_len, body_len)
            else:
                index.pop(key, None)
            offset = end

    # -- hishel storage interface ---------------------------------------------------------

    async def create_entry(
        self,
        request: Request,
        response: Response,
        key: str,
        *,
        ttl: float | None = None,
        tti: float | None = None,
    ) -> Entry:
        entry_id = uuid.uuid4()
        response_headers = _headers(response.headers)
        rejected = REJECTED_HEADER.lower() in response_headers
        head = self._head(
            entry_id,
            _public_request(request.method, str(request.url), _headers(request.headers)),
            response.status_code,
            response_headers,
            ttl,
            tti,
        )
        body = response.stream

        async def save() -> AsyncIterator[bytes]:
            chunks: list[bytes] = []
            size = 0
            if body is not None:
                async for chunk in body:  # type: ignore[union-attr]
                    size += len(chunk)
                    if size <= self.max_entry_size:
                        chunks.append(chunk)
                    yield chunk
            if size > self.max_entry_size or rejected:
                return
            self.store(key, head, b"".join(chunks))

        return Entry(
            id=entry_id,
            request=request,
            response=Response(response.status_code, response.headers, save()),
        )

    def _head(
        self,
        entry_id: uuid.UUID,
        request: dict[str, Any],
        status: int,
        headers: dict[str, list[str]],
        ttl: float | None = None,
        tti: float | None = None,
    ) -> dict[str, Any]:
        """An entry's header record, its lifetime counted from now."""
        deadline, _ = self._limits(ttl, tti, time.time())
        return {
            "id": str(entry_id),
            "request": request,
            "response": {"status_code": status, "headers": headers},
            "expires_at": deadline,
        }

    def store(self, key: str, head: dict[str, Any], body: bytes) -> None:
        """Store an entry whose body was read whole: held by the active
        :func:`cache_scope` until it commits, else written now."""
        scope = _SCOPE.get()
        if scope is not None:
            scope.add(self, key, head, body)
        else:
            self._append(key, head, body)

    def _append(self, key: str, head: dict[str, Any], body: bytes) -> None:
        self._fresh[key] = (head, body)
        try:
            if self._log is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                name = f"{time.time():.0f}-{os.getpid()}-{uuid.uuid4().hex[:8]}.log"
                self._log = open(self.directory / name, "ab", buffering=256 * 1024)  # noqa: SIM115 - closed in close()
            meta = json.dumps(head).encode()
            raw_key = key.encode("ascii", "replace")
            self._log.write(
                _RECORD.pack(len(raw_key), len(meta), len(body)) + raw_key + meta + body
            )
        except OSError:  # a cache that cannot write only costs a request next time
            pass

    def lookup(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        """The unexpired entry stored under ``key``: its header record and body."""
        fresh = self._fresh.get(key)
        if fresh is not None:
            head, body = fresh
        else:
            found = self._load().get(key)
            if found is None:
                return None
            view, meta_at, meta_len, body_len = found
            try:
                head = json.loads(view[meta_at : meta_at + meta_len])
                body = view[meta_at + meta_len : meta_at + meta_len + body_len]
            except (OSError, ValueError):
                return None
        expires = head.get("expires_at")
        if expires is not None and expires <= time.time():
            self._fresh.pop(key, None)
            if self._index is not None:
                self._index.pop(key, None)
            return None
        return head, body

    async def get_entries(self, key: str) -> list[Entry]:
        found = self.lookup(key)
        if found is None:
            return []
        head, body = found
        req, resp = head["request"], head["response"]
        return [
            Entry(
                id=uuid.UUID(head["id"]),
                request=Request(
                    method=req["method"], url=req["url"], headers=Headers(req["headers"])
                ),
                response=Response(resp["status_code"], Headers(resp["headers"]), _once(body)),
            )
        ]

    async def update_headers(self, id: uuid.UUID, headers: Headers) -> None:
        """Not needed without RFC revalidation (claimtrack caches by lifetime)."""

    async def remove_entry(self, id: uuid.UUID) -> None:
        """Entries expire by lifetime; nothing is removed early."""

    async def close(self) -> None:
        """Flush this process's log and close the files."""
        if self._log is not None:
            with suppress(OSError):
                self._log.close()
            self._log = None
        for view in self._maps:
            view.close()
        self._maps = []
        self._index = None


# -- POST -----------------------------------------------------------------------------------

#: Request extension: cache this POST by its body (``extensions={CACHE_POST: True}``).
CACHE_POST = "claimtrack_cache"


def post_cache_key(request: httpx.Request, body: bytes) -> str:
    """The cache key of a POST: SHA-256 of its method, its URL without credentials (no
    user info, no secret-named query parameter) and ``body``, the exact bytes sent.

    No header is part of it, so an API key in ``Authorization`` never is, and two
    clients with different keys share the entry.
    """
    url = request.url.copy_with(userinfo=b"")
    params = url.params.multi_items()
    if any(_is_secret(name) for name, _ in params):
        url = url.copy_with(params=[(k, v) for k, v in params if not _is_secret(k)])
    digest = hashlib.sha256(b"claimtrack POST cache 1\n")
    digest.update(f"{request.method} {url}\n".encode())
    digest.update(body)
    return digest.hexdigest()


class _Body(httpx.AsyncByteStream):
    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.chunks:
            yield chunk

    async def aclose(self) -> None:
        close = getattr(self.chunks, "aclose", None)
        if close is not None:
            await close()


def _served(response: Response, status: CacheStatus) -> httpx.Response:
    assert response.stream is not None
    return httpx.Response(
        response.status_code,
        headers=[(k, v) for k in response.headers for v in response.headers.get_list(k) or []],
        stream=_Body(response.stream),  # type: ignore[arg-type]
        extensions={"caching": status},
    )


class CacheTransport(AsyncCacheTransport):
    """hishel's cache transport with a direct path for plain GETs on a :class:`LogStorage`
    (see the module docs): what it stores and serves is what hishel's path would.

    Plus POSTs sent with the :data:`CACHE_POST` extension, keyed by :func:`post_cache_key`.
    Such a POST is served from the cache when an entry for its key is alive (the
    response's ``caching`` extension then says ``from_cache``; see
    :func:`claimtrack.verification.api.from_cache`). Otherwise it is sent, and its answer
    stored only when it is 2xx (not 206) and JSON (``application/json`` or ``+json``; a
    body that did not parse is marked rejected by the client and never stored), under
    the storage's rules: lifetime ``[http] cache_ttl``, held by a
    :func:`cache_scope` until committed. Other POSTs are never cached.
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.extensions.get(CACHE_POST):
            return await self._cached_post(request)
        storage = self.config.get("storage")
        if (
            request.method != "GET"
            or "caching" in request.extensions
            or self.config.get("rfc", False) is not False
            or not isinstance(storage, LogStorage)
        ):
            return await super().handle_async_request(request)
        url = str(request.url)
        key = cache_key("GET", url)
        found = storage.lookup(key)
        if found is not None:
            head, body = found
            stored = head["response"]
            return httpx.Response(
                stored["status_code"],
                # As bytes, as hishel does: httpx would encode str values as ASCII.
                headers=[
                    (name.encode(), value.encode())
                    for name, values in stored["headers"].items()
                    for value in values
                ],
                stream=ReadBody(bytes(body)),
                request=request,
                extensions={
                    "caching": CacheStatus(from_cache=True, revalidated=False, stored=False)
                },
            )
        response = await self.next_transport.handle_async_request(request)
        stored_now = False
        if response.is_success and response.status_code != 206:
            if isinstance(response.stream, ReadBody):  # PoliteTransport reads every body whole
                body = response.stream.data
            else:
                body = await response.aread()
            headers = _grouped_headers(response.headers)
            if REJECTED_HEADER.lower() not in headers and len(body) <= storage.max_entry_size:
                public = _public_request("GET", url, _grouped_headers(request.headers))
                # The id only names the entry to hishel (nothing is removed by id), so a
                # pseudo-random one will do: uuid4 asks the kernel for randomness each time.
                entry_id = uuid.UUID(int=random.getrandbits(128), version=4)
                head = storage._head(entry_id, public, response.status_code, headers)
                storage.store(key, head, body)
                stored_now = True
        response.extensions["caching"] = CacheStatus(
            from_cache=False, revalidated=False, stored=stored_now
        )
        return response

    async def _cached_post(self, request: httpx.Request) -> httpx.Response:
        storage = self.config["storage"]
        key = post_cache_key(request, await request.aread())
        entries = [e for e in await storage.get_entries(key) if e.request.method == "POST"]
        if entries:
            hit = CacheStatus(from_cache=True, revalidated=False, stored=False)
            return _served(entries[0].response, hit)
        response = await self.next_transport.handle_async_request(request)
        if not response.is_success or response.status_code == 206 or not _is_json(response):
            response.extensions["caching"] = CacheStatus(
                from_cache=False, revalidated=False, stored=False
            )
            return response
        grouped = _grouped(response.headers.multi_items())
        # create_entry stores the request through _public_request: no secret in its URL or
        # headers reaches the disk.
        entry = await storage.create_entry(
            Request(
                method=request.method,
                url=str(request.url),
                headers=Headers(_grouped(request.headers.multi_items())),
            ),
            Response(response.status_code, Headers(grouped), response.aiter_raw()),
            key,
        )
        stored = REJECTED_HEADER not in response.headers  # create_entry never stores those
        return _served(
            entry.response, CacheStatus(from_cache=False, revalidated=False, stored=stored)
        )
