"""Claim extraction: sentences, check-worthiness, claim kinds, values and matching.

:func:`extract_claims` runs extractors over an article and merges their claims per
sentence span. See ``docs/extraction.md`` for the kinds and their values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from claimtrack.collector import collection_paused
from claimtrack.extraction.base import (
    CLAIM_KINDS,
    KIND_PRIORITY,
    ArticleContext,
    ExtractedClaim,
    Extractor,
)
from claimtrack.extraction.parts import derive_parts

__all__ = [
    "CLAIM_KINDS",
    "ArticleContext",
    "ExtractedClaim",
    "Extractor",
    "extract_claims",
    "merge_claims",
]


def extract_claims(
    text: str,
    context: ArticleContext,
    extractors: Sequence[Extractor] | None = None,
    *,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[ExtractedClaim]:
    """Run ``extractors`` (default: the built-in one) on ``text`` and merge per sentence.

    Claims whose spans overlap by at least half of the shorter one are the same sentence:
    they merge into one with the span of the first extractor's claim, the highest score,
    the union of reasons, values and entities, and the most specific kind. Each merged
    claim's checkable parts are then stored as ``values["parts"]``
    (:func:`claimtrack.extraction.parts.derive_parts`) unless an extractor gave its own.

    ``context.on_progress`` sees the progress over all extractors, each taking an equal share.
    ``settings`` (extractor name -> its settings) gives each extractor its own
    ``context.settings``.
    """
    if extractors is None:
        from claimtrack.extraction.default import DefaultExtractor

        extractors = [DefaultExtractor()]
    found: list[ExtractedClaim] = []
    report = context.on_progress
    with collection_paused():  # no reference cycles made: see claimtrack.collector
        for index, extractor in enumerate(extractors):
            if report is not None:
                context = replace(context, on_progress=_share(report, index, len(extractors)))
            if settings is not None:
                context = replace(context, settings=dict(settings.get(extractor.name) or {}))
            found.extend(extractor.extract(text, context))
            if report is not None:
                report((index + 1) / len(extractors))
        merged = merge_claims(found)
        for claim in merged:
            if "parts" not in claim.values:
                parts = derive_parts(claim.values)
                if parts:
                    claim.values["parts"] = [p.to_dict() for p in parts]
    return merged


def _share(report: Callable[[float], None], index: int, count: int) -> Callable[[float], None]:
    """``report`` for extractor ``index`` of ``count``: its own fraction scaled to its share."""
    return lambda fraction: report((index + min(max(fraction, 0.0), 1.0)) / count)


def _overlap(a: ExtractedClaim, b: ExtractedClaim) -> bool:
    shorter = min(a.end - a.start, b.end - b.start)
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shorter > 0 and shared * 2 >= shorter


def _rank(kind: str) -> float:
    """Lower is more specific; kinds claimtrack does not know rank just above "other"."""
    return KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY) - 1.5


def _merge_values(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            _merge_values(into[key], value)
        elif isinstance(into[key], list) and isinstance(value, list):
            into[key] = into[key] + [v for v in value if v not in into[key]]


#: Width in characters of the buckets that index merged spans by position.
_BUCKET = 512


def merge_claims(claims: Sequence[ExtractedClaim]) -> list[ExtractedClaim]:
    """Merge claims about the same sentence (see :func:`extract_claims`), in text order.

    Each claim merges into the first earlier-merged claim it overlaps. Merged spans are
    indexed by :data:`_BUCKET`-wide position buckets, so finding that claim looks only at
    spans near it: the merge is linear in the number of claims, not quadratic. A claim that
    starts after every merged span ends (an extractor's next sentence) skips the search.
    """
    merged: list[ExtractedClaim] = []
    by_span: dict[tuple[int, int], ExtractedClaim] = {}
    buckets: dict[int, list[int]] = {}  # bucket -> indexes into ``merged`` of the spans touching it
    indexed = 0  # ``merged[:indexed]`` are in ``buckets``: indexed only once a search needs them
    reach = 0  # the furthest end of a merged span: a claim starting there overlaps none of them
    for claim in claims:
        target = by_span.get((claim.start, claim.end))
        if target is None and claim.end > claim.start and claim.start < reach:
            for i in range(indexed, len(merged)):
                span = merged[i]
                for b in range(span.start // _BUCKET, (span.end - 1) // _BUCKET + 1):
                    buckets.setdefault(b, []).append(i)
            indexed = len(merged)
            near = {
                i
                for b in range(claim.start // _BUCKET, (claim.end - 1) // _BUCKET + 1)
                for i in buckets.get(b, ())
            }
            target = next((merged[i] for i in sorted(near) if _overlap(merged[i], claim)), None)
        if target is None:
            merged.append(
                ExtractedClaim(
                    text=claim.text,
                    start=claim.start,
                    end=claim.end,
                    kind=claim.kind,
                    score=claim.score,
                    checkworthy=claim.checkworthy,
                    reasons=list(claim.reasons),
                    values=dict(claim.values),
                    speaker=claim.speaker,
                    entities=list(claim.entities),
                )
            )
            by_span[(claim.start, claim.end)] = merged[-1]
            reach = max(reach, claim.end)
            continue
        target.score = max(target.score, claim.score)
        target.checkworthy = target.checkworthy or claim.checkworthy
        target.reasons += [r for r in claim.reasons if r not in target.reasons]
        target.entities += [e for e in claim.entities if e not in target.entities]
        target.speaker = target.speaker or claim.speaker
        if _rank(claim.kind) < _rank(target.kind):
            target.kind = claim.kind
        _merge_values(target.values, claim.values)
    merged.sort(key=lambda c: c.start)
    return merged
