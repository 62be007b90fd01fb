"""Check-worthiness: a small linear text model plus news rules, giving a score in [0, 1].

The model is a logistic regression over word 1-2-gram and character 3-5-gram features
of a number-normalised sentence, trained by ``scripts/train_checkworthiness.py`` on the
ClaimBuster crowdsourced debate sentences (CFS against the rest). Its weights ship in
``checkworthiness_model.json.gz`` beside this module and are read with the standard
library only: no scikit-learn or numpy at run time.

The final score combines the model's log-odds with the rule evidence found by
:mod:`claimtrack.extraction.kinds` (statistics, dates, quotes, offices …) and the
penalties of :mod:`claimtrack.extraction.rules` (opinions, questions, predictions …).
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from claimtrack.extraction.hints import contains_any, has_digit, literals, words
from claimtrack.extraction.kinds import analyse
from claimtrack.extraction.rules import penalties

#: Sentences scoring at or above this are check-worthy. 0.5 is where the combined
#: log-odds are even; the training script reports the model's F1 at this threshold.
CHECKWORTHY_THRESHOLD: float = 0.5

MODEL_FILE = "checkworthiness_model.json.gz"

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|trillions|"
    "half|third|thirds|quarter|quarters|percent|twice|double|doubled|triple|tripled"
)
_NORMALISERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\$\s?\d[\d,.]*"), " _money_ "),
    (re.compile(r"\b(?:1[5-9]\d\d|20\d\d)s?\b"), " _year_ "),
    (re.compile(r"\d[\d,.]*\s?(?:%|percent\b|per cent\b)"), " _pct_ "),
    (re.compile(r"\d[\d,.]*"), " _num_ "),
    (re.compile(rf"\b(?:{_NUMBER_WORDS})\b"), r" _numw_ \g<0>"),
)
_TOKEN = re.compile(r"_[a-z]+_|[a-z0-9]+(?:'[a-z]+)?")
#: Every normaliser but the last needs a digit; the last needs one of these.
_NUMBER_WORD_HINTS = literals(_NUMBER_WORDS.split("|"))
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS.split("|"))


@lru_cache(maxsize=512)
def _number_words_in(present: frozenset[str]) -> re.Pattern[str]:
    """The last normaliser's pattern for the number words ``present`` in a text only."""
    return re.compile(rf"\b(?:{'|'.join(sorted(present))})\b")


def normalise(text: str) -> str:
    """Lowercase ``text`` and replace money, years, percentages and numbers by tokens."""
    text = text.lower()
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if has_digit(text):
        for pattern, repl in _NORMALISERS[:-1]:
            text = pattern.sub(repl, text)
        if not contains_any(text, _NUMBER_WORD_HINTS):
            return text
    # The last normaliser matches whole runs of word characters that are number words (its
    # words are letters between \b and \b): the same pattern over only the number words among
    # the text's runs finds the same matches, without trying every word at every position.
    present = _NUMBER_WORD_SET.intersection(words(text))
    if present:
        text = _number_words_in(frozenset(present)).sub(_NORMALISERS[-1][1], text)
    return text


def tokens(text: str) -> list[str]:
    """The word tokens of the normalised sentence."""
    return _TOKEN.findall(normalise(text))


def token_features(token: str) -> list[str]:
    """The features one distinct token contributes: itself and its char 3-5-grams."""
    padded = " " + token + " "
    size = len(padded)
    return [
        "w " + token,
        *[padded[i : i + 3] for i in range(size - 2)],
        *[padded[i : i + 4] for i in range(size - 3)],
        *[padded[i : i + 5] for i in range(size - 4)],
    ]


def bigrams(toks: list[str]) -> set[str]:
    """The distinct word-bigram features of a token list."""
    return {"b " + a + " " + b for a, b in itertools.pairwise(toks)}


def features(text: str) -> dict[str, int]:
    """The model's features of one sentence with their counts.

    Every distinct token adds its word feature and its char 3-5-grams (a char n-gram
    shared by two distinct tokens counts twice); every distinct word bigram counts once.
    Training (``scripts/train_checkworthiness.py``) imports this very function, so the
    features at run time are exactly those the weights were learnt on.
    """
    toks = tokens(text)
    counts: dict[str, int] = dict.fromkeys(bigrams(toks), 1)
    for tok in set(toks):
        for f in token_features(tok):
            counts[f] = counts.get(f, 0) + 1
    return counts


_TOKEN_CACHE_SIZE = 200_000


def token_weight(weights: Mapping[str, float], token: str) -> tuple[float, int]:
    """The summed weights of one token's features (:func:`token_features`) and their count."""
    feats = token_features(token)
    return sum(map(weights.get, feats, itertools.repeat(0.0))), len(feats)


def token_table(weights: Mapping[str, float]) -> dict[str, list[float | int]]:
    """:func:`token_weight` of every token that has a word feature of its own.

    The training script ships it with the weights (``"tokens"``), so a new process need not
    compute the char n-gram sums of the words it meets most: the model's vocabulary.
    """
    return {f[2:]: list(token_weight(weights, f[2:])) for f in weights if f.startswith("w ")}


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over feature counts divided by sqrt(total count).

    ``logit`` equals ``bias + sum(weight[f] * count[f]) / sqrt(sum(count))`` over
    :func:`features`, computed per distinct token with a cache, which makes it fast.
    """

    weights: dict[str, float]
    bias: float
    meta: dict[str, object]
    _cache: dict[str, tuple[float, int]] = field(default_factory=dict, repr=False, compare=False)
    #: :func:`token_table` as shipped (token -> [summed weight, feature count]): read before
    #: computing a token's features, never emptied.
    vocabulary: Mapping[str, Sequence[float]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: The word-bigram weights by token pair: a tuple of two tokens hashes from their cached
    #: hashes, where "b a b" would be a new string to build and hash for every pair.
    _pairs: dict[tuple[str, str], float] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for feature, weight in self.weights.items():
            if feature.startswith("b "):
                first, second = feature[2:].split(" ")
                self._pairs[first, second] = weight

    def _token(self, token: str) -> tuple[float, int]:
        hit = self._cache.get(token)
        if hit is None:
            shipped = self.vocabulary.get(token)
            hit = (
                token_weight(self.weights, token)
                if shipped is None
                else (shipped[0], int(shipped[1]))
            )
            if len(self._cache) >= _TOKEN_CACHE_SIZE:
                self._cache.clear()
            self._cache[token] = hit
        return hit

    def logit(self, text: str) -> float:
        """The model's log-odds that ``text`` is a check-worthy factual sentence."""
        toks = tokens(text)
        if not toks:
            return self.bias
        pairs = set(itertools.pairwise(toks))  # as bigrams(toks), by token pair
        total = sum(map(self._pairs.get, pairs, itertools.repeat(0.0)))
        distinct = set(toks)
        cached = list(map(self._cache.get, distinct))
        hits: list[tuple[float, int]] = (
            [hit or self._token(tok) for hit, tok in zip(cached, distinct, strict=True)]
            if None in cached
            else cast("list[tuple[float, int]]", cached)
        )
        # the token weights are added one by one, in order, as a loop would
        total = functools.reduce(operator.add, map(operator.itemgetter(0), hits), total)
        count = len(pairs) + sum(map(operator.itemgetter(1), hits))
        return self.bias + total / math.sqrt(count)

    def probability(self, text: str) -> float:
        """The model's probability that ``text`` is check-worthy."""
        return sigmoid(self.logit(text))


def sigmoid(x: float) -> float:
    """The logistic function, safe for large magnitudes."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@lru_cache(maxsize=1)
def load_model() -> LinearModel:
    """Load the shipped model weights (cached; standard library only)."""
    raw = resources.files("claimtrack.extraction").joinpath(MODEL_FILE).read_bytes()
    data = json.loads(gzip.decompress(raw).decode("utf-8"))
    return LinearModel(
        weights=data["weights"],
        bias=float(data["bias"]),
        meta=data.get("meta", {}),
        vocabulary=data.get("tokens", {}),
    )


@dataclass
class Scored:
    """A scored sentence: the score, its reasons, and what the kind rules found."""

    score: float
    checkworthy: bool
    kind: str
    reasons: list[str]
    values: dict[str, Any]
    speaker: str | None
    entities: list[str]


def score_sentence(
    sentence: str,
    published: datetime | None = None,
    previous_speaker: str | None = None,
    model: LinearModel | None = None,
) -> Scored:
    """Score one sentence in [0, 1]: model log-odds plus rule evidence and penalties.

    Reasons list the rule evidence ("contains a statistic", "attributed quote" …), the
    penalties ("opinion", "question" …) and the model's own probability. ``model``
    defaults to the shipped one.
    """
    model_logit = (model or load_model()).logit(sentence)
    analysis = analyse(sentence, published, previous_speaker)
    signals = analysis.evidence + penalties(sentence)
    score = sigmoid(model_logit + sum(weight for _, weight in signals))
    reasons = [reason for reason, _ in signals]
    reasons.append(f"model {sigmoid(model_logit):.2f}")
    return Scored(
        score=round(score, 4),
        checkworthy=score >= CHECKWORTHY_THRESHOLD,
        kind=analysis.kind,
        reasons=reasons,
        values=analysis.values(),
        speaker=analysis.speaker,
        entities=analysis.entities,
    )
