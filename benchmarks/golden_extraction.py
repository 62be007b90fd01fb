"""Dump every extracted claim, to check that a speed-up changes no output.

Usage::

    python benchmarks/golden_extraction.py OUT.jsonl.gz [--claimbuster PATH]
    python benchmarks/golden_extraction.py NEW.jsonl.gz [--claimbuster PATH] --compare OLD.jsonl.gz

Writes one JSON line per claim (text, span, kind, score, check-worthiness, reasons, values
with their parts, speaker, entities, and the model's exact log-odds as ``repr``) for:

* the news corpus of ``bench_extraction.py`` (``benchmarks/corpus/news``,
  ``benchmarks/verdicts/articles``);
* the ``examples/*.txt`` articles;
* generated dense articles (:func:`claimtrack.testing.articles.dense_article`, 3 seeds);
* with ``--claimbuster PATH`` (``crowdsourced.csv``, read at run time, never copied): every
  debate as one text (as ``bench_extraction.py`` builds them), and every sentence alone,
  with and without a previous speaker.

Each text is extracted with a publication date and without one, through every registered
extractor with the settings ``claimtrack add`` builds (``bench_extraction.extraction_run``).
``--compare`` prints the first differing lines and exits non-zero when the dumps differ.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extraction import claimbuster_texts, extraction_run, news_texts  # noqa: E402

from claimtrack.extraction import extract_claims  # noqa: E402
from claimtrack.extraction.base import ArticleContext  # noqa: E402
from claimtrack.extraction.checkworthiness import load_model, score_sentence  # noqa: E402
from claimtrack.testing.articles import dense_article  # noqa: E402

PUBLISHED = datetime(2025, 6, 17)


def texts(claimbuster: Path | None) -> Iterator[tuple[str, str]]:
    """(label, text) of every text dumped."""
    for i, text in enumerate(news_texts()):
        yield f"news/{i}", text
    for path in sorted((ROOT / "examples").glob("*.txt")):
        yield f"examples/{path.name}", path.read_text(encoding="utf-8")
    for seed in (1, 2, 3):
        yield f"dense/{seed}", dense_article(60_000, seed=seed)
    if claimbuster is not None:
        for i, text in enumerate(claimbuster_texts(claimbuster, 10**9)):
            yield f"claimbuster/{i}", text


def sentences(claimbuster: Path) -> Iterator[tuple[str, str]]:
    with claimbuster.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row["Sentence_id"], row["Text"]


def dump(out: Path, claimbuster: Path | None) -> int:
    extractors, settings = extraction_run()
    model = load_model()
    lines = 0
    with gzip.open(out, "wt", encoding="utf-8") as fh:

        def write(row: dict[str, Any]) -> None:
            nonlocal lines
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            lines += 1

        for label, text in texts(claimbuster):
            for published in (PUBLISHED, None):
                context = ArticleContext(published=published)
                for c in extract_claims(text, context, extractors, settings=settings):
                    write(
                        {
                            "src": label,
                            "pub": published is not None,
                            "start": c.start,
                            "end": c.end,
                            "text": c.text,
                            "kind": c.kind,
                            "score": repr(c.score),
                            "checkworthy": c.checkworthy,
                            "reasons": c.reasons,
                            "values": c.values,
                            "speaker": c.speaker,
                            "entities": c.entities,
                            "logit": repr(model.logit(c.text)),
                        }
                    )
        if claimbuster is not None:
            for sid, sentence in sentences(claimbuster):
                for previous in (None, "Jim Lehrer"):
                    s = score_sentence(sentence, PUBLISHED, previous)
                    write(
                        {
                            "src": f"sentence/{sid}",
                            "prev": previous,
                            "score": repr(s.score),
                            "checkworthy": s.checkworthy,
                            "kind": s.kind,
                            "reasons": s.reasons,
                            "values": s.values,
                            "speaker": s.speaker,
                            "entities": s.entities,
                            "logit": repr(model.logit(sentence)),
                        }
                    )
    return lines


def _close(x: str, y: str) -> bool:
    """Whether two lines differ only in ``logit``, by at most 1e-12."""
    a, b = json.loads(x), json.loads(y)
    la, lb = float(a.pop("logit")), float(b.pop("logit"))
    return a == b and abs(la - lb) <= 1e-12


def compare(new: Path, old: Path) -> int:
    """Print how the dumps differ; 0 when byte-identical (or logits within 1e-12)."""
    with gzip.open(new, "rt", encoding="utf-8") as a, gzip.open(old, "rt", encoding="utf-8") as b:
        left, right = a.read().splitlines(), b.read().splitlines()
    diffs = [(i, x, y) for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y]
    real = [(i, x, y) for i, x, y in diffs if not _close(x, y)]
    for i, x, y in real[:5]:
        print(f"line {i + 1} differs:\n  new: {x[:600]}\n  old: {y[:600]}")
    if len(left) != len(right):
        print(f"line counts differ: new {len(left)}, old {len(right)}")
    if real or len(left) != len(right):
        print(f"DIFFERENT: {len(real)} differing lines of {len(right)}")
        return 1
    if diffs:
        print(
            f"identical: {len(left)} lines, {len(diffs)} of them with the model's log-odds "
            "within 1e-12 (the order of a float sum over a set; run with PYTHONHASHSEED=0 "
            "for byte-identical dumps)"
        )
    else:
        print(f"identical: {len(left)} lines, byte for byte")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="extraction golden output")
    parser.add_argument("out", type=Path)
    parser.add_argument("--claimbuster", type=Path, help="ClaimBuster's crowdsourced.csv")
    parser.add_argument("--compare", type=Path, help="a dump to compare OUT with")
    args = parser.parse_args()
    print(f"{dump(args.out, args.claimbuster)} lines written to {args.out}")
    if args.compare is not None:
        sys.exit(compare(args.out, args.compare))


if __name__ == "__main__":
    main()
