"""Find earlier fact-checks of a claim: clean, retrieve with BM25, re-rank, calibrate.

>>> from claimtrack.importers.claimreview import FactCheck
>>> m = Matcher()
>>> m.add([FactCheck(claim="Drinking bleach cures the flu.", publisher="X", rating="False",
...                  label="false", url="https://example.org/bleach")])
1
>>> [hit.fact_check.url for hit in m.search("Can bleach cure flu? #health https://t.co/x")]
['https://example.org/bleach']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from claimtrack.errors import ClaimtrackError
from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval.clean import MONTHS, Cleaned, clean
from claimtrack.retrieval.features import Features, Query, features, idf, stems_of
from claimtrack.retrieval.index import BM25_K1, Candidate, FactCheckIndex, FactCheckSource
from claimtrack.retrieval.rerank import (
    CLAIM_COVERAGE_MIN,
    PREVIOUSLY_CHECKED,
    SEMANTIC_KEY,
    SEMANTIC_WEIGHTS,
    calibrate,
    calibrate_semantic,
    raw_score,
)
from claimtrack.retrieval.semantic import (
    SimilarityModel,
    active_model,
    document_text,
    semantic_text,
)

if TYPE_CHECKING:
    from claimtrack.registry import Registry

#: How many first-stage candidates the re-ranker reads.
CANDIDATES = 30
#: Longest input :meth:`Matcher.search` accepts, in words: one claim or one post, not an
#: article (split an article into sentences first).
MAX_WORDS = 1000
#: Longest input in characters (a text of few, very long "words" is no claim either).
MAX_CHARS = 30_000


def search_text(cleaned: Cleaned, date: dt.date | None = None) -> str:
    """What is searched for a cleaned input: its text, the signature's name (a possible
    claimant) and the month and year of the post (``date``, else the signature's date).

    Fact-checked claims often say when ("... in August 2019"): the post's month and year
    as words find those, the way a reader dates a post. On the CheckThat! 2020 train split
    this added 0.01 MAP@5 to plain BM25; text without a date is searched as it is.
    """
    when = date or cleaned.date
    parts = (
        cleaned.text,
        cleaned.author,
        f"{MONTHS[when.month - 1]} {when.year}" if when else None,
    )
    return " ".join(part for part in parts if part)


class MatchInputError(ClaimtrackError):
    """An input :meth:`Matcher.search` cannot look up (empty, or far too long)."""


@dataclass(frozen=True, slots=True)
class Match:
    """One earlier fact-check of the input, with its calibrated score and the reasons."""

    fact_check: FactCheck
    score: float
    features: Features
    #: The fact-check's id in its index (0 when not known).
    fact_check_id: int = 0

    @property
    def previously_checked(self) -> bool:
        """Whether this fact-check checks the input's claim: the score reaches
        :data:`~.rerank.PREVIOUSLY_CHECKED` and the input states enough of the fact-checked
        claim (:data:`~.rerank.CLAIM_COVERAGE_MIN`)."""
        return (
            self.score >= PREVIOUSLY_CHECKED and self.features.claim_coverage >= CLAIM_COVERAGE_MIN
        )


class Matcher:
    """Published fact-checks, searchable by the claim they check.

    ``Matcher(path)`` keeps the fact-checks and their index in the SQLite file ``path``
    (``":memory:"`` by default); :meth:`add` stores more at any time.
    ``Matcher(source=...)`` searches another :class:`~.index.FactCheckSource`: a
    registry's fact-checks (:meth:`for_registry`), which the import adds to.

    ``semantic``: the semantic stage (:mod:`.semantic`). ``True`` (the default) uses the
    model a plugin gives through the ``similarity_model`` hook, if any, asked on the
    first search; ``False`` keeps the matcher lexical; a :class:`~.semantic.SimilarityModel`
    is used as it is.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        candidates: int = CANDIDATES,
        source: FactCheckSource | None = None,
        semantic: SimilarityModel | bool = True,
    ) -> None:
        self.index: FactCheckSource = FactCheckIndex(path) if source is None else source
        self.candidates = candidates
        self._semantic = semantic

    @property
    def semantic(self) -> SimilarityModel | None:
        """The semantic stage's model, or None when the matcher is lexical only."""
        if self._semantic is True:
            self._semantic = active_model() or False
        return None if isinstance(self._semantic, bool) else self._semantic

    @property
    def semantic_key(self) -> str:
        """What distinguishes this matcher's scores from the lexical matcher's: ``""``
        without a semantic stage, else ``"+"``, the model's name and the semantic stage's
        constants (:data:`~.rerank.SEMANTIC_KEY`)."""
        model = self.semantic
        return f"+{model.name}@{SEMANTIC_KEY}" if model is not None else ""

    @classmethod
    def for_registry(
        cls, registry: Registry, *, semantic: SimilarityModel | bool = True
    ) -> Matcher:
        """A matcher over the fact-checks imported into ``registry`` (read-only)."""
        from claimtrack.retrieval.store import RegistryFactChecks

        return cls(source=RegistryFactChecks(registry.engine), semantic=semantic)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the index database."""
        self.index.close()

    def __len__(self) -> int:
        return len(self.index)

    def add(self, fact_checks: Iterable[FactCheck]) -> int:
        """Store fact-checks (one with a known review URL replaces the stored one).

        Only a matcher over its own :class:`~.index.FactCheckIndex` stores; a registry's
        fact-checks are added by ``claimtrack import claimreview``.
        """
        if not isinstance(self.index, FactCheckIndex):
            raise TypeError("this matcher reads a registry: import fact-checks into it instead")
        return self.index.add(fact_checks)

    def search(self, text: str, top: int = 5, *, date: dt.date | None = None) -> list[Match]:
        """The ``top`` fact-checks most likely to check the claim of ``text``, best first.

        ``text`` may be a raw post: URLs, hashtags, mentions and a ``— Name (@handle)
        Month D, YYYY`` signature are handled (the signature's name is searched as a
        possible claimant, its date is the post date unless ``date`` is given; the
        signature date's month and year are searched too, :func:`search_text`). An
        explicit ``date`` (an article's publication date) only weighs the date distance:
        a news sentence does not state the month it was published in, and searching it
        would dilute the score of the fact-check of that very sentence. Returns an
        empty list when nothing shares a word with the text. Raises
        :class:`MatchInputError` for empty text or more than :data:`MAX_WORDS` words
        (:data:`MAX_CHARS` characters).
        """
        _check_input(text, top)
        cleaned = clean(text)
        found = self.index.candidates(search_text(cleaned), max(self.candidates, top))
        return self._ranked(cleaned, date or cleaned.date, found, top)

    @staticmethod
    def query_text(text: str) -> str:
        """What :meth:`search` searches for ``text`` (cleaned, :func:`search_text`): the text
        a source's candidates are found and scored for."""
        return search_text(clean(text))

    def rank(
        self, text: str, found: Iterable[Candidate], top: int, *, date: dt.date | None = None
    ) -> list[Match]:
        """The ``top`` of candidates found elsewhere for ``text`` (scored for
        :meth:`query_text`), ranked and calibrated exactly as :meth:`search` ranks its own.

        For a caller that already knows the candidates (stored earlier ones, re-scored,
        and new fact-checks): the same candidates give the same matches as :meth:`search`.
        Raises :class:`MatchInputError` for the inputs :meth:`search` refuses.
        """
        _check_input(text, top)
        cleaned = clean(text)
        unique = {c.id: c for c in found}
        ordered = sorted(unique.values(), key=lambda c: (-c.bm25, c.id))
        return self._ranked(cleaned, date or cleaned.date, ordered, top)

    def _ranked(
        self, cleaned: Cleaned, date: dt.date | None, found: list[Candidate], top: int
    ) -> list[Match]:
        if not found:
            return []
        query = Query.of(search_text(cleaned), date)
        n = len(self.index)
        weights = self._idf(query, found, n)
        best = self._best_bm25(query, n)
        model = self.semantic
        similar: Sequence[float] = (
            model.similarities(
                semantic_text(cleaned.text), [document_text(c.fact_check) for c in found]
            )
            if model is not None
            else [0.0] * len(found)
        )
        matches: list[tuple[float, float, int, FactCheck, Features]] = []
        for cand, similarity in zip(found, similar, strict=True):
            fc = cand.fact_check
            feats = features(
                query,
                claim=fc.claim,
                title=fc.title or "",
                claimant=fc.claimant or "",
                published=fc.date,
                bm25=cand.bm25,
                max_bm25=best,
                idf=weights,
                semantic=float(similarity),
            )
            if model is None:
                raw = raw_score(feats)
                score = calibrate(raw)
            else:
                raw = raw_score(feats, SEMANTIC_WEIGHTS)
                score = calibrate_semantic(raw)
            matches.append((round(score, 4), raw, -cand.id, fc, feats))
        matches.sort(key=lambda m: m[:3], reverse=True)
        return [Match(fc, score, feats, -neg_id) for score, _, neg_id, fc, feats in matches[:top]]

    def _best_bm25(self, query: Query, n: int) -> float:
        """An upper bound of ``bm25`` for this query: each term's IDF times (k1 + 1).

        Dividing by it makes the BM25 feature absolute (the share of the query's weight
        that a fact-check matches) without changing the order of one query's candidates.
        A query word no fact-check contains counts too (with the IDF of a term in no
        document): a text that shares one word with a fact-check and says much else does
        not match it fully.
        """
        frequencies = self.index.document_frequencies(query.index_terms)
        return sum(
            (BM25_K1 + 1) * max(1e-6, math.log((n - df + 0.5) / (df + 0.5)))
            for df in (frequencies.get(term, 0) for term in query.index_terms)
        )

    def _idf(self, query: Query, found: list[Candidate], n: int) -> dict[str, float]:
        terms = set(query.terms)
        for cand in found:
            fc = cand.fact_check
            terms |= stems_of(fc.claim) | stems_of(fc.title or "") | stems_of(fc.claimant or "")
        frequencies = self.index.document_frequencies(terms)
        return {t: idf(frequencies.get(t, 0), n) for t in terms}


def _check_input(text: str, top: int) -> None:
    """Raise :class:`MatchInputError` for empty text, ``top`` < 1 or far too long text."""
    if not text or not text.strip():
        raise MatchInputError("nothing to match: the text is empty")
    if top < 1:
        raise MatchInputError(f"top must be at least 1, not {top}")
    n_words = len(text.split())
    if n_words > MAX_WORDS or len(text) > MAX_CHARS:
        size = f"{n_words} words" if n_words > MAX_WORDS else f"{len(text)} characters"
        raise MatchInputError(
            f"text too long to match: {size} (at most {MAX_WORDS} words,"
            f" {MAX_CHARS} characters); match one claim or post at a time"
        )
