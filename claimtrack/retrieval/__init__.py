"""Find earlier fact-checks of a claim: ranked retrieval over published fact-checks.

- :mod:`.clean`: input cleaning for real-world text (URLs, signatures, hashtags, casing);
- :mod:`.index`: the first stage, SQLite FTS5 ``bm25()`` over claim, title and claimant;
- :mod:`.features` and :mod:`.rerank`: the second stage, cheap explainable features, a
  weighted sum and a calibrated [0, 1] score with one threshold,
  :data:`PREVIOUSLY_CHECKED`;
- :mod:`.matcher`: :class:`Matcher`, the API (``add`` fact-checks, ``search`` a text);
- :mod:`.ranking`: :func:`rank_fact_checks`, the same scorer over fact-checks found
  elsewhere (a search API's results), without a database.

See docs/matching.md for the design and the measured figures.
"""

from __future__ import annotations

from claimtrack.retrieval.clean import Cleaned, clean
from claimtrack.retrieval.features import Features
from claimtrack.retrieval.matcher import MAX_WORDS, Match, Matcher, MatchInputError
from claimtrack.retrieval.ranking import FactCheckList, disagreements, rank_fact_checks
from claimtrack.retrieval.rerank import PREVIOUSLY_CHECKED

__all__ = [
    "MAX_WORDS",
    "PREVIOUSLY_CHECKED",
    "Cleaned",
    "FactCheckList",
    "Features",
    "Match",
    "MatchInputError",
    "Matcher",
    "clean",
    "disagreements",
    "rank_fact_checks",
]
