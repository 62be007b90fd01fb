"""Human review: the decisions that turn automated verdicts into published ones.

:mod:`claimtrack.review.decisions` records decisions (append-only :class:`~claimtrack.models.Review`
rows) and derives a claim's status from them; :mod:`claimtrack.review.app` is the Textual
review app behind ``claimtrack review``. Textual is imported only by the app module.
"""

from __future__ import annotations

from claimtrack.review.decisions import (
    DECISION_LABELS,
    FINAL_LABELS,
    REVIEW_LABELS,
    record_decision,
    resolve_reviewer,
    status_from_reviews,
)

__all__ = [
    "DECISION_LABELS",
    "FINAL_LABELS",
    "REVIEW_LABELS",
    "record_decision",
    "resolve_reviewer",
    "status_from_reviews",
]
