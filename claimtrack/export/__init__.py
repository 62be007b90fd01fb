"""Exports: the registry's claims, verdicts and reviews in publishable formats.

An exporter is any object with a ``name`` (the ``--format`` value), a ``suffix`` (for
file names), a one-line ``description`` and ``export(rows, out)``, which writes a list of
:class:`ExportRow` to the text stream ``out`` and may return how many claims it wrote
(when it returns None, every row counts). Every built-in format shows each claim's
:attr:`ExportRow.outcome`, the same :func:`claimtrack.outcome.outcome` the report shows.
The built-in ones (``claimreview``, ``json``, ``jsonl``, ``csv``, ``markdown``) are registered through the
``register_exporters(register)`` hook by :mod:`claimtrack.builtins.exporters`, exactly as
a plugin's would be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TextIO, runtime_checkable

from claimtrack.errors import ClaimtrackError
from claimtrack.labels import DECISIVE_LABELS
from claimtrack.outcome import NO_VERDICT

if TYPE_CHECKING:
    from claimtrack.importers.prior import PriorCheck
    from claimtrack.models import Article, Claim, Mention, Review, VerdictRow
    from claimtrack.outcome import Outcome
    from claimtrack.registry import Registry


@runtime_checkable
class Exporter(Protocol):
    """What ``register_exporters`` expects."""

    name: str
    suffix: str
    description: str

    def export(self, rows: list[ExportRow], out: TextIO) -> int | None: ...


@dataclass
class ExportRow:
    """One claim with everything an export may need."""

    #: The claim: a :class:`~claimtrack.models.Claim` or a row with the same attributes.
    claim: Claim | Any
    #: (mention, article) pairs, oldest first; mentions may be plain rows.
    mentions: list[tuple[Mention | Any, Article]] = field(default_factory=list)
    #: Each verifier's latest verdict (``VerdictRow`` or a row with its attributes).
    verdicts: list[VerdictRow | Any] = field(default_factory=list)
    #: Every review, oldest first (``Review`` or a row with its attributes).
    reviews: list[Review | Any] = field(default_factory=list)
    prior: list[PriorCheck] = field(default_factory=list)

    @cached_property
    def outcome(self) -> Outcome:
        """The claim's final outcome, by the rule ``claimtrack report`` uses (:func:`claimtrack.outcome.outcome`)."""
        from claimtrack.outcome import outcome

        return outcome(self.claim, self.verdicts, self.reviews)

    @property
    def imported_publishers(self) -> frozenset[str]:
        """Publishers of fact-checks imported onto this claim (their reviews are not ours)."""
        from claimtrack.outcome import fact_check_publishers

        return fact_check_publishers(self.claim)

    @property
    def own_reviews(self) -> list[Review]:
        """Reviews made here, without those imported from published fact-checks."""
        imported = self.imported_publishers
        return [r for r in self.reviews if r.reviewer not in imported]

    @property
    def final_review(self) -> Review | None:
        """The review that decided this claim's outcome, when a reviewer here gave it a final
        verdict (None when set aside, decided by a published fact-check or by the verifiers)."""
        if not self.outcome.by_reviewer:
            return None
        from claimtrack.outcome import latest_decision

        return latest_decision(self.reviews)

    @property
    def label(self) -> str | None:
        """The outcome's label (``not_checkworthy`` when set aside); None when not checked."""
        label = self.outcome.label
        return None if label == NO_VERDICT else label

    @property
    def label_source(self) -> str | None:
        """Who decided: ``review``, ``fact_check``, ``verifiers`` or None."""
        return self.outcome.decided_by

    @property
    def article(self) -> Article | None:
        """The article of the first mention."""
        return self.mentions[0][1] if self.mentions else None

    @property
    def speaker(self) -> str | None:
        """The first recorded speaker, for quotes."""
        return next((m.speaker for m, _ in self.mentions if m.speaker), None)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """Evidence items of every verdict (with ``verifier`` added), surest verdict first."""
        items = []
        for verdict in sorted(self.verdicts, key=lambda v: -v.confidence):
            for item in verdict.evidence or []:
                if isinstance(item, dict):
                    items.append({"verifier": verdict.verifier, **item})
        return items

    @property
    def explanation(self) -> str:
        """Publishable text: the reviewer's note, else the summaries the evidence backs.

        Only the deciding review's note (or, failing that, the latest note made here) and
        the summaries of verdicts that concluded something (supported, refuted, mixed) or
        rest on evidence are used: a verifier's failure ("wikidata unreachable: …") is
        internal and never published.
        """
        outcome = self.outcome
        if outcome.decided_by == "review" and outcome.note:
            return outcome.note
        notes = [r.note for r in self.own_reviews if r.note]
        if notes:
            return notes[-1]
        return "; ".join(dict.fromkeys(v.summary for v in self.verdicts if _publishable(v)))


def _publishable(verdict: Any) -> bool:
    """A verdict whose summary may be published: a conclusion, or a finding with evidence."""
    if not verdict.summary or verdict.error or verdict.label == "error":
        return False
    return verdict.label in DECISIVE_LABELS or bool(verdict.evidence)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def collect_rows(
    registry: Registry, *, article_id: int | None = None, reviewed_only: bool = False
) -> list[ExportRow]:
    """Every claim (of one article) with its mentions, latest verdicts, reviews and prior checks.

    Claims, mentions, verdicts and reviews are read as plain rows (attribute access, no ORM
    objects): exporting 10,000 claims takes about a second.
    """
    import sqlalchemy as sa
    from sqlmodel import col, select

    from claimtrack.importers.prior import PriorCheckIndex
    from claimtrack.models import Article, Claim, Mention, Review, VerdictRow

    if article_id is not None and registry.article(article_id) is None:
        raise ClaimtrackError(f"no article with id {article_id}")
    claim_t, mention_t = Claim.__table__, Mention.__table__  # type: ignore[attr-defined]
    verdict_t, review_t = VerdictRow.__table__, Review.__table__  # type: ignore[attr-defined]
    with registry.session() as session:
        conn = session.connection()
        stmt = sa.select(claim_t).order_by(claim_t.c.id)
        if article_id is not None:
            stmt = stmt.where(
                claim_t.c.id.in_(
                    sa.select(mention_t.c.claim_id).where(mention_t.c.article_id == article_id)
                )
            )
        rows: dict[int, ExportRow] = {c.id: ExportRow(c) for c in conn.execute(stmt)}
        ids = list(rows)
        mentions: list[Any] = []
        for chunk in _chunks(ids):
            mentions.extend(
                conn.execute(
                    sa.select(mention_t)
                    .where(mention_t.c.claim_id.in_(chunk))
                    .order_by(mention_t.c.id)
                )
            )
            latest: dict[tuple[int, str], Any] = {}
            for verdict in conn.execute(
                sa.select(verdict_t).where(verdict_t.c.claim_id.in_(chunk)).order_by(verdict_t.c.id)
            ):
                latest[(verdict.claim_id, verdict.verifier)] = verdict
            for (claim_id, _), verdict in sorted(latest.items()):
                rows[claim_id].verdicts.append(verdict)
            for review in conn.execute(
                sa.select(review_t).where(review_t.c.claim_id.in_(chunk)).order_by(review_t.c.id)
            ):
                rows[review.claim_id].reviews.append(review)
        article_ids = sorted({m.article_id for m in mentions})
        articles: dict[int, Article] = {}
        for chunk in _chunks(article_ids):
            articles.update(
                {
                    a.id: a
                    for a in session.exec(select(Article).where(col(Article.id).in_(chunk)))
                    if a.id is not None
                }
            )
        for mention in mentions:
            rows[mention.claim_id].mentions.append((mention, articles[mention.article_id]))
    index = PriorCheckIndex.load(registry)
    if index:
        for row in rows.values():
            row.prior = index.lookup(row.claim)
    if article_id is not None:
        # Put this article's mention first: it is the appearance being reported on.
        for row in rows.values():
            row.mentions.sort(key=lambda pair: pair[1].id != article_id)
    result = list(rows.values())
    if reviewed_only:
        result = [r for r in result if r.outcome.by_reviewer]
    return result


def builtin_exporters() -> list[Any]:
    """The exporters claimtrack ships with."""
    from claimtrack.export.claimreview import ClaimReviewExporter
    from claimtrack.export.formats import (
        CsvExporter,
        JsonExporter,
        JsonLinesExporter,
        MarkdownExporter,
    )

    return [
        ClaimReviewExporter(),
        JsonExporter(),
        JsonLinesExporter(),
        CsvExporter(),
        MarkdownExporter(),
    ]


def available_exporters() -> dict[str, Any]:
    """Exporters by name: those registered through plugins, plus the built-ins if not loaded."""
    found: dict[str, Any] = {}
    try:
        from claimtrack.plugins import get_exporters

        for exporter in get_exporters():
            found.setdefault(exporter.name, exporter)
    except (ImportError, AttributeError):  # an older plugin system without exporters
        pass
    for exporter in builtin_exporters():
        found.setdefault(exporter.name, exporter)
    return found


def get_exporter(name: str) -> Any:
    """The exporter called ``name``; :class:`ClaimtrackError` listing the choices if none."""
    exporters = available_exporters()
    if name not in exporters:
        raise ClaimtrackError(
            f"unknown export format {name!r}; available: {', '.join(sorted(exporters))}"
        )
    return exporters[name]
