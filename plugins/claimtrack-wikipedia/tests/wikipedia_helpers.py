"""Helpers for the wikipedia plugin's tests (unique module name: safe in a root-level run)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import httpx

from claimtrack.verification.api import ArticleInfo, ClaimInfo, VerifyContext


def make_claim(sentence: str, values: dict | None = None, kind: str = "other") -> ClaimInfo:
    return ClaimInfo(id=1, text=sentence, kind=kind, values=values or {}, sentence=sentence)


def make_ctx(http: httpx.AsyncClient, published: str | None = "2023-05-16", state: dict | None = None,
             settings: dict | None = None) -> VerifyContext:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    article = ArticleInfo(id=1, text="", url="https://news.example/a", title="A", published=when)
    return VerifyContext(http=http, settings=settings or {}, logger=logging.getLogger("claimtrack.verifier.wikipedia"),
                         article=article, run_state=state if state is not None else {})


def run(coro):
    return asyncio.run(coro)


async def verify(verifier, sentence: str, published: str = "2023-05-16", values: dict | None = None,
                 state: dict | None = None, timeout: float = 5.0, settings: dict | None = None):
    async with httpx.AsyncClient(timeout=timeout) as http:
        return await verifier.verify(make_claim(sentence, values), make_ctx(http, published, state, settings))


def handles_everything(claim) -> bool:
    return True
