"""The wikipedia verifier: passages as evidence, never a verdict; redirects, disambiguation, errors."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
from wikipedia_helpers import (
    PUBLISHED,
    ChecksEverything,
    ChecksNothing,
    make_claim,
    make_ctx,
    plugins,
    run,
    verify,
)

from claimtrack.testing import Reply, fast_http_options
from claimtrack_wikipedia import verifier as wpv
from claimtrack_wikipedia.verifier import WikipediaVerifier

V = WikipediaVerifier()
#: Tries the shared client makes: a fault scripted that many times outlasts its retries.
ATTEMPTS = fast_http_options().attempts
OECD = "According to the OECD, trade between the seven economies grew by 4.2 percent in 2022, to $5.6 trillion."


def test_passages_as_evidence_never_a_verdict(wikipedia_server):
    v = run(verify(V, OECD))
    assert v.label == "unverifiable" and v.confidence == 0.0
    assert "no automatic verdict" in v.summary
    assert v.evidence and v.evidence[0].url == "https://en.wikipedia.org/wiki/OECD"
    assert "trade" in v.evidence[0].snippet.lower()


def test_redirect_followed(wikipedia_server):
    async def go():
        async with httpx.AsyncClient() as http:
            ctx = make_ctx(http)
            cfg = wpv.Config.load()
            return await wpv.summary(ctx, cfg, {}, {"User-Agent": cfg.user_agent}, "G7")

    page = run(go())
    assert page["titles"]["normalized"] == "Group of Seven"
    assert any("/summary/G7" in r.path for r in wikipedia_server.requests)


def test_disambiguation_page_is_not_an_answer(wikipedia_server):
    v = run(
        verify(
            V,
            "Mercury prices rose 40% in Mercury markets, traders said.",
            settings={"max_pages": 5},
        )
    )
    assert v is None or all("Mercury" not in e.title for e in v.evidence)


def test_no_hits_is_not_applicable(wikipedia_server):
    assert run(verify(V, "Zebras quietly outnumber xylophones 3 to 1.")) is None


def test_structured_claims_left_to_structured_verifiers(wikipedia_server):
    structured = plugins(
        broken=ChecksNothing(broken=True), no=ChecksNothing(), fake=ChecksEverything()
    )
    assert (
        run(verify(V, OECD, plugins=structured)) is None
    )  # a broken plugin does not hide the others' answer
    assert (
        run(verify(V, OECD, plugins=structured, settings={"all_claims": True})).label
        == "unverifiable"
    )
    assert (
        run(
            verify(V, OECD, plugins=plugins(no=ChecksNothing(), broken=ChecksNothing(broken=True)))
        ).label
        == "unverifiable"
    )


def test_quotes_not_applicable():
    assert not V.applies_to(make_claim('"We cannot allow it," said Mary Ng.', kind="quote"))


def test_fixture_shapes(wikipedia_server):
    base = wikipedia_server.url
    h = {"User-Agent": "test/1 (test@example.org)"}
    r = httpx.get(f"{base}/api/rest_v1/page/summary/No_such_page", headers=h)
    assert r.status_code == 404 and r.json()["title"] == "Not found."
    r = httpx.get(f"{base}/api/rest_v1/page/summary/Group of Seven", headers=h)
    assert r.status_code == 301
    r = httpx.get(f"{base}/api/rest_v1/page/summary/Trade_talks_(stub)", headers=h)
    assert r.json()["type"] == "no-extract"
    r = httpx.get(
        f"{base}/w/api.php",
        params={
            "action": "query",
            "list": "search",
            "srsearch": "trade",
            "srlimit": 1,
            "format": "json",
        },
        headers=h,
    )
    body = r.json()
    assert body["continue"]["sroffset"] == 1
    r2 = httpx.get(
        f"{base}/w/api.php",
        params={
            "action": "query",
            "list": "search",
            "srsearch": "trade",
            "srlimit": 1,
            "format": "json",
            **body["continue"],
        },
        headers=h,
    )
    assert r2.json()["query"]["search"][0]["title"] != body["query"]["search"][0]["title"]
    r = httpx.get(
        f"{base}/w/api.php",
        params={
            "action": "query",
            "list": "search",
            "srsearch": "x",
            "srlimit": 501,
            "format": "json",
        },
        headers=h,
    )
    assert r.status_code == 200 and r.headers["MediaWiki-API-Error"] == "badvalue"
    assert (
        httpx.get(
            f"{base}/w/rest.php/v1/search/page", params={"q": "trade", "limit": 101}, headers=h
        ).status_code
        == 400
    )


def test_api_error_is_unverifiable(wikipedia_server):
    wikipedia_server.script(
        "list=search",
        Reply.json(
            {"error": {"code": "internal_api_error_DBQueryError", "info": "DB error"}},
            headers={"MediaWiki-API-Error": "internal_api_error_DBQueryError"},
        ),
    )
    v = run(verify(V, OECD))
    assert v.label == "unverifiable" and "API error" in v.summary


def test_maxlag_and_429(wikipedia_server):
    wikipedia_server.script(
        "list=search",
        Reply.json(
            {"error": {"code": "maxlag", "info": "Waiting for db: 6 seconds lagged", "lag": 6}},
            headers={"MediaWiki-API-Error": "maxlag", "Retry-After": "1"},
        ),
    )
    wikipedia_server.script(
        "/page/summary/", Reply.text("Too many requests", 429, {"Retry-After": "0"})
    )
    v = run(verify(V, OECD))
    assert v.label == "unverifiable" and v.evidence


def test_truncated_summary(wikipedia_server):
    truncated = Reply(200, b'{"type":"standard","title":"OE', {"Content-Type": "application/json"})
    wikipedia_server.script(
        "/page/summary/", *[truncated] * (3 * ATTEMPTS)
    )  # every try of the 3 summaries fetched at once
    v = run(verify(V, OECD))
    assert v.label == "unverifiable" and "malformed" in v.summary


def test_offline_once(monkeypatch, caplog):
    monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_API", "http://127.0.0.1:9/w/api.php")
    monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_REST", "http://127.0.0.1:9/api/rest_v1")
    state: dict = {}

    async def go():
        async with httpx.AsyncClient(timeout=2) as http:
            return await asyncio.gather(
                *(
                    V.verify(make_claim(s), make_ctx(http, run_state=state))
                    for s in [OECD, "Trade grew 4% in Asia."] * 3
                )
            )

    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING):
        verdicts = run(go())
    assert time.monotonic() - t0 < 5
    assert all(v.label == "unverifiable" and "wikipedia unreachable" in v.summary for v in verdicts)
    assert sum("wikipedia unreachable" in r.getMessage() for r in caplog.records) == 1


def test_passages_are_on_the_whole_claim_never_on_a_part(wikipedia_server):
    """Passages are found for the sentence, and decide nothing: the verdict names no part
    (``part`` None), whatever parts the claim has."""
    from dataclasses import replace

    from claimtrack.extraction.parts import Part
    from claimtrack.testing import extracted_claim, make_article, run_verifier

    claim = extracted_claim(OECD, published=PUBLISHED)
    assert claim.parts
    two = replace(claim, parts=(*claim.parts, Part("event-1", "event", "grew", {"action": "grew"})))
    for c in (claim, two):
        v = run(run_verifier(V, c, article=make_article(published=PUBLISHED), plugins=plugins()))
        assert v is not None and not isinstance(v, list)
        assert v.part is None and v.label == "unverifiable"


def test_a_claim_whose_parts_wikidata_checks_is_left_to_it(wikipedia_server):
    """claimtrack-wikidata's ``claim_checked_by`` answers per claim: a claim with an office
    part it checks is left to it (its event part stays unchecked, not "passages found")."""
    import pytest

    wikidata = pytest.importorskip("claimtrack_wikidata")
    from claimtrack.testing import extracted_claim

    talks = extracted_claim(
        "German Chancellor Olaf Scholz and French President Emmanuel Macron held talks on Thursday.",
        published=PUBLISHED,
    )
    assert [p.kind for p in talks.parts] == ["office", "office", "event"]
    with_wikidata = plugins(wikidata=wikidata)
    assert run(wpv.structured_handles(talks, make_ctx(None, plugins=with_wikidata))) == "wikidata"
