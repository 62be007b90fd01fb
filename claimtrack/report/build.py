"""Collecting what a report shows: claims, their verdicts, reviews and articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError
from claimtrack.labels import OUTCOME_LABELS
from claimtrack.models import Claim, Mention, Review, VerdictRow, latest_calls
from claimtrack.outcome import DECISIVE_REVIEW_LABELS, Outcome, outcome
from claimtrack.services.match import PriorCheck, PriorCheckIndex
from claimtrack.verification.aggregate import FinalVerdict

if TYPE_CHECKING:
    from claimtrack.models import Article
    from claimtrack.registry import Registry

#: The order labels are counted in the summary line.
#: The order the report counts final labels in.
LABEL_ORDER = OUTCOME_LABELS


@dataclass
class ReportRow:
    """One claim in a report."""

    #: The claim: a :class:`~claimtrack.models.Claim` or a row with the same attributes.
    claim: Claim | Any
    #: The claim's final outcome (:func:`claimtrack.outcome.outcome`): what every export shows too.
    outcome: Outcome
    #: Each verifier's latest verdict (``VerdictRow`` or a row with its attributes), oldest first.
    verdicts: list[VerdictRow | Any] = field(default_factory=list)
    speaker: str | None = None
    #: Published fact-checks of this claim or of one that matches it (imported ClaimReviews).
    prior: list[PriorCheck] = field(default_factory=list)

    @property
    def final(self) -> FinalVerdict:
        """The outcome with the report's detail: summary, top evidence, each verifier's label."""
        assert self.outcome.final is not None
        return self.outcome.final

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the row."""
        return {
            "id": self.claim.id,
            "kind": self.claim.kind,
            "text": self.claim.text,
            "speaker": self.speaker,
            # The outcome (label, who decided, set aside) over the verifiers' detail.
            "verdict": self.final.to_dict() | self.outcome.to_dict(),
            "verdicts": [
                {
                    "verifier": v.verifier,
                    "verifier_version": v.verifier_version,
                    "part": v.part or None,
                    "label": v.label,
                    "confidence": round(v.confidence, 3),
                    "summary": v.summary,
                    "evidence": v.evidence,
                    "error": v.error,
                    "created_at": v.created_at,
                }
                for v in self.verdicts
            ],
            "previously_checked": [
                {
                    "publisher": p.publisher,
                    "rating": p.rating,
                    "label": p.label,
                    "url": p.url,
                    "claim_id": p.claim_id,
                    "description": p.describe(),
                }
                for p in self.prior
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


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def build_report(
    registry: Registry, *, article_id: int | None = None, claim_ids: Sequence[int] | None = None
) -> Report:
    """A report on the claims of one article, the given claims, or every claim.

    Claims, verdicts, reviews and speakers are read as plain rows (attribute access, no ORM
    objects), each with one query for a whole report or an article (chunked only for an
    explicit list of claims); earlier fact-checks are indexed once and looked up per claim.
    """
    import sqlalchemy as sa

    article = None
    if article_id is not None:
        article = registry.article(article_id)
        if article is None:
            raise ClaimtrackError(f"no article with id {article_id}")
    claim_t, mention_t = Claim.__table__, Mention.__table__  # type: ignore[attr-defined]
    verdict_t, review_t = VerdictRow.__table__, Review.__table__  # type: ignore[attr-defined]
    of_article = (
        sa.select(mention_t.c.claim_id).where(mention_t.c.article_id == article_id)
        if article_id is not None
        else None
    )
    stored: list[Any] = []
    reviews: dict[int, list[Any]] = {}
    speakers: dict[int, str] = {}
    with registry.session() as session:
        conn = session.connection()
        stmt = sa.select(claim_t).order_by(claim_t.c.id)
        if of_article is not None:
            stmt = stmt.where(claim_t.c.id.in_(of_article))
        claims = list(conn.execute(stmt))
        if claim_ids is not None:
            wanted = set(claim_ids)
            claims = [c for c in claims if c.id in wanted]
            scopes: list[Any] = _chunks([c.id for c in claims])
        else:
            scopes = [of_article]  # every claim (None), or the article's

        def scoped(stmt: Any, column: Any, scope: Any) -> Any:
            return stmt if scope is None else stmt.where(column.in_(scope))

        for scope in scopes:
            # Every verdict (each verifier's latest call is kept below: one row per part it
            # checked); the human decisions (not notes); the first speaker.
            stored.extend(
                conn.execute(
                    scoped(sa.select(verdict_t), verdict_t.c.claim_id, scope).order_by(
                        verdict_t.c.id
                    )
                )
            )
            stmt = scoped(
                sa.select(review_t).where(review_t.c.label.in_(DECISIVE_REVIEW_LABELS)),
                review_t.c.claim_id,
                scope,
            )
            for review in conn.execute(stmt.order_by(review_t.c.id)):
                reviews.setdefault(review.claim_id, []).append(review)
            stmt = scoped(
                sa.select(mention_t.c.claim_id, mention_t.c.speaker).where(
                    mention_t.c.speaker.is_not(None)
                ),
                mention_t.c.claim_id,
                scope,
            )
            for claim_id, speaker in conn.execute(stmt.order_by(mention_t.c.id)):
                if speaker:
                    speakers.setdefault(claim_id, speaker)
    verdicts: dict[int, list[Any]] = {}
    for verdict in latest_calls(sorted(stored, key=lambda v: v.id or 0)):
        verdicts.setdefault(verdict.claim_id, []).append(verdict)
    rows = [
        ReportRow(
            claim=c,
            outcome=outcome(c, verdicts.get(c.id, []), reviews.get(c.id, [])),
            verdicts=verdicts.get(c.id, []),
            speaker=speakers.get(c.id),
        )
        for c in claims
    ]
    index = PriorCheckIndex.load(registry)  # once per report; stored results when fresh
    if index:
        prior = index.lookup_many(row.claim for row in rows)
        for row in rows:
            row.prior = prior.get(row.claim.id or 0, [])
    return Report(rows, article)
