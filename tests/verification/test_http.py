"""The shared HTTP client against a real loopback server: retries, limits, cache, User-Agent."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import USER_AGENT
from claimtrack.testing import Fault, FixtureServer, Reply, fast_http_options
from claimtrack.verification.http import (
    NetworkStats,
    SourceClient,
    make_client,
    retry_after_seconds,
)


@pytest.fixture
def server():
    with FixtureServer() as s:
        yield s


async def test_user_agent_and_json(server: FixtureServer) -> None:
    server.json("/x", {"ok": True})
    async with make_client(fast_http_options()) as client:
        response = await client.get(server.url + "/x")
    assert response.json() == {"ok": True}
    assert server.requests[0].headers["user-agent"] == USER_AGENT
    assert "claimtrack/" in USER_AGENT


async def test_retry_after_is_honoured_on_429_and_503(server: FixtureServer) -> None:
    server.json("/x", {"ok": True})
    server.fail("/x", Fault.http(429, retry_after=0.4), Fault.http(503, retry_after=0.3))
    stats = NetworkStats()
    started = time.perf_counter()
    async with make_client(fast_http_options(), stats=stats) as client:
        response = await client.get(server.url + "/x")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed >= 0.65, "the client must wait out both Retry-After delays"
    assert stats.retries == 2 and server.count("/x") == 3


async def test_transient_failures_are_retried(server: FixtureServer) -> None:
    server.json("/x", {"ok": True})
    server.fail(
        "/x",
        Fault.http(500),
        Fault.http(502),
        Fault.reset(),
        Fault.close(),
        Fault.malformed(),
        Fault.delay(1.0),
    )
    stats = NetworkStats()
    async with make_client(fast_http_options(attempts=8, read_timeout=0.3), stats=stats) as client:
        response = await client.get(server.url + "/x")
    assert response.json() == {"ok": True}
    assert [r.fault for r in server.requests] == [
        "status",
        "status",
        "reset",
        "close",
        "malformed",
        "delay",
        None,
    ]
    assert stats.retries == 6
    assert stats.requests == len(server.requests)


async def test_gives_up_with_the_last_response(server: FixtureServer) -> None:
    server.fail("/x", *[Fault.http(500)] * 5)
    async with make_client(fast_http_options(attempts=3)) as client:
        response = await client.get(server.url + "/x")
    assert response.status_code == 500
    assert server.count("/x") == 3


async def test_connection_refused_raises_after_retries() -> None:
    with FixtureServer() as s:
        url = s.url
    async with make_client(fast_http_options(attempts=2)) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(url + "/x")


async def test_no_retry_on_client_errors(server: FixtureServer) -> None:
    server.json("/x", {"error": "bad"}, status=404)
    async with make_client(fast_http_options()) as client:
        response = await client.get(server.url + "/x")
    assert response.status_code == 404 and server.count() == 1


async def test_global_and_per_host_limits(server: FixtureServer) -> None:
    server.latency = 0.05
    server.json("/x", {"ok": True})
    async with make_client(fast_http_options(max_in_flight=10, per_host=3)) as client:
        await asyncio.gather(*(client.get(server.url + "/x") for _ in range(30)))
    assert server.max_in_flight == 3
    server.reset_log()
    async with make_client(fast_http_options(max_in_flight=4, per_host=100)) as client:
        await asyncio.gather(*(client.get(server.url + "/x") for _ in range(30)))
    assert server.max_in_flight == 4


async def test_cache_serves_a_repeat_without_a_request(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.json("/x", {"n": 1})
    options = fast_http_options(cache=True, cache_dir=tmp_path / "cache")
    for _ in range(2):  # two "runs", two clients, one cache directory
        async with make_client(options) as client:
            assert (await client.get(server.url + "/x", params={"q": "a"})).json() == {"n": 1}
    assert server.count("/x") == 1
    # A failure is never cached.
    server.json("/y", {"n": 2})
    server.fail("/y", *[Fault.http(500)] * 4)
    async with make_client(options) as client:
        assert (await client.get(server.url + "/y")).status_code == 500
    async with make_client(options) as client:
        assert (await client.get(server.url + "/y")).json() == {"n": 2}


async def test_cache_keeps_api_keys_off_the_disk(server: FixtureServer, tmp_path: Path) -> None:
    server.json("/search", {"claims": []})
    options = fast_http_options(cache=True, cache_dir=tmp_path / "cache")
    for _ in range(2):
        async with make_client(options) as client:
            response = await client.get(
                server.url + "/search",
                params={"query": "g7", "key": "sk-live-12345"},
                headers={"x-api-key": "cb-secret-678"},
            )
            assert response.json() == {"claims": []}
    assert server.count("/search") == 1  # the second run was served from the cache
    stored = b"".join(
        path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()
    )
    assert stored and b"sk-live-12345" not in stored and b"cb-secret-678" not in stored
    assert b"query=g7" in stored


def test_cache_dir_from_env(monkeypatch, tmp_path: Path) -> None:
    from claimtrack.verification.http import default_cache_dir

    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"


def test_retry_after_parsing() -> None:
    now = time.time()
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert 9 <= retry_after_seconds(formatdate(now + 10, usegmt=True), now=now) <= 10  # type: ignore[operator]
    assert retry_after_seconds(formatdate(now - 10, usegmt=True), now=now) == 0.0


async def test_cache_expires_and_survives_a_truncated_log(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.json("/x", {"n": 1})
    options = fast_http_options(cache=True, cache_dir=tmp_path / "cache", cache_ttl=0.5)
    async with make_client(options) as client:
        await client.get(server.url + "/x")
        assert (await client.get(server.url + "/x")).json() == {"n": 1}  # served from memory
    (log,) = (tmp_path / "cache" / "http").glob("*.log")
    with log.open("ab") as f:
        f.write(b"\x00\x40\x00\x00")  # a record cut short, as by a killed writer
    async with make_client(options) as client:
        assert (await client.get(server.url + "/x")).json() == {"n": 1}
    assert server.count("/x") == 1
    await asyncio.sleep(0.6)
    async with make_client(options) as client:
        await client.get(server.url + "/x")
    assert server.count("/x") == 2, "an expired entry is fetched again"


async def test_compressed_json_is_checked_after_decoding(server: FixtureServer) -> None:
    import gzip

    from claimtrack.testing import Reply

    good = Reply(
        status=200,
        body=gzip.compress(b'{"a": 1}'),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    bad = Reply(
        status=200,
        body=gzip.compress(b'{"a": '),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    answers = iter([bad, good])
    server.json("/z", lambda request: next(answers))
    async with make_client(fast_http_options()) as client:
        assert (await client.get(server.url + "/z")).json() == {"a": 1}
    assert server.count("/z") == 2


def test_fixture_server_serves_raw_json_text() -> None:
    """A JSON document given as text or bytes is served as it is, not encoded again."""
    with FixtureServer() as server:
        server.text("/raw", b'{"ok": true}', content_type="application/json")
        server.text("/str", '{"n": 1}', content_type="application/json")
        assert httpx.get(server.url + "/raw").json() == {"ok": True}
        response = httpx.get(server.url + "/str")
        assert (
            response.json() == {"n": 1} and response.headers["content-type"] == "application/json"
        )


# -- the client's direct paths -------------------------------------------------------------

_BASES = (
    "http://127.0.0.1:8080/v1/claims:search",
    "https://example.org/w/api.php",
    "https://example.org",
    "http://[::1]:9000/a%20b/c",
    "https://xn--bcher-kva.example/path/é",
)
_VALUES = st.one_of(
    st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)
)


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(_BASES),
    params=st.one_of(
        st.dictionaries(st.text(max_size=8), st.one_of(_VALUES, st.lists(_VALUES, max_size=3))),
        st.lists(st.tuples(st.text(max_size=8), _VALUES), max_size=5),
    ),
)
def test_params_give_the_url_httpx_builds(base: str, params: Any) -> None:
    """The shared client sets ``params`` as the query of a kept URL instead of merging them
    through httpx's parse: the URL must be the one httpx builds, byte for byte."""
    ours = SourceClient().build_request("GET", base, params=params)
    plain = httpx.AsyncClient().build_request("GET", base, params=params)
    assert str(ours.url) == str(plain.url)
    assert ours.url == plain.url
    assert ours.url.params == plain.url.params and ours.url.raw_path == plain.url.raw_path
    assert ours.headers.raw == plain.headers.raw


def test_params_on_a_url_with_a_query_are_left_to_httpx() -> None:
    url = "https://example.org/search?q=old&page=1#top"
    for params in ({"q": "new"}, {}, {"x": ""}):
        ours = SourceClient().build_request("GET", url, params=params)
        assert ours.url == httpx.AsyncClient().build_request("GET", url, params=params).url


async def test_direct_path_keeps_what_httpx_send_does(server: FixtureServer) -> None:
    """Without an auth flow the client skips httpx's ``send``: the response must still carry
    its request, elapsed time, cookies and hook calls; with auth, httpx's path runs."""
    server.json("/x", lambda r: Reply.json({"id": r.arg("id")}, headers={"Set-Cookie": "s=1"}))
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.url.path}")

    async def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    async with make_client(fast_http_options(cache=False)) as client:
        client.event_hooks = {"request": [on_request], "response": [on_response]}
        response = await client.get(server.url + "/x", params={"id": "a b"})
        assert response.json() == {"id": "a b"}
        assert response.request.url == httpx.URL(server.url + "/x?id=a+b")
        assert response.elapsed.total_seconds() > 0 and response.history == []
        assert client.cookies.get("s") == "1"
        assert seen == ["request /x", "response 200"]
        async with client.stream("GET", server.url + "/x", params={"id": "s"}) as streamed:
            assert b"".join([c async for c in streamed.aiter_bytes()]) == b'{"id": "s"}'
        assert streamed.elapsed.total_seconds() > 0
        await client.get(server.url + "/x", auth=("user", "pass"))
    assert server.requests[-1].headers["authorization"].startswith("Basic ")
    assert server.requests[1].headers.get("cookie") == "s=1", "the cookie is sent back"
