"""Collecting what a report shows: claims, their verdicts, reviews and articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.verification.aggregate import FinalVerdict, aggregate

if TYPE_CHECKING:
    from claimtrack.models import Article, Claim, Verdict
    from claimtrack.registry import Registry

#: The order labels are counted in the summary line.
LABEL_ORDER = ("supported", "refuted", "mixed", "unverifiable", "error", "not_checkworthy", "unchecked")


@dataclass
class ReportRow:
    """One claim in a report."""

    claim: Claim
    final: FinalVerdict
    verdicts: list[Verdict] = field(default_factory=list)
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the row."""
        return {
            "id": self.claim.id,
            "kind": self.claim.kind,
            "text": self.claim.text,
            "speaker": self.speaker,
            "verdict": self.final.to_dict(),
            "verdicts": [
                {
                    "verifier": v.verifier,
                    "verifier_version": v.verifier_version,
                    "label": v.label,
                    "confidence": round(v.confidence, 3),
                    "summary": v.summary,
                    "evidence": v.evidence,
                    "error": v.error,
                    "created_at": v.created_at,
                }
                for v in self.verdicts
            ],
        }


@dataclass
class Report:
    """Rows plus what they are about."""

    rows: list[ReportRow]
    article: Article | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Claims per final label, in :data:`LABEL_ORDER` (labels with no claims left out)."""
        counter = Counter(r.final.label for r in self.rows)
        ordered = {label: counter[label] for label in LABEL_ORDER if counter.get(label)}
        ordered.update({k: v for k, v in counter.items() if k not in ordered})
        return ordered

    @property
    def disputed(self) -> int:
        """How many claims have verifiers that disagree."""
        return sum(1 for r in self.rows if r.final.disputed)

    def summary_line(self) -> str:
        """E.g. ``12 claims: 2 supported, 1 refuted, 1 mixed (1 disputed), 8 unchecked``."""
        parts = [f"{n} {label.replace('_', ' ')}" for label, n in self.counts.items()]
        line = f"{len(self.rows)} claim{'s' if len(self.rows) != 1 else ''}"
        if parts:
            line += ": " + ", ".join(parts)
        if self.disputed:
            line += f" ({self.disputed} disputed)"
        return line


def build_report(registry: Registry, *, article_id: int | None = None, claim_ids: Sequence[int] | None = None) -> Report:
    """A report on the claims of one article, the given claims, or every claim."""
    from claimtrack.errors import ClaimtrackError

    article = None
    if article_id is not None:
        article = registry.article(article_id)
        if article is None:
            raise ClaimtrackError(f"no article with id {article_id}")
    claims = registry.claims(article_id=article_id)
    if claim_ids is not None:
        wanted = set(claim_ids)
        claims = [c for c in claims if c.id in wanted]
    ids = [c.id for c in claims if c.id is not None]
    verdicts = registry.verdicts_for(ids)
    reviews = registry.latest_reviews(ids)
    speakers = registry.speakers(ids)
    rows = [
        ReportRow(
            claim=c,
            final=aggregate(verdicts.get(c.id, []), reviews.get(c.id)),  # type: ignore[arg-type]
            verdicts=verdicts.get(c.id, []),  # type: ignore[arg-type]
            speaker=speakers.get(c.id),  # type: ignore[arg-type]
        )
        for c in claims
    ]
    return Report(rows, article)
