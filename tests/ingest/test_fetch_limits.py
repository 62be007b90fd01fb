"""`claimtrack add URL` against hostile loopback servers: trickled bytes, endless bodies, gzip bombs.

The deadline bounds the whole download however the server paces it; the byte limit counts
the body after decompression. Both end in a one-line error and exit status 1.
"""

from __future__ import annotations

import os
import socketserver
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

ARTICLE = b"Unemployment fell to 4.2 percent in 2023, the statistics office said. " * 20


def _bomb() -> bytes:
    """64 MB of zeros, gzip-compressed to about 64 KB."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return z.compress(bytes(64 * 1024 * 1024)) + z.flush()


class Handler(socketserver.BaseRequestHandler):
    """Raw HTTP/1.1 so the tests control every byte and every pause."""

    def handle(self) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode()
        with suppress(OSError):  # the client hung up: that is what these routes wait for
            getattr(self, "route_" + path.strip("/").replace("-", "_"))()

    def _trickle(self, data: bytes, pause: float) -> None:
        for i in range(len(data)):
            self.request.sendall(data[i : i + 1])
            time.sleep(pause)

    def route_trickle(self) -> None:
        self.request.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
            % len(ARTICLE)
        )
        self._trickle(ARTICLE, 0.2)

    def route_trickle_headers(self) -> None:
        self._trickle(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: "
            + b"a" * 200
            + b"\r\n\r\n",
            0.2,
        )

    def route_endless(self) -> None:
        self.request.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"Prices rose again. " * 1000
        while True:
            self.request.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    def route_bomb(self) -> None:
        body = self.server.bomb  # type: ignore[attr-defined]
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
        self.request.sendall(head % len(body) + body)

    def route_ok(self) -> None:
        self.request.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
            % len(ARTICLE)
            + ARTICLE
        )


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.bomb = _bomb()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _add(url: str, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    db = str(tmp_path / "f.db")
    subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", db, "db", "init"],
        capture_output=True,
        check=True,
    )
    began = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", db, "add", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "CLAIMTRACK_LOAD_PLUGINS": "", **env},
    )
    return proc, time.monotonic() - began


def _one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert needle in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stdout == ""


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_trickling_server_hits_the_deadline(hostile: str, tmp_path: Path, path: str) -> None:
    # Each byte comes well within the 5 s read timeout; only the 2 s deadline can stop it.
    proc, took = _add(
        hostile + path, tmp_path, CLAIMTRACK_FETCH_DEADLINE="2", CLAIMTRACK_HTTP_TIMEOUT="5"
    )
    _one_line_error(proc, "not fully received within the 2 s deadline")
    assert took < 60  # the trickle alone would take 280 s (body) or 50 s (headers)


def test_endless_body_stops_at_the_byte_limit(hostile: str, tmp_path: Path) -> None:
    proc, _ = _add(hostile + "/endless", tmp_path, CLAIMTRACK_MAX_BYTES="1000000")
    _one_line_error(proc, "over the 1,000,000-byte limit")


def test_gzip_bomb_stops_at_the_byte_limit_after_decompression(
    hostile: str, tmp_path: Path
) -> None:
    """64 KB on the wire, 64 MB decompressed: the 1 MB limit applies to the decompressed body."""
    proc, _ = _add(hostile + "/bomb", tmp_path, CLAIMTRACK_MAX_BYTES="1000000")
    _one_line_error(proc, "over the 1,000,000-byte limit")


def test_a_normal_page_is_added_within_the_deadline(hostile: str, tmp_path: Path) -> None:
    proc, _ = _add(hostile + "/ok", tmp_path, CLAIMTRACK_FETCH_DEADLINE="5")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Added article 1")


def test_bad_deadline_setting_is_one_line(tmp_path: Path) -> None:
    proc, _ = _add("http://127.0.0.1:9/x", tmp_path, CLAIMTRACK_FETCH_DEADLINE="soon")
    _one_line_error(proc, "CLAIMTRACK_FETCH_DEADLINE: expected a number")
