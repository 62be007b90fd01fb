"""The shipped check-worthiness model: loads without scikit-learn, scores sensibly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.extraction.checkworthiness import (
    CHECKWORTHY_THRESHOLD,
    LinearModel,
    features,
    load_model,
    score_sentence,
    token_weight,
)

ROOT = Path(__file__).resolve().parents[2]
BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("sklearn", "numpy", "scipy"):
            raise ImportError("blocked: " + name)
        return None
sys.meta_path.insert(0, Block())
from claimtrack.extraction.checkworthiness import score_sentence
from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext
s = score_sentence("Unemployment fell to 4.2 percent in 2023.")
claims = extract_claims("The G7 has seven members. I think it is great.", ArticleContext())
print(s.score, [c.checkworthy for c in claims])
"""


def test_model_loads_without_sklearn_numpy_or_scipy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, check=True
    )
    score, flags = out.stdout.split(" ", 1)
    assert float(score) > 0.9
    assert flags.strip() == "[True, False]"


def test_model_is_small_and_documented() -> None:
    model = load_model()
    path = ROOT / "claimtrack" / "extraction" / "checkworthiness_model.json.gz"
    assert path.stat().st_size < 5_000_000
    assert 1000 < len(model.weights) < 500_000
    assert "crowdsourced" in str(model.meta["data"]) and "10.5281/zenodo.3609356" in str(
        model.meta["data"]
    )
    assert 0 < CHECKWORTHY_THRESHOLD < 1


def test_logit_matches_the_feature_definition() -> None:
    import math

    model = load_model()
    sentence = "The deficit was $1.2 trillion in 2020, the the highest since 1945."
    feats = features(sentence)
    expected = model.bias + sum(
        model.weights.get(f, 0.0) * c for f, c in feats.items()
    ) / math.sqrt(sum(feats.values()))
    assert model.logit(sentence) == pytest.approx(expected)


def test_shipped_token_table_is_the_weights_own() -> None:
    """The shipped per-token sums are exactly what the weights give: every word feature's
    token, nothing else (a model retrained without rewriting them fails here)."""
    model = load_model()
    words = {f[2:] for f in model.weights if f.startswith("w ")}
    assert set(model.vocabulary) == words
    for token in words:
        assert tuple(model.vocabulary[token]) == token_weight(model.weights, token), token


def test_logit_is_the_same_with_or_without_the_token_table() -> None:
    model = load_model()
    bare = LinearModel(weights=model.weights, bias=model.bias, meta=model.meta)
    sentence = "The deficit was $1.2 trillion in 2020, the highest since 1945, she said."
    model._cache.clear()
    assert model.logit(sentence) == bare.logit(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment fell to 3.9 percent last year, the lowest rate since 1969.",
        "The bill would cut taxes for 40 million families by $2,000 each.",
        "China produces more than half of the world's steel.",
        "The Senate voted 52 to 48 to confirm the nominee on Tuesday.",
    ],
)
def test_checkworthy_sentences(sentence: str) -> None:
    scored = score_sentence(sentence)
    assert scored.checkworthy and scored.score >= CHECKWORTHY_THRESHOLD, scored


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you all for coming tonight.",
        "I think we can do better as a country.",
        "Will they ever learn?",
        "What a wonderful evening it has been.",
        "We should be proud of our teachers.",
    ],
)
def test_not_checkworthy_sentences(sentence: str) -> None:
    scored = score_sentence(sentence)
    assert not scored.checkworthy and scored.score < CHECKWORTHY_THRESHOLD, scored


def test_reasons_are_human_readable() -> None:
    scored = score_sentence('"Prices doubled in 2022," said Finance Minister Jane Roe.')
    assert "attributed quote" in scored.reasons
    assert "mentions a date" in scored.reasons
    assert scored.reasons[-1].startswith("model ")
    json.dumps(scored.values)  # JSON-ready
