"""Reviewing claims: who decides, which labels exist, and what a claim's status becomes.

``claimtrack review CLAIM_ID --set LABEL`` and the review app both record decisions here.

Every decision is one :class:`~claimtrack.models.Review` row, written in its own transaction
the moment it is made. Rows are never updated or deleted; the claim's ``status`` is derived
from all of them, under a lock on the claim row, so two reviewers working at once on the
same database lose nothing and always leave a consistent status.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from claimtrack.config import load_settings
from claimtrack.errors import ClaimtrackError
from claimtrack.labels import (
    DECISION_LABELS,
    REVIEW_LABELS,
    REVIEW_VERDICTS,
    ClaimStatus,
)
from claimtrack.models import Review
from claimtrack.outcome import latest_decision

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimtrack.registry import Registry

#: Final verdicts a reviewer can give (the verifier labels, without ``error``); from :mod:`claimtrack.labels`.
FINAL_LABELS = REVIEW_VERDICTS
__all__ = [
    "DECISION_LABELS",
    "FINAL_LABELS",
    "REVIEW_LABELS",
    "add_review",
    "normalise_label",
    "record_decision",
    "resolve_reviewer",
    "review_in",
    "status_from_reviews",
]

_ALIASES = {
    "not-checkworthy": "not_checkworthy",
    "notcheckworthy": "not_checkworthy",
    "not_check_worthy": "not_checkworthy",
    "not-check-worthy": "not_checkworthy",
}


def normalise_label(label: str) -> str:
    """The canonical review label for ``label``; :class:`ClaimtrackError` if it is unknown."""
    value = label.strip().lower()
    value = _ALIASES.get(value, value)
    if value not in REVIEW_LABELS:
        raise ClaimtrackError(
            f"unknown review label {label!r}; expected one of {', '.join(REVIEW_LABELS)}"
        )
    return value


def resolve_reviewer(settings: Any = None, *, environ: Mapping[str, str] | None = None) -> str:
    """Who is reviewing: ``CLAIMTRACK_REVIEWER``, else config ``[review] reviewer``, else the OS user."""
    env = os.environ if environ is None else environ
    if name := env.get("CLAIMTRACK_REVIEWER", "").strip():
        return name
    if settings is None:
        settings = load_settings()
    configured = settings.section("review").get("reviewer")
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


def status_from_reviews(reviews: Iterable[Review], current: str = ClaimStatus.OPEN.value) -> str:
    """A claim's status given all its reviews (in any order; ids give the order made).

    - no decision yet: ``current`` (normally ``open``);
    - the latest decision is "not check-worthy": ``not_checkworthy``;
    - otherwise each reviewer's latest final verdict counts: ``disputed`` if they differ,
      else ``reviewed``.

    Notes never change the status.
    """
    decisions = sorted(
        (r for r in reviews if r.label in DECISION_LABELS),
        key=lambda r: r.id or 0,
    )
    if not decisions:
        return current
    # The same "latest decision" the claim's outcome uses: set aside here means set aside there.
    if latest_decision(decisions).label == ClaimStatus.NOT_CHECKWORTHY:  # type: ignore[union-attr]
        return ClaimStatus.NOT_CHECKWORTHY.value
    latest: dict[str, str] = {}
    for review in decisions:
        if review.label in FINAL_LABELS:
            latest[review.reviewer] = review.label
        else:
            latest.pop(review.reviewer, None)
    if not latest:
        return ClaimStatus.REVIEWED.value
    return (ClaimStatus.DISPUTED if len(set(latest.values())) > 1 else ClaimStatus.REVIEWED).value


def add_review(
    registry: Registry, claim_id: int, label: str, *, reviewer: str, note: str | None = None
) -> Review:
    """Append a review and re-derive the claim's status, in one transaction (see :func:`review_in`)."""
    with registry.session() as session:
        return review_in(registry, session, claim_id, label, reviewer=reviewer, note=note)


def review_in(
    registry: Registry,
    session: Session,
    claim_id: int,
    label: str,
    *,
    reviewer: str,
    note: str | None = None,
) -> Review:
    """Append a review and re-derive the claim's status in ``session``'s transaction.

    The claim row is locked first (:meth:`Registry.lock_claim`), so concurrent reviewers are
    serialised per claim: no review is lost and the status always reflects every review.
    Every review is written here: by reviewers and by ``claimtrack import``.
    """
    if label not in REVIEW_LABELS:
        raise ClaimtrackError(
            f"unknown review label {label!r}; expected one of {', '.join(REVIEW_LABELS)}"
        )
    claim = registry.lock_claim(session, claim_id)
    if claim is None:
        raise ClaimtrackError(f"no claim with id {claim_id}")
    review = registry.insert_review(
        session, Review(claim_id=claim_id, reviewer=reviewer, label=label, note=note or None)
    )
    # A new decision may bring a claim set aside back: "not check-worthy" is no resting state.
    current = (
        ClaimStatus.OPEN.value if claim.status == ClaimStatus.NOT_CHECKWORTHY else claim.status
    )
    claim.status = status_from_reviews(registry.reviews_in(session, claim_id), current)
    registry.touch_claim(session, claim)
    return review


def record_decision(
    registry: Registry,
    claim_id: int,
    label: str,
    *,
    note: str | None = None,
    reviewer: str | None = None,
) -> Review:
    """Store one decision at once and update the claim's status; returns the new Review row."""
    return add_review(
        registry,
        claim_id,
        normalise_label(label),
        reviewer=reviewer or resolve_reviewer(),
        note=note,
    )
