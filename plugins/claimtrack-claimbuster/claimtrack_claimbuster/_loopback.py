"""A real HTTP server on 127.0.0.1 for tests, with scripted faults.

Subclass :class:`LoopbackServer` and implement ``route(req) -> Reply``. Faults are queued
with :meth:`LoopbackServer.inject`: the next request whose path+query contains the given
text gets the scripted reply instead (a status/headers/body, a delay, a connection reset
or a truncated body).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw: str

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: Fault: "reset" closes the connection without a reply, "truncate" cuts the body in half.
    fault: str | None = None
    delay: float = 0.0

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None,
             content_type: str = "application/json; charset=utf-8", **kw: Any) -> Reply:
        return cls(status, json.dumps(data).encode(), {"Content-Type": content_type, **(headers or {})}, **kw)

    @classmethod
    def text(cls, text: str, status: int = 200, headers: dict[str, str] | None = None,
             content_type: str = "text/plain; charset=utf-8", **kw: Any) -> Reply:
        return cls(status, text.encode(), {"Content-Type": content_type, **(headers or {})}, **kw)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                query.setdefault(k, []).extend(v)
        req = Request(self.command, unquote(split.path), query, {k.lower(): v for k, v in self.headers.items()}, body, self.path)
        owner = self.server.owner
        owner.requests.append(req)
        reply = owner._scripted(req) or owner.route(req)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.fault == "reset":
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        data = reply.body if isinstance(reply.body, bytes) else str(reply.body).encode()
        if reply.fault == "truncate":
            data = data[: max(1, len(data) // 2)]
        self.send_response(reply.status)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(data)
            except OSError:
                pass

    do_GET = do_POST = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: LoopbackServer


class LoopbackServer:
    """Base class: ``with MyServer() as srv: httpx.get(srv.url + "/path")``."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._faults: list[tuple[str, Reply]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> LoopbackServer:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- faults
    def inject(self, match: str, *replies: Reply) -> None:
        """Serve ``replies`` (in order) to the next requests whose path+query contains ``match``."""
        with self._lock:
            self._faults.extend((match, r) for r in replies)

    def _scripted(self, req: Request) -> Reply | None:
        with self._lock:
            target = unquote(req.raw)
            for i, (match, reply) in enumerate(self._faults):
                if match in target or match in req.raw:
                    del self._faults[i]
                    return reply
        return None

    def route(self, req: Request) -> Reply:  # pragma: no cover - abstract
        raise NotImplementedError
