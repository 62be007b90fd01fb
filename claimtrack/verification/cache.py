"""A file-per-entry storage for hishel's cache transport.

hishel's own SQLite storage runs every cursor call in a worker thread (dozens of thread
hops per response); with thousands of small API answers per run that cost more than the
requests. Verifier answers are small and read whole, so here each entry is one file,
``<dir>/<key[:2]>/<key>``: a JSON header (request, response status and headers, expiry)
and the body. Writes go to a temporary file and are renamed into place, so a reader never
sees half an entry and a killed run leaves no corrupt one.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hishel import AsyncBaseStorage, Entry, Headers, Request, Response

_HEADER = struct.Struct(">I")


def _headers(headers: Headers) -> dict[str, list[str]]:
    return {key: list(headers.get_list(key) or []) for key in headers}


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


class FileStorage(AsyncBaseStorage):
    """Cache entries as files under ``directory``; expired entries are ignored and removed."""

    def __init__(self, directory: Path, *, default_ttl: float | None = None, max_entry_size: int = 8 * 1024 * 1024) -> None:
        super().__init__(default_ttl=default_ttl)
        self.directory = Path(directory)
        self.max_entry_size = max_entry_size
        self._dirs: set[Path] = set()
        # The keys on disk, listed once: a miss then costs no system call (on some file
        # systems a failed open() takes most of a millisecond).
        self._known: set[str] | None = None
        # Files are written by one background thread: the event loop never waits on the
        # disk, and close() waits for what is pending.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimtrack-http-cache")

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def _keys(self) -> set[str]:
        if self._known is None:
            known: set[str] = set()
            try:
                for sub in os.scandir(self.directory):
                    if sub.is_dir():
                        known.update(e.name for e in os.scandir(sub.path) if not e.name.startswith("."))
            except OSError:
                pass
            self._known = known
        return self._known

    async def create_entry(
        self,
        request: Request,
        response: Response,
        key: str,
        *,
        ttl: float | None = None,
        tti: float | None = None,
    ) -> Entry:
        now = time.time()
        deadline, _ = self._limits(ttl, tti, now)
        entry_id = uuid.uuid4()
        head = {
            "id": str(entry_id),
            "request": {"method": request.method, "url": request.url, "headers": _headers(request.headers)},
            "response": {"status_code": response.status_code, "headers": _headers(response.headers)},
            "expires_at": deadline,
        }
        body = response.stream
        path = self._path(key)

        async def save() -> AsyncIterator[bytes]:
            chunks: list[bytes] = []
            size = 0
            if body is not None:
                async for chunk in body:  # type: ignore[union-attr]
                    size += len(chunk)
                    if size <= self.max_entry_size:
                        chunks.append(chunk)
                    yield chunk
            if size <= self.max_entry_size:
                self._keys().add(key)
                self._writer.submit(self._write, path, head, b"".join(chunks))

        return Entry(id=entry_id, request=request, response=Response(response.status_code, response.headers, save()))

    def _write(self, path: Path, head: dict[str, Any], body: bytes) -> None:
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            meta = json.dumps(head).encode()
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(_HEADER.pack(len(meta)) + meta + body)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot write only costs a request next time
            pass

    async def get_entries(self, key: str) -> list[Entry]:
        if key not in self._keys():
            return []
        path = self._path(key)
        try:
            data = path.read_bytes()
            (length,) = _HEADER.unpack_from(data)
            head = json.loads(data[_HEADER.size : _HEADER.size + length])
            body = data[_HEADER.size + length :]
        except (OSError, ValueError, struct.error):
            return []
        expires = head.get("expires_at")
        if expires is not None and expires <= time.time():
            self._keys().discard(key)
            await self._unlink(path)
            return []
        req, resp = head["request"], head["response"]
        return [
            Entry(
                id=uuid.UUID(head["id"]),
                request=Request(method=req["method"], url=req["url"], headers=Headers(req["headers"])),
                response=Response(resp["status_code"], Headers(resp["headers"]), _once(body)),
            )
        ]

    async def _unlink(self, path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass

    async def update_headers(self, id: uuid.UUID, headers: Headers) -> None:
        """Not needed without RFC revalidation (claimtrack caches by lifetime)."""

    async def remove_entry(self, id: uuid.UUID) -> None:
        """Entries are removed when found expired."""

    async def close(self) -> None:
        """Wait for pending writes."""
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self._writer.shutdown, True)
