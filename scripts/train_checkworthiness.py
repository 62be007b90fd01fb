"""Train claimtrack's check-worthiness model on the ClaimBuster crowdsourced sentences.

Usage::

    python scripts/train_checkworthiness.py --data ../shared/data/claimbuster/crowdsourced.csv

Task: CFS (Verdict == 1) against the rest (UFS + NFS). Every fifth debate (``File_id``
sorted by date) is held out; model choices (C, class weights) are made by grouped
cross-validation on the training debates only, never on the held-out ones. The script
prints precision, recall and F1 on the held-out debates for

* the baseline: word 1-2-gram TF-IDF + logistic regression (scikit-learn defaults),
* claimtrack's model: word + char n-gram features of number-normalised text,
* claimtrack's full scorer (model + news rules) at ``CHECKWORTHY_THRESHOLD``,

beside the published figures, writes the Markdown table into ``--docs`` (optional, between
its f1-table markers) and the weights to ``claimtrack/extraction/checkworthiness_model.json.gz``. scikit-learn, numpy
and scipy are needed here only (dev dependencies); inference uses none of them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.extraction.checkworthiness import (  # noqa: E402
    CHECKWORTHY_THRESHOLD,
    MODEL_FILE,
    LinearModel,
    features,
    score_sentence,
    token_table,
)

OUT = ROOT / "claimtrack" / "extraction" / MODEL_FILE
PUBLISHED = (
    ("ClaimBuster SVM (Hassan et al., KDD 2017)", None, None, 0.78),
    ("Full Fact (Konstantinovskiy et al., 2018; UK transcripts)", None, None, 0.83),
)
MIN_DF = 2
PRUNE_BELOW = 0.02


def load(path: Path) -> tuple[list[str], np.ndarray, list[str]]:
    """Sentences, CFS labels and debate ids from ``crowdsourced.csv``."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["Text"] for r in rows]
    labels = np.array([r["Verdict"].strip() == "1" for r in rows])
    groups = [r["File_id"] for r in rows]
    return texts, labels, groups


def vectorise(feats: list[dict[str, int]], vocab: dict[str, int]) -> csr_matrix:
    """Feature counts in ``vocab``, each row divided by sqrt(total count of features extracted).

    The total counts every extracted feature, in the vocabulary or not, exactly as
    :meth:`LinearModel.logit` does, so pruning the vocabulary later keeps scores comparable.
    """
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[float] = []
    for fs in feats:
        total = sum(fs.values())
        scale = 1.0 / np.sqrt(total) if total else 0.0
        kept = sorted((vocab[f], c) for f, c in fs.items() if f in vocab)
        indices.extend(i for i, _ in kept)
        data.extend(c * scale for _, c in kept)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(feats), len(vocab)))


def build_vocab(feats: list[dict[str, int]]) -> dict[str, int]:
    """Features seen in at least ``MIN_DF`` training sentences."""
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= MIN_DF)
    return {f: i for i, f in enumerate(kept)}


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive (CFS) class."""
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return float(p), float(r), float(f)


def choose_params(
    feats: list[dict[str, int]], y: np.ndarray, groups: list[str]
) -> dict[str, object]:
    """Pick C and class weighting by 5-fold grouped CV on the training debates."""
    best: tuple[float, dict[str, object]] = (-1.0, {})
    for weight in (None, "balanced"):
        for c in (0.5, 1.0, 2.0, 4.0):
            scores = []
            for tr, va in GroupKFold(n_splits=5).split(feats, y, groups):
                vocab = build_vocab([feats[i] for i in tr])
                model = LogisticRegression(C=c, class_weight=weight, max_iter=3000)
                model.fit(vectorise([feats[i] for i in tr], vocab), y[tr])
                pred = model.predict(vectorise([feats[i] for i in va], vocab))
                scores.append(f1_score(y[va], pred))
            mean = float(np.mean(scores))
            print(f"  cv C={c:<4} class_weight={weight!s:<9} F1={mean:.3f}", flush=True)
            if mean > best[0]:
                best = (mean, {"C": c, "class_weight": weight, "cv_f1": round(mean, 4)})
    return best[1]


def baseline(train_x: list[str], train_y: np.ndarray, test_x: list[str]) -> np.ndarray:
    """Word 1-2-gram TF-IDF + logistic regression with scikit-learn defaults."""
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=MIN_DF, sublinear_tf=True)
    model = LogisticRegression(max_iter=3000).fit(vec.fit_transform(train_x), train_y)
    return model.predict(vec.transform(test_x))


def baseline_balanced(train_x: list[str], train_y: np.ndarray, test_x: list[str]) -> np.ndarray:
    """The same baseline with balanced class weights (a stronger variant)."""
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=MIN_DF, sublinear_tf=True)
    model = LogisticRegression(max_iter=3000, class_weight="balanced")
    model.fit(vec.fit_transform(train_x), train_y)
    return model.predict(vec.transform(test_x))


def table(rows: list[tuple[str, float | None, float | None, float]]) -> str:
    """A Markdown table of (system, precision, recall, F1)."""
    out = ["| system | precision | recall | F1 |", "| --- | --- | --- | --- |"]
    for name, p, r, f in rows:
        fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
        out.append(f"| {name} | {fmt(p)} | {fmt(r)} | {fmt(f)} |")
    return "\n".join(out)


START, END = "<!-- f1-table:start -->", "<!-- f1-table:end -->"


def write_table(path: Path, md: str, sentences: int, debates: list[str]) -> None:
    """Replace the text between the f1-table markers of ``path`` with the new table."""
    doc = path.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{path}: no {START} … {END} markers")
    note = f"Held-out debates ({sentences} sentences): {', '.join(d.removesuffix('.txt') for d in debates)}."
    head, rest = doc.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{START}\n{md}\n\n{note}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    """Train, evaluate on held-out debates, write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="path to crowdsourced.csv")
    parser.add_argument(
        "--docs",
        type=Path,
        help="write the F1 table into this Markdown file, between the f1-table markers (e.g. docs/extraction.md)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="evaluate only, keep the shipped weights"
    )
    args = parser.parse_args()

    texts, y, groups = load(args.data)
    debates = sorted(set(groups))
    held_out = set(debates[::5])
    tr = [i for i, g in enumerate(groups) if g not in held_out]
    te = [i for i, g in enumerate(groups) if g in held_out]
    print(
        f"{len(debates)} debates; held out {len(held_out)} ({len(te)} sentences): {sorted(held_out)}"
    )

    feats = [features(t) for t in texts]
    tr_feats = [feats[i] for i in tr]
    params = choose_params(tr_feats, y[tr], [groups[i] for i in tr])
    print(f"chosen by grouped CV on training debates: {params}")

    vocab = build_vocab(tr_feats)
    model = LogisticRegression(C=params["C"], class_weight=params["class_weight"], max_iter=3000)
    model.fit(vectorise(tr_feats, vocab), y[tr])
    ours = model.predict(vectorise([feats[i] for i in te], vocab))

    names = sorted(vocab, key=vocab.get)
    coefs = model.coef_[0]
    weights = {
        f: round(float(w), 4) for f, w in zip(names, coefs, strict=True) if abs(w) >= PRUNE_BELOW
    }
    payload = {
        "bias": round(float(model.intercept_[0]), 6),
        "weights": weights,
        "meta": {
            "data": "ClaimBuster crowdsourced.csv (Arslan et al., ICWSM 2020, DOI 10.5281/zenodo.3609356, CC BY 4.0)",
            "task": "CFS vs rest",
            "held_out_debates": sorted(held_out),
            "params": params,
        },
        # each vocabulary token's summed n-gram weights, so a new process need not compute them
        "tokens": token_table(weights),
    }
    train_x = [texts[i] for i in tr]
    test_x = [texts[i] for i in te]
    y_te = y[te]
    rows: list[tuple[str, float | None, float | None, float]] = [
        (
            "Baseline: TF-IDF word 1-2-grams + LR (defaults)",
            *prf(y_te, baseline(train_x, y[tr], test_x)),
        ),
        (
            "Baseline: TF-IDF word 1-2-grams + LR (balanced)",
            *prf(y_te, baseline_balanced(train_x, y[tr], test_x)),
        ),
        ("claimtrack model (word + char n-grams, normalised numbers)", *prf(y_te, ours)),
    ]
    trained = LinearModel(weights=weights, bias=payload["bias"], meta=payload["meta"])
    full = np.array(
        [score_sentence(t, model=trained).score >= CHECKWORTHY_THRESHOLD for t in test_x]
    )
    rows.append(
        (
            f"claimtrack score (model + news rules, threshold {CHECKWORTHY_THRESHOLD})",
            *prf(y_te, full),
        )
    )
    rows.extend(PUBLISHED)
    md = table(rows)
    print(md)
    if not args.no_write:
        OUT.write_bytes(gzip.compress(json.dumps(payload, separators=(",", ":")).encode(), mtime=0))
        print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(weights)} weights)")
    if args.docs:
        write_table(args.docs, md, len(te), sorted(held_out))
        print(f"wrote the table into {args.docs}")


if __name__ == "__main__":
    main()
