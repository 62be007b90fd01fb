"""Error behaviour: Wikimedia HTTP-200 errors, maxlag, 429, 5xx, timeouts, truncated JSON, offline."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest
from wikidata_helpers import make_claim, make_ctx, run, verify

from claimtrack.testing import Reply, fast_http_options
from claimtrack_wikidata import client as wd
from claimtrack_wikidata.fixture_server import (
    banned,
    maxlag_reply,
    query_timeout,
    too_many_requests,
)
from claimtrack_wikidata.verifier import WikidataVerifier

V = WikidataVerifier()
#: Tries the shared client makes: a fault scripted that many times outlasts its retries.
ATTEMPTS = fast_http_options().attempts
INCEPTION = "Founded in 1949, NATO is an alliance."


def test_maxlag_is_waited_out_with_retry_after(wikidata_server):
    wikidata_server.script("wbgetentities", maxlag_reply(retry_after=1))
    t0 = time.monotonic()
    v = run(verify(V, INCEPTION))
    assert v.label == "supported"
    assert time.monotonic() - t0 >= 0.9  # Retry-After honoured
    gets = [r for r in wikidata_server.requests if r.arg("action") == "wbgetentities"]
    assert len(gets) >= 2


def test_maxlag_sent_on_batches(wikidata_server):
    run(verify(V, "NATO now has 31 members."))
    batches = [
        r
        for r in wikidata_server.requests
        if r.arg("action") == "wbgetentities" and "|" in (r.arg("ids") or "")
    ]
    assert batches and all(r.arg("maxlag") == "5" for r in batches)
    assert all(len(r.arg("ids").split("|")) <= 50 for r in batches)


def test_maxlag_over_limit_gives_unverifiable(wikidata_server):
    wikidata_server.script("wbsearchentities", maxlag_reply(retry_after=30))
    v = run(verify(V, INCEPTION))
    assert v.label == "unverifiable" and "maxlag" in v.summary


def test_user_agent_is_descriptive(wikidata_server):
    run(verify(V, INCEPTION))
    ua = wikidata_server.requests[0].headers["user-agent"]
    assert ua.startswith("claimtrack-wikidata/") and "@" in ua and "httpx/" in ua


def test_429_retry_after_then_success(wikidata_server):
    wikidata_server.script("wbsearchentities", too_many_requests(1))
    v = run(verify(V, INCEPTION))
    assert v.label == "supported"


def test_5xx_retried(wikidata_server):
    wikidata_server.script(
        "wbsearchentities", Reply.text("<html>upstream error</html>", 503, content_type="text/html")
    )
    assert run(verify(V, INCEPTION)).label == "supported"


def test_truncated_json_is_unverifiable_not_a_crash(wikidata_server):
    wikidata_server.script(
        "wbgetentities",
        *[Reply(200, b'{"entities": {"Q7184": {"id": "Q71', {"Content-Type": "application/json"})]
        * ATTEMPTS,
    )
    v = run(verify(V, INCEPTION))
    assert v.label == "unverifiable" and "malformed" in v.summary


def test_sparql_errors(wikidata_server):
    # WDQS timeout (500 + TimeoutException): the G7 has P527 so membership still works.
    wikidata_server.script("/sparql", query_timeout())
    v = run(
        verify(
            V,
            "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, "
            "the United Kingdom and the United States, met.",
        )
    )
    assert v.label == "supported"
    # NATO needs the Query Service: a truncated 200 leaves the claim unverifiable.
    whole = Reply.json(
        {"head": {"vars": ["member"]}, "results": {"bindings": [{"member": {}}] * 50}},
        content_type="application/sparql-results+json",
    )
    wikidata_server.script(
        "/sparql", *[Reply(200, whole.body[: len(whole.body) // 2], whole.headers)] * ATTEMPTS
    )
    v = run(verify(V, "NATO now has 31 members."))
    assert v.label == "unverifiable" and "malformed" in v.summary


def test_wdqs_ban_marks_source_down_once(wikidata_server, caplog):
    wikidata_server.script("/sparql", banned())
    state: dict = {}
    with caplog.at_level(logging.WARNING):
        v1 = run(verify(V, "NATO now has 31 members.", run_state=state))
        v2 = run(verify(V, "German Chancellor Olaf Scholz spoke.", run_state=state))
    assert v1.label == v2.label == "unverifiable"
    assert "banned" in v1.summary
    assert sum("unreachable" in r.getMessage() for r in caplog.records) == 1


def test_api_errors_and_missing_entities(wikidata_server):
    async def go():
        async with httpx.AsyncClient() as http:
            c = wd.WikidataClient(http, wd.Config.load(), {}, logging.getLogger("t"))
            assert await c.get(["Q999999999"]) == {}
            with pytest.raises(wd.SourceError) as err:
                await c.get(["X1"])
            assert err.value.code == "no-such-entity"
            with pytest.raises(wd.SourceError) as err:
                await c.action(
                    {"action": "wbgetentities", "ids": "|".join(f"Q{i}" for i in range(1, 60))}
                )
            assert err.value.code == "toomanyvalues"
            got = await c.get([f"Q{i}" for i in range(1, 120)] + ["Q408"])  # chunked to 50
            assert "Q408" in got
            assert await c.search("zzz no such thing") == []
            page1 = await c.action(
                {"action": "wbsearchentities", "search": "S", "language": "en", "limit": 3}
            )
            assert page1["search-continue"] == 3
            page2 = await c.action(
                {
                    "action": "wbsearchentities",
                    "search": "S",
                    "language": "en",
                    "limit": 3,
                    "continue": 3,
                }
            )
            assert {h["id"] for h in page1["search"]}.isdisjoint({h["id"] for h in page2["search"]})

    run(go())


def test_fixture_rejects_missing_user_agent(wikidata_server):
    r = httpx.get(
        f"{wikidata_server.url}/w/api.php",
        params={"action": "wbsearchentities", "search": "NATO", "language": "en", "format": "json"},
        headers={"User-Agent": ""},
    )
    assert r.status_code == 403


def test_one_query_service_request_at_a_time(wikidata_server):
    wikidata_server.script(
        "/sparql", Reply.json({"head": {"vars": []}, "results": {"bindings": []}}, delay=0.3)
    )
    wikidata_server.script(
        "/sparql", Reply.json({"head": {"vars": []}, "results": {"bindings": []}}, delay=0.3)
    )

    async def go():
        async with httpx.AsyncClient() as http:
            c = wd.WikidataClient(http, wd.Config.load(), {}, logging.getLogger("t"))
            t0 = time.monotonic()
            await asyncio.gather(c.sparql("SELECT 1"), c.sparql("SELECT 2"))
            return time.monotonic() - t0

    assert run(go()) >= 0.6


def test_offline_unreachable_once_and_fast(monkeypatch, caplog):
    monkeypatch.setenv(
        "CLAIMTRACK_WIKIDATA_API", "http://127.0.0.1:9/w/api.php"
    )  # discard port: refused
    monkeypatch.setenv("CLAIMTRACK_WIKIDATA_SPARQL", "http://127.0.0.1:9/sparql")
    state: dict = {}
    sentences = [
        INCEPTION,
        "German Chancellor Olaf Scholz spoke.",
        "talks in Australia's capital, Sydney, ended.",
        "NATO now has 31 members.",
    ]
    t0 = time.monotonic()

    async def go():
        async with httpx.AsyncClient(timeout=2) as http:
            return await asyncio.gather(
                *(V.verify(make_claim(s), make_ctx(http, run_state=state)) for s in sentences)
            )

    with caplog.at_level(logging.WARNING):
        verdicts = run(go())
    assert time.monotonic() - t0 < 5
    assert all(
        v.label == "unverifiable" and v.summary.startswith("wikidata unreachable") for v in verdicts
    )
    assert sum("wikidata unreachable" in r.getMessage() for r in caplog.records) == 1


def test_read_timeout_marks_down(wikidata_server, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_WIKIDATA_MAX_TRIES", "2")
    wikidata_server.script("wbsearchentities", *[Reply.json({}, delay=1.0)] * ATTEMPTS)
    v = run(
        verify(
            V,
            INCEPTION,
            http_options=fast_http_options(read_timeout=0.3),
            settings={"timeout": 0.3},
        )
    )
    assert v.label == "unverifiable" and "timed out" in v.summary


def test_settings_used_when_no_env(monkeypatch, wikidata_server):
    url = wikidata_server.url
    monkeypatch.delenv("CLAIMTRACK_WIKIDATA_API")
    monkeypatch.delenv("CLAIMTRACK_WIKIDATA_SPARQL")
    v = run(verify(V, INCEPTION, settings={"api": f"{url}/w/api.php", "sparql": f"{url}/sparql"}))
    assert v.label == "supported"


def test_action_api_requests_one_at_a_time(wikidata_server):
    wikidata_server.script(
        "wbsearchentities",
        *[Reply.json({"searchinfo": {}, "search": [], "success": 1}, delay=0.2)] * 3,
    )

    async def go():
        async with httpx.AsyncClient() as http:
            c = wd.WikidataClient(http, wd.Config.load(), {}, logging.getLogger("t"))
            t0 = time.monotonic()
            await asyncio.gather(c.search("a1"), c.search("b2"), c.search("c3"))
            return time.monotonic() - t0

    assert run(go()) >= 0.6


def test_connect_timeout_marks_down_without_retrying(caplog):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectTimeout("timed out", request=request)

    async def go():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            state: dict = {}
            a = await V.verify(make_claim(INCEPTION), make_ctx(http, run_state=state))
            b = await V.verify(
                make_claim("German Chancellor Olaf Scholz spoke."), make_ctx(http, run_state=state)
            )
            return a, b

    with caplog.at_level(logging.WARNING):
        a, b = run(go())
    assert a.summary == b.summary == "wikidata unreachable: cannot connect: timed out"
    assert len(calls) == 1
    assert sum("unreachable" in r.getMessage() for r in caplog.records) == 1
