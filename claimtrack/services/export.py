"""Exporting claims (``claimtrack export``): collect them as :class:`ExportRow` and hand
them to an exporter (a built-in format of :mod:`claimtrack.export` or a plugin's).

:class:`ExportRow` and :class:`Exporter` are what exporter plugins see; exporter authors
import them from :mod:`claimtrack.export`.
"""

from __future__ import annotations

import inspect
import io
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TextIO

from claimtrack.contracts import ExporterProtocol
from claimtrack.errors import ClaimtrackError
from claimtrack.labels import DECISIVE_LABELS
from claimtrack.outcome import (
    NO_VERDICT,
    Outcome,
    fact_check_publishers,
    latest_decision,
)
from claimtrack.outcome import outcome as final_outcome
from claimtrack.verification.aggregate import parts_summary
from claimtrack.verification.api import configured_settings, plugin_settings

if TYPE_CHECKING:
    from claimtrack.models import Article, Claim, Mention, Review, VerdictRow
    from claimtrack.registry import Registry
    from claimtrack.services.match import PriorCheck


#: What ``register_exporters`` takes (:class:`claimtrack.contracts.ExporterProtocol`).
Exporter = ExporterProtocol


@dataclass(frozen=True)
class ExportContext:
    """What an exporter whose ``export`` takes a ``context`` argument gets, as a verifier
    gets ``ctx``: ``export(rows, out, context)``.

    :param settings: the exporter's settings: its ``[exporters.<name>]`` table with
        ``CLAIMTRACK_<NAME>_*`` variables and, when it names a
        :class:`~claimtrack.verification.api.PluginConfig` as ``config``, every field of it.
        They may hold API keys: never write or log them.
    :param logger: a logger named after the exporter.
    """

    settings: Mapping[str, Any] = field(default_factory=dict, repr=False)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("claimtrack.exporter"))


def run_export(
    exporter: ExporterProtocol,
    rows: list[ExportRow],
    out: TextIO,
    settings: Mapping[str, Any] | None = None,
) -> int | None:
    """``exporter.export(rows, out)``, plus ``context=ExportContext(settings, ...)`` when
    its ``export`` has a ``context`` parameter."""
    try:
        takes_context = "context" in inspect.signature(exporter.export).parameters
    except (TypeError, ValueError):
        takes_context = False
    if not takes_context:
        return exporter.export(rows, out)
    context = ExportContext(
        settings=dict(settings or {}),
        logger=logging.getLogger(f"claimtrack.exporter.{exporter.name}"),
    )
    export: Any = exporter.export
    result: int | None = export(rows, out, context=context)
    return result


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
        return final_outcome(self.claim, self.verdicts, self.reviews)

    @property
    def imported_publishers(self) -> frozenset[str]:
        """Publishers of fact-checks imported onto this claim (their reviews are not ours)."""
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
        if outcome.parts and any(getattr(v, "part", "") for v in self.verdicts):
            # Verdicts on parts: what each decided part's verdict says, then what was not
            # checked (verdicts on the whole claim alone say it once, as below).
            # A summary several parts share (a whole-claim verdict among them) is said once.
            parts = outcome.parts
            kinds: dict[str, list[str]] = {}
            for part in parts:
                if part.checked and part.summary:
                    kinds.setdefault(part.summary, []).append(part.kind)
            if not kinds:
                return ""  # nothing was concluded: there is nothing to publish
            said = [f"{' and '.join(dict.fromkeys(k))}: {text}" for text, k in kinds.items()]
            if not all(p.checked for p in parts):
                said.append(parts_summary(parts, reasons=False))
            return "; ".join(said)
        return "; ".join(dict.fromkeys(v.summary for v in self.verdicts if _publishable(v)))


def _publishable(verdict: Any) -> bool:
    """A verdict whose summary may be published: a conclusion, or a finding with evidence."""
    if not verdict.summary or verdict.error or verdict.label == "error":
        return False
    return verdict.label in DECISIVE_LABELS or bool(verdict.evidence)


def iter_rows(
    registry: Registry, *, article_id: int | None = None, reviewed_only: bool = False
) -> Iterator[ExportRow]:
    """:func:`collect_rows`, streamed: claims are read
    :data:`~claimtrack.registry.store.STREAM_BATCH` at a time with their mentions, articles,
    verdicts and reviews (:meth:`Registry.claim_record_batches`), in id order."""
    if article_id is not None and registry.article(article_id) is None:
        raise ClaimtrackError(f"no article with id {article_id}")
    # Exporter plugins import ExportRow while plugins are discovered (`claimtrack --help`
    # too): the matcher and its database models load only when rows are collected.
    from claimtrack.services.match import PriorCheckIndex

    index = PriorCheckIndex.load(registry)
    for records in registry.claim_record_batches(article_id=article_id):
        rows: dict[int, ExportRow] = {c.id: ExportRow(c) for c in records.claims}
        for verdict in sorted(records.verdicts, key=lambda v: (v.claim_id, v.verifier, v.part)):
            rows[verdict.claim_id].verdicts.append(verdict)
        for review in records.reviews:
            rows[review.claim_id].reviews.append(review)
        for mention in records.mentions:
            rows[mention.claim_id].mentions.append((mention, records.articles[mention.article_id]))
        if index:
            prior = index.lookup_many(row.claim for row in rows.values())
            for row in rows.values():
                row.prior = prior.get(row.claim.id or 0, [])
        for row in rows.values():
            if article_id is not None:
                # Put this article's mention first: it is the appearance being reported on.
                row.mentions.sort(key=lambda pair: pair[1].id != article_id)
            if not reviewed_only or row.outcome.by_reviewer:
                yield row


def collect_rows(
    registry: Registry, *, article_id: int | None = None, reviewed_only: bool = False
) -> list[ExportRow]:
    """Every claim (of one article) with its mentions, latest verdicts, reviews and prior checks.

    ``reviewed_only`` keeps the claims whose outcome is a reviewer's final verdict.
    """
    return list(iter_rows(registry, article_id=article_id, reviewed_only=reviewed_only))


@dataclass(frozen=True)
class Exported:
    """An export's text, the exporter's name and how many claims it wrote."""

    text: str
    format: str
    claims: int


def export_claims(
    registry: Registry,
    exporter: ExporterProtocol,
    *,
    article_id: int | None = None,
    reviewed_only: bool = False,
) -> Exported:
    """Claims (of one article; ``reviewed_only``: a reviewer's final verdicts) as ``exporter``
    writes them (see :func:`claimtrack.export.get_exporter`), as one text in memory
    (:func:`export_to` writes to a stream).
    """
    buffer = io.StringIO()
    count = export_to(
        registry, exporter, buffer, article_id=article_id, reviewed_only=reviewed_only
    )
    return Exported(buffer.getvalue(), exporter.name, count)


def export_to(
    registry: Registry,
    exporter: ExporterProtocol,
    out: TextIO,
    *,
    article_id: int | None = None,
    reviewed_only: bool = False,
) -> int:
    """Write the claims as ``exporter`` writes them to ``out``; returns how many it wrote.

    An exporter whose ``streams`` attribute is true (the built-in JSON, JSON Lines and CSV
    ones) gets the rows as an iterator read once, as they are read from the registry, so
    memory stays flat; any other gets a list, as the exporter API promises.
    """
    rows = iter_rows(registry, article_id=article_id, reviewed_only=reviewed_only)
    seen = 0

    def counted() -> Iterator[ExportRow]:
        nonlocal seen
        for row in rows:
            seen += 1
            yield row

    given: Any = counted() if getattr(exporter, "streams", False) else list(counted())
    settings = plugin_settings(exporter, configured_settings("exporters", exporter.name))
    written = run_export(exporter, given, out, settings)
    # Exporters say how many claims they wrote (ClaimReview leaves some out); a plugin's may not.
    return written if isinstance(written, int) and not isinstance(written, bool) else seen
