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

from claimtrack.errors import ClaimtrackError
from claimtrack.labels import UNCHECKED
from claimtrack.models import Claim, Mention, Review, VerdictRow
from claimtrack.outcome import DECISIVE_REVIEW_LABELS, Outcome, fact_check_publishers, outcome
from claimtrack.services.match import PriorCheck, PriorCheckIndex, confirm_fact_check

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
    #: The claim's outcome label (:func:`claimtrack.outcome.outcome`); None when not checked.
    label: str | None = None
    #: Who decided that outcome: ``review``, ``fact_check``, ``verifiers`` or None.
    decided_by: str | None = None
    verifiers_disagree: bool = False
    folded: str = ""

    @property
    def decided(self) -> bool:
        """A person decided the outcome: a reviewer here, or an imported fact-check."""
        return self.decided_by in ("review", "fact_check")

    @property
    def needs_attention(self) -> bool:
        """Disputed by reviewers, or open with verifiers that disagree."""
        return self.status == "disputed" or (self.status == "open" and self.verifiers_disagree)

    def show(self, result: Outcome) -> ClaimRow:
        """This row with ``result``'s label, decider and disagreement; returns itself."""
        self.label = None if result.label == UNCHECKED else result.label
        self.decided_by = result.decided_by
        self.verifiers_disagree = result.disputed
        return self


@dataclass
class ClaimDetail:
    """Everything the right-hand pane shows for one claim."""

    claim: Claim
    mentions: list[tuple[Mention, Article]] = field(default_factory=list)
    verdicts: list[VerdictRow] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    prior: list[PriorCheck] = field(default_factory=list)
    #: Fact-checks below the "previously checked" threshold that may check this claim
    #: (at most :data:`~claimtrack.services.match.RELATED`), for the reviewer to confirm.
    related: list[PriorCheck] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        """The claim's final outcome, as every report and export shows it."""
        return outcome(self.claim, self.verdicts, self.reviews)

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


def row_of(claim: Claim, verdicts: list[VerdictRow], reviews: list[Review]) -> ClaimRow:
    """A list row from a claim's record (its latest verdicts and every review)."""
    row = ClaimRow(
        claim.id or 0,
        claim.text,
        claim.kind,
        claim.score,
        claim.status,
        folded=claim.text.casefold(),
    )
    return row.show(outcome(claim, verdicts, reviews))


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
            verdicts: dict[int, list[dict[str, Any]]] = {}
            verdict_query = (
                sa.select(
                    col(VerdictRow.id),
                    col(VerdictRow.claim_id),
                    col(VerdictRow.verifier),
                    col(VerdictRow.label),
                    col(VerdictRow.confidence),
                )
                .where(col(VerdictRow.claim_id).in_(scope))
                .order_by(col(VerdictRow.id))
            )
            for verdict in conn.execute(verdict_query):
                verdicts.setdefault(verdict.claim_id, []).append(verdict._asdict())
            reviews: dict[int, list[dict[str, Any]]] = {}
            review_query = (
                sa.select(
                    col(Review.id), col(Review.claim_id), col(Review.label), col(Review.reviewer)
                )
                .where(
                    col(Review.claim_id).in_(scope), col(Review.label).in_(DECISIVE_REVIEW_LABELS)
                )
                .order_by(col(Review.id))
            )
            for review in conn.execute(review_query):
                reviews.setdefault(review.claim_id, []).append(review._asdict())
            # Who decided needs the publishers of fact-checks imported onto a claim: read the
            # values of the claims with a decision only.
            publishers: dict[int, frozenset[str]] = {}
            decided = [cid for cid in reviews if cid in rows]
            for start in range(0, len(decided), 500):
                values_query = sa.select(col(Claim.id), col(Claim.values)).where(
                    col(Claim.id).in_(decided[start : start + 500])
                )
                for cid, values in conn.execute(values_query):
                    publishers[cid] = fact_check_publishers({"values": values})
        for cid, row in rows.items():
            row.show(
                outcome(
                    None,
                    verdicts.get(cid, []),
                    reviews.get(cid, []),
                    publishers=publishers.get(cid, frozenset()),
                )
            )
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
        index = self.prior_index()
        return ClaimDetail(
            claim=claim,
            mentions=mentions,
            verdicts=self.registry.verdicts(claim_id),
            reviews=self.registry.reviews(claim_id),
            prior=index.lookup(claim),
            related=index.related(claim),
        )

    def confirm(self, claim_id: int, check: PriorCheck, *, reviewer: str) -> Review:
        """Store that ``check`` checked this claim (a review); it then shows as previously checked."""
        if not check.url:
            raise ClaimtrackError("this fact-check has no review URL to record")
        review = confirm_fact_check(self.registry, claim_id, check.url, reviewer=reviewer)
        self._prior = None  # re-read the confirmations
        return review
