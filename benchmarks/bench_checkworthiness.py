"""Check-worthiness of the shipped scorer on held-out ClaimBuster debates.

Usage::

    python benchmarks/bench_checkworthiness.py --data ../shared/data/claimbuster/crowdsourced.csv

The split is the training script's: debates sorted by ``File_id``, every fifth held out
(``scripts/train_checkworthiness.py`` never trains or tunes on them). Prints precision,
recall and F1 of the CFS class for the full scorer (model plus news rules) at
``CHECKWORTHY_THRESHOLD``, and for the model alone, so a rule change can be judged by the
F1 before and after. Needs no scikit-learn. The data is not part of claimtrack (CC BY 4.0,
Arslan et al. 2020); pass its path.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.extraction.checkworthiness import (  # noqa: E402
    CHECKWORTHY_THRESHOLD,
    load_model,
    score_sentence,
)


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    """Score the held-out debates and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="path to crowdsourced.csv")
    args = parser.parse_args()
    data: Path = args.data / "crowdsourced.csv" if args.data.is_dir() else args.data
    if not data.is_file():
        parser.error(f"--data: no file {data} (give ClaimBuster's crowdsourced.csv or its folder)")
    with data.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    debates = sorted({r["File_id"] for r in rows})
    held_out = set(debates[::5])
    test = [r for r in rows if r["File_id"] in held_out]
    gold = [r["Verdict"].strip() == "1" for r in test]
    model = load_model()
    started = time.perf_counter()
    full = [score_sentence(r["Text"]).checkworthy for r in test]
    elapsed = time.perf_counter() - started
    alone = [model.probability(r["Text"]) >= CHECKWORTHY_THRESHOLD for r in test]
    print(f"held-out debates: {len(held_out)}, sentences: {len(test)}, CFS: {sum(gold)}")
    for name, pred in (("full scorer (model + rules)", full), ("model alone", alone)):
        p, r, f = prf(gold, pred)
        print(f"{name:<28} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"scored {len(test) / elapsed:,.0f} sentences/s")


if __name__ == "__main__":
    main()
