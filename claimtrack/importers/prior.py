"""Earlier fact-checks: "previously checked by <publisher>: <rating>".

Imported ClaimReviews (``claimtrack import claimreview``) are stored as claims whose
``values["claimreview"]`` lists each published fact-check. A claim is *previously checked*
when it is such a claim itself (a new article's sentence that the registry matched to it),
or when its text matches one: the same fingerprint, or a close match by
:func:`claimtrack.extraction.matching.match_fact_check`, the one matcher (and threshold,
:data:`~claimtrack.extraction.matching.FACT_CHECK_THRESHOLD`) the ``factcheck`` verifier
uses too. Each check's label is read from its rating with claimtrack's rating table
(:func:`claimtrack.importers.claimreview.label_for_rating`), as at import.

Load a :class:`PriorCheckIndex` once and call :meth:`~PriorCheckIndex.lookup` per claim
(reports over many claims), or use :meth:`claimtrack.registry.Registry.previously_checked`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import select

from claimtrack.models import Claim

if TYPE_CHECKING:
    from claimtrack.registry import Registry

#: Key of ``Claim.values`` that holds imported fact-checks.
VALUES_KEY = "claimreview"
_WORD = re.compile(r"\w+", re.UNICODE)


def _numbers(text: str) -> frozenset[str] | None:
    """The numbers a claim states, as the matcher sees them (None: matcher has no such notion)."""
    try:
        from claimtrack.extraction.matching import numbers
    except ImportError:
        return None
    return numbers(text)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 3}


@dataclass(frozen=True)
class PriorCheck:
    """One published fact-check of a claim."""

    claim_id: int
    claim_text: str
    publisher: str
    rating: str
    label: str
    url: str | None = None
    date: str | None = None

    def describe(self) -> str:
        """``previously checked by <publisher>: <rating>``."""
        return f"previously checked by {self.publisher}: {self.rating}"


def checks_of(claim: Claim) -> list[PriorCheck]:
    """The fact-checks stored on ``claim`` itself (empty for an ordinary claim)."""
    entries = (claim.values or {}).get(VALUES_KEY) or []
    if isinstance(entries, dict):
        entries = [entries]
    from claimtrack.importers.claimreview import label_for_rating

    found = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        rating = entry.get("rating")
        found.append(
            PriorCheck(
                claim_id=claim.id or 0,
                claim_text=claim.text,
                publisher=str(
                    entry.get("publisher") or entry.get("publisher_site") or "unknown publisher"
                ),
                rating=str(rating or entry.get("label") or "unrated"),
                label=label_for_rating(
                    rating,
                    entry.get("rating_value"),
                    entry.get("best_rating"),
                    entry.get("worst_rating"),
                )
                if rating
                else str(entry.get("label") or "unverifiable"),
                url=entry.get("url"),
                date=entry.get("date"),
            )
        )
    return found


def _has_checks(dialect: str) -> Any:
    if dialect == "sqlite":
        return sa.text("json_extract(claim.\"values\", '$.claimreview') IS NOT NULL")
    return sa.text("json_extract_path(claim.\"values\", 'claimreview') IS NOT NULL")


class PriorCheckIndex:
    """Every imported fact-check, indexed by fingerprint, for fast lookups."""

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.by_fingerprint: dict[str, list[Claim]] = {}
        self.by_word: dict[str, list[Claim]] = {}
        #: Imported claims by their own candidate terms: a short fact-checked claim stated
        #: inside a long sentence is found from any of the sentence's words.
        self.by_term: dict[str, list[Claim]] = {}
        self._number_cache: dict[int, frozenset[str] | None] = {}
        from claimtrack.extraction.matching import candidate_terms

        for claim in claims:
            self.by_fingerprint.setdefault(claim.fingerprint, []).append(claim)
            for word in _words(claim.text):
                self.by_word.setdefault(word, []).append(claim)
            for term in candidate_terms(claim.text):
                self.by_term.setdefault(term, []).append(claim)

    def _numbers(self, claim: Claim) -> frozenset[str] | None:
        key = claim.id or 0
        if key not in self._number_cache:
            self._number_cache[key] = _numbers(claim.text)
        return self._number_cache[key]

    @classmethod
    def load(cls, registry: Registry) -> PriorCheckIndex:
        """Read the imported fact-checks from ``registry`` (one query)."""
        with registry.session() as session:
            rows = list(session.exec(select(Claim).where(_has_checks(registry.dialect))))
        return cls(rows)

    def __bool__(self) -> bool:
        return bool(self.claims)

    def lookup(self, claim: Claim) -> list[PriorCheck]:
        """Fact-checks of ``claim``: its own, then those of matching imported claims."""
        if not self.claims:
            return []
        from claimtrack.extraction.matching import candidate_terms, fingerprint, match_fact_check

        found = checks_of(claim)
        seen = {claim.id}
        matches = list(self.by_fingerprint.get(claim.fingerprint or fingerprint(claim.text), []))
        # Fuzzy candidates share one of the claim's candidate terms, as in ``claimtrack add``,
        # or the claim states one of theirs (a short fact-checked claim inside a long sentence).
        pool: dict[int, Claim] = {}
        for term in candidate_terms(claim.text):
            pool.update((id(c), c) for c in self.by_word.get(term, []))
        for word in _words(claim.text):
            pool.update((id(c), c) for c in self.by_term.get(word, []))
        candidates = [c for c in pool.values() if c not in matches]
        if candidates:
            # A fact-checked claim stating other numbers never matches: skip those cheaply.
            mine = _numbers(claim.text)
            matches += [
                c
                for c in candidates
                if self._numbers(c) in (mine, frozenset())
                and match_fact_check(claim.text, c.text).close
            ]
        for other in matches:
            if other.id not in seen:
                seen.add(other.id)
                found.extend(checks_of(other))
        return found
