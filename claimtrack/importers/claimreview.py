"""``claimtrack import claimreview``: published fact-checks as reviewed claims.

Reads schema.org ClaimReview JSON-LD (a JSON file, or the ``<script
type="application/ld+json">`` blocks of an HTML page; single objects, arrays, ``@graph``
wrappers, ``http://`` and ``https://schema.org`` contexts, numbers as strings) or a Google
Fact Check Tools ``claims:search`` response; :mod:`claimtrack.importers.feed` streams large
feeds (JSON arrays, JSON lines, ``@graph`` wrappers, DataFeeds) through the same parser.
:mod:`claimtrack.services.importing` stores them in batches: each fact-check page becomes an
:class:`~claimtrack.models.Article`, each reviewed claim a :class:`~claimtrack.models.Claim`
(or a new mention of the stored claim with the same fingerprint) whose ``values["claimreview"]`` keeps publisher,
rating and URL, and a :class:`~claimtrack.models.Review` by the publisher with the rating
mapped to a label.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError
from claimtrack.ingest.decode import decode_bytes
from claimtrack.labels import VerdictLabel
from claimtrack.labels import label_for_rating as rating_label

if TYPE_CHECKING:
    from claimtrack.config import Settings

_LD_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class FactCheck:
    """One published fact-check, as parsed from ClaimReview or Fact Check Tools data."""

    claim: str
    publisher: str
    rating: str
    label: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    publisher_url: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    claimant: str | None = None
    claim_date: str | None = None
    appearances: tuple[str, ...] = field(default_factory=tuple)

    def entry(self) -> dict[str, Any]:
        """The JSON kept in ``Claim.values["claimreview"]``."""
        # Not dataclasses.asdict: it deep-copies every field, a third of a bulk import's time.
        # Fields in order, those None or empty left out (appearances, the last, as a list).
        data = {
            name: value
            for name in _ENTRY_FIELDS
            if (value := getattr(self, name)) is not None and value != ""
        }
        if self.appearances:
            data["appearances"] = list(self.appearances)
        return data


_FACT_CHECK_FIELDS = tuple(f.name for f in fields(FactCheck))
_ENTRY_FIELDS = tuple(name for name in _FACT_CHECK_FIELDS if name != "appearances")


@dataclass(frozen=True)
class BadItem:
    """An item of a feed that was skipped: its line and why."""

    line: int
    message: str

    def describe(self) -> str:
        """``line N: why``."""
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    """What an import stored.

    ``fact_checks`` counts those read; ``duplicates`` those already stored (same review URL
    and claim) or repeated in the feed, which were skipped; ``skipped_pages`` the pages of
    which every fact-check was a duplicate; ``bad_count`` the items skipped as bad, the
    first of which are ``bad_items``.
    """

    fact_checks: int
    articles: int
    new_claims: int
    matched_claims: int
    reviews: int
    skipped_pages: int = 0
    duplicates: int = 0
    bad_count: int = 0
    bad_items: tuple[BadItem, ...] = ()


# -- rating → label ------------------------------------------------------------------------


# Feeds repeat a few dozen ratings: map each once.
@lru_cache(maxsize=4096)
def label_for_rating(
    rating: str | None,
    value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> str:
    """Map a textual rating (by claimtrack's one rating table,
    :func:`claimtrack.labels.label_for_rating`, which the ``factcheck`` verifier and the
    "previously checked" lines use too) and, failing that, a numeric one to a review label;
    ``unverifiable`` when neither says anything (the rating text is kept by the caller)."""
    if (label := rating_label(rating)) is not None:
        return label.value
    if value is not None:
        hi = best if best is not None else 5.0
        lo = worst if worst is not None else 1.0
        if hi != lo:
            share = (value - lo) / (hi - lo)
            if share >= 0.75:
                return VerdictLabel.SUPPORTED.value
            if share <= 0.25:
                return VerdictLabel.REFUTED.value
            return VerdictLabel.MIXED.value
    return VerdictLabel.UNVERIFIABLE.value


# -- parsing ---------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name"))
    if isinstance(value, list):
        for item in value:
            if found := _text(item):
                return found
    return None


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type") or node.get("type") or []
    items = raw if isinstance(raw, list) else [raw]
    return {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in items}


def _name_and_url(value: Any) -> tuple[str | None, str | None]:
    node = _first(value)
    if isinstance(node, dict):
        return _text(node.get("name")) or _text(node.get("alternateName")), _text(
            node.get("url") or node.get("@id")
        )
    return _text(node), None


def _urls(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        url = _text(item.get("url") or item.get("@id")) if isinstance(item, dict) else _text(item)
        if url:
            found.append(url)
    return tuple(found)


def _site_name(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.") or None


def _from_claimreview(node: dict[str, Any]) -> FactCheck | None:
    claim = _text(node.get("claimReviewed"))
    item = _first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    if not claim:
        claim = _text(item.get("name")) or _text(item.get("text"))
    if not claim:
        return None
    rating_node = _first(node.get("reviewRating"))
    rating_node = rating_node if isinstance(rating_node, dict) else {}
    value = _number(rating_node.get("ratingValue"))
    best = _number(rating_node.get("bestRating"))
    worst = _number(rating_node.get("worstRating"))
    rating = _text(rating_node.get("alternateName")) or _text(rating_node.get("name"))
    if not rating and value is not None:
        rating = f"{value:g}" + (f"/{best:g}" if best is not None else "")
    url = _text(node.get("url") or node.get("@id"))
    publisher, publisher_url = _name_and_url(node.get("author") or node.get("publisher"))
    publisher = publisher or _site_name(publisher_url) or _site_name(url) or "unknown publisher"
    claimant, _ = _name_and_url(item.get("author"))
    appearances = _urls(item.get("appearance")) + _urls(item.get("firstAppearance"))
    return FactCheck(
        claim=claim,
        publisher=publisher,
        rating=rating or "unrated",
        label=label_for_rating(rating, value, best, worst),
        url=url,
        title=_text(node.get("name")) or _text(node.get("headline")),
        date=_text(node.get("datePublished")),
        publisher_url=publisher_url,
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        claimant=claimant,
        claim_date=_text(item.get("datePublished")),
        appearances=appearances,
    )


def _from_fact_check_tools(response: dict[str, Any]) -> list[FactCheck]:
    found = []
    for claim in response.get("claims") or []:
        if not isinstance(claim, dict) or not _text(claim.get("text")):
            continue
        for review in claim.get("claimReview") or []:
            if not isinstance(review, dict):
                continue
            raw_publisher = review.get("publisher")
            publisher: dict[str, Any] = raw_publisher if isinstance(raw_publisher, dict) else {}
            site = _text(publisher.get("site"))
            rating = _text(review.get("textualRating"))
            found.append(
                FactCheck(
                    claim=_text(claim.get("text")) or "",
                    publisher=_text(publisher.get("name"))
                    or site
                    or _site_name(_text(review.get("url")))
                    or "unknown publisher",
                    rating=rating or "unrated",
                    label=label_for_rating(rating),
                    url=_text(review.get("url")),
                    title=_text(review.get("title")),
                    date=_text(review.get("reviewDate")),
                    publisher_url=f"https://{site}" if site else None,
                    claimant=_text(claim.get("claimant")),
                    claim_date=_text(claim.get("claimDate")),
                )
            )
    return found


def walk_fact_checks(node: Any, found: list[FactCheck], counts: dict[str, int]) -> None:
    """Append the fact-checks in the parsed JSON ``node`` to ``found``.

    ``counts`` (keys ``fct``, ``claimreview``, ``invalid``) counts what was seen: Fact
    Check Tools responses, ClaimReviews, and ClaimReviews without a claim (not in ``found``).
    """
    if isinstance(node, list):
        for item in node:
            walk_fact_checks(item, found, counts)
        return
    if not isinstance(node, dict):
        return
    if "claims" in node and isinstance(node["claims"], list):
        counts["fct"] += 1
        found.extend(_from_fact_check_tools(node))
        return
    if "ClaimReview" in _types(node):
        counts["claimreview"] += 1
        check = _from_claimreview(node)
        if check is None:
            counts["invalid"] += 1
        else:
            found.append(check)
        return
    # "dataFeedElement" and "item": a DataFeed of DataFeedItems, each holding ClaimReviews.
    for key in ("@graph", "mainEntity", "hasPart", "review", "dataFeedElement", "item"):
        if key in node:
            walk_fact_checks(node[key], found, counts)


def parse_fact_checks(text: str, *, source: str) -> list[FactCheck]:
    """Every fact-check in ``text`` (JSON, JSON-LD or HTML). Raises :class:`ClaimtrackError` on bad input."""
    stripped = text.lstrip("\ufeff \t\r\n")
    blocks: list[str]
    if stripped.startswith("<"):
        blocks = [m.group(1) for m in _LD_SCRIPT.finditer(text)]
        if not blocks:
            raise ClaimtrackError(
                f'{source}: no <script type="application/ld+json"> block in this HTML page'
            )
    else:
        blocks = [text]
    found: list[FactCheck] = []
    counts = {"fct": 0, "claimreview": 0, "invalid": 0}
    for number, block in enumerate(blocks, 1):
        body = block
        if block.strip().startswith("<!--"):  # old pages hide JSON-LD in an HTML comment
            body = block.strip().removeprefix("<!--").removesuffix("-->")
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            where = (
                f" (JSON-LD block {number})" if len(blocks) > 1 or stripped.startswith("<") else ""
            )
            raise ClaimtrackError(
                f"{source}: malformed JSON-LD{where}: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        walk_fact_checks(data, found, counts)
    if not found:
        if counts["invalid"]:
            raise ClaimtrackError(f"{source}: ClaimReview without claimReviewed: nothing to import")
        if counts["fct"]:
            raise ClaimtrackError(
                f"{source}: the claims:search response has no claims with reviews"
            )
        raise ClaimtrackError(f"{source}: no ClaimReview or Fact Check Tools claims found")
    return found


#: Content types a fact-check URL may answer with: HTML pages and JSON(-LD) documents.
FACT_CHECK_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/json",
    "application/ld+json",
    "text/plain",
)


def read_fact_checks(source: str, settings: Settings) -> list[FactCheck]:
    """Read and parse ``source``: a file path, ``-`` for stdin, or an http(s) URL."""
    from claimtrack.ingest.sources import read_raw

    raw = read_raw(source, settings, accept=FACT_CHECK_TYPES)
    text = decode_bytes(raw.data, name=raw.name, declared=raw.charset)
    return parse_fact_checks(text, source=source)
