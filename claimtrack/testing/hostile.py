"""A loopback HTTP server that misbehaves on purpose: huge, endless and bomb bodies,
answers that never come, redirects elsewhere. For testing (and benchmarking) the limits
of the shared HTTP client.

Every path ends in a behaviour; the query string tunes it::

    /.../big?mb=200          200 MB of JSON-ish bytes with a Content-Length
    /.../endless             a chunked body that never ends
    /.../bomb?gb=20          a gzip body of 64 KB that expands to ~20 GB (gzip, no Content-Length)
    /.../slow?s=120          no answer for ``s`` seconds, then ``{}``
    /.../trickle?s=1         headers, then one byte of body every ``s`` seconds, forever
    /.../redirect?to=URL     302 to URL (status with ``code=``)
    /bounce/PORT/...         302 to ``http://127.0.0.1:PORT/json`` with the same query string
    /_seen                   the requests recorded so far (JSON: path, query, headers)
    /.../json                ``{"claims": []}`` (any other path too)

So ``CLAIMTRACK_FACTCHECK_API=http://127.0.0.1:PORT/bomb`` makes the factcheck verifier
ask ``/bomb/claims:search``. Requests are recorded (:attr:`HostileServer.requests`:
method, path, query, headers) so a test can check what reached the server.

``python -m claimtrack.testing.hostile`` serves in its own process and prints the port.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from claimtrack.testing.server import RecordedRequest

_ZEROS = bytes(1 << 20)


def _bomb_segments() -> tuple[bytes, bytes]:
    """The gzip stream of zeros as (start, repeatable 1 MB segment): after a full flush
    the compressor is back in the same state, so the segment can be sent again and again."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    return first, again


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.owner.requests.append(
            RecordedRequest(
                self.command,
                parts.path,
                query,
                {k.lower(): v for k, v in self.headers.items()},
                b"",
            )
        )
        words = [w for w in parts.path.split("/") if w]
        if words == ["_seen"]:
            self.server.owner.requests.pop()
            return self._seen()
        if words[:1] == ["bounce"] and len(words) > 1:
            location = f"http://127.0.0.1:{int(words[1])}/json" + (
                f"?{parts.query}" if parts.query else ""
            )
            self._head(302, {"Location": location, "Content-Length": "0"})
            return None
        kind = next(
            (w for w in words if w in ("big", "endless", "bomb", "slow", "trickle", "redirect")),
            "json",
        )
        try:
            getattr(self, f"_{kind}")(query)
        except (ConnectionError, OSError):  # the client hung up, as it should
            self.close_connection = True

    do_POST = do_GET

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()

    def _seen(self) -> None:
        seen = [
            {"path": r.path, "query": r.query, "headers": r.headers}
            for r in self.server.owner.requests
        ]
        body = json.dumps(seen).encode()
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
        self.wfile.write(body)

    def _json(self, query: dict[str, list[str]]) -> None:
        body = json.dumps({"claims": []}).encode()
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
        self.wfile.write(body)

    def _big(self, query: dict[str, list[str]]) -> None:
        size = int(float(query.get("mb", ["200"])[0]) * (1 << 20))
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(size)})
        sent = 0
        while sent < size:
            piece = _ZEROS[: min(len(_ZEROS), size - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def _endless(self, query: dict[str, list[str]]) -> None:
        self._head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        chunk = b"%x\r\n" % len(_ZEROS) + _ZEROS + b"\r\n"
        while True:
            self.wfile.write(chunk)

    def _bomb(self, query: dict[str, list[str]]) -> None:
        gigabytes = float(query.get("gb", ["20"])[0])
        first, again = self.server.owner.bomb
        self._head(
            200,
            {"Content-Type": "application/json", "Content-Encoding": "gzip", "Connection": "close"},
        )
        self.wfile.write(first)
        for _ in range(int(gigabytes * 1024) - 1):
            self.wfile.write(again)
        self.close_connection = True

    def _slow(self, query: dict[str, list[str]]) -> None:
        time.sleep(float(query.get("s", ["120"])[0]))
        self._json(query)

    def _trickle(self, query: dict[str, list[str]]) -> None:
        pause = float(query.get("s", ["1"])[0])
        self._head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        self.wfile.write(b"1\r\n[\r\n")
        self.wfile.flush()
        while True:
            time.sleep(pause)
            self.wfile.write(b"1\r\n \r\n")
            self.wfile.flush()

    def _redirect(self, query: dict[str, list[str]]) -> None:
        status = int(query.get("code", ["302"])[0])
        self._head(status, {"Location": query.get("to", ["/"])[0], "Content-Length": "0"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: HostileServer


class HostileServer:
    """The misbehaving server on ``127.0.0.1`` in a background thread."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.bomb = _bomb_segments()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Start serving; returns ``self``."""
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="claimtrack-hostile-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (handler threads still sleeping are daemons and die with the process)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _main() -> None:
    """Serve until stdin closes; print the port first."""
    import sys

    server = HostileServer().start()
    print(server.port, flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    _main()
