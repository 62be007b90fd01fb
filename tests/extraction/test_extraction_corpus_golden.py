"""The extraction of the benchmark's news corpus is exactly what it was.

``data/news-corpus.golden.json.gz`` holds every claim (span, kind, score, check-worthiness,
reasons, values, speaker, entities) that the extraction gave on the news corpus of
``benchmarks/bench_extraction.py`` (``benchmarks/corpus/news`` and
``benchmarks/verdicts/articles``) before it was made faster. A speed-up must not change one
of them. When a change of behaviour is intended, regenerate the file with
``python tests/extraction/test_extraction_corpus_golden.py --write`` and review the diff of
its decompressed JSON in the pull request.
"""

from __future__ import annotations

import gzip
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIRS = (
    ROOT / "benchmarks" / "corpus" / "news",
    ROOT / "benchmarks" / "verdicts" / "articles",
)
GOLDEN = Path(__file__).parent / "data" / "news-corpus.golden.json.gz"
PUBLISHED = datetime(2025, 6, 17)


def corpus() -> list[Path]:
    """The corpus's articles, in a stable order."""
    return [p for d in CORPUS_DIRS for p in sorted(d.glob("*.txt"))]


def extracted(path: Path) -> list[dict[str, Any]]:
    """Every claim of one article as plain JSON data."""
    text = path.read_text(encoding="utf-8")
    claims = extract_claims(text, ArticleContext(published=PUBLISHED))
    rows = [
        {
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "kind": c.kind,
            "score": c.score,
            "checkworthy": c.checkworthy,
            "reasons": c.reasons,
            "values": c.values,
            "speaker": c.speaker,
            "entities": c.entities,
        }
        for c in claims
    ]
    result: list[dict[str, Any]] = json.loads(json.dumps(rows))
    return result


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.fixture(scope="module")
def golden() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    return data


def test_golden_covers_the_corpus(golden: dict[str, list[dict[str, Any]]]) -> None:
    assert sorted(golden) == sorted(_name(p) for p in corpus())
    assert sum(len(claims) for claims in golden.values()) > 500


@pytest.mark.parametrize("path", corpus(), ids=_name)
def test_extraction_unchanged(path: Path, golden: dict[str, list[dict[str, Any]]]) -> None:
    expected = golden[_name(path)]
    got = extracted(path)
    assert [(c["start"], c["end"]) for c in got] == [(c["start"], c["end"]) for c in expected]
    for g, e in zip(got, expected, strict=True):
        assert g == e, f"claim at {e['start']}-{e['end']} changed: {e['text']!r}"


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    data = {_name(p): extracted(p) for p in corpus()}
    GOLDEN.write_bytes(
        gzip.compress(json.dumps(data, indent=1, sort_keys=True).encode("utf-8"), mtime=0)
    )
    print(f"wrote {GOLDEN} ({sum(len(v) for v in data.values())} claims)")
