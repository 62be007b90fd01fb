"""The second stage: a weighted sum of :class:`~.features.Features`, calibrated to [0, 1].

``raw = sum(WEIGHTS[name] * feature)`` orders the candidates;
``score = 1 / (1 + exp(-(CALIBRATION_SLOPE * raw + CALIBRATION_INTERCEPT)))`` is read as
the chance that the fact-check checks the input's claim. Every feature is absolute (none
is relative to the other candidates), so the score means the same for every input. A
match with ``score >= PREVIOUSLY_CHECKED`` counts as "previously checked".

All constants were chosen by ``python benchmarks/bench_match.py --data PATH --tune`` on the
**train** split of CLEF CheckThat! 2020 Task 2 only (docs/matching.md has the figures):

- :data:`WEIGHTS`: a coordinate search over a small grid maximising MAP@5 on train, with
  the signs fixed (agreement features >= 0, conflict features <= 0). The conflict
  weights (numbers, negation) and the date weight are hand-set small penalties: the
  CheckThat! claims carry no dates, and on train the penalties neither help nor hurt
  much, but a fact-check of "X is not true" must not outrank one of "X is true" for
  the same words;
- calibration: a logistic fit (Platt scaling, grid search) of "is the top match the
  right one" over the train posts, so the score of a top match reads as the chance
  that it checks the input's claim;
- :data:`PREVIOUSLY_CHECKED`: the lowest threshold at which the top match is the right
  fact-check for >= 90 % of the train posts that reach it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

from claimtrack.retrieval.features import NAMES, Features

#: Feature weights of the re-ranker (see the module docstring for how they were chosen).
WEIGHTS: Mapping[str, float] = {
    "bm25": 8.0,
    "claim_coverage": 0.0,
    "title_coverage": 0.1,
    "query_coverage": 0.1,
    "bigrams": 0.0,
    "fuzzy_claim": 0.0,
    "fuzzy_title": 0.25,
    "partial_claim": 0.0,
    "numbers_agree": 0.0,
    "numbers_conflict": -0.05,
    "entities": 0.0,
    "negation_conflict": -0.05,
    "date_distance": -0.05,
    # Only with a semantic stage (0 without one); its weight is SEMANTIC_WEIGHT.
    "semantic": 0.0,
}
#: Platt scaling of the raw score to [0, 1], fitted on train.
CALIBRATION_SLOPE = 2.0
CALIBRATION_INTERCEPT = -1.5
#: A match at or above this calibrated score is "previously checked" (precision >= 0.9 of
#: the top match on train).
PREVIOUSLY_CHECKED = 0.7
#: ... and only when the input also contains at least this IDF-weighted share of the
#: fact-checked claim's content words (``claim_coverage``). The calibration above saw only
#: posts that *have* a fact-check; ordinary news sentences share a rare name or two with
#: some fact-check and score high. Chosen on 300 train posts and 300 check-worthy
#: ClaimBuster debate sentences (as sentences with no fact-check): without it 58 % of the
#: debate sentences were "previously checked", with it 4 %, while 140 of the 174 train
#: posts flagged correctly stay flagged (wrongly flagged: 5 -> 1). See docs/matching.md.
CLAIM_COVERAGE_MIN = 0.4


def raw_score(features: Features, weights: Mapping[str, float] = WEIGHTS) -> float:
    """The weighted feature sum that orders candidates."""
    values = features.as_dict()
    return sum(weights[name] * values[name] for name in NAMES)


def calibrate(
    raw: float, slope: float = CALIBRATION_SLOPE, intercept: float = CALIBRATION_INTERCEPT
) -> float:
    """The logistic map of a raw score to [0, 1]."""
    z = slope * raw + intercept
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


#: The weights with a semantic stage (:mod:`.semantic`): the lexical ones plus the
#: model's cosine, weighted so that the fused score is best on train (5-fold
#: cross-validated; see docs/matching.md).
SEMANTIC_WEIGHTS: Mapping[str, float] = {**WEIGHTS, "semantic": 2.0}
#: Platt scaling of the fused raw score, fitted on train like the lexical one, so that
#: :data:`PREVIOUSLY_CHECKED` means the same with and without a semantic stage.
SEMANTIC_CALIBRATION_SLOPE = 2.5
SEMANTIC_CALIBRATION_INTERCEPT = -3.5

#: The semantic stage's constants, hashed: part of the key of stored results.
SEMANTIC_KEY = hashlib.sha1(
    repr(
        (
            sorted(SEMANTIC_WEIGHTS.items()),
            SEMANTIC_CALIBRATION_SLOPE,
            SEMANTIC_CALIBRATION_INTERCEPT,
        )
    ).encode()
).hexdigest()[:8]


def calibrate_semantic(raw: float) -> float:
    """:func:`calibrate` with the semantic stage's constants."""
    return calibrate(raw, SEMANTIC_CALIBRATION_SLOPE, SEMANTIC_CALIBRATION_INTERCEPT)
