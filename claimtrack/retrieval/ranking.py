"""Rank fact-checks found elsewhere (a search API's results) with the one matcher, no database.

``claimtrack match`` and "previously checked" search the fact-checks a registry imported;
the ``factcheck`` verifier gets its candidates from Google Fact Check Tools instead. Both
decide with the same scorer: :func:`rank_fact_checks` hands the candidates to
:class:`~.matcher.Matcher` through :class:`FactCheckList`, an in-memory
:class:`~.index.FactCheckSource`, so the same cleaning, features, weights, calibration and
the one threshold (:attr:`~.matcher.Match.previously_checked`) apply, and any tuning of
them applies to both.

What differs is only the corpus statistics. A registry knows how many of its fact-checks
contain each word; a search API's handful of results does not tell how common a word is
among all fact-checks (every result contains the searched words). :class:`FactCheckList`
therefore reads the results as a sample of a corpus of :data:`REFERENCE_SIZE` fact-checks
(the size of the one the calibration was fitted on) in which a word occurs only where the
results show it: every content word weighs about the same (ln of
:data:`REFERENCE_SIZE` over its count), instead of rare words counting for more. BM25 is
FTS5's formula (:func:`~.store.bm25`, the one PostgreSQL registries use too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from claimtrack.extraction.matching import numbers
from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval.clean import clean
from claimtrack.retrieval.index import Candidate
from claimtrack.retrieval.matcher import Match, Matcher
from claimtrack.retrieval.terms import content_words, fts_words, negated, stem, words

#: The corpus size a list of search results is read as a sample of: about the size of the
#: corpus the re-ranker's calibration was fitted on (10,375 CheckThat! 2020 fact-checks).
REFERENCE_SIZE = 10_000


def _columns(fc: FactCheck) -> list[list[str]]:
    return [
        [stem(w) for w in words(text)] for text in (fc.claim, fc.title or "", fc.claimant or "")
    ]


class FactCheckList:
    """A fixed list of fact-checks as a :class:`~.index.FactCheckSource`, kept in memory.

    Candidates are ranked by FTS5's ``bm25()`` formula over claim, title and claimant; the
    document frequencies are the list's own, in a corpus of ``reference_size`` fact-checks
    (see the module docstring).
    """

    def __init__(
        self, fact_checks: Iterable[FactCheck], *, reference_size: int = REFERENCE_SIZE
    ) -> None:
        self.fact_checks = [fc for fc in fact_checks if fc.claim and fc.claim.strip()]
        self._columns = [_columns(fc) for fc in self.fact_checks]
        self._documents = max(reference_size, len(self.fact_checks))
        self._frequencies: dict[str, int] = {}
        for columns in self._columns:
            for term in {t for column in columns for t in column}:
                self._frequencies[term] = self._frequencies.get(term, 0) + 1
        lengths = [sum(len(c) for c in columns) for columns in self._columns]
        self._average = sum(lengths) / len(lengths) if lengths else 0.0

    def close(self) -> None:
        """Nothing to release."""

    def __len__(self) -> int:
        """The size of the corpus the list stands for (:data:`REFERENCE_SIZE`)."""
        return self._documents

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many of the listed fact-checks contain each (Porter-stemmed) term."""
        return {t: self._frequencies[t] for t in set(terms) if t in self._frequencies}

    def candidates(self, text: str, limit: int) -> list[Candidate]:
        """Up to ``limit`` listed fact-checks sharing content words with ``text``, best first."""
        # .store imports SQLAlchemy: not at import time of claimtrack.retrieval.
        from claimtrack.retrieval.store import bm25

        # Not deduplicated: FTS5 scores each OR-ed query word, also two of one stem.
        terms = [stem(w) for w in fts_words(text)]
        if not terms:
            return []
        found = []
        for i, (fc, columns) in enumerate(zip(self.fact_checks, self._columns, strict=True)):
            relevance = bm25(terms, columns, self._frequencies, self._documents, self._average)
            if relevance > 0:
                found.append(Candidate(id=i + 1, fact_check=fc, bm25=relevance))
        # Earlier results first among equals (Candidate ids are the list order).
        found.sort(key=lambda c: (-c.bm25, c.id))
        return found[:limit]


def rank_fact_checks(
    text: str,
    fact_checks: Sequence[FactCheck],
    top: int | None = None,
    *,
    date: dt.date | None = None,
) -> list[Match]:
    """Score ``fact_checks`` (e.g. a search API's results) against the claim of ``text``.

    The same scorer as :meth:`Matcher.search` over a registry: best first, each with its
    calibrated score and :attr:`~.matcher.Match.previously_checked`. Fact-checks that share
    no content word with ``text`` are left out; ``top`` (default: all) keeps the best ones.
    Raises :class:`~.matcher.MatchInputError` for empty or far too long text.
    """
    source = FactCheckList(fact_checks)
    size = max(1, len(source.fact_checks))
    with Matcher(source=source, candidates=size) as matcher:
        return matcher.search(text, top or size, date=date)


#: A name with a number in it ("COVID-19", "F-35", "MH-17"): its number is no figure the
#: claim states.
_NUMBERED_NAME = re.compile(r"\b[^\W\d_]+-\d+\b")


def _numbers(text: str) -> frozenset[str]:
    return numbers(_NUMBERED_NAME.sub(" ", text))


#: The share of the fact-checked claim's content words (numbers aside: they must all be
#: stated, see :func:`disagreements`) that a text must state, as the same stems, for the
#: fact-check's rating to carry over to it. Finding a fact-check ("previously checked")
#: asks less: a related wording is worth showing, but "Bill Gates spoke about vaccines for
#: people in poor countries" is not rated by a fact-check of "Bill Gates wants to
#: microchip people through vaccines" (it states four of its six content words).
RATING_COVERAGE = 0.75


def disagreements(text: str, match: Match) -> list[str]:
    """What the fact-checked claim states that ``text`` contradicts or leaves out, such
    that the fact-check's *rating* cannot carry over to ``text`` even when it checks a
    claim like it: numbers the fact-checked claim states that ``text`` does not (a
    fact-check of "NATO was set up in 1955" says nothing true or false of "... in 1949"),
    content it states that ``text`` does not (less than :data:`RATING_COVERAGE` of it),
    and a negation in one of the two only ("Sydney is not the capital" is the opposite of
    the claim a "False" rated). Empty when the rating may carry over.

    A ``text`` that says more than the fact-checked claim (a news sentence around a short
    checked claim) disagrees with nothing: only what the fact-check states is compared.
    """
    query = clean(text).text
    checked = match.fact_check.claim
    out = []
    missing = _numbers(checked) - _numbers(query)
    if missing:
        out.append(f"it states {', '.join(sorted(missing))}, this claim does not")
    said = [w for w in dict.fromkeys(content_words(checked)) if not w.isdigit()]
    stated = {stem(w) for w in words(query)}
    unsaid = [w for w in said if stem(w) not in stated]
    if said and 1 - len(unsaid) / len(said) < RATING_COVERAGE:
        out.append(f"it states {', '.join(repr(w) for w in unsaid)}, this claim does not")
    if match.features.negation_conflict or negated(checked) != negated(query):
        out.append("one of the two is negated")
    return out
