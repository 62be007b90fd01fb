"""Helpers for testing verifiers: claims, articles, and running a verifier like the engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.verification.api import ArticleInfo, ClaimInfo, Verdict

if TYPE_CHECKING:
    import httpx

    from claimtrack.registry import Registry
    from claimtrack.verification.http import HttpOptions


def make_claim(
    text: str,
    kind: str = "other",
    values: dict[str, Any] | None = None,
    *,
    speaker: str | None = None,
    id: int | None = None,
    sentence: str | None = None,
) -> ClaimInfo:
    """A claim as a verifier receives it. ``sentence`` defaults to ``text``."""
    return ClaimInfo(id=id, text=text, kind=kind, values=dict(values or {}), sentence=sentence or text, speaker=speaker)


def make_article(
    text: str = "",
    *,
    published: datetime | None = None,
    url: str | None = "https://example.org/article",
    title: str | None = "Test article",
    id: int | None = None,
) -> ArticleInfo:
    """The article a claim came from, as a verifier sees it."""
    return ArticleInfo(id=id, text=text, url=url, title=title, published=published)


def fast_http_options(**overrides: Any) -> HttpOptions:
    """HTTP options for tests: no cache, short timeouts, quick retries (override any)."""
    from claimtrack.verification.http import HttpOptions

    values: dict[str, Any] = {
        "cache": False,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "attempts": 4,
        "wait_initial": 0.01,
        "wait_max": 0.05,
        "wait_jitter": 0.0,
        "max_retry_after": 1.0,
    }
    values.update(overrides)
    return HttpOptions(**values)


async def run_verifier(
    verifier: Any,
    claim: ClaimInfo,
    *,
    article: ArticleInfo | None = None,
    settings: dict[str, Any] | None = None,
    sources: dict[str, str] | None = None,
    http: httpx.AsyncClient | None = None,
    http_options: HttpOptions | None = None,
    timeout: float = 10.0,
) -> Verdict | None:
    """Run ``verifier.verify(claim, ctx)`` as the engine does and return its verdict.

    The context gets a real client (:func:`fast_http_options` unless ``http`` or
    ``http_options`` is given), the verifier's ``defaults`` updated with ``settings``,
    and a logger. An exception, a timeout or a wrong return type comes back as an
    ``error`` verdict, exactly as it would be stored.
    """
    import logging

    from claimtrack.verification.api import VerifyContext
    from claimtrack.verification.engine import call_verifier
    from claimtrack.verification.http import make_client

    client = http or make_client(http_options or fast_http_options())
    try:
        ctx = VerifyContext(
            http=client,
            settings={**(getattr(verifier, "defaults", {}) or {}), **(settings or {})},
            logger=logging.getLogger(f"claimtrack.verifier.{verifier.name}"),
            article=article,
            sources=dict(sources or {}),
            verifier=verifier.name,
        )
        return await call_verifier(verifier, claim, ctx, timeout=timeout)
    finally:
        if http is None:
            await client.aclose()


def add_claims(
    registry: Registry,
    claims: Sequence[str | dict[str, Any]],
    *,
    published: datetime | None = None,
    source: str = "test-article.txt",
    title: str | None = "Test article",
) -> list[int]:
    """Store one article made of ``claims`` (texts, or dicts with ``text``, ``kind``,
    ``values``, ``speaker``) and return the claim ids, in order. No extractor runs."""
    from claimtrack.extraction.base import ExtractedClaim
    from claimtrack.ingest.document import Document

    items: list[dict[str, Any]] = [{"text": c} if isinstance(c, str) else dict(c) for c in claims]
    text = ""
    extracted = []
    for item in items:
        start = len(text)
        text += item["text"]
        extracted.append(
            ExtractedClaim(
                text=item["text"],
                start=start,
                end=len(text),
                kind=item.get("kind", "other"),
                score=0.9,
                checkworthy=True,
                values=item.get("values", {}),
                speaker=item.get("speaker"),
            )
        )
        text += "\n\n"
    document = Document(source=str(Path(source)), text=text, title=title, published=published)
    result = registry.add_article(document, extracted)
    rows = registry.claims(article_id=result.article_id)
    by_text = {c.text: c.id for c in rows if c.id is not None}
    return [by_text[i["text"]] for i in items if i["text"] in by_text]
