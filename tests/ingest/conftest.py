"""A real HTTP server on 127.0.0.1 serving articles and failures for URL ingestion tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_HTML = b"""<!doctype html><html><head><title>Talks resume | The Ledger</title>
<meta name="author" content="Jane Harlow"><meta property="og:site_name" content="The Ledger">
<meta property="article:published_time" content="2023-05-16T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/markets">Markets</a></nav>
<article><h1>Talks resume in Sydney</h1>
<p>Trade ministers met on Tuesday for talks in Australia's capital, Sydney, the first such meeting since 2019.</p>
<p>The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, the United Kingdom and the United States, is home to a tenth of the world's population.</p>
<p>"We cannot allow supply chains to be held hostage," said Mary Ng, Canada's trade minister.</p>
</article>
<div class="tags">Tags: trade, G7</div>
<div class="post-nav"><a href="/prev">Previous post: Markets rally as inflation cools</a></div>
<div id="comments"><h3>Leave a comment</h3><p>Your email address will not be published.</p></div>
</body></html>"""  # noqa: E501 (a page as a site serves it; wrapping would change its text)


#: A wire story whose dateline has no year ("SAMARKAND, Sept 15 (Reuters) -").
DATELINE_TEXT = (
    b"Leaders meet in Samarkand\n\n"
    b"SAMARKAND, Uzbekistan, Sept 15 (Reuters) - Xi Jinping and Vladimir Putin met on Thursday "
    b"for their first talks in person since 2020, officials said.\n"
)
#: A page with no date anywhere in its markup or text.
UNDATED_HTML = b"""<!doctype html><html><head><title>Summit</title></head><body><article>
<h1>Leaders meet in Samarkand</h1>
<p>Xi Jinping and Vladimir Putin met on Thursday for their first talks in person since 2020, officials said.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        # The client may give up first (the timeout test): that is the point.
        with suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        path = self.path
        if path == "/article.html" or path.endswith("/dated/article.html"):
            self._send(200, ARTICLE_HTML)
        elif path.endswith("/undated.html"):
            self._send(200, UNDATED_HTML)
        elif path.endswith("/wire.txt"):
            self._send(200, DATELINE_TEXT, "text/plain; charset=utf-8")
        elif path == "/plain.txt":
            self._send(
                200,
                "Café prices rose by 12 percent in 2022, officials said.".encode("latin-1"),
                "text/plain; charset=iso-8859-1",
            )
        elif path == "/slow":
            time.sleep(3)
            self._send(200, ARTICLE_HTML)
        elif path == "/missing":
            self._send(404, b"<h1>Not found</h1>")
        elif path == "/broken":
            self._send(500, b"<h1>Internal error</h1>")
        elif path.startswith("/loop/"):
            n = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/loop/{n + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")
        elif path == "/huge":
            self._send(200, b"<html><body><p>" + b"word " * 300_000 + b"</p></body></html>")
        elif path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"word " * 20_000
            for _ in range(20):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        else:
            self._send(404, b"no such route")


@pytest.fixture
def article_server() -> Iterator[ThreadingHTTPServer]:
    """A loopback server; ``server.url(path)`` builds URLs, ``server.requests`` records them."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
