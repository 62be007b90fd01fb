"""Matching: which stored claim a new sentence or fact-check restates, and earlier fact-checks.

Two texts state the same claim when they have the same fingerprint or when
:func:`claimtrack.extraction.matching.same_claim` says so. :class:`ClaimMatcher` finds the
stored claim for a new sentence inside a write transaction (``claimtrack add`` and
``claimtrack import`` both use it); :class:`PriorCheckIndex` finds the published
fact-checks of a claim ("previously checked by <publisher>: <rating>").

Imported ClaimReviews (``claimtrack import claimreview``) are stored as claims whose
``values["claimreview"]`` lists each published fact-check, and in the registry's
``fact_check`` index (:mod:`claimtrack.retrieval.store`). A claim is *previously checked*
by the fact-checks imported onto it (a new article's sentence that the registry matched to
one), by those a reviewer confirmed (:func:`confirm_fact_check`), and by those the one
matcher, :class:`claimtrack.retrieval.Matcher`, scores at or above its one calibrated
threshold :data:`~claimtrack.retrieval.PREVIOUSLY_CHECKED` (the ``factcheck`` verifier
ranks with it too). Below it, :meth:`PriorCheckIndex.related` lists "possibly related"
fact-checks for a reviewer to confirm. :func:`find_fact_checks` is ``claimtrack match``.

Load a :class:`PriorCheckIndex` once and call :meth:`~PriorCheckIndex.lookup_many` with
the claims of a report, :meth:`~PriorCheckIndex.lookup` for one, or use
:func:`previously_checked`.

**Stored results** (registry table ``claim_prior_check``, migration ``0009``): a search
costs milliseconds at a million fact-checks, ten thousand of them minutes. So what the
matcher found for a claim is stored with the *state* it was computed for: the fact-check
index's generation (incremented by every transaction that writes fact-checks, see
:mod:`claimtrack.retrieval.index`), the matcher's settings (:data:`MATCHER_KEY`) and the
claim's fingerprint. **Freshness rule:** a stored result is used only when its state is
the current one; any other claim is searched, and its result stored. A stored result is
thus a copy of what a search finds in the registry as it is: "previously checked" is the
same answer whatever the registry's history (the fact-checks arriving in one import or
in several, with results stored between them; ``tests/retrieval/test_prior_consistency.py``).
Fact-checks imported onto a claim and confirmed ones are read from the claim and its
reviews every time; they are never stored here.

Why no result is caught up after an import (migration ``0010`` did that, for imports that
only added fact-checks: kept candidates re-scored, new ones above the first stage's
cutoff ranked with them): every import moves BM25's statistics (document frequencies,
the index's size and average length), so every candidate's score moves and old
fact-checks can enter or leave the first stage's candidates; a catch-up that looks only
at some of them gives another answer than a search, and the two disagreed on 107 of 2,000
claims after importing 10,000 fact-checks into 1,000,000 (``bench_report_scale.py``).
Migration ``0010``'s columns (``generation``, ``watermark``, ``candidates``) are no longer
written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import col

from claimtrack.errors import ClaimtrackError
from claimtrack.extraction.matching import candidate_terms, same_claim, years
from claimtrack.importers.claimreview import FactCheck, label_for_rating
from claimtrack.labels import CONFIRMED_NOTE as CONFIRMED_NOTE
from claimtrack.labels import ReviewLabel
from claimtrack.models import Claim, Review
from claimtrack.retrieval import Match, Matcher, MatchInputError
from claimtrack.retrieval import index as _index
from claimtrack.retrieval import rerank as _rerank
from claimtrack.retrieval.index import COLUMNS, fact_check_of
from claimtrack.retrieval.matcher import CANDIDATES
from claimtrack.retrieval.store import RegistryFactChecks
from claimtrack.services.review import add_review, resolve_reviewer

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimtrack.registry import Registry

#: Key of ``Claim.values`` that holds imported fact-checks.
VALUES_KEY = "claimreview"
#: Bump when the matcher's features or scoring change in code (its constants are in
#: :data:`MATCHER_KEY` already): stored "previously checked" results become stale.
MATCHER_VERSION = 1
#: Stored results are computed with these settings (part of their state).
MATCHER_KEY = hashlib.sha1(
    repr(
        (
            MATCHER_VERSION,
            sorted(_rerank.WEIGHTS.items()),
            _rerank.CALIBRATION_SLOPE,
            _rerank.CALIBRATION_INTERCEPT,
            _rerank.PREVIOUSLY_CHECKED,
            _rerank.CLAIM_COVERAGE_MIN,
            CANDIDATES,
            _index.COLUMN_WEIGHTS,
            _index.ROW_BUDGET,
            _index.PRESELECT,
        )
    ).encode()
).hexdigest()[:12]
#: Stored results are written in transactions of this many claims (an interrupted report
#: keeps what it computed).
STORE_BATCH = 500


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

#: How many fact-checks the review app offers as "possibly related" below the threshold.
RELATED = 3


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
    #: The matcher's calibrated score; None for a fact-check imported onto the claim itself.
    score: float | None = None
    #: A reviewer confirmed this fact-check as a check of the claim.
    confirmed: bool = False

    def describe(self) -> str:
        """``previously checked by <publisher>: <rating>``."""
        return f"previously checked by {self.publisher}: {self.rating}"

    @classmethod
    def of(
        cls, fact_check: FactCheck, *, score: float | None = None, confirmed: bool = False
    ) -> PriorCheck:
        """A fact-check found by the matcher (``claim_id`` 0: it is no stored claim)."""
        return cls(
            claim_id=0,
            claim_text=fact_check.claim,
            publisher=fact_check.publisher or "unknown publisher",
            rating=fact_check.rating or fact_check.label or "unrated",
            label=(
                label_for_rating(fact_check.rating)
                if fact_check.rating
                else fact_check.label or "unverifiable"
            ),
            url=fact_check.url,
            date=fact_check.date,
            score=score,
            confirmed=confirmed,
        )


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


def _key(check: PriorCheck) -> tuple[str, ...]:
    return (check.url,) if check.url else (check.publisher, check.claim_text.casefold())


def find_fact_checks(registry: Registry, text: str, top: int = 5) -> list[Match]:
    """The ``top`` published fact-checks most likely to check the claim of ``text``, best first.

    Searches what ``claimtrack import claimreview`` stored, with the one matcher
    (:class:`claimtrack.retrieval.Matcher`); a match whose ``score`` reaches
    :data:`~claimtrack.retrieval.PREVIOUSLY_CHECKED` counts as previously checked.
    Raises :class:`~claimtrack.retrieval.MatchInputError` for empty or far too long text.
    """
    return Matcher.for_registry(registry).search(text, top)


class PriorCheckIndex:
    """The registry's published fact-checks, for "previously checked" lookups of many claims.

    A claim is previously checked by the fact-checks imported onto it, by those a reviewer
    confirmed for it (a :data:`CONFIRMED_NOTE` review), and, when it has neither, by those
    the matcher scores at or above :data:`~claimtrack.retrieval.PREVIOUSLY_CHECKED` for
    its text.
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.source = RegistryFactChecks(registry.engine)
        self.matcher = Matcher(source=self.source)
        self.size = len(self.matcher)
        self.confirmed = confirmed_fact_checks(registry)
        #: Claims searched (not read from stored results) by this index: for benchmarks.
        self.searched = 0

    @classmethod
    def load(cls, registry: Registry) -> PriorCheckIndex:
        """The index of ``registry``'s fact-checks (a count and the confirmations: two queries)."""
        return cls(registry)

    def __bool__(self) -> bool:
        return self.size > 0 or bool(self.confirmed)

    def _search(self, text: str, top: int) -> list[Match]:
        if not self.size:
            return []
        try:
            return self.matcher.search(text, top)
        except MatchInputError:
            return []  # not one claim (far too long): nothing to look up

    def lookup(self, claim: Claim) -> list[PriorCheck]:
        """Fact-checks of ``claim``: its own, the confirmed ones, then the matched ones."""
        return self.lookup_many([claim]).get(claim.id or 0, [])

    def lookup_many(self, claims: Iterable[Claim]) -> dict[int, list[PriorCheck]]:
        """:meth:`lookup` of each claim, by claim id: the matched fact-checks come from the
        stored results that are fresh (see the module doc), the others are searched and
        stored."""
        results: dict[int, list[PriorCheck]] = {}
        todo: list[Claim] = []
        for claim in claims:
            found = checks_of(claim)
            for url in self.confirmed.get(claim.id or 0, []):
                fact_check = self._by_url(url)
                if fact_check is not None:
                    found.append(PriorCheck.of(fact_check, confirmed=True))
            results[claim.id or 0] = found
            # A claim carrying imported fact-checks is previously checked by them; searching
            # it too would cost a search per imported claim in every report.
            if not found and self.size:
                todo.append(claim)
        for claim_id, matched in self._matched(todo).items():
            results[claim_id] = matched
        for claim_id, found in results.items():
            unique: dict[tuple[str, ...], PriorCheck] = {}
            for check in found:
                unique.setdefault(_key(check), check)
            results[claim_id] = list(unique.values())
        return results

    def _matched(self, claims: list[Claim]) -> dict[int, list[PriorCheck]]:
        """The previously checked matches of ``claims``: stored when fresh, else searched
        and stored (see the module doc)."""
        if not claims:
            return {}
        with self.registry.engine.connect() as conn:
            generation = int(conn.exec_driver_sql(_index.GENERATION_SQL).scalar_one())
            stored = _stored_results(conn, [c.id for c in claims if c.id is not None])
        found: dict[int, list[PriorCheck]] = {}
        fresh: list[dict[str, Any]] = []
        for claim in claims:
            state = self._state(generation, claim)
            row = stored.get(claim.id or 0)
            if row is not None and row.state == state:
                found[claim.id or 0] = [PriorCheck(**item) for item in json.loads(row.matches)]
                continue
            self.searched += 1
            matched = [
                PriorCheck.of(m.fact_check, score=m.score)
                for m in self._search(claim.text, RELATED)
                if m.previously_checked
            ]
            found[claim.id or 0] = matched
            if claim.id is not None:
                fresh.append(
                    {
                        "claim_id": claim.id,
                        "state": state,
                        "matches": json.dumps([_stored_form(c) for c in matched]),
                    }
                )
                if len(fresh) >= STORE_BATCH:
                    self._store(fresh)
                    fresh = []
        self._store(fresh)
        return found

    def _state(self, generation: int, claim: Claim) -> str:
        """What a stored result was computed for: the index generation, the matcher's
        settings (with its semantic model and another row budget, if any) and the claim's
        fingerprint."""
        budget = "" if self.source.budget is None else f"/{self.source.budget}"
        return f"{generation}:{MATCHER_KEY}{self.matcher.semantic_key}{budget}:{claim.fingerprint}"

    def _store(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        try:
            with self.registry.engine.begin() as conn:
                conn.execute(_STORE_RESULT, rows)
        except sa.exc.DBAPIError:
            # A read-only or busy registry: the results are right, only not kept.
            return

    def related(self, claim: Claim, limit: int = RELATED) -> list[PriorCheck]:
        """Up to ``limit`` fact-checks below the threshold that may check ``claim``, best first.

        Those already previously checked (:meth:`lookup`) are left out.
        """
        known = {_key(check) for check in self.lookup(claim)}
        related = [
            PriorCheck.of(m.fact_check, score=m.score)
            for m in self._search(claim.text, limit + len(known))
            if not m.previously_checked
        ]
        return [check for check in related if _key(check) not in known][:limit]

    def _by_url(self, url: str) -> FactCheck | None:
        with self.registry.engine.connect() as conn:
            row = conn.execute(
                sa.text(f"SELECT {', '.join(COLUMNS)} FROM fact_check WHERE url = :url"),
                {"url": url},
            ).first()
        return fact_check_of(row) if row is not None else None


_STORE_RESULT = sa.text(
    """
    INSERT INTO claim_prior_check (claim_id, state, matches)
    VALUES (:claim_id, :state, :matches)
    ON CONFLICT (claim_id) DO UPDATE SET state = excluded.state, matches = excluded.matches,
        generation = NULL, watermark = NULL, candidates = NULL
    """
)


class _Stored(NamedTuple):
    """A stored result (a ``claim_prior_check`` row)."""

    state: str
    matches: str


def _stored_form(check: PriorCheck) -> dict[str, Any]:
    data = asdict(check)
    data["claim_id"] = 0
    return data


def _stored_results(conn: sa.Connection, claim_ids: list[int]) -> dict[int, _Stored]:
    """The stored results of ``claim_ids``, by claim id."""
    found: dict[int, _Stored] = {}
    stmt = sa.text(
        "SELECT claim_id, state, matches FROM claim_prior_check WHERE claim_id IN :ids"
    ).bindparams(sa.bindparam("ids", expanding=True))
    ordered = sorted(set(claim_ids))
    for start in range(0, len(ordered), 5000):
        rows = conn.execute(stmt, {"ids": ordered[start : start + 5000]})
        found.update((int(c), _Stored(str(s), str(m))) for c, s, m in rows)
    return found


def confirmed_fact_checks(registry: Registry) -> dict[int, list[str]]:
    """Review URLs of the fact-checks reviewers confirmed, by claim id (one query)."""
    found: dict[int, list[str]] = {}
    with registry.session() as session:
        rows = session.connection().execute(
            sa.select(col(Review.claim_id), col(Review.note))
            .where(
                col(Review.label) == ReviewLabel.NOTE.value,
                col(Review.note).startswith(CONFIRMED_NOTE),
            )
            .order_by(col(Review.id))
        )
        for claim_id, note in rows:
            url = str(note).removeprefix(CONFIRMED_NOTE).strip()
            if url and url not in found.setdefault(claim_id, []):
                found[claim_id].append(url)
    return found


def confirm_fact_check(
    registry: Registry, claim_id: int, url: str, *, reviewer: str | None = None
) -> Review:
    """Record that the published fact-check at ``url`` checked this claim (a review).

    Stored as a ``note`` review, ``previously checked: <url>`` (:data:`CONFIRMED_NOTE`):
    it changes neither the claim's status nor its outcome, and from then on the claim
    shows the fact-check as previously checked.
    """
    if not url.strip():
        raise ClaimtrackError("a confirmed fact-check needs its review URL")
    return add_review(
        registry,
        claim_id,
        ReviewLabel.NOTE.value,
        reviewer=reviewer or resolve_reviewer(),
        note=CONFIRMED_NOTE + url.strip(),
    )


def prior_check_to_dict(check: PriorCheck, *, related: bool = False) -> dict[str, object]:
    """The JSON form of a prior check (``show --json``); ``related``: a possibly related one,
    without the "previously checked" description."""
    data: dict[str, object] = {
        "claim": check.claim_text,
        "publisher": check.publisher,
        "rating": check.rating,
        "label": check.label,
        "url": check.url,
        "date": check.date,
        "score": check.score,
        "confirmed": check.confirmed,
    }
    if not related:
        data["description"] = check.describe()
    return data


def previously_checked_in(registry: Registry, article_id: int) -> dict[int, list[PriorCheck]]:
    """The claims of one article that were previously checked, with their fact-checks."""
    index = PriorCheckIndex.load(registry)
    if not index:
        return {}
    found = index.lookup_many(registry.claims(article_id=article_id))
    return {claim_id: checks for claim_id, checks in found.items() if claim_id and checks}


def previously_checked(registry: Registry, claim_id: int) -> list[PriorCheck]:
    """Published fact-checks (imported ClaimReviews) of this claim: see :class:`PriorCheckIndex`.

    Render each as :meth:`PriorCheck.describe`: ``previously checked by <publisher>: <rating>``.
    """
    claim = registry.claim(claim_id)
    if claim is None:
        return []
    return PriorCheckIndex.load(registry).lookup(claim)
