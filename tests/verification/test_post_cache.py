"""POSTs cached by their body when asked (``claimtrack_cache``), against a real loopback server.

The key is a hash of method, URL and body bytes, never a header: an API key changes
nothing and never reaches the cache directory.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from claimtrack.registry import Registry
from claimtrack.testing import Fault, FixtureServer, Reply, add_claims, fast_http_options
from claimtrack.verification.api import Verdict, Verifier, VerifierError, from_cache
from claimtrack.verification.cache import CACHE_POST, cache_scope, post_cache_key
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets
from claimtrack.verification.http import NetworkStats, make_client

KEY_A = "sk-live-AAAA-0123456789"
KEY_B = "sk-live-BBBB-9876543210"
BODY = {"model": "m", "temperature": 0, "messages": [{"role": "user", "content": "Is it?"}]}
CACHED = {CACHE_POST: True}


@pytest.fixture
def server():
    with FixtureServer() as s:
        s.json(
            "/v1/chat/completions",
            lambda request: {"id": "c1", "echo": request.json()["messages"][0]["content"]},
        )
        yield s


def _options(tmp_path: Path, **overrides: object):
    return fast_http_options(cache=True, cache_dir=tmp_path / "cache", **overrides)


async def _post(
    client: httpx.AsyncClient,
    url: str,
    body: object = BODY,
    key: str = KEY_A,
    extensions: dict[str, object] | None = CACHED,
) -> httpx.Response:
    return await client.post(
        url,
        json=body,
        headers={"Authorization": f"Bearer {key}"},
        extensions=dict(extensions or {}),
    )


def _stored(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())


async def test_identical_post_is_served_from_the_cache(
    server: FixtureServer, tmp_path: Path
) -> None:
    url = server.url + "/v1/chat/completions"
    stats = NetworkStats()
    async with make_client(_options(tmp_path), stats=stats) as client:
        first = await _post(client, url)
        assert first.json()["echo"] == "Is it?" and not from_cache(first)
    async with make_client(_options(tmp_path)) as client:  # a second run, a new client
        second = await _post(client, url)
        assert from_cache(second) and second.json() == first.json()
        assert second.status_code == 200
    assert server.count("/v1/chat/completions") == 1  # 0 requests reached the server the 2nd time

    # Another body is another request; another API key with the same body is not.
    async with make_client(_options(tmp_path)) as client:
        other = await _post(client, url, body={**BODY, "temperature": 0.5})
        assert not from_cache(other)
        again = await _post(client, url, key=KEY_B)
        assert from_cache(again)
    assert server.count("/v1/chat/completions") == 2
    assert [r.headers["authorization"] for r in server.requests] == [
        f"Bearer {KEY_A}",
        f"Bearer {KEY_A}",
    ]

    stored = _stored(tmp_path)
    assert stored and b"Is it?" in stored  # the answer is on disk (echoed by the server)...
    assert KEY_A.encode() not in stored and KEY_B.encode() not in stored  # ...no key is
    assert b"sk-live" not in stored and b"Bearer" not in stored
    assert b'"temperature": 0' not in stored  # the request body is not stored, only its hash


async def test_posts_without_the_extension_are_never_cached(
    server: FixtureServer, tmp_path: Path
) -> None:
    url = server.url + "/v1/chat/completions"
    for _ in range(2):
        async with make_client(_options(tmp_path)) as client:
            response = await _post(client, url, extensions=None)
            assert response.json()["id"] == "c1" and not from_cache(response)
    assert server.count("/v1/chat/completions") == 2
    assert not list((tmp_path / "cache").rglob("*.log")) or _stored(tmp_path) == b""


async def test_only_2xx_json_answers_are_stored(server: FixtureServer, tmp_path: Path) -> None:
    url = server.url + "/v1/chat/completions"
    # 400 (say, context length exceeded) and 401: answered, not stored.
    server.script("/v1/chat/completions", Reply.json({"error": "context"}, 400))
    server.script("/v1/chat/completions", Reply.json({"error": "key"}, 401))
    async with make_client(_options(tmp_path)) as client:
        assert (await _post(client, url)).status_code == 400
        assert (await _post(client, url)).status_code == 401
        ok = await _post(client, url)
        assert ok.status_code == 200 and not from_cache(ok)
    assert server.count("/v1/chat/completions") == 3

    # 500 (a POST is not retried on 500): not stored; the next identical POST is sent.
    other = {**BODY, "n": 2}
    server.fail("/v1/chat/completions", Fault.http(500))
    async with make_client(_options(tmp_path)) as client:
        assert (await _post(client, url, body=other)).status_code == 500
        answer = await _post(client, url, body=other)
        assert not from_cache(answer) and answer.json()["id"] == "c1"
    assert server.count("/v1/chat/completions") == 5

    # A body that is not JSON (malformed, or a text/event-stream nobody asked for): not stored.
    for reply in (
        Fault.malformed(),
        Reply.text("data: {}\n\n", content_type="text/event-stream"),
    ):
        body = {**BODY, "reply": str(reply)[:40]}
        server.script("/v1/chat/completions", reply)
        async with make_client(_options(tmp_path)) as client:
            first = await _post(client, url, body=body)
            assert not from_cache(first)
        async with make_client(_options(tmp_path)) as client:
            second = await _post(client, url, body=body)
            assert not from_cache(second) and second.json()["id"] == "c1"


async def test_a_discarded_scope_stores_nothing(server: FixtureServer, tmp_path: Path) -> None:
    url = server.url + "/v1/chat/completions"
    async with make_client(_options(tmp_path)) as client:
        with cache_scope() as scope:
            assert not from_cache(await _post(client, url))
            scope.discard()  # the call's verdict had an error
        with cache_scope() as scope:
            assert not from_cache(await _post(client, url))  # not even in memory
            scope.commit()
        assert from_cache(await _post(client, url))
    async with make_client(_options(tmp_path)) as client:
        assert from_cache(await _post(client, url))
    assert server.count("/v1/chat/completions") == 2


async def test_the_cache_expires_posts_like_gets(server: FixtureServer, tmp_path: Path) -> None:
    url = server.url + "/v1/chat/completions"
    async with make_client(_options(tmp_path, cache_ttl=0.5)) as client:
        await _post(client, url)
        assert from_cache(await _post(client, url))
        await asyncio.sleep(0.6)
        assert not from_cache(await _post(client, url))
    assert server.count("/v1/chat/completions") == 2


def test_the_key_ignores_headers_and_credentials_in_the_url() -> None:
    body = json.dumps(BODY).encode()

    def key(url: str, headers: dict[str, str] | None = None, data: bytes = body) -> str:
        return post_cache_key(httpx.Request("POST", url, headers=headers, content=data), data)

    base = key("http://127.0.0.1:9/v1/chat/completions")
    assert key("http://127.0.0.1:9/v1/chat/completions", {"Authorization": "Bearer x"}) == base
    assert key("http://user:pw@127.0.0.1:9/v1/chat/completions") == base
    assert key("http://127.0.0.1:9/v1/chat/completions?api_key=zzz") == base
    assert key("http://127.0.0.1:9/v1/chat/completions?model=a") != base
    assert key("http://127.0.0.1:9/v1/chat/completions", data=body + b" ") != base  # exact bytes
    assert len(base) == 64


class Asks(Verifier):
    """POSTs each claim to the fixture "model", cached; fails the call when told to."""

    name = "asks"
    version = "1"
    fail: ClassVar[bool] = False

    async def verify(self, claim, ctx):  # type: ignore[no-untyped-def]
        response = await ctx.http.post(
            ctx.settings["url"],
            json={**BODY, "messages": [{"role": "user", "content": claim.text}]},
            headers={"Authorization": f"Bearer {ctx.settings['api_key']}"},
            extensions={CACHE_POST: True},
        )
        ctx.tally(requests=0 if from_cache(response) else 1, cache_hits=int(from_cache(response)))
        if self.fail:
            raise VerifierError("the answer broke the schema")
        return Verdict.unverifiable(response.json()["echo"])


def test_the_engine_keeps_only_answers_of_calls_without_error(
    server: FixtureServer, tmp_path: Path
) -> None:
    registry = Registry.open(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        ids = add_claims(registry, ["First claim.", "Second claim."])
        options = VerifyOptions(
            http=_options(tmp_path),
            progress=False,
            stale_days=0.0,
            verifier_settings={
                "asks": {"url": server.url + "/v1/chat/completions", "api_key": KEY_A}
            },
        )

        def run(fail: bool) -> dict[str, int]:
            Asks.fail = fail
            verifier = Asks()
            result = asyncio.run(
                verify_targets(registry, [verifier], load_targets(registry, claim_ids=ids), options)
            )
            return result.figures["asks"]

        assert run(fail=True) == {"requests": 2, "cache_hits": 0}
        assert run(fail=False) == {
            "requests": 2,
            "cache_hits": 0,
        }  # the failed calls' answers were dropped
        assert run(fail=False) == {"requests": 0, "cache_hits": 2}
        assert server.count("/v1/chat/completions") == 4
    finally:
        Asks.fail = False
        registry.close()
    assert KEY_A.encode() not in _stored(tmp_path)
