"""What the review app reads: light rows for the claim list and full details on demand.

The list is loaded with three column queries (claims, latest verdict per verifier, latest
decision), so 10,000 claims load in a fraction of a second; the details of one claim
(mentions, verdicts with evidence, review history, earlier fact-checks) are read when it
is selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col, select

from claimtrack.models import Claim, Mention, Review, VerdictRow
from claimtrack.outcome import DECISIVE_REVIEW_LABELS, latest_decision
from claimtrack.services.match import PriorCheck, PriorCheckIndex
from claimtrack.verification.aggregate import aggregate

if TYPE_CHECKING:
    from claimtrack.models import Article
    from claimtrack.registry import Registry


@dataclass(slots=True)
class ClaimRow:
    """One line of the claim list."""

    id: int
    text: str
    kind: str
    score: float
    status: str
    auto_label: str | None = None
    #: The latest decision (a verdict, or ``not_checkworthy`` when set aside), as in the claim's outcome.
    review_label: str | None = None
    verifiers_disagree: bool = False
    folded: str = ""

    @property
    def label(self) -> str | None:
        """The claim's outcome label: the latest decision if any, else the verifiers' combined label."""
        return self.review_label or self.auto_label

    @property
    def needs_attention(self) -> bool:
        """Disputed by reviewers, or open with verifiers that disagree."""
        return self.status == "disputed" or (self.status == "open" and self.verifiers_disagree)


@dataclass
class ClaimDetail:
    """Everything the right-hand pane shows for one claim."""

    claim: Claim
    mentions: list[tuple[Mention, Article]] = field(default_factory=list)
    verdicts: list[VerdictRow] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    prior: list[PriorCheck] = field(default_factory=list)

    @property
    def evidence_urls(self) -> list[str]:
        """Every evidence URL, surest verdict first, without duplicates."""
        urls: dict[str, None] = {}
        for verdict in sorted(self.verdicts, key=lambda v: -v.confidence):
            for item in verdict.evidence or []:
                url = item.get("url") if isinstance(item, dict) else None
                if isinstance(url, str) and url.startswith(("http://", "https://")):
                    urls.setdefault(url)
        for prior in self.prior:
            if prior.url and prior.url.startswith(("http://", "https://")):
                urls.setdefault(prior.url)
        return list(urls)


def combine(per_verifier: dict[str, tuple[str, float]]) -> tuple[str | None, bool]:
    """The verifiers' combined label (as ``claimtrack report`` computes it) and whether they disagree."""
    final = aggregate(
        [
            {"verifier": name, "label": label, "confidence": conf}
            for name, (label, conf) in per_verifier.items()
        ]
    )
    return (None if final.label == "unchecked" else final.label), final.disputed


def row_of(claim: Claim, verdicts: list[VerdictRow], reviews: list[Review]) -> ClaimRow:
    """A list row from a claim's record (its latest verdicts and every review)."""
    auto, disagree = combine({v.verifier: (v.label, v.confidence) for v in verdicts})
    decision = latest_decision(reviews)
    return ClaimRow(
        claim.id or 0,
        claim.text,
        claim.kind,
        claim.score,
        claim.status,
        auto,
        decision.label if decision is not None else None,
        disagree,
        claim.text.casefold(),
    )


class ReviewData:
    """Reads (never caches across sessions) the claims one review session covers."""

    def __init__(
        self,
        registry: Registry,
        *,
        article_id: int | None = None,
        status: str | None = None,
        kind: str | None = None,
    ) -> None:
        self.registry = registry
        self.article_id = article_id
        self.status = status
        self.kind = kind
        self._prior: PriorCheckIndex | None = None

    def _claim_filter(self, stmt: Any) -> Any:
        if self.article_id is not None:
            stmt = stmt.where(
                col(Claim.id).in_(
                    select(Mention.claim_id).where(Mention.article_id == self.article_id)
                )
            )
        if self.kind:
            stmt = stmt.where(Claim.kind == self.kind)
        if self.status:
            stmt = stmt.where(Claim.status == self.status)
        return stmt

    def rows(self) -> list[ClaimRow]:
        """Every claim in scope, in id order, with its combined and reviewed labels."""
        with self.registry.session() as session:
            conn = session.connection()
            stmt = self._claim_filter(
                sa.select(
                    col(Claim.id),
                    col(Claim.text),
                    col(Claim.kind),
                    col(Claim.score),
                    col(Claim.status),
                ).order_by(col(Claim.id))
            )
            rows = {
                cid: ClaimRow(cid, text, kind, score, status, folded=text.casefold())
                for cid, text, kind, score, status in conn.execute(stmt)
            }
            if not rows:
                return []
            scope = self._claim_filter(sa.select(col(Claim.id)))
            labels: dict[int, dict[str, tuple[str, float]]] = {}
            verdicts = (
                sa.select(
                    col(VerdictRow.claim_id),
                    col(VerdictRow.verifier),
                    col(VerdictRow.label),
                    col(VerdictRow.confidence),
                )
                .where(col(VerdictRow.claim_id).in_(scope))
                .order_by(col(VerdictRow.id))
            )
            for cid, verifier, label, confidence in conn.execute(verdicts):
                labels.setdefault(cid, {})[verifier] = (label, confidence)
            reviews = (
                sa.select(col(Review.claim_id), col(Review.label))
                .where(
                    col(Review.claim_id).in_(scope), col(Review.label).in_(DECISIVE_REVIEW_LABELS)
                )
                .order_by(col(Review.id))
            )
            for cid, label in conn.execute(reviews):
                if cid in rows:
                    rows[cid].review_label = label
        for cid, per_verifier in labels.items():
            if cid in rows:
                rows[cid].auto_label, rows[cid].verifiers_disagree = combine(per_verifier)
        return list(rows.values())

    def row(self, claim_id: int) -> ClaimRow | None:
        """One claim's list row, re-read after a decision."""
        claim = self.registry.claim(claim_id)
        if claim is None or claim.id is None:
            return None
        return row_of(claim, self.registry.verdicts(claim_id), self.registry.reviews(claim_id))

    def prior_index(self) -> PriorCheckIndex:
        """The imported fact-checks, loaded once per session."""
        if self._prior is None:
            self._prior = PriorCheckIndex.load(self.registry)
        return self._prior

    def detail(self, claim_id: int) -> ClaimDetail | None:
        """The full record of one claim."""
        claim = self.registry.claim(claim_id)
        if claim is None:
            return None
        mentions = self.registry.mentions(claim_id)
        if self.article_id is not None:
            mentions.sort(key=lambda pair: pair[1].id != self.article_id)
        return ClaimDetail(
            claim=claim,
            mentions=mentions,
            verdicts=self.registry.verdicts(claim_id),
            reviews=self.registry.reviews(claim_id),
            prior=self.prior_index().lookup(claim),
        )
