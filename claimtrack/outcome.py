"""A claim's final outcome: the one answer every report, export and list shows.

:func:`outcome` is the only place that decides what a claim's final verdict is. Rules:

1. Reviews are read in the order they were made (by id). A ``note`` decides nothing.
2. The **latest decisive review wins**, whoever made it: a verdict (supported, refuted,
   mixed, unverifiable) or "not check-worthy". A review stored by
   ``claimtrack import claimreview`` (its reviewer is the publisher of a fact-check
   imported onto this very claim) counts as ``decided_by="fact_check"``; any other as
   ``decided_by="review"``.
3. When that decision is "not check-worthy" the claim is **set aside**: its label is
   ``not_checkworthy`` and it has no verdict and no rating, whatever was decided before.
4. With no decision, the verifiers' combined verdict
   (:func:`claimtrack.verification.aggregate.aggregate`) is the outcome
   (``decided_by="verifiers"``), or ``unchecked`` when there is none (``decided_by=None``).
   A claim with checkable parts (``values["parts"]``, :func:`claimtrack.claim_parts`) gets
   the verdict rolled up from its parts': never better than its worst checked part,
   ``supported`` only when every part is (see ``docs/verdicts.md``).

Whoever decides, :attr:`Outcome.parts` holds each part with the verifiers' verdict on it.

The claim's workflow status (:func:`claimtrack.services.review.status_from_reviews`) uses
the same :func:`latest_decision`, so a claim is ``not_checkworthy`` exactly when its
outcome is set aside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from claimtrack.extraction.parts import claim_parts
from claimtrack.labels import DECISION_LABELS, SET_ASIDE, UNCHECKED
from claimtrack.verification.aggregate import aggregate
from claimtrack.verification.api import CLAIMREVIEW_RATINGS

if TYPE_CHECKING:
    from claimtrack.verification.aggregate import FinalVerdict, PartVerdict

#: Who decided a claim's outcome: a reviewer here, a published fact-check imported onto
#: the claim, the verifiers, or nobody yet (None).
DecidedBy = Literal["review", "fact_check", "verifiers"]

#: Review labels that decide (a ``note`` does not).
DECISIVE_REVIEW_LABELS: tuple[str, ...] = DECISION_LABELS
NO_VERDICT = UNCHECKED
__all__ = [
    "DECISIVE_REVIEW_LABELS",
    "NO_VERDICT",
    "SET_ASIDE",
    "DecidedBy",
    "Outcome",
    "fact_check_publishers",
    "latest_decision",
    "outcome",
]


def _get(row: Any, name: str, default: Any = None) -> Any:
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def latest_decision(reviews: Iterable[Any]) -> Any | None:
    """The latest review (highest id) that decides something, or None: notes never decide."""
    best: Any | None = None
    for review in reviews:
        if _get(review, "label") in DECISIVE_REVIEW_LABELS and (
            best is None or (_get(review, "id") or 0) >= (_get(best, "id") or 0)
        ):
            best = review
    return best


def fact_check_publishers(claim: Any) -> frozenset[str]:
    """Publishers of the fact-checks imported onto ``claim`` itself (their reviews are theirs, not ours)."""
    entries = (_get(claim, "values") or {}).get("claimreview") or []
    if isinstance(entries, dict):
        entries = [entries]
    return frozenset(
        str(e.get("publisher") or e.get("publisher_site") or "unknown publisher")
        for e in entries
        if isinstance(e, dict)
    )


@dataclass(frozen=True)
class Outcome:
    """A claim's final outcome, as :func:`outcome` computes it."""

    #: supported, refuted, mixed, unverifiable, error, not_checkworthy (set aside) or unchecked.
    label: str
    #: 1.0 for a human decision; the verifiers' confidence otherwise.
    confidence: float
    #: ``review``, ``fact_check``, ``verifiers`` or None (nobody: unchecked).
    decided_by: DecidedBy | None
    #: True when the latest decision is "not check-worthy": no verdict, no rating.
    set_aside: bool = False
    #: The reviewer (or, for a fact-check, the publisher) who decided.
    decider: str | None = None
    #: When that decision was made.
    decided_at: datetime | None = None
    #: The deciding review's note (for a fact-check: its rating and URL).
    note: str | None = None
    #: Verifiers that disagree (one supports, one refutes).
    disputed: bool = False
    #: The report's view of the same outcome (summary, top evidence, each verifier's label).
    final: FinalVerdict | None = field(default=None, compare=False, repr=False)

    @property
    def parts(self) -> list[PartVerdict]:
        """The claim's checkable parts, each with the verifiers' verdict on it (empty when
        the claim has none: it was checked as a whole)."""
        return self.final.parts if self.final is not None else []

    @property
    def verdict(self) -> str | None:
        """The verdict label to publish, or None when set aside or not checked."""
        return None if self.set_aside or self.label == NO_VERDICT else self.label

    @property
    def rating(self) -> tuple[int | None, str] | None:
        """The ClaimReview ``(ratingValue, alternateName)``, or None when there is no verdict."""

        verdict = self.verdict
        return CLAIMREVIEW_RATINGS.get(verdict) if verdict else None

    @property
    def by_reviewer(self) -> bool:
        """A reviewer here gave a final verdict (not set aside): what ClaimReview publishes."""
        return self.decided_by == "review" and not self.set_aside

    def describe(self) -> str:
        """One line: ``refuted (reviewed by alice)``, ``set aside by alice``, ``not checked yet``, …"""
        if self.set_aside:
            return f"set aside by {self.decider}"
        if self.decided_by == "review":
            return f"{self.label} (reviewed by {self.decider})"
        if self.decided_by == "fact_check":
            return f"{self.label} (published fact-check by {self.decider})"
        if self.decided_by == "verifiers":
            return f"{self.label} (verifiers)"
        return "not checked yet"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: label, confidence, who decided and whether the claim was set aside."""
        return {
            "label": self.label,
            "verdict": self.verdict,
            "confidence": round(self.confidence, 3),
            "decided_by": self.decided_by,
            "decider": self.decider,
            "decided_at": self.decided_at,
            "set_aside": self.set_aside,
            "disputed": self.disputed,
            "parts": [p.to_dict() for p in self.parts],
        }


def outcome(
    claim: Any,
    verdicts: Sequence[Any] = (),
    reviews: Iterable[Any] = (),
    *,
    publishers: Iterable[str] | None = None,
) -> Outcome:
    """The final outcome of ``claim`` from its verdicts (rows or dicts) and every review.

    ``publishers`` are the fact-check publishers whose reviews on this claim are imported
    ones; by default those in the claim's ``values["claimreview"]``.
    """

    decision = latest_decision(reviews)
    values = _get(claim, "values") or {}
    # Empty values (nothing recognised) have no parts: skip deriving them.
    parts = claim_parts(values) if values and isinstance(values, dict) else []
    final = aggregate(verdicts, decision, parts)
    if decision is None:
        decided_by: DecidedBy | None = None if final.label == NO_VERDICT else "verifiers"
        return Outcome(
            final.label, final.confidence, decided_by, disputed=final.disputed, final=final
        )
    imported = fact_check_publishers(claim) if publishers is None else frozenset(publishers)
    reviewer = _get(decision, "reviewer")
    label = str(_get(decision, "label"))
    note = _get(decision, "note") or None
    by: DecidedBy = "fact_check" if reviewer in imported else "review"
    if by == "fact_check":
        final.summary = f"published fact-check by {reviewer}" + (f": {note}" if note else "")
    elif label == SET_ASIDE:
        final.summary = f"set aside by {reviewer}" + (f": {note}" if note else "")
    return Outcome(
        label=label,
        confidence=final.confidence,
        decided_by=by,
        set_aside=label == SET_ASIDE,
        decider=reviewer,
        decided_at=_get(decision, "created_at"),
        note=note,
        disputed=final.disputed,
        final=final,
    )
