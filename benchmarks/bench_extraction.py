"""Throughput of the whole extraction on real text, one core, against pysbd's segmentation.

Usage::

    python benchmarks/bench_extraction.py [--claimbuster PATH] [--limit N] [--repeats R]
                                          [--profile N]

Two corpora of real sentences:

* **news**: our own news-style articles in several styles (wire, broadcaster, newspaper,
  press release, blog), ``benchmarks/corpus/news/*.txt`` and
  ``benchmarks/verdicts/articles/*.txt``, with their headings, bylines, datelines, lists
  and site boilerplate.
* **claimbuster** (with ``--claimbuster PATH`` to ``crowdsourced.csv``): the US presidential
  debate sentences of the ClaimBuster dataset (Arslan, Hassan, Li and Tremayne, ICWSM 2020;
  DOI 10.5281/zenodo.3609356; CC BY 4.0), read at run time, never copied into the repo.
  Each debate becomes one text, its sentences in line order, one paragraph per speaker
  turn; the first ``--limit`` sentences are used.

The extraction is the one ``claimtrack add`` runs: every registered extractor (the built-in
one, and the claimbuster plugin's when installed) with the settings ``add`` builds for them,
through :func:`claimtrack.extraction.extract_claims`. The ClaimBuster extractor runs without
an API key, so no request leaves the machine: what is timed is its per-article cost.

Each repeat times the extraction, then pysbd's segmentation (the reference) on the same
texts, alternately; rates use the process's CPU time, so other load on the machine does not
distort them. The check-worthiness model's token cache is emptied before each extraction
repeat, so every repeat starts cold. Sentences are the segments claimtrack finds; pysbd's
rate is over that same count, so the ratio is the ratio of times. Prints min/median of the
repeats against the target of 15,000 sentences/s/core. ``--profile N`` also prints the top
``N`` functions of a cProfile run of one extraction pass (by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.extraction import extract_claims  # noqa: E402
from claimtrack.extraction.base import ArticleContext  # noqa: E402
from claimtrack.extraction.checkworthiness import load_model  # noqa: E402
from claimtrack.extraction.sentences import split_spans  # noqa: E402

#: sentences/s/core, issue 13.
TARGET = 15_000.0
NEWS_DIRS = (ROOT / "benchmarks" / "corpus" / "news", ROOT / "benchmarks" / "verdicts" / "articles")
PUBLISHED = datetime(2025, 6, 17)
CLAIMBUSTER_CREDIT = (
    "ClaimBuster dataset: Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of Check-worthy "
    "Factual Claims', ICWSM 2020, DOI 10.5281/zenodo.3609356, CC BY 4.0"
)


def news_texts() -> list[str]:
    """The news corpus: every article of :data:`NEWS_DIRS`, in name order."""
    return [p.read_text(encoding="utf-8") for d in NEWS_DIRS for p in sorted(d.glob("*.txt"))]


def claimbuster_texts(path: Path, limit: int) -> list[str]:
    """The debates of ClaimBuster's ``crowdsourced.csv`` as texts, up to ``limit`` sentences.

    One text per debate (``File_id``), sentences in ``Line_number`` order, one paragraph per
    run of sentences by the same speaker.
    """
    debates: dict[str, list[tuple[int, str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            line = int(row["Line_number"])
            debates.setdefault(row["File_id"], []).append((line, row["Speaker"], row["Text"]))
    texts: list[str] = []
    left = limit
    for name in sorted(debates):
        paragraphs: list[list[str]] = []
        speaker = None
        for _, who, sentence in sorted(debates[name])[:left]:
            if who != speaker or not paragraphs:
                paragraphs.append([])
                speaker = who
            paragraphs[-1].append(sentence.strip())
            left -= 1
        texts.append("\n\n".join(" ".join(p) for p in paragraphs) + "\n")
        if left <= 0:
            break
    return texts


def extraction_run() -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """The extractors and settings ``claimtrack add`` uses, with no ClaimBuster API key."""
    from claimtrack.plugins import get_extractors
    from claimtrack.services.add import extractor_settings

    for var in [v for v in os.environ if v.startswith("CLAIMTRACK_CLAIMBUSTER_")]:
        del os.environ[var]  # never call the real API from a benchmark
    extractors = get_extractors()
    settings = extractor_settings(extractors)
    if "claimbuster" in settings:
        settings["claimbuster"]["key"] = ""
    return extractors, settings


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of this process spent in ``fn()``."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def rates(count: int, times: Sequence[float]) -> str:
    """``median / best`` sentences per second over ``times``."""
    return f"{count / statistics.median(times):,.0f} median / {count / min(times):,.0f} best"


def main() -> None:
    """Build the corpora, time extraction and pysbd alternately, print the figures."""
    parser = argparse.ArgumentParser(description="claimtrack extraction throughput")
    parser.add_argument("--claimbuster", type=Path, help="ClaimBuster's crowdsourced.csv")
    parser.add_argument("--limit", type=int, default=6000, help="ClaimBuster sentences (6000)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile top N")
    args = parser.parse_args()

    corpora = {"news": news_texts()}
    if args.claimbuster is not None:
        if not args.claimbuster.is_file():
            parser.exit(2, f"error: --claimbuster: no such file: {args.claimbuster}\n")
        corpora["claimbuster"] = claimbuster_texts(args.claimbuster, args.limit)
    extractors, settings = extraction_run()
    context = ArticleContext(published=PUBLISHED)
    try:
        import pysbd  # type: ignore[import-untyped]

        segmenter: Any = pysbd.Segmenter(language="en", clean=False)
    except ImportError:
        segmenter = None

    print("extractors:  " + ", ".join(f"{e.name} {e.version}" for e in extractors))
    if "claimbuster" not in corpora:
        print("claimbuster: not given (--claimbuster PATH to crowdsourced.csv): news corpus only")
    else:
        print(f"claimbuster: {CLAIMBUSTER_CREDIT}")
    print(f"target:      {TARGET:,.0f} sentences/s/core, all registered extractors")
    print(f"repeats:     {args.repeats} (CPU time of this process)\n")

    met = True
    for name, texts in corpora.items():

        def extract(texts: list[str] = texts) -> None:
            for text in texts:
                extract_claims(text, context, extractors, settings=settings)

        def cold_extract(run: Callable[[], None] = extract) -> float:
            load_model()._cache.clear()  # every repeat starts cold
            return cpu(run)

        def segment(texts: list[str] = texts) -> None:
            for text in texts:
                segmenter.segment(text)

        claims = [
            c for t in texts for c in extract_claims(t, context, extractors, settings=settings)
        ]
        sentences = len(claims)
        checkworthy = sum(c.checkworthy for c in claims)
        timed: list[float] = []
        reference: list[float] = []
        for _ in range(args.repeats):
            timed.append(cold_extract())
            if segmenter is not None:
                reference.append(cpu(segment))

        def split(texts: list[str] = texts) -> None:
            for text in texts:
                split_spans(text)

        ours = [cpu(split) for _ in range(args.repeats)]
        rate = sentences / statistics.median(timed)
        met = met and rate >= TARGET
        size = sum(len(t) for t in texts)
        print(
            f"[{name}] {len(texts)} texts, {size / 1000:,.0f} kB, {sentences} sentences ({checkworthy} check-worthy)"
        )
        print(
            f"  extraction:        {rates(sentences, timed)} sentences/s  (target {TARGET:,.0f}: "
            f"{'met' if rate >= TARGET else 'NOT met'})"
        )
        print(f"  claimtrack's segmentation alone: {rates(sentences, ours)} sentences/s")
        if segmenter is None:
            print(
                "  pysbd:             not installed (pip install -e '.[test]'): reference skipped"
            )
        else:
            ratio = statistics.median(reference) / statistics.median(timed)
            print(f"  pysbd segmentation (reference): {rates(sentences, reference)} sentences/s")
            print(
                f"  ratio:             extraction is {ratio:.1f}x pysbd's segmentation speed (median)"
            )
        print()
        if args.profile:
            profiler = cProfile.Profile()
            load_model()._cache.clear()
            profiler.runcall(extract)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.profile)
            print(f"  cProfile, one pass over [{name}], top {args.profile} by own time:")
            print("\n".join("    " + line for line in out.getvalue().splitlines() if line.strip()))
            print()
    print(f"overall: target {TARGET:,.0f} sentences/s/core {'met' if met else 'NOT met'} (median)")


if __name__ == "__main__":
    main()
