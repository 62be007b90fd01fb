"""The ``wikipedia`` verifier: search, page summaries, best passages; never a verdict.

:func:`find_passages` backs claimtrack's ``find_passages`` hook with the same search and
summaries: Wikipedia passages (at most :data:`MAX_PASSAGE_CHARS` characters each) for
verifiers that read evidence themselves.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import weakref
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from rapidfuzz import fuzz

from claimtrack.errors import ClaimtrackError
from claimtrack.plugins import make_plugin_manager
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Passage,
    PluginConfig,
    Verdict,
    Verifier,
    VerifyContext,
    configured_settings,
)
from claimtrack.verification.http import retry_after_seconds
from claimtrack.verification.sources import (
    SourceError,
    SourceUnreachable,
    UnexpectedResponse,
    fetch,
    read_json,
    shape_errors,
    source_failure,
)
from claimtrack_wikipedia import __version__

DEFAULT_API = "https://en.wikipedia.org/w/api.php"
DEFAULT_REST = "https://en.wikipedia.org/api/rest_v1"
DEFAULT_USER_AGENT = (
    f"claimtrack-wikipedia/{__version__} (https://github.com/claimtrack/claimtrack; "
    f"claimtrack@users.noreply.github.com) httpx/{httpx.__version__}"
)
#: Passages scoring below this (rapidfuzz token-set ratio, 0–100) are not shown.
MIN_PASSAGE_SCORE = 40
#: The longest passage :func:`find_passages` returns, in characters.
MAX_PASSAGE_CHARS = 1000
STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "not",
        "no",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "less",
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "after",
        "before",
        "since",
        "until",
        "about",
        "over",
        "under",
        "into",
        "between",
        "during",
        "per",
        "its",
        "now",
        "first",
        "last",
        "new",
        "one",
    ]
)


_ACTION_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def action_lock() -> asyncio.Semaphore:
    """One Action API request at a time (Wikimedia etiquette); REST summaries may overlap."""
    loop = asyncio.get_running_loop()
    lock = _ACTION_LOCKS.get(loop)
    if lock is None:
        lock = _ACTION_LOCKS[loop] = asyncio.Semaphore(1)
    return lock


@dataclass(frozen=True)
class Config(PluginConfig, plugin="wikipedia"):
    api: str = DEFAULT_API
    rest: str = DEFAULT_REST
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 10.0
    max_tries: int = 3
    max_wait: float = 10.0
    max_pages: int = 3
    max_passages: int = 3
    all_claims: bool = False


async def structured_handles(claim: ClaimInfo, ctx: VerifyContext) -> str | None:
    """The name of a loaded structured verifier that checks ``claim``, if any (claimtrack's
    ``claim_checked_by`` hook)."""
    assert ctx.plugins is not None
    async with aclosing(ctx.plugins.ask("claim_checked_by", claim=claim)) as answers:
        async for _plugin, verifier in answers:
            if verifier:
                return str(verifier)
    return None


def search_terms(text: str, limit: int = 8) -> str:
    """Keywords for the search: names and numbers first, stop words dropped."""
    words = re.findall(r"[\w][\w'’.\-]*", text)
    picked: list[str] = []
    for word in words:
        w = word.strip(".'’")
        if not w or w.casefold() in STOPWORDS or len(w) < 2:
            continue
        if w not in picked:
            picked.append(w)
    names = [w for w in picked if w[0].isupper() or w[0].isdigit()]
    rest = [w for w in picked if w not in names]
    return " ".join((names + rest)[:limit])


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])", text) if s.strip()]


class WikipediaVerifier(Verifier):
    """Finds Wikipedia passages relevant to a claim, for a reviewer. Always ``unverifiable``."""

    name = "wikipedia"
    version = __version__
    kinds = ()
    config = Config

    def applies_to(self, claim: ClaimInfo) -> bool:
        if claim.kind == "quote":
            return False
        return bool(search_terms(claim.text))

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        config = Config.load(ctx.settings)
        if not config.all_claims and await structured_handles(claim, ctx):
            return None  # a structured verifier checks it
        query = search_terms(claim.text)
        if not query:
            return None
        state = ctx.run_state
        headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
        try:
            with shape_errors("wikipedia"):
                titles = await search(ctx, config, state, headers, query)
                pages = await asyncio.gather(
                    *(summary(ctx, config, state, headers, t) for t in titles[: config.max_pages])
                )
                return passages(claim, config, pages)
        except SourceUnreachable as exc:
            return source_failure(f"wikipedia unreachable: {exc}")
        except UnexpectedResponse as exc:
            return source_failure(str(exc))
        except SourceError as exc:
            return source_failure(f"wikipedia: {exc}")


def passages(
    claim: ClaimInfo, config: Config, pages: list[dict[str, Any] | None]
) -> Verdict | None:
    """The passages of ``pages`` close to the claim, as evidence for a reviewer."""
    scored: list[tuple[float, Evidence]] = []
    notes = []
    for page in pages:
        if page is None:
            continue
        if page.get("type") == "disambiguation":
            notes.append(f"{page_title(page)} is a disambiguation page")
            continue
        extract = page.get("extract") or ""
        url = ((page.get("content_urls") or {}).get("desktop") or {}).get(
            "page"
        ) or f"https://en.wikipedia.org/wiki/{quote(page_title(page).replace(' ', '_'))}"
        for passage in sentences(extract):
            score = fuzz.token_set_ratio(claim.text.casefold(), passage.casefold())
            if score >= MIN_PASSAGE_SCORE:
                scored.append(
                    (
                        score,
                        Evidence(
                            "wikipedia",
                            url=url,
                            title=f"{page_title(page)} – Wikipedia",
                            snippet=passage,
                        ),
                    )
                )
    scored.sort(key=lambda x: -x[0])
    evidence, seen = [], set()
    for _, ev in scored:
        if ev.snippet not in seen:
            seen.add(ev.snippet)
            evidence.append(ev)
        if len(evidence) >= config.max_passages:
            break
    if not evidence:
        return None
    note = f" ({'; '.join(notes)})" if notes else ""
    return Verdict.unverifiable(
        f"Wikipedia passages for a reviewer, no automatic verdict{note}", evidence
    )


def page_title(page: dict[str, Any]) -> str:
    titles = page.get("titles") or {}
    return str(titles.get("normalized") or page.get("title") or titles.get("canonical") or "?")


async def _api(
    ctx: VerifyContext,
    config: Config,
    state: dict[str, Any],
    headers: dict[str, str],
    params: dict[str, Any],
) -> dict[str, Any]:
    for attempt in range(config.max_tries):
        async with action_lock():
            response = await fetch(
                ctx,
                "wikipedia",
                config.api,
                params={**params, "format": "json"},
                headers=headers,
                timeout=config.timeout,
            )
        body = read_json(response)
        error = body.get("error") if isinstance(body, dict) else None
        code = response.headers.get("MediaWiki-API-Error") or (error or {}).get("code")
        if code == "maxlag" and attempt + 1 < config.max_tries:  # an HTTP-200 error: retried here
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            wait = 5.0 if wait is None else wait
            if wait > config.max_wait:
                raise SourceError(f"lagged (maxlag, Retry-After {wait:g} s)")
            await asyncio.sleep(wait)
            continue
        if code:
            raise SourceError(f"API error {code}: {(error or {}).get('info', '')}".strip())
        if not isinstance(body, dict):
            raise UnexpectedResponse(
                f"unexpected response from wikipedia: expected a JSON object, got {type(body).__name__}"
            )
        return body
    raise SourceError("lagged (maxlag), gave up")


async def search(
    ctx: VerifyContext, config: Config, state: dict[str, Any], headers: dict[str, str], query: str
) -> list[str]:
    """Article titles for ``query`` (Action API ``list=search``), best first."""
    cache: dict[str, list[str]] = state.setdefault("search", {})
    if query not in cache:
        body = await _api(
            ctx,
            config,
            state,
            headers,
            {
                "action": "query",
                "list": "search",
                "srsearch": query,
                "srlimit": config.max_pages,
                "srnamespace": 0,
                "srprop": "snippet",
                "srinfo": "totalhits|suggestion",
            },
        )
        hits = (body.get("query") or {}).get("search") or []
        cache[query] = [
            h["title"]
            for h in hits
            if isinstance(h, dict) and h.get("title") and h.get("ns", 0) == 0
        ]
    return cache[query]


async def summary(
    ctx: VerifyContext, config: Config, state: dict[str, Any], headers: dict[str, str], title: str
) -> dict[str, Any] | None:
    """The REST page summary, following redirects; None for unknown titles and empty extracts."""
    cache: dict[str, dict[str, Any] | None] = state.setdefault("summary", {})
    if title in cache:
        return cache[title]
    url = f"{config.rest.rstrip('/')}/page/summary/{quote(title.replace(' ', '_'), safe='')}"
    response = await fetch(
        ctx, "wikipedia", url, headers=headers, timeout=config.timeout, follow_redirects=True
    )
    page = None
    if response.status_code == 200:
        body = read_json(response)
        if (
            isinstance(body, dict)
            and body.get("type") in ("standard", "disambiguation")
            and (body.get("extract") or body.get("type") == "disambiguation")
        ):
            page = body
    cache[title] = page
    return page


# -- the find_passages hook ------------------------------------------------------------------

_LANG = re.compile(r"^[a-z]{2,3}(-[a-z]+)?$")
_DEFAULT_HOST = "://en.wikipedia.org/"
#: The run's state for the hook, per run client (its searches, summaries, "down" marks).
_HOOK_STATES: weakref.WeakKeyDictionary[httpx.AsyncClient, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)
_NO_PLUGINS: list[Any] = []


def split_passages(text: str, size: int = MAX_PASSAGE_CHARS) -> list[str]:
    """``text`` in passages of whole sentences, each at most ``size`` characters (a longer
    sentence is cut at a space)."""
    pieces: list[str] = []
    for sentence in sentences(text):
        rest = sentence
        while len(rest) > size:
            cut = rest.rfind(" ", 0, size + 1)
            cut = cut if cut > 0 else size
            pieces.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
        if rest:
            pieces.append(rest)
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + 1 + len(piece) <= size:
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def for_language(config: Config, lang: str) -> Config | None:
    """``config`` for Wikipedia in ``lang``: the default (English) endpoints moved to
    ``<lang>.wikipedia.org``; endpoints set by the user are kept as they are. None for a
    ``lang`` that is no language code."""
    lang = lang.strip().lower()
    if not _LANG.match(lang):
        return None
    if lang == "en":
        return config
    host = f"://{lang}.wikipedia.org/"
    return dataclasses.replace(
        config,
        api=config.api.replace(_DEFAULT_HOST, host) if config.api == DEFAULT_API else config.api,
        rest=config.rest.replace(_DEFAULT_HOST, host)
        if config.rest == DEFAULT_REST
        else config.rest,
    )


def _hook_context(http: httpx.AsyncClient) -> VerifyContext:
    """A context for the hook's requests on the run's client: its ``run_state`` (kept per
    client, so per run) holds the searches and summaries fetched for the hook and says
    "wikipedia unreachable" once per run; its settings are ``[verifiers.wikipedia]``."""
    state = _HOOK_STATES.get(http)
    if state is None:
        try:
            table = configured_settings("verifiers", "wikipedia")
        except ClaimtrackError:  # a bad config file is reported by the command that reads it
            table = {}
        state = _HOOK_STATES[http] = {"settings": table}
    if not _NO_PLUGINS:
        _NO_PLUGINS.append(make_plugin_manager(load_entrypoints=False))  # it asks no plugin
    return VerifyContext(
        http=http,
        settings=state["settings"],
        logger=logging.getLogger("claimtrack.verifier.wikipedia"),
        article=None,
        run_state=state,
        verifier="wikipedia",
        plugins=_NO_PLUGINS[0],
    )


async def find_passages(
    query: str, http: httpx.AsyncClient, limit: int, lang: str
) -> list[Passage] | None:
    """Wikipedia passages for ``query`` (claimtrack's ``find_passages`` hook), best first.

    The verifier's search (:func:`search_terms`, :func:`search`, :func:`summary`), with
    its settings (``[verifiers.wikipedia]``, ``CLAIMTRACK_WIKIPEDIA_*``): each page's
    summary extract is split into passages of whole sentences (:func:`split_passages`,
    at most :data:`MAX_PASSAGE_CHARS` characters), and those scoring at least
    :data:`MIN_PASSAGE_SCORE` against ``query`` are returned, best first, at most
    ``limit``. Ids are ``wikipedia:<Page_title>#<n>`` (``wikipedia:<lang>:…`` for a
    language other than English). None when Wikipedia is unreachable or answers
    wrongly, or ``lang`` is no language code.
    """
    lang = lang.strip().lower()
    ctx = _hook_context(http)
    config = for_language(Config.load(ctx.settings), lang)
    terms = search_terms(query)
    if config is None or not terms or limit < 1:
        return None if config is None else []
    state = ctx.run_state.setdefault(f"hook:{lang}", {})
    headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
    try:
        with shape_errors("wikipedia"):
            titles = await search(ctx, config, state, headers, terms)
            pages = await asyncio.gather(
                *(summary(ctx, config, state, headers, t) for t in titles[: config.max_pages])
            )
    except (SourceError, SourceUnreachable):  # UnexpectedResponse is a SourceError
        return None
    prefix = "wikipedia:" if lang == "en" else f"wikipedia:{lang}:"
    scored: list[tuple[float, int, Passage]] = []
    for page in pages:
        if page is None or page.get("type") != "standard":
            continue
        title = page_title(page)
        key = title.replace(" ", "_")
        url = ((page.get("content_urls") or {}).get("desktop") or {}).get("page") or ""
        for number, text in enumerate(split_passages(str(page.get("extract") or "")), 1):
            score = fuzz.token_set_ratio(query.casefold(), text.casefold())
            if score >= MIN_PASSAGE_SCORE:
                passage = Passage(
                    id=f"{prefix}{key}#{number}",
                    source="wikipedia",
                    title=f"{title} – Wikipedia",
                    url=str(url),
                    text=text,
                )
                scored.append((score, len(scored), passage))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [passage for _, _, passage in scored[:limit]]
