"""One verdict per claim from its verifiers' verdicts, and a human review over them all.

Rules, in order:

1. A human review (the latest decision that is not a ``note``) decides: its label, with
   confidence 1. ``disputed`` still tells whether the verifiers disagreed.
2. Otherwise the decisive verdicts (supported, refuted, mixed) decide. When one verifier
   supports and another refutes, the claim is ``mixed`` and ``disputed``. When they agree,
   the label is theirs and the confidence their mean; any ``mixed`` makes the claim mixed.
3. With no decisive verdict: ``unverifiable`` if a verifier looked and could not decide,
   ``error`` if every call failed, and ``unchecked`` when there is no verdict at all.

Each verifier counts once, with its latest verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimtrack.labels import DECISIVE_LABELS, OUTCOME_LABELS

DECISIVE = DECISIVE_LABELS
#: Labels a final verdict can have: the verdict labels, plus review-only and "no verdict yet".
FINAL_LABELS = OUTCOME_LABELS


@dataclass
class FinalVerdict:
    """A claim's verdict after aggregation."""

    label: str
    confidence: float = 0.0
    disputed: bool = False
    summary: str = ""
    evidence: dict[str, Any] | None = None
    verifiers: dict[str, str] = field(default_factory=dict)
    reviewed: bool = False
    reviewer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``claimtrack report --format json``."""
        return {
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "disputed": self.disputed,
            "summary": self.summary,
            "top_evidence": self.evidence,
            "verifiers": self.verifiers,
            "reviewed": self.reviewed,
            "reviewer": self.reviewer,
        }


def _field(row: Any, name: str, default: Any = None) -> Any:
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def _top_evidence(rows: Sequence[Any]) -> dict[str, Any] | None:
    """The first evidence item with a URL from the most confident row (else any item)."""
    ranked = sorted(rows, key=lambda r: -float(_field(r, "confidence", 0.0) or 0.0))
    fallback = None
    for row in ranked:
        for item in _field(row, "evidence", []) or []:
            if isinstance(item, dict):
                if item.get("url"):
                    return item
                fallback = fallback or item
    return fallback


def aggregate(verdicts: Sequence[Any], review: Any | None = None) -> FinalVerdict:
    """Combine one claim's verdicts (rows or dicts with ``verifier``, ``label``,
    ``confidence``, ``summary``, ``evidence``) and its latest review, if any."""
    latest: dict[str, Any] = {}
    for row in verdicts:
        latest[str(_field(row, "verifier", ""))] = row  # later rows win
    rows = list(latest.values())
    by_verifier = {name: str(_field(row, "label")) for name, row in latest.items()}
    decisive = [r for r in rows if _field(r, "label") in DECISIVE]
    labels = {_field(r, "label") for r in decisive}
    disputed = "supported" in labels and "refuted" in labels

    if review is not None and _field(review, "label"):
        note = _field(review, "note")
        return FinalVerdict(
            label=str(_field(review, "label")),
            confidence=1.0,
            disputed=disputed,
            summary=f"reviewed by {_field(review, 'reviewer', '?')}"
            + (f": {note}" if note else ""),
            evidence=_top_evidence(decisive or rows),
            verifiers=by_verifier,
            reviewed=True,
            reviewer=_field(review, "reviewer"),
        )
    if decisive:
        if disputed:
            sides = sorted(f"{_field(r, 'verifier')}: {_field(r, 'label')}" for r in decisive)
            conf = max(float(_field(r, "confidence", 0.0)) for r in decisive) / 2
            return FinalVerdict(
                "mixed",
                conf,
                True,
                "verifiers disagree (" + "; ".join(sides) + ")",
                _top_evidence(decisive),
                by_verifier,
            )
        label = "mixed" if "mixed" in labels else next(iter(labels))
        agreeing = [r for r in decisive if _field(r, "label") == label] or decisive
        conf = sum(float(_field(r, "confidence", 0.0)) for r in agreeing) / len(agreeing)
        best = max(agreeing, key=lambda r: float(_field(r, "confidence", 0.0)))
        return FinalVerdict(
            label,
            conf,
            False,
            str(_field(best, "summary", "") or ""),
            _top_evidence(agreeing),
            by_verifier,
        )
    # Among undecided verdicts, those that looked at evidence say more than "source down".
    unverifiable = sorted(
        (r for r in rows if _field(r, "label") == "unverifiable"),
        key=lambda r: not _field(r, "evidence", None),
    )
    if unverifiable:
        return FinalVerdict(
            "unverifiable",
            0.0,
            False,
            str(_field(unverifiable[0], "summary", "") or ""),
            _top_evidence(unverifiable),
            by_verifier,
        )
    if rows:
        first = rows[0]
        return FinalVerdict(
            "error",
            0.0,
            False,
            str(_field(first, "error", None) or _field(first, "summary", "") or ""),
            None,
            by_verifier,
        )
    return FinalVerdict("unchecked", 0.0, False, "no verdict yet", None, {})
