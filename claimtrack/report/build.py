"""Collecting what a report shows: claims, their verdicts, reviews and articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError
from claimtrack.labels import OUTCOME_LABELS
from claimtrack.outcome import DECISIVE_REVIEW_LABELS, Outcome, outcome
from claimtrack.registry.claim_list import STREAM_BATCH
from claimtrack.registry.lite import SqliteReader

if TYPE_CHECKING:
    from claimtrack.models import Article, Claim, VerdictRow
    from claimtrack.registry import Registry
    from claimtrack.services.match import PriorCheck, PriorCheckIndex
    from claimtrack.verification.aggregate import FinalVerdict


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


class Tally:
    """Claims per final label and disputed claims, counted as rows go by (a streamed report
    is counted while it is printed)."""

    def __init__(self, rows: Iterable[ReportRow] = ()) -> None:
        self.labels: Counter[str] = Counter()
        self.disputed = 0
        self.total = 0
        for row in rows:
            self.add(row)

    def add(self, row: ReportRow) -> None:
        """Count one row."""
        self.labels[row.final.label] += 1
        self.disputed += row.final.disputed
        self.total += 1

    @property
    def counts(self) -> dict[str, int]:
        """Claims per final label, in :data:`LABEL_ORDER` (labels with no claims left out)."""
        counter = self.labels
        ordered = {label: counter[label] for label in LABEL_ORDER if counter.get(label)}
        ordered.update({k: v for k, v in counter.items() if k not in ordered})
        return ordered

    def summary_line(self) -> str:
        """E.g. ``12 claims: 2 supported, 1 refuted, 1 mixed (1 disputed), 8 unchecked``."""
        parts = [f"{n} {label.replace('_', ' ')}" for label, n in self.counts.items()]
        line = f"{self.total} claim{'s' if self.total != 1 else ''}"
        if parts:
            line += ": " + ", ".join(parts)
        if self.disputed:
            line += f" ({self.disputed} disputed)"
        return line


@dataclass
class Report:
    """Rows plus what they are about.

    ``rows`` is a list (:func:`build_report`) or, from :func:`stream_report`, an iterator
    read once: the renderers go through it once and count as they go.
    """

    rows: list[ReportRow] | Iterator[ReportRow]
    article: Article | None = None

    def _tally(self) -> Tally:
        if not isinstance(self.rows, list):
            raise TypeError("a streamed report is counted by its renderer (Tally)")
        return Tally(self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Claims per final label, in :data:`LABEL_ORDER` (labels with no claims left out)."""
        return self._tally().counts

    @property
    def disputed(self) -> int:
        """How many claims have verifiers that disagree."""
        return self._tally().disputed

    def summary_line(self) -> str:
        """E.g. ``12 claims: 2 supported, 1 refuted, 1 mixed (1 disputed), 8 unchecked``."""
        return self._tally().summary_line()


def _article_of(registry: Registry | SqliteReader, article_id: int | None) -> Article | Any:
    if article_id is None:
        return None
    article = registry.article(article_id)
    if article is None:
        raise ClaimtrackError(f"no article with id {article_id}")
    return article


def report_rows(
    registry: Registry | SqliteReader,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
    batch: int = STREAM_BATCH,
) -> Iterator[ReportRow]:
    """The report's rows, in claim id order, streamed at flat memory.

    Claims are read ``batch`` at a time with their verdicts, reviews and speakers
    (:meth:`Registry.report_batches <claimtrack.registry.store.Registry.report_batches>`, or
    the same statements through ``sqlite3`` from a
    :class:`~claimtrack.registry.lite.SqliteReader`); each claim's outcome is
    :func:`claimtrack.outcome.outcome`. From a :class:`Registry`, earlier fact-checks are
    indexed once and looked up per batch (a ``SqliteReader`` is only used on a registry
    with none: :meth:`~claimtrack.registry.lite.SqliteReader.has_fact_checks`).
    """
    index: PriorCheckIndex | None = None
    if not isinstance(registry, SqliteReader):
        from claimtrack.services.match import PriorCheckIndex

        index = PriorCheckIndex.load(registry)
    decisive = frozenset(DECISIVE_REVIEW_LABELS)
    for records in registry.report_batches(article_id=article_id, claim_ids=claim_ids, batch=batch):
        verdicts: dict[int, list[Any]] = {}
        for verdict in records.verdicts:
            found = verdicts.get(verdict.claim_id)
            if found is None:
                verdicts[verdict.claim_id] = [verdict]
            else:
                found.append(verdict)
        reviews: dict[int, list[Any]] = {}
        for review in records.reviews:
            if review.label in decisive:
                reviews.setdefault(review.claim_id, []).append(review)
        speakers = records.speakers
        rows = []
        for claim in records.claims:
            claim_id = claim.id
            mine = verdicts.get(claim_id) or []
            rows.append(
                ReportRow(
                    claim,
                    outcome(claim, mine, reviews.get(claim_id, ())),
                    mine,
                    speakers.get(claim_id),
                )
            )
        if index:
            for row, prior in zip(rows, prior_checks(index, [r.claim for r in rows]), strict=True):
                row.prior = prior
        yield from rows


def prior_checks(index: PriorCheckIndex, claims: Sequence[Any]) -> list[list[PriorCheck]]:
    """Each claim's earlier fact-checks, for a batch of claims: one
    :meth:`PriorCheckIndex.lookup_many` (stored results while fresh, the rest searched)."""
    found = index.lookup_many(claims)
    return [found.get(claim.id or 0, []) for claim in claims]


def stream_report(
    registry: Registry | SqliteReader,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
) -> Report:
    """A report whose rows are read while it is rendered (:func:`report_rows`): memory stays
    flat whatever the number of claims. Its rows can be read once."""
    article = _article_of(registry, article_id)
    return Report(report_rows(registry, article_id=article_id, claim_ids=claim_ids), article)


def build_report(
    registry: Registry | SqliteReader,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
) -> Report:
    """A report on the claims of one article, the given claims, or every claim, with every
    row in memory (:func:`stream_report` for big registries)."""
    article = _article_of(registry, article_id)
    return Report(list(report_rows(registry, article_id=article_id, claim_ids=claim_ids)), article)
