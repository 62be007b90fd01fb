"""The shared client against sources that misbehave: real loopback servers, real registry.

Redirects that would carry an API key to another host, bodies too large (plain, endless,
gzip bombs), sources that time out, refuse or ask to come back in eleven days, answers
that must not be cached, and ``--retry-errors`` for sources that failed.
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from claimtrack.registry import Registry
from claimtrack.testing import (
    Fault,
    FixtureServer,
    Reply,
    add_claims,
    fast_http_options,
)
from claimtrack.testing.hostile import HostileServer
from claimtrack.verification.api import Verdict, Verifier, VerifyContext
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets
from claimtrack.verification.http import REJECTED_HEADER, RedirectRefused, make_client

KEY = "AIzaSy-test-key-0123456789"
CLAIM = "NATO was founded in 1949 in Washington."


@pytest.fixture(autouse=True)
def _no_factcheck_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "CLAIMTRACK_FACTCHECK_API",
        "CLAIMTRACK_FACTCHECK_KEY",
        "GOOGLE_FACTCHECK_API_KEY",
        "CLAIMTRACK_FACTCHECK_KEY_IN",
    ):
        monkeypatch.delenv(name, raising=False)


def _factcheck() -> Verifier:
    from claimtrack_factcheck.verifier import FactCheckVerifier

    return FactCheckVerifier()


def _options(
    api: str, *, key_in: str = "header", timeout: float = 2.0, **http: Any
) -> VerifyOptions:
    settings = {"api": api, "key": KEY, "key_in": key_in, "timeout": timeout}
    return VerifyOptions(
        call_timeout=20,
        http=fast_http_options(**http),
        progress=False,
        verifier_settings={"factcheck": settings},
    )


def _rows(registry: Registry) -> list[Any]:
    ids = [c.id for c in registry.claims()]
    return sorted((v for vs in registry.verdicts_for(ids).values() for v in vs), key=lambda v: v.id)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _match() -> dict[str, Any]:
    review = {
        "url": "https://example.org/fc/nato",
        "publisher": {"name": "Checkers"},
        "textualRating": "True",
    }
    return {"claims": [{"text": CLAIM, "claimReview": [review]}]}


# -- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("key_in", ["header", "query"])
async def test_cross_origin_redirect_does_not_carry_the_api_key(
    registry: Registry, key_in: str
) -> None:
    add_claims(registry, [CLAIM, "The Eiffel Tower is 330 metres tall."])
    with FixtureServer() as first, HostileServer() as second:
        # A naive (or hostile) API that sends the client elsewhere with the query it got.
        first.text(
            "/v1/claims:search",
            lambda r: Reply(
                302, b"", {"Location": f"{second.url}/landing?{r.raw.split('?', 1)[1]}"}
            ),
        )
        await verify_targets(
            registry,
            [_factcheck()],
            load_targets(registry),
            _options(f"{first.url}/v1", key_in=key_in),
        )
    sent = first.requests[0]
    assert KEY in (sent.headers.get("x-goog-api-key", ""), sent.arg("key")), (
        "the first host gets the key"
    )
    assert len(second.requests) == 2, "the redirect was followed"
    for seen in second.requests:
        assert not any(KEY in value for value in seen.headers.values()), seen.headers
        assert not any(KEY in value for values in seen.query.values() for value in values), (
            seen.query
        )
        assert seen.query.get("query"), "parameters that are not credentials survive"


async def test_declared_secrets_and_auth_headers_stay_behind_but_same_origin_keeps_them() -> None:
    with HostileServer() as first, HostileServer() as second:
        async with make_client(fast_http_options()) as client:
            client.add_secrets(["plugin-secret-value"])
            headers = {
                "X-Custom": "plugin-secret-value",
                "Authorization": "Bearer tok",
                "X-Api-Key": "k1",
                "X-Trace": "t1",
            }
            to = quote(f"{second.url}/json?api_key=k2&token=k3&page=2", safe="")
            response = await client.get(f"{first.url}/redirect?to={to}", headers=headers)
            assert response.status_code == 200 and len(response.history) == 1
            await client.get(f"{first.url}/redirect?to=/json", headers=headers)
    (seen,) = second.requests
    assert seen.query == {"page": ["2"]}
    assert (
        "x-custom" not in seen.headers
        and "authorization" not in seen.headers
        and "x-api-key" not in seen.headers
    )
    assert seen.headers["x-trace"] == "t1"
    same = first.requests[-1]
    assert (
        same.path == "/json"
        and same.headers["x-custom"] == "plugin-secret-value"
        and same.headers["x-api-key"] == "k1"
    )


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:169.254.169.254]/",
    ],
)
async def test_redirect_to_a_metadata_address_is_refused(target: str) -> None:
    async def loopback_only(request: httpx.Request) -> None:
        # A guard for the test itself: nothing may leave the machine, even if the check failed.
        assert request.url.host == "127.0.0.1", f"would have sent a request to {request.url}"

    with HostileServer() as server:
        async with make_client(fast_http_options()) as client:
            client.event_hooks["request"].append(loopback_only)
            with pytest.raises(RedirectRefused, match="link-local or metadata address"):
                await client.get(f"{server.url}/redirect?to={quote(target, safe='')}")


# -- body limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["big", "endless", "bomb"])
async def test_oversize_bodies_give_a_one_line_error_per_claim(
    registry: Registry, path: str
) -> None:
    add_claims(registry, [CLAIM, "The Eiffel Tower is 330 metres tall."])
    with HostileServer() as server:
        options = _options(f"{server.url}/{path}", max_body_bytes=2**20)
        result = await verify_targets(registry, [_factcheck()], load_targets(registry), options)
    assert result.labels == {"error": 2}
    for row in _rows(registry):
        assert row.error == "verifier 'factcheck': response from 127.0.0.1 larger than 1 MB"


async def test_a_small_body_under_a_per_request_limit_passes_and_a_larger_one_does_not() -> None:
    from claimtrack.verification.http import MAX_BODY_EXTENSION, ResponseTooLarge

    with HostileServer() as server:
        async with make_client(fast_http_options(max_body_bytes=2**20)) as client:
            assert len((await client.get(f"{server.url}/big?mb=0.5")).content) == 2**19
            with pytest.raises(ResponseTooLarge, match=r"larger than 0\.25 MB"):
                await client.get(f"{server.url}/big?mb=0.5", extensions={MAX_BODY_EXTENSION: 2**18})


# -- sources that are down ------------------------------------------------------------------------


class Lookup(Verifier):
    """A third-party-style verifier: ``ctx.get_json`` and nothing else."""

    name = "lookup"

    def __init__(self, url: str) -> None:
        self.url = url

    async def verify(self, claim: Any, ctx: VerifyContext) -> Verdict:
        data = await ctx.get_json(f"{self.url}{'&' if '?' in self.url else '?'}id={claim.id}")
        return Verdict.supported(f"found {data}")


async def test_a_host_that_times_out_is_down_for_the_run(
    registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    add_claims(registry, [f"Claim number {i} is here." for i in range(60)])
    with HostileServer() as server:
        options = VerifyOptions(
            call_timeout=20,
            progress=False,
            http=fast_http_options(read_timeout=0.2, per_host=4, attempts=4),
        )
        with caplog.at_level(logging.WARNING):
            result = await verify_targets(
                registry, [Lookup(f"{server.url}/slow?s=30")], load_targets(registry), options
            )
        sent = len(server.requests)
    assert result.done == 60
    assert sent <= 8, f"{sent} requests reached a source that was down"
    rows = _rows(registry)
    assert all(row.error for row in rows), "every verdict records the failure"
    down = [row for row in rows if row.label == "unverifiable"]
    assert len(down) >= 56 and all(
        "down for this run" in row.error and "timed out" in row.error for row in down
    )
    said = [r for r in caplog.records if "source unreachable" in r.getMessage()]
    assert len(said) == 1, [r.getMessage() for r in said]


async def test_a_host_that_trickles_is_down_after_claims_time_out(registry: Registry) -> None:
    # One byte every 0.1 s: no read timeout ever fires, only the claims' time limit.
    add_claims(registry, [f"Claim number {i} is here." for i in range(40)])
    with HostileServer() as server:
        options = VerifyOptions(
            call_timeout=1.0,
            workers=4,
            progress=False,
            http=fast_http_options(read_timeout=0.5, per_host=4),
        )
        result = await verify_targets(
            registry, [Lookup(f"{server.url}/trickle?s=0.1")], load_targets(registry), options
        )
        sent = len(server.requests)
    assert result.done == 40 and sent <= 8
    rows = _rows(registry)
    assert sum(row.label == "error" and "timed out after 1s" in row.error for row in rows) <= 8
    assert (
        sum(
            row.label == "unverifiable" and "no answer within the time limit" in row.error
            for row in rows
        )
        >= 32
    )


async def test_refused_connections_put_the_host_down(registry: Registry) -> None:
    add_claims(registry, [f"Claim number {i} is here." for i in range(40)])
    options = VerifyOptions(
        call_timeout=20, progress=False, http=fast_http_options(per_host=2, attempts=4)
    )
    result = await verify_targets(
        registry, [Lookup(f"http://127.0.0.1:{_closed_port()}/x")], load_targets(registry), options
    )
    assert result.done == 40 and result.network.requests <= 6
    rows = _rows(registry)
    assert sum(row.label == "unverifiable" for row in rows) >= 38 and all(row.error for row in rows)


async def test_retry_after_beyond_the_cap_puts_the_host_down(registry: Registry) -> None:
    add_claims(registry, [f"Claim number {i} is here." for i in range(30)])
    with FixtureServer() as server:
        server.json("/x", {"ok": True})
        server.inject([Fault.http(429, retry_after=999999)], share=1.0)
        options = VerifyOptions(
            call_timeout=20, progress=False, http=fast_http_options(per_host=2, max_retry_after=60)
        )
        result = await verify_targets(
            registry, [Lookup(f"{server.url}/x")], load_targets(registry), options
        )
        sent = server.count("/x")
    assert result.done == 30 and sent <= 2
    rows = _rows(registry)
    assert all(
        row.label == "unverifiable" and "retry after 999999s, over the 60s cap" in row.error
        for row in rows
    )


# -- what is cached, what is retried ---------------------------------------------------------------


async def test_a_non_json_answer_is_not_cached_and_retry_errors_asks_again(
    registry: Registry, tmp_path: Path
) -> None:
    add_claims(registry, [CLAIM])
    with FixtureServer() as server:
        server.text(
            "/v1/claims:search", "<html>Sign in to the hotel wifi</html>", content_type="text/html"
        )
        options = _options(f"{server.url}/v1", cache=True, cache_dir=tmp_path / "cache")
        await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        (first,) = _rows(registry)
        assert first.label == "unverifiable" and first.error and "malformed response" in first.error

        again = await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        assert again.already_done == 1 and server.count() == 1, (
            "without --retry-errors the pair is done"
        )

        server.json("/v1/claims:search", _match())
        options.retry_errors = True
        await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        assert server.count() == 2, "the failed answer was not replayed from the cache"
        assert _rows(registry)[-1].label == "supported" and _rows(registry)[-1].error is None

        options.retry_errors, options.stale_days = False, 0
        await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        assert server.count() == 2, "the good answer was cached"


async def test_a_malformed_json_answer_is_never_stored(tmp_path: Path) -> None:
    options = fast_http_options(cache=True, cache_dir=tmp_path / "cache", attempts=2)
    with FixtureServer() as server:
        server.json("/x", {"ok": True})
        server.fail("/x", Fault.malformed(), Fault.malformed())
        async with make_client(options) as client:
            response = await client.get(server.url + "/x")
            assert response.headers[REJECTED_HEADER] == "malformed JSON body"
        async with make_client(options) as client:
            assert (await client.get(server.url + "/x")).json() == {"ok": True}
        assert server.count("/x") == 3


@pytest.fixture
def any_registry(db_url: str) -> Any:
    """A registry on SQLite and, when configured, PostgreSQL."""
    registry = Registry.open(db_url)
    try:
        yield registry
    finally:
        registry.close()


async def test_retry_errors_redoes_a_run_without_network(any_registry: Registry) -> None:
    registry = any_registry
    add_claims(registry, [CLAIM])
    await verify_targets(
        registry,
        [_factcheck()],
        load_targets(registry),
        _options(f"http://127.0.0.1:{_closed_port()}/v1"),
    )
    (offline,) = _rows(registry)
    assert (
        offline.label == "unverifiable"
        and offline.error
        and offline.error.startswith("factcheck unreachable: ")
    )
    with FixtureServer() as server:
        server.json("/v1/claims:search", _match())
        options = _options(f"{server.url}/v1")
        assert (
            await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        ).already_done == 1
        options.retry_errors = True
        await verify_targets(registry, [_factcheck()], load_targets(registry), options)
        assert server.count() == 1
    assert _rows(registry)[-1].label == "supported"


# -- answers of the wrong shape -------------------------------------------------------------------

PLUGIN_CLAIMS = {
    "factcheck": CLAIM,
    "wikidata": "Founded in 1949, NATO is an alliance.",
    "worldbank": "Australia's population was 26 million in 2022.",
    "wikipedia": (
        "According to the OECD, trade between the seven economies grew by 4.2 percent in 2022, "
        "to $5.6 trillion."
    ),
}
WRONG_SHAPES: list[Any] = [
    Reply.json("just a string"),
    [1, [2, {"date": {}}]],
    {
        "claims": [
            {
                "text": CLAIM,
                "claimReview": [{"url": "https://example.org/r", "publisher": "not an object"}],
            }
        ]
    },
    {
        "search": [{"id": 5, "label": ["x"]}],
        "query": {"search": [{"title": 7, "ns": "0"}]},
        "entities": {"Q1": []},
        "type": "standard",
        "extract": {"a": 1},
    },
    [
        {"page": 1, "pages": 1},
        [{"value": "n/a", "date": {"y": 1}, "country": "AU", "countryiso3code": 3}],
    ],
    # Right at the top, wrong further down: what used to end in AttributeError.
    {
        "search": [{"id": "Q7184", "label": "NATO"}],
        "entities": {"Q7184": {"id": "Q7184", "claims": {"P571": ["x"]}}},
        "query": {"search": [{"title": "NATO", "ns": 0}]},
        "type": "standard",
        "extract": ["not", "text"],
    },
    [
        {"page": 1, "pages": 1, "total": 1},
        [{"id": "AUS", "name": "Australia", "region": "not an object"}],
    ],
]


def _verifier(name: str) -> Verifier:
    from claimtrack.plugins import get_plugins

    return get_plugins().verifiers()[name]


@pytest.mark.parametrize("plugin", sorted(PLUGIN_CLAIMS))
@pytest.mark.parametrize("shape", range(len(WRONG_SHAPES)))
async def test_answers_of_the_wrong_shape_give_one_line(
    plugin: str, shape: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimtrack.testing import make_claim, run_verifier

    with FixtureServer() as server:
        server.json("/*", WRONG_SHAPES[shape])
        for var in ("API", "SPARQL", "REST"):
            monkeypatch.setenv(f"CLAIMTRACK_{plugin.upper()}_{var}", f"{server.url}/{var.lower()}")
        verdict = await run_verifier(
            _verifier(plugin),
            make_claim(PLUGIN_CLAIMS[plugin]),
            settings={"key": KEY, "max_wait": 0.1},
            http_options=fast_http_options(attempts=1),
        )
    if verdict is None or verdict.error is None:
        return  # the shape happened to be one the verifier reads as "nothing found"
    assert verdict.label == "unverifiable" and "\n" not in verdict.error
    assert f"unexpected response from {plugin}" in verdict.error, verdict.error


class CustomHeader(Verifier):
    """Sends its declared secret in a header whose name says nothing about it."""

    name = "custom"
    secrets = ("passphrase",)

    def __init__(self, url: str) -> None:
        self.url = url

    async def verify(self, claim: Any, ctx: VerifyContext) -> Verdict:
        await ctx.get_json(self.url, headers={"X-Tenant": ctx.settings["passphrase"]})
        return Verdict.supported("ok")


async def test_the_engine_keeps_a_declared_secret_from_another_origin(registry: Registry) -> None:
    add_claims(registry, ["One claim is here."])
    with HostileServer() as first, HostileServer() as second:
        options = VerifyOptions(
            progress=False,
            http=fast_http_options(),
            verifier_settings={"custom": {"passphrase": "open-sesame-42"}},
        )
        url = f"{first.url}/redirect?to={quote(second.url + '/json', safe='')}"
        result = await verify_targets(
            registry, [CustomHeader(url)], load_targets(registry), options
        )
    assert result.labels == {"supported": 1}
    assert first.requests[0].headers["x-tenant"] == "open-sesame-42"
    assert "x-tenant" not in second.requests[0].headers
