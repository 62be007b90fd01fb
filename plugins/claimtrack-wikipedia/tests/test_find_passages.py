"""The ``find_passages`` hook: Wikipedia passages for other verifiers, from the fixture server."""

from __future__ import annotations

import asyncio

import httpx
from wikipedia_helpers import plugins

import claimtrack_wikipedia
from claimtrack.testing import fast_http_options
from claimtrack.verification.api import Passage
from claimtrack.verification.http import make_client
from claimtrack_wikipedia import fixture_server
from claimtrack_wikipedia.verifier import MAX_PASSAGE_CHARS, Config, for_language, split_passages

OECD = "The OECD was founded in 1961 and has 38 member countries."


async def _ask(query: str, *, limit: int = 5, lang: str = "en") -> list[tuple[str, object]]:
    manager = plugins(wikipedia=claimtrack_wikipedia)
    async with make_client(fast_http_options()) as http:
        return [
            answer
            async for answer in manager.ask(
                "find_passages", query=query, http=http, limit=limit, lang=lang
            )
        ]


def test_passages_from_the_search_and_summaries(wikipedia_server):
    answers = asyncio.run(_ask(OECD))
    assert [plugin for plugin, _ in answers] == ["wikipedia"]
    passages = answers[0][1]
    assert isinstance(passages, list) and passages
    best = passages[0]
    assert isinstance(best, Passage)
    assert best.id == "wikipedia:OECD#1" and best.source == "wikipedia"
    assert best.title == "OECD – Wikipedia"
    assert best.url == "https://en.wikipedia.org/wiki/OECD"
    assert best.text == fixture_server.PAGES["OECD"][3]  # the whole (short) extract, verbatim
    assert len({p.id for p in passages}) == len(passages)
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    searched = [r for r in wikipedia_server.requests if r.path.endswith("/w/api.php")]
    assert searched and "OECD" in searched[0].arg("srsearch")


def test_limit_and_no_hits(wikipedia_server):
    assert len(asyncio.run(_ask(OECD, limit=1))[0][1]) == 1
    assert asyncio.run(_ask("Zebras quietly outnumber xylophones 3 to 1."))[0][1] == []


def test_an_unreachable_wikipedia_answers_none(monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_API", f"http://127.0.0.1:{port}/w/api.php")
    monkeypatch.setenv("CLAIMTRACK_WIKIPEDIA_REST", f"http://127.0.0.1:{port}/api/rest_v1")
    assert asyncio.run(_ask(OECD)) == [("wikipedia", None)]


def test_a_bad_language_code_answers_none(wikipedia_server):
    assert asyncio.run(_ask(OECD, lang="../x")) == [("wikipedia", None)]
    assert not [r for r in wikipedia_server.requests]


def test_language_moves_only_the_default_endpoints():
    default = Config()
    french = for_language(default, "fr")
    assert french is not None
    assert french.api == "https://fr.wikipedia.org/w/api.php"
    assert french.rest == "https://fr.wikipedia.org/api/rest_v1"
    own = Config(api="http://127.0.0.1:9/w/api.php", rest="http://127.0.0.1:9/api/rest_v1")
    assert for_language(own, "fr") == own
    assert for_language(default, "english please") is None


def test_split_passages_keeps_sentences_whole_and_short():
    sentence = "The council met in Canberra on Thursday to discuss trade. "
    text = sentence * 60  # about 3,500 characters
    parts = split_passages(text)
    assert len(parts) > 3
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in parts)
    assert all(p.endswith("trade.") for p in parts)
    assert " ".join(parts) == text.strip()
    long_sentence = "word " * 450 + "end."  # one sentence over the limit: cut at spaces
    cut = split_passages(long_sentence)
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in cut) and len(cut) == 3
    assert " ".join(cut) == long_sentence.strip()


def test_any_httpx_client_works(wikipedia_server):
    """The hook uses the client it is given, whatever it is."""

    async def go():
        async with httpx.AsyncClient() as http:
            manager = plugins(wikipedia=claimtrack_wikipedia)
            return [
                a
                async for a in manager.ask(
                    "find_passages", query=OECD, http=http, limit=2, lang="en"
                )
            ]

    assert asyncio.run(go())[0][1][0].id == "wikipedia:OECD#1"


def test_the_hook_keeps_no_client_alive(wikipedia_server):
    import gc
    import weakref

    async def go() -> weakref.ref[httpx.AsyncClient]:
        async with httpx.AsyncClient() as http:
            manager = plugins(wikipedia=claimtrack_wikipedia)
            async for _plugin, answer in manager.ask(
                "find_passages", query=OECD, http=http, limit=1, lang="en"
            ):
                assert answer
            return weakref.ref(http)

    ref = asyncio.run(go())
    gc.collect()
    assert ref() is None
