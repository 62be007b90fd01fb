"""Matching: which stored claim a new sentence or fact-check restates, and earlier fact-checks.

Two texts state the same claim when they have the same fingerprint or when
:func:`claimtrack.extraction.matching.same_claim` says so. :class:`ClaimMatcher` finds the
stored claim for a new sentence inside a write transaction (``claimtrack add`` and
``claimtrack import`` both use it); :class:`PriorCheckIndex` finds the published
fact-checks of a claim ("previously checked by <publisher>: <rating>").

Imported ClaimReviews (``claimtrack import claimreview``) are stored as claims whose
``values["claimreview"]`` lists each published fact-check. A claim is *previously checked*
when it is such a claim itself (a new article's sentence that the registry matched to it),
or when its text matches one: the same fingerprint, or a close match by
:func:`claimtrack.extraction.matching.match_fact_check`, the one matcher (and threshold,
:data:`~claimtrack.extraction.matching.FACT_CHECK_THRESHOLD`) the ``factcheck`` verifier
uses too. Each check's label is read from its rating with claimtrack's rating table
(:func:`claimtrack.importers.claimreview.label_for_rating`), as at import.

Load a :class:`PriorCheckIndex` once and call :meth:`~PriorCheckIndex.lookup` per claim
(reports over many claims), or use :func:`previously_checked`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtrack.extraction.matching import (
    candidate_terms,
    fingerprint,
    match_fact_check,
    numbers,
    same_claim,
    years,
)
from claimtrack.importers.claimreview import label_for_rating
from claimtrack.models import Claim

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimtrack.registry import Registry

#: Key of ``Claim.values`` that holds imported fact-checks.
VALUES_KEY = "claimreview"
_WORD = re.compile(r"\w+", re.UNICODE)


class ClaimMatcher:
    """Finds the stored claim that says what a new text says, in one write transaction.

    Create it after taking :meth:`Registry.lock_claim_matching` in ``session``, so that no
    other writer inserts a matching claim meanwhile. ``texts`` are the texts about to be
    matched: their candidates are read up front in one set-based query
    (:meth:`Registry.candidates_for`), not one query per text.
    """

    def __init__(self, registry: Registry, session: Session, texts: Sequence[str] = ()) -> None:
        self.registry = registry
        self.session = session
        self._candidates: dict[str, list[tuple[int, str]]] = {}
        self._lookup(texts)

    def _lookup(self, texts: Sequence[str]) -> None:
        """Read the candidates of those ``texts`` not looked up yet, in one query."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._candidates]
        if not todo:
            return
        terms = [candidate_terms(text) for text in todo]
        docs = self.registry.term_docs(self.session, {t for ts in terms for t in ts})
        # A text none of whose terms any claim has has no candidates: skip reading its years.
        queries = [
            (ts, _written_years(text) if docs is None or any(t in docs for t in ts) else [])
            for ts, text in zip(terms, todo, strict=True)
        ]
        found = self.registry.candidates_for(self.session, queries, docs=docs)
        self._candidates.update(zip(todo, found, strict=True))

    def similar_id(self, text: str) -> int | None:
        """The id of an existing claim that says the same thing in other words, if any.

        Candidates are the best full-text matches (at most 20) for the text's rarest long
        words that also state its years; :func:`same_claim` then decides, best match first.
        """
        self._lookup([text])
        for claim_id, stored in self._candidates[text]:
            if same_claim(stored, text):
                return claim_id
        return None

    def similar(self, text: str) -> Claim | None:
        """The existing claim that says the same thing in other words, if any (:meth:`similar_id`)."""
        claim_id = self.similar_id(text)
        return None if claim_id is None else self.session.get(Claim, claim_id)


def _written_years(text: str) -> list[str]:
    """The years ``text`` writes as digits: a matching claim states them too."""
    return [y for y in years(text) if re.search(rf"(?<![\w.]){y}(?!\w)", text)]


# -- earlier fact-checks ---------------------------------------------------------------------


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


class PriorCheckIndex:
    """Every imported fact-check, indexed by fingerprint, for fast lookups."""

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.by_fingerprint: dict[str, list[Claim]] = {}
        self.by_word: dict[str, list[Claim]] = {}
        #: Imported claims by their own candidate terms: a short fact-checked claim stated
        #: inside a long sentence is found from any of the sentence's words.
        self.by_term: dict[str, list[Claim]] = {}
        self._number_cache: dict[int, frozenset[str]] = {}
        for claim in claims:
            self.by_fingerprint.setdefault(claim.fingerprint, []).append(claim)
            for word in _words(claim.text):
                self.by_word.setdefault(word, []).append(claim)
            for term in candidate_terms(claim.text):
                self.by_term.setdefault(term, []).append(claim)

    def _numbers(self, claim: Claim) -> frozenset[str]:
        key = claim.id or 0
        if key not in self._number_cache:
            self._number_cache[key] = numbers(claim.text)
        return self._number_cache[key]

    @classmethod
    def load(cls, registry: Registry) -> PriorCheckIndex:
        """Read the imported fact-checks from ``registry`` (one query)."""
        return cls(registry.fact_checked_claims())

    def __bool__(self) -> bool:
        return bool(self.claims)

    def lookup(self, claim: Claim) -> list[PriorCheck]:
        """Fact-checks of ``claim``: its own, then those of matching imported claims."""
        if not self.claims:
            return []
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
            mine = numbers(claim.text)
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


def previously_checked(registry: Registry, claim_id: int) -> list[PriorCheck]:
    """Published fact-checks (imported ClaimReviews) of this claim or of one that matches it.

    Render each as :meth:`PriorCheck.describe`: ``previously checked by <publisher>: <rating>``.
    """
    claim = registry.claim(claim_id)
    if claim is None:
        return []
    return PriorCheckIndex.load(registry).lookup(claim)
