"""Gathering evidence passages for a claim, before any model is asked.

Four places, in this order: earlier fact-checks from the registry
(``ctx.earlier_fact_checks``), passages from plugins that answer the ``find_passages``
cooperation hook (claimtrack-wikipedia), the run's ``--source`` documents and the
article's own text. The last two are cut into sentences and kept only when they share
enough words with the claim; the claim's own sentence is never evidence for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from claimtrack.verification.api import ClaimInfo, VerifyContext

#: Words that say nothing about what a passage is about.
STOPWORDS = frozenset(
    {
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
        "now",
        "new",
        "one",
        "two",
        "would",
        "could",
        "should",
        "will",
        "may",
        "might",
        "can",
        "did",
        "does",
        "do",
        "just",
        "only",
        "very",
        "such",
        "other",
        "upon",
        "while",
    }
)
_WORD = re.compile(r"[^\W_][\w'’\-]*")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)\]]*|\n|$)")
#: A sentence must share at least this many words with the claim...
MIN_SHARED = 2
#: ... and at least this share of the claim's words, to be evidence.
MIN_SHARE = 0.25


@dataclass(frozen=True)
class Found:
    """An evidence passage, wherever it came from."""

    source: str  # "registry", "wikipedia", "source document", "article"…
    title: str
    url: str
    text: str


def terms(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, case-folded."""
    out = set()
    for word in _WORD.findall(text):
        w = word.casefold().strip("'’-")
        if (len(w) >= 3 and w not in STOPWORDS) or w.isdigit():
            out.add(w)
    return out


def relevance(claim_terms: set[str], text: str) -> float:
    """The share of the claim's words in ``text``; 0 below :data:`MIN_SHARED` of them."""
    if not claim_terms:
        return 0.0
    shared = claim_terms & terms(text)
    if len(shared) < min(MIN_SHARED, len(claim_terms)):
        return 0.0
    return len(shared) / len(claim_terms)


def sentences(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text``."""
    for m in _SENTENCE.finditer(text):
        chunk = m.group(0)
        stripped = chunk.strip()
        if len(stripped) >= 20:
            start = m.start() + (len(chunk) - len(chunk.lstrip()))
            yield start, start + len(stripped), stripped


def text_passages(
    claim: ClaimInfo,
    text: str,
    *,
    source: str,
    title: str,
    url: str,
    skip: tuple[int, int] | None = None,
) -> list[tuple[float, Found]]:
    """The sentences of ``text`` relevant to the claim, scored; ``skip``: the claim's own
    span (start, end), left out."""
    wanted = terms(claim.text)
    own = " ".join(claim.text.split())
    said = " ".join((claim.sentence or "").split())
    scored = []
    for start, end, sentence in sentences(text):
        if skip is not None and start < skip[1] and skip[0] < end:
            continue
        flat = " ".join(sentence.split())
        if (own and own in flat) or (said and (said in flat or flat in said)):
            continue  # the claim itself is no evidence for itself
        score = relevance(wanted, sentence)
        if score >= MIN_SHARE:
            scored.append((score, Found(source, title, url, sentence)))
    return scored


async def plugin_passages(claim: ClaimInfo, ctx: VerifyContext, limit: int) -> list[Found]:
    """Passages from the plugins that answer ``find_passages`` (claimtrack-wikipedia)."""
    found: list[Found] = []
    if ctx.plugins is None:
        return found
    async with aclosing(
        ctx.plugins.ask("find_passages", query=claim.text, http=ctx.http, limit=limit, lang="en")
    ) as answers:
        async for _plugin, passages in answers:
            for p in passages or ():
                found.append(_found(p))
    return found


def _found(passage: Any) -> Found:
    return Found(str(passage.source), str(passage.title), str(passage.url or ""), str(passage.text))


async def gather(claim: ClaimInfo, ctx: VerifyContext, limit: int) -> list[Found]:
    """At most ``limit`` evidence passages for ``claim``, best sources first; the same
    claim and sources always give the same passages in the same order."""
    found = [_found(p) for p in await ctx.earlier_fact_checks(claim.text, top=3)]
    found += await plugin_passages(claim, ctx, limit=5)
    local: list[tuple[float, Found]] = []
    for name, text in sorted(ctx.sources.items()):
        local += text_passages(claim, text, source="source document", title=name, url="")
    article = ctx.article
    if article is not None and article.text:
        skip = (
            (claim.start, claim.end) if claim.start is not None and claim.end is not None else None
        )
        local += text_passages(
            claim,
            article.text,
            source="article",
            title=article.title or "the article",
            url=article.url or "",
            skip=skip,
        )
    # Best first; ties keep the order found (sources before the article).
    found += [f for _, f in sorted(local, key=lambda x: -x[0])]
    unique: list[Found] = []
    seen: set[str] = set()
    for f in found:
        key = " ".join(f.text.split())
        if key and key not in seen:
            seen.add(key)
            unique.append(f)
    return unique[:limit]
