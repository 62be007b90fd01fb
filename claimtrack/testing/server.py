"""A loopback HTTP server for testing verifiers: JSON and text routes, scripted failures.

It runs an asyncio server on ``127.0.0.1`` in a background thread, so tests talk real
HTTP/1.1 over a real socket (keep-alive included) and nothing leaves the machine::

    server = FixtureServer().start()
    server.json("/population", {"value": 26_000_000})
    server.fail("/population", Fault.http(429, retry_after=0), Fault.reset())
    ...                        # the next two requests get a 429, then a reset; then the JSON
    server.inject([Fault.http(500), Fault.malformed()], share=0.2, seed=1)
    server.script("action=wbgetentities", Reply.json({"error": {"code": "maxlag"}}, delay=1))
    ...                        # the next request whose path+query contains it gets that reply
    server.stop()

A stand-in for a whole API is a subclass that overrides ``route(request) -> Reply``: it
answers every request that no ``json``/``text`` path matches.

In pytest use the ``fixture_server`` fixture from :mod:`claimtrack.testing`.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class Fault:
    """One scripted failure. Build them with the class methods."""

    kind: str
    status: int = 500
    retry_after: float | str | None = None
    seconds: float = 0.0
    body: str = ""

    @classmethod
    def http(cls, status: int, *, retry_after: float | str | None = None, body: str = "") -> Fault:
        """Answer with ``status`` (and a ``Retry-After`` header if given)."""
        return cls("status", status=status, retry_after=retry_after, body=body)

    @classmethod
    def error(cls, status: int = 500, *, retry_after: float | str | None = None) -> Fault:
        """Same as :meth:`http`."""
        return cls.http(status, retry_after=retry_after)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds`` before answering normally (slower than a client timeout, say)."""
        return cls("delay", seconds=seconds)

    @classmethod
    def reset(cls) -> Fault:
        """Reset the connection (TCP RST) without answering."""
        return cls("reset")

    @classmethod
    def close(cls) -> Fault:
        """Close the connection without answering."""
        return cls("close")

    @classmethod
    def malformed(cls, body: str = '{"truncated": ') -> Fault:
        """Answer 200 with ``Content-Type: application/json`` and a body that does not parse."""
        return cls("malformed", status=200, body=body)


@dataclass
class RecordedRequest:
    """A request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    fault: str | None = None
    #: The request target as sent: path and query string, still percent-encoded.
    raw: str = ""

    def json(self) -> Any:
        """The request body parsed as JSON."""
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``, else ``default``."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Reply:
    """What a route answers: status, headers and body bytes, after ``delay`` seconds."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json; charset=utf-8",
        *,
        delay: float = 0.0,
    ) -> Reply:
        """``data`` as a JSON body."""
        return cls(
            status,
            json.dumps(data).encode(),
            {"Content-Type": content_type, **(headers or {})},
            delay,
        )

    @classmethod
    def text(
        cls,
        text: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "text/plain; charset=utf-8",
        *,
        delay: float = 0.0,
    ) -> Reply:
        """``text`` as a body of type ``content_type``."""
        return cls(status, text.encode(), {"Content-Type": content_type, **(headers or {})}, delay)


Handler = Callable[[RecordedRequest], Any]


def _as_reply(value: Any, content_type: str) -> Reply:
    if isinstance(value, Reply):
        return value
    if content_type == "application/json" and not isinstance(value, (bytes, str)):
        return Reply(200, json.dumps(value).encode(), {"Content-Type": "application/json"})
    body = value if isinstance(value, bytes) else str(value).encode()
    return Reply(200, body, {"Content-Type": content_type})


class FixtureServer:
    """A loopback HTTP/1.1 server with JSON/text routes and scripted failures.

    :param latency: seconds added before every answer (the benchmark uses 0.05).
    """

    def __init__(self, *, latency: float = 0.0) -> None:
        self.latency = latency
        self.requests: list[RecordedRequest] = []
        self._routes: dict[str, tuple[Handler | Any, str, int, dict[str, str]]] = {}
        self._scripted: dict[str, deque[Fault]] = {}
        self._matched: list[tuple[str, Fault | Reply]] = []
        self._inject: tuple[list[Fault], float, random.Random, tuple[str, ...] | None] | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.in_flight = 0
        self.max_in_flight = 0

    # -- life cycle ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Start serving in a background thread; returns ``self``."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            self._server = loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=1024, limit=2**20)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            loop.run_until_complete(asyncio.sleep(0))
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=run, name="claimtrack-fixture-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop the server and its thread."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration -------------------------------------------------------------------

    def json(
        self, path: str, data: Any, *, status: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        """Serve ``data`` as JSON at ``path`` (query strings are ignored when matching).

        ``data`` may be a callable taking the :class:`RecordedRequest` and returning the
        data (or a :class:`Reply`). A path ending in ``*`` matches every path with that prefix.
        """
        self._routes[path] = (data, "application/json", status, dict(headers or {}))

    def text(
        self,
        path: str,
        body: str | bytes | Handler,
        *,
        status: int = 200,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` (text, bytes or a callable) at ``path``."""
        self._routes[path] = (body, content_type, status, dict(headers or {}))

    def fail(self, path: str, *faults: Fault) -> None:
        """The next requests to ``path`` get these faults, one each, in order."""
        with self._lock:
            self._scripted.setdefault(path, deque()).extend(faults)

    def script(self, match: str, *replies: Reply | Fault) -> None:
        """The next requests whose path and query string contain ``match`` (as sent or
        percent-decoded) get these replies or faults, one each, in order, before anything else."""
        with self._lock:
            self._matched.extend((match, r) for r in replies)

    def inject(
        self,
        faults: Iterable[Fault],
        share: float,
        *,
        seed: int = 0,
        paths: Iterable[str] | None = None,
    ) -> None:
        """Give a random ``share`` of requests (to ``paths``, default all) one of ``faults``."""
        self._inject = (list(faults), share, random.Random(seed), tuple(paths) if paths else None)

    def clear_faults(self) -> None:
        """Forget scripted and injected faults."""
        with self._lock:
            self._scripted.clear()
            self._matched.clear()
            self._inject = None

    def count(self, path: str | None = None) -> int:
        """How many requests arrived (to ``path``, if given)."""
        return sum(1 for r in self.requests if path is None or r.path == path)

    def reset_log(self) -> None:
        """Forget recorded requests."""
        self.requests = []
        self.max_in_flight = 0

    # -- serving -------------------------------------------------------------------------

    def route(self, request: RecordedRequest) -> Any:
        """The answer to a request that no configured path matches: override it to stand in
        for a whole API (data, or a :class:`Reply`). The default is a 404."""
        return Reply(404, b"not found", {"Content-Type": "text/plain"})

    def _route(self, path: str) -> tuple[Any, str, int, dict[str, str]] | None:
        """The route for ``path``: an exact match, else the longest ``prefix*`` pattern."""
        if path in self._routes:
            return self._routes[path]
        for pattern, route in self._routes.items():
            if pattern.endswith("*") and path.startswith(pattern[:-1]):
                return route
        return None

    def _pick_fault(self, path: str, target: str = "") -> Fault | Reply | None:
        with self._lock:
            decoded = unquote(target)
            for i, (match, item) in enumerate(self._matched):
                if match in target or match in decoded:
                    del self._matched[i]
                    return item
            for key in (path, "*"):
                queue = self._scripted.get(key)
                if queue:
                    return queue.popleft()
            if self._inject is not None:
                faults, share, rng, paths = self._inject
                if faults and (paths is None or path in paths) and rng.random() < share:
                    return rng.choice(faults)
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _version = [*lines[0].split(" "), "", ""][:3]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, _, value = line.partition(":")
                        headers[key.strip().lower()] = value.strip()
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                parts = urlsplit(target)
                request = RecordedRequest(
                    method, parts.path, parse_qs(parts.query), headers, body, raw=target
                )
                self.requests.append(request)
                fault = self._pick_fault(parts.path, target)
                request.fault = (
                    None if fault is None else "reply" if isinstance(fault, Reply) else fault.kind
                )
                keep = await self._answer(request, fault, writer)
                if not keep or headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.close()

    async def _answer(
        self, request: RecordedRequest, fault: Fault | Reply | None, writer: asyncio.StreamWriter
    ) -> bool:
        scripted = fault if isinstance(fault, Reply) else None
        fault = fault if isinstance(fault, Fault) else None
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency and not request.path.startswith("/_"):
                await asyncio.sleep(self.latency)
            if fault is not None and fault.kind == "delay":
                await asyncio.sleep(fault.seconds)
            if fault is not None and fault.kind in ("reset", "close"):
                sock = writer.get_extra_info("socket")
                if fault.kind == "reset" and sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
                return False
            if fault is not None and fault.kind == "status":
                extra = {"Content-Type": "text/plain"}
                if fault.retry_after is not None:
                    extra["Retry-After"] = str(fault.retry_after)
                reply = Reply(fault.status, fault.body.encode(), extra)
            elif fault is not None and fault.kind == "malformed":
                reply = Reply(200, fault.body.encode(), {"Content-Type": "application/json"})
            else:
                reply = scripted or self._reply(request)
            if reply.delay:
                await asyncio.sleep(reply.delay)
            head = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}"]
            merged = {
                "Content-Length": str(len(reply.body)),
                "Date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
            }
            merged.update(reply.headers)
            head += [f"{k}: {v}" for k, v in merged.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + reply.body)
            await writer.drain()
            return True
        finally:
            self.in_flight -= 1

    def _reply(self, request: RecordedRequest) -> Reply:
        route = self._route(request.path) or (self.route, "application/json", 200, {})
        value, content_type, status, headers = route
        try:
            data = value(request) if callable(value) else value
        except Exception as exc:  # noqa: BLE001 - a broken handler is a 500, like a real server
            return Reply(500, f"handler error: {exc}".encode(), {"Content-Type": "text/plain"})
        reply = _as_reply(
            data,
            content_type.split(";")[0]
            if content_type.startswith("application/json")
            else content_type,
        )
        if not isinstance(data, Reply):
            reply.status = status
        reply.headers = {**headers, **reply.headers}
        return reply


def _main(argv: list[str] | None = None) -> None:
    """``python -m claimtrack.testing.serve [--latency S]``: serve in this process.

    Every path answers JSON ``{"path": ..., "id": ...}`` (``id`` from the query string);
    ``/_stats`` answers the number of requests served so far. Prints the port, then
    serves until killed. Benchmarks run it in its own process, so the server does not
    compete with the client for the interpreter.
    """
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="claimtrack loopback fixture server")
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args(argv)
    server = FixtureServer(latency=args.latency)

    def echo(request: RecordedRequest) -> Any:
        if request.path == "/_stats":
            return {
                "requests": sum(1 for r in server.requests if not r.path.startswith("/_")),
                "max_in_flight": server.max_in_flight,
                "cpu_s": time.process_time(),
            }
        if request.path == "/_reset":
            server.reset_log()
            return {"ok": True}
        ids = request.query.get("id")
        return {"path": request.path, "id": ids[0] if ids else None}

    server.json("/*", echo)
    server.start()
    print(server.port, flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin or kills us
    finally:
        server.stop()


if __name__ == "__main__":
    _main()
