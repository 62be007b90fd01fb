"""Helpers for testing verifiers: claims, articles, and running a verifier like the engine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.extraction.parts import Part
from claimtrack.verification.api import ArticleInfo, ClaimInfo, Passage, Verdict, VerifyContext

if TYPE_CHECKING:
    import httpx

    from claimtrack.plugins import Plugins
    from claimtrack.registry import Registry
    from claimtrack.verification.http import HttpOptions


def make_part(kind: str, text: str, id: str | None = None, **values: Any) -> Part:
    """A checkable part of a claim, as extraction makes it: ``make_part("statistic",
    "26 million people", value=26e6, unit="people")``. ``id`` defaults to ``<kind>-1``."""
    return Part(id or f"{kind}-1", kind, text, values)


def make_claim(
    text: str,
    kind: str = "other",
    values: dict[str, Any] | None = None,
    *,
    speaker: str | None = None,
    id: int | None = None,
    sentence: str | None = None,
    parts: Sequence[Part | Mapping[str, Any]] | None = None,
) -> ClaimInfo:
    """A claim as a verifier receives it. ``sentence`` defaults to ``text``.

    ``parts`` (:func:`make_part`, or their dicts) are stored as ``values["parts"]``, so
    ``claim.parts`` has them; without it the parts are derived from ``values`` as for a
    stored claim (none for values that hold no recognised structure).
    """
    values = dict(values or {})
    if parts is not None:
        values["parts"] = [p.to_dict() if isinstance(p, Part) else dict(p) for p in parts]
    return ClaimInfo(
        id=id,
        text=text,
        kind=kind,
        values=values,
        sentence=sentence or text,
        speaker=speaker,
    )


def assert_verdicts_on_parts(result: Any, claim: ClaimInfo) -> list[Verdict]:
    """Check what a verifier returned for ``claim`` as the engine does, and return it as a
    list: None gives ``[]``; otherwise each item must be a :class:`Verdict` on a part of
    ``claim`` (``claim.parts``) or on the whole claim (``part`` None), no two on the same.

    :raises AssertionError: naming the bad part id (and the claim's parts) or the repeat.
    """
    if result is None:
        return []
    verdicts = [result] if isinstance(result, Verdict) else list(result)
    assert verdicts, "the verifier returned an empty list; return None for a claim it skips"
    known = [p.id for p in claim.parts]
    seen: set[str | None] = set()
    for verdict in verdicts:
        assert isinstance(verdict, Verdict), f"expected Verdicts, got {type(verdict).__name__}"
        assert verdict.part is None or verdict.part in known, (
            f"verdict on part {verdict.part!r}, which the claim does not have "
            f"(its parts: {', '.join(known) or 'none'})"
        )
        assert verdict.part not in seen, f"two verdicts on {verdict.part or 'the whole claim'}"
        seen.add(verdict.part)
    return verdicts


def extracted_claim(
    text: str,
    *,
    published: datetime | date | str | None = None,
    speaker: str | None = None,
    id: int | None = None,
) -> ClaimInfo:
    """The claim the real default extractor makes of the sentence ``text``, as a verifier
    receives it: its kind and values are claimtrack's own, not made up by the test.

    ``published`` (a datetime, date or ISO string) is the article date relative dates
    ("last year") are read against; ``speaker`` overrides the speaker found, if any.

    :raises ValueError: ``text`` is not exactly one sentence (pass one at a time).
    """
    from claimtrack.extraction import ArticleContext, extract_claims

    when = make_article(published=published).published if published is not None else None
    found = [c for c in extract_claims(text, ArticleContext(published=when)) if c.text.strip()]
    if len(found) != 1:
        raise ValueError(
            f"extracted_claim() takes one sentence; the extractor found {len(found)} in {text!r}"
        )
    claim = found[0]
    return ClaimInfo(
        id=id,
        text=claim.text,
        kind=claim.kind,
        values=dict(claim.values),
        sentence=claim.text,
        start=claim.start,
        end=claim.end,
        speaker=speaker if speaker is not None else claim.speaker,
    )


def make_article(
    text: str = "",
    *,
    published: datetime | date | str | None = None,
    url: str | None = "https://example.org/article",
    title: str | None = "Test article",
    id: int | None = None,
    published_source: str | None = None,
) -> ArticleInfo:
    """The article a claim came from, as a verifier sees it.

    ``published`` may also be a date or an ISO string (``"2023-05-16"``): midnight UTC.
    ``published_source`` says where the date came from (default ``given`` when there is
    one); ``published=None`` plays an article with no known date.
    """
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    elif isinstance(published, date) and not isinstance(published, datetime):
        published = datetime(published.year, published.month, published.day)
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    if published is not None and published_source is None:
        published_source = "given"
    return ArticleInfo(
        id=id,
        text=text,
        url=url,
        title=title,
        published=published,
        published_source=published_source if published is not None else None,
    )


#: What ``ctx.earlier_fact_checks`` finds in a test: passages, or an async search.
FactChecks = Sequence[Passage] | Callable[[str, int], Awaitable[list[Passage]]]


def make_context(
    http: httpx.AsyncClient,
    verifier: str = "",
    *,
    settings: dict[str, Any] | None = None,
    run_state: dict[str, Any] | None = None,
    article: ArticleInfo | None = None,
    published: datetime | date | str | None = None,
    sources: dict[str, str] | None = None,
    plugins: Plugins | None = None,
    fact_checks: FactChecks | None = None,
) -> VerifyContext:
    """The :class:`VerifyContext` the engine hands ``verifier`` (a name), on ``http``.

    Pass the same ``run_state`` dict to several calls to play one run (what the verifier
    tallied is then ``run_state[FIGURES_KEY]``, a :class:`~claimtrack.verification.api.RunFigures`).
    Given ``published`` and no ``article``, the article is
    ``make_article(published=published)``. ``plugins``: what ``ctx.plugins`` asks through
    cooperation hooks (default: the installed ones), e.g.
    ``make_plugin_manager(load_entrypoints=False)`` plus your own. ``fact_checks``: what
    ``ctx.earlier_fact_checks`` finds, as a registry would: passages (the first ``top`` of
    them, whatever the text) or an async ``(text, top) -> list[Passage]``; default none.
    """
    import logging

    if fact_checks is not None and not callable(fact_checks):
        given = list(fact_checks)

        async def found(text: str, top: int) -> list[Passage]:
            return given[:top]

        fact_checks = found
    return VerifyContext(
        http=http,
        settings=dict(settings or {}),
        logger=logging.getLogger(
            f"claimtrack.verifier.{verifier}" if verifier else "claimtrack.verifier"
        ),
        article=make_article(published=published)
        if article is None and published is not None
        else article,
        run_state=run_state if run_state is not None else {},
        sources=dict(sources or {}),
        verifier=verifier,
        plugins=plugins,
        fact_checks=fact_checks,
    )


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
    run_state: dict[str, Any] | None = None,
    plugins: Plugins | None = None,
    fact_checks: FactChecks | None = None,
) -> Verdict | list[Verdict] | None:
    """Run ``verifier.verify(claim, ctx)`` as the engine does and return its verdict
    (or its list of verdicts, one per part, when it returned a list: see
    :func:`run_verifier_all` for always a list).

    The context gets a real client (:func:`fast_http_options` unless ``http`` or
    ``http_options`` is given), the verifier's ``defaults`` updated with ``settings``,
    and a logger. An exception, a timeout or a wrong return type comes back as an
    ``error`` verdict, exactly as it would be stored. Pass the same ``run_state`` dict to
    several calls to play one run (e.g. "source unreachable" said once). ``plugins`` and
    ``fact_checks``: as for :func:`make_context`.
    """
    from claimtrack.verification.engine import call_verifier
    from claimtrack.verification.http import make_client

    client = http or make_client(http_options or fast_http_options())
    try:
        ctx = make_context(
            client,
            verifier.name,
            settings={**(getattr(verifier, "defaults", {}) or {}), **(settings or {})},
            run_state=run_state,
            article=article,
            sources=sources,
            plugins=plugins,
            fact_checks=fact_checks,
        )
        return await call_verifier(verifier, claim, ctx, timeout=timeout)
    finally:
        if http is None:
            await client.aclose()


async def run_verifier_all(verifier: Any, claim: ClaimInfo, **kwargs: Any) -> list[Verdict]:
    """:func:`run_verifier` (same keyword arguments), its verdicts always as a list: empty
    when the verifier returned None, else one verdict per part it checked (``part`` None:
    the whole claim), after the engine's checks (a part the claim does not have, or two
    verdicts on one part, come back as one ``error`` verdict)."""
    result = await run_verifier(verifier, claim, **kwargs)
    if result is None:
        return []
    return [result] if isinstance(result, Verdict) else list(result)


async def verify_text(
    verifier: Any,
    text: str,
    published: datetime | date | str | None = None,
    *,
    values: dict[str, Any] | None = None,
    kind: str = "other",
    **kwargs: Any,
) -> Verdict | list[Verdict] | None:
    """:func:`run_verifier` on the claim ``text`` (:func:`make_claim`) from an article
    published on ``published`` (:func:`make_article`); other keyword arguments
    (``settings``, ``run_state``, ``http_options``…) as for :func:`run_verifier`."""
    if published is not None:
        kwargs.setdefault("article", make_article(published=published))
    return await run_verifier(verifier, make_claim(text, kind, values), **kwargs)


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
    from claimtrack.services.add import store_article

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
    document = Document(
        source=str(Path(source)),
        text=text,
        title=title,
        published=published,
        published_source="given" if published is not None else None,
    )
    result = store_article(registry, document, extracted)
    rows = registry.claims(article_id=result.article_id)
    by_text = {c.text: c.id for c in rows if c.id is not None}
    return [by_text[i["text"]] for i in items if i["text"] in by_text]
