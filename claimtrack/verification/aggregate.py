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

A claim with checkable parts (:mod:`claimtrack.extraction.parts`) is decided part by part,
then rolled up (``docs/verdicts.md``):

* each part's verdict is rules 2–3 over the verdicts naming that part plus the
  whole-claim verdicts (``part`` None/``""``; a verifier's verdict on the part wins over
  its whole-claim one);
* any part ``refuted`` makes the claim ``refuted``; else any part ``mixed`` makes it
  ``mixed``; else it is ``supported`` only when every part is ``supported`` (confidence:
  the lowest part's); else ``unverifiable``, saying which parts were checked, which could
  not be decided and which nobody checked ("1 of 3 parts checked: office supported; quote
  and event unchecked"). With no verdict on any part it is ``unchecked``; with nothing but
  failed calls, ``error``;
* the claim is ``disputed`` when any part is. Rule 1 (a review) still decides the claim.

A claim with no part is decided exactly as before, over all its verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimtrack.extraction.parts import Part
from claimtrack.labels import DECISIVE_LABELS, OUTCOME_LABELS
from claimtrack.rows import latest_calls

DECISIVE = DECISIVE_LABELS
#: Labels a final verdict can have: the verdict labels, plus review-only and "no verdict yet".
FINAL_LABELS = OUTCOME_LABELS
#: Longest part text quoted in a roll-up summary.
_NAME_MAX = 60


@dataclass
class PartVerdict:
    """One checkable part of a claim with its verdict (rules 2–3 over its verdicts)."""

    id: str
    kind: str
    text: str
    values: dict[str, Any]
    label: str
    confidence: float = 0.0
    summary: str = ""
    evidence: dict[str, Any] | None = None
    verifiers: dict[str, str] = field(default_factory=dict)
    disputed: bool = False

    @property
    def checked(self) -> bool:
        """A verifier decided it: supported, refuted or mixed."""
        return self.label in DECISIVE

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the part (id, kind, text, values) and its verdict."""
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "values": self.values,
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "disputed": self.disputed,
            "summary": self.summary,
            "top_evidence": self.evidence,
            "verifiers": self.verifiers,
        }


@dataclass
class FinalVerdict:
    """A claim's verdict after aggregation; ``parts`` holds each part's, when it has parts."""

    label: str
    confidence: float = 0.0
    disputed: bool = False
    summary: str = ""
    evidence: dict[str, Any] | None = None
    verifiers: dict[str, str] = field(default_factory=dict)
    reviewed: bool = False
    reviewer: str | None = None
    parts: list[PartVerdict] = field(default_factory=list)

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
            "parts": [p.to_dict() for p in self.parts],
        }


def _field(row: Any, name: str, default: Any = None) -> Any:
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def _part_of(row: Any) -> str:
    return str(_field(row, "part") or "")


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


def _decide(rows: Sequence[Any]) -> FinalVerdict:
    """Rules 2–3 over ``rows``, at most one per verifier."""
    # Each row's label is read once (rows are often database rows: attribute reads cost).
    by_verifier: dict[str, str] = {}
    decisive: list[Any] = []
    decisive_labels: list[Any] = []
    for r in rows:
        row_label = _field(r, "label")
        by_verifier[str(_field(r, "verifier", ""))] = str(row_label)
        if row_label in DECISIVE:
            decisive.append(r)
            decisive_labels.append(row_label)
    labels = set(decisive_labels)
    if decisive:
        if "supported" in labels and "refuted" in labels:
            sides = sorted(
                f"{_field(r, 'verifier')}: {row_label}"
                for r, row_label in zip(decisive, decisive_labels, strict=True)
            )
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
        agreeing = [
            r for r, row_label in zip(decisive, decisive_labels, strict=True) if row_label == label
        ] or decisive
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
    # Among undecided verdicts, one on this very part says more than one on the whole
    # claim (an LLM's failed citation for the event, beside "dates consistent"), and those
    # that looked at evidence say more than "source down".
    unverifiable = sorted(
        (r for r in rows if _field(r, "label") == "unverifiable"),
        key=lambda r: (not _part_of(r), not _field(r, "evidence", None)),
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


def _verifier_label(labels: Sequence[str]) -> str:
    """One label per verifier for the claim's list: its worst decisive verdict, else the
    most informative undecided one."""
    for label in ("refuted", "mixed", "supported", "unverifiable"):
        if label in labels:
            return label
    return labels[0] if labels else "unchecked"


def _decide_part(part: Part, rows: Sequence[Any]) -> PartVerdict:
    """A part's verdict: the verdicts naming it, plus the whole-claim verdicts of verifiers
    that gave none on it."""
    named = {str(_field(r, "verifier", "")): r for r in rows if _part_of(r) == part.id}
    whole = {str(_field(r, "verifier", "")): r for r in rows if not _part_of(r)}
    mine = [*named.values(), *(r for v, r in whole.items() if v not in named)]
    result = _decide(mine)
    return PartVerdict(
        id=part.id,
        kind=part.kind,
        text=part.text,
        values=dict(part.values),
        label=result.label,
        confidence=result.confidence,
        summary=result.summary,
        evidence=result.evidence,
        verifiers=result.verifiers,
        disputed=result.disputed,
    )


def _names(parts: Sequence[PartVerdict]) -> list[str]:
    """How a summary names each part: its kind, or kind and text when kinds repeat."""
    kinds = [p.kind for p in parts]
    out = []
    for p in parts:
        if kinds.count(p.kind) == 1:
            out.append(p.kind)
        else:
            text = p.text if len(p.text) <= _NAME_MAX else p.text[: _NAME_MAX - 1] + "…"
            out.append(f"{p.kind} “{text}”")
    return out


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def parts_summary(parts: Sequence[PartVerdict], *, reasons: bool = True) -> str:
    """What was and was not checked, e.g. "1 of 3 parts checked: office supported; quote
    unverifiable (why); event unchecked" (``reasons``: say why a part is unverifiable)."""
    return _missing_summary(parts, reasons=reasons)


def _missing_summary(parts: Sequence[PartVerdict], *, skip: str = "", reasons: bool = True) -> str:
    """:func:`parts_summary`; parts labelled ``skip`` are left out of the list."""
    names = dict(zip((p.id for p in parts), _names(parts), strict=True))
    checked = sum(p.checked for p in parts)
    groups: list[str] = []
    for label in ("refuted", "mixed", "supported", "unverifiable", "error", "unchecked"):
        members = [p for p in parts if p.label == label and label != skip]
        if not members:
            continue
        group = f"{_and([names[p.id] for p in members])} {label}"
        if label == "unverifiable" and reasons:
            why = list(dict.fromkeys(p.summary for p in members if p.summary))
            if why:
                group += f" ({'; '.join(why)})"
        groups.append(group)
    return f"{checked} of {len(parts)} parts checked: " + "; ".join(groups)


def _roll_up(parts: list[PartVerdict], rows: Sequence[Any]) -> FinalVerdict:
    """The claim's verdict from its parts' (see the module docs)."""
    verifier_labels: dict[str, list[str]] = {}
    for row in rows:
        verifier_labels.setdefault(str(_field(row, "verifier", "")), []).append(
            str(_field(row, "label"))
        )
    by_verifier = {v: _verifier_label(labels) for v, labels in verifier_labels.items()}
    disputed = any(p.disputed for p in parts)
    names = dict(zip((p.id for p in parts), _names(parts), strict=True))
    single = len(parts) == 1

    def said(members: Sequence[PartVerdict]) -> str:
        if single:
            return members[0].summary
        return "; ".join(f"{names[p.id]} {p.label}: {p.summary}" for p in members)

    for label in ("refuted", "mixed"):
        worst = [p for p in parts if p.label == label]
        if worst:
            # The most certain of the worst parts speaks for the claim.
            worst.sort(key=lambda p: -p.confidence)
            summary = said(worst)
            others = [p for p in parts if p.label != label]
            if others and not single:
                summary += "; " + _missing_summary(parts, skip=label)
            return FinalVerdict(
                label,
                worst[0].confidence,
                disputed,
                summary,
                worst[0].evidence,
                by_verifier,
                parts=parts,
            )
    if all(p.label == "supported" for p in parts):
        weakest = min(parts, key=lambda p: p.confidence)
        return FinalVerdict(
            "supported",
            weakest.confidence,
            disputed,
            said(parts),
            weakest.evidence,
            by_verifier,
            parts=parts,
        )
    if all(p.label == "unchecked" for p in parts):
        return FinalVerdict(
            "unchecked", 0.0, disputed, "no verdict yet", None, by_verifier, parts=parts
        )
    if all(p.label in ("error", "unchecked") for p in parts):
        failed = next(p for p in parts if p.label == "error")
        summary = failed.summary if single else f"{_missing_summary(parts)}: {failed.summary}"
        return FinalVerdict("error", 0.0, disputed, summary, None, by_verifier, parts=parts)
    evidence = next((p.evidence for p in parts if p.checked and p.evidence), None)
    summary = parts[0].summary if single else _missing_summary(parts)
    return FinalVerdict("unverifiable", 0.0, disputed, summary, evidence, by_verifier, parts=parts)


def aggregate(
    verdicts: Sequence[Any],
    review: Any | None = None,
    parts: Sequence[Part | Mapping[str, Any]] = (),
) -> FinalVerdict:
    """Combine one claim's verdicts (rows or dicts with ``verifier``, ``label``,
    ``confidence``, ``summary``, ``evidence``, and ``part``/``run_id`` when known), its
    latest review, if any, and its ``parts`` (:class:`~claimtrack.extraction.parts.Part`
    or their dicts), rolled up part by part when there are any."""
    rows = latest_calls(verdicts)
    items = [p if isinstance(p, Part) else Part.from_dict(p) for p in parts]
    latest: dict[str, Any] = {}
    for row in rows:
        latest[str(_field(row, "verifier", ""))] = row  # later rows win
    if items:
        part_verdicts = [_decide_part(p, rows) for p in items]
        final = _roll_up(part_verdicts, rows)
        if not any(_part_of(r) for r in rows):
            # Only whole-claim verdicts: every part has the same verdict, so the roll-up
            # is the claim's own; its summary says it once rather than once per part.
            final.summary = _decide(list(latest.values())).summary
    else:
        final = _decide(list(latest.values()))
    if review is not None and _field(review, "label"):
        note = _field(review, "note")
        decisive = [r for r in rows if _field(r, "label") in DECISIVE]
        return FinalVerdict(
            label=str(_field(review, "label")),
            confidence=1.0,
            disputed=final.disputed,
            summary=f"reviewed by {_field(review, 'reviewer', '?')}"
            + (f": {note}" if note else ""),
            evidence=_top_evidence(decisive or rows),
            verifiers=final.verifiers,
            reviewed=True,
            reviewer=_field(review, "reviewer"),
            parts=final.parts,
        )
    return final
