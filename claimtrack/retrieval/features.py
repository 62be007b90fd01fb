"""Cheap, explainable features of one (input text, fact-check) pair for the re-ranker.

Every feature is a number in [0, 1] (negation and number disagreement, and date distance,
count against a match). They are computed on cleaned text (:mod:`.clean`); term weights
are inverse document frequencies from the index, so a shared rare word ("Guantanamo")
counts for more than a shared common one ("president").
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack.extraction.entities import entities
from claimtrack.extraction.matching import numbers
from claimtrack.retrieval.terms import MAX_QUERY_TERMS, content_words, fts_words, negated, stem

#: Date distance saturates at this many days: a fact-check ten years older than a post is
#: as far as one twenty years older.
DATE_HORIZON_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Features:
    """Why a fact-check ranks where it does; see :data:`claimtrack.retrieval.rerank.WEIGHTS`.

    - ``bm25``: first-stage BM25 relevance over the most the query could score (every
      query term's IDF times (k1 + 1)): the IDF-weighted share of the query matched;
    - ``claim_coverage`` / ``title_coverage``: IDF-weighted share of the fact-checked
      claim's (title's) content words that the input contains;
    - ``query_coverage``: IDF-weighted share of the input's content words found in the
      claim, title or claimant;
    - ``bigrams``: share of the claim's and title's adjacent content-word pairs (stemmed)
      that the input also has: word order and phrases, which BM25 does not see;
    - ``fuzzy_claim`` / ``fuzzy_title``: rapidfuzz ``token_set_ratio`` of input and claim
      (title), over 100;
    - ``partial_claim``: rapidfuzz ``partial_token_sort_ratio``: the claim as a passage of
      a longer input;
    - ``numbers_agree`` / ``numbers_conflict``: the two state a common number / both state
      numbers and share none;
    - ``entities``: share of the claim's named entities (people, places, organisations)
      that the input names;
    - ``negation_conflict``: exactly one of the two is negated ("not", "never", "n't");
    - ``date_distance``: days between the post and the fact-check, over
      :data:`DATE_HORIZON_DAYS` (0 when either date is unknown);
    - ``semantic``: the cosine of the input's and the fact-check's sentence embeddings,
      from the semantic stage's model (:mod:`.semantic`); 0 without one.
    """

    bm25: float
    claim_coverage: float
    title_coverage: float
    query_coverage: float
    bigrams: float
    fuzzy_claim: float
    fuzzy_title: float
    partial_claim: float
    numbers_agree: float
    numbers_conflict: float
    entities: float
    negation_conflict: float
    date_distance: float
    semantic: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """The features by name."""
        return asdict(self)


NAMES: tuple[str, ...] = tuple(Features.__slots__)


@dataclass(frozen=True, slots=True)
class Query:
    """An input text prepared once for comparison with every candidate."""

    text: str
    lower: str
    terms: frozenset[str]
    index_terms: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    negated: bool
    date: dt.date | None

    @classmethod
    def of(cls, text: str, date: dt.date | None = None) -> Query:
        """Prepare cleaned ``text`` (posted on ``date``, if known)."""
        return cls(
            text=text,
            lower=text.lower(),
            terms=stems_of(text),
            index_terms=frozenset(stem(w) for w in fts_words(text, MAX_QUERY_TERMS)),
            bigrams=_bigrams(text),
            numbers=numbers(text),
            negated=negated(text),
            date=date,
        )


@lru_cache(maxsize=16384)
def stems_of(text: str) -> frozenset[str]:
    """The stemmed content words of ``text`` (cached: fact-check texts recur)."""
    return frozenset(stem(w) for w in content_words(text))


@lru_cache(maxsize=16384)
def _bigrams(text: str) -> frozenset[tuple[str, str]]:
    stems = [stem(w) for w in content_words(text)]
    return frozenset(itertools.pairwise(stems))


@lru_cache(maxsize=16384)
def _numbers(text: str) -> frozenset[str]:
    return numbers(text)


@lru_cache(maxsize=16384)
def _entities(text: str) -> tuple[str, ...]:
    return tuple(n.lower() for n in entities(text))


def _coverage(part: frozenset[str], whole: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted share of ``whole`` that is in ``part``."""
    total = sum(idf.get(t, 0.0) for t in whole)
    if total <= 0:
        return 0.0
    return sum(idf.get(t, 0.0) for t in whole & part) / total


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def features(
    query: Query,
    *,
    claim: str,
    title: str,
    claimant: str,
    published: str | None,
    bm25: float,
    max_bm25: float,
    idf: Mapping[str, float],
    semantic: float = 0.0,
) -> Features:
    """The features of one candidate fact-check for ``query`` (``semantic``: the semantic
    stage's similarity of the two, when there is one)."""
    claim_terms = stems_of(claim)
    title_terms = stems_of(title)
    doc_terms = claim_terms | title_terms | stems_of(claimant)
    claim_numbers = _numbers(claim)
    shared_numbers = claim_numbers & query.numbers
    names = _entities(claim)
    named = sum(1 for n in names if n in query.lower)
    doc_bigrams = _bigrams(claim) | _bigrams(title)
    fc_date = _date(published)
    days = abs((query.date - fc_date).days) if query.date and fc_date else 0
    return Features(
        bm25=min(1.0, bm25 / max_bm25) if max_bm25 > 0 else 0.0,
        claim_coverage=_coverage(query.terms, claim_terms, idf),
        title_coverage=_coverage(query.terms, title_terms, idf),
        query_coverage=_coverage(doc_terms, query.terms, idf),
        bigrams=len(doc_bigrams & query.bigrams) / len(doc_bigrams) if doc_bigrams else 0.0,
        fuzzy_claim=fuzz.token_set_ratio(query.lower, claim.lower()) / 100,
        fuzzy_title=fuzz.token_set_ratio(query.lower, title.lower()) / 100 if title else 0.0,
        partial_claim=fuzz.partial_token_sort_ratio(claim.lower(), query.lower) / 100,
        numbers_agree=1.0 if shared_numbers else 0.0,
        numbers_conflict=1.0 if claim_numbers and query.numbers and not shared_numbers else 0.0,
        entities=named / len(names) if names else 0.0,
        negation_conflict=1.0 if negated(claim) != query.negated else 0.0,
        date_distance=min(days, DATE_HORIZON_DAYS) / DATE_HORIZON_DAYS,
        semantic=semantic,
    )


def idf(document_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency, ``ln(1 + (N - n + 0.5) / (n + 0.5))``."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))
