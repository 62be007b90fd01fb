"""Earlier-fact-check retrieval on CLEF CheckThat! 2020 Task 2: plain BM25 against ours.

Usage: ``python benchmarks/bench_match.py --data PATH [--tune]``

``PATH`` is the folder of the task's English data (``verified_claims.docs.tsv``,
``train/`` and ``dev/`` with ``tweets.queries.tsv`` and ``tweet-vclaim-pairs.qrels``). The
data is for research use only: it is read from ``PATH`` and never copied.

Prints MAP@5, P@1, MRR and R@5 for train and dev, each for

- ``plain BM25``: a textbook Okapi BM25 (k1 = 1.2, b = 0.75) over claim + title with
  Elasticsearch's ``english`` analysis (URLs dropped, tags split, stop words, Porter
  stems; :class:`PlainBM25`), the tweet as query, computed here in the same run;
- ``first stage``: our cleaning + the FTS5 ``bm25()`` index alone;
- ``matcher``: :class:`claimtrack.retrieval.Matcher` (first stage + re-ranker), lexical
  (``Matcher(semantic=False)``);
- ``+ semantic``: the same matcher with the semantic stage of claimtrack-semantic
  (all-MiniLM-L6-v2's cosine of the post and each of the 30 candidates added to the
  re-ranking score; :data:`~claimtrack.retrieval.rerank.SEMANTIC_WEIGHTS`), when that
  plugin and its model package are installed (else said, and left out). The
  fact-checks are embedded once up front (in memory only: nothing derived from the data
  is written to disk); the search times with it are then "warm" (every candidate's
  embedding cached, as in a long-running process or with the plugin's disk cache), and
  a "cold" figure embeds each search's candidates anew;
- ``+ dense 10`` (a measurement, not what claimtrack ships): the semantic matcher with a
  *hybrid* first stage, the BM25 candidates plus the :data:`DENSE` fact-checks whose
  embeddings are nearest the post's among all fact-checks (exhaustive cosine over the
  embeddings above), ranked by :meth:`~claimtrack.retrieval.Matcher.rank` exactly as the
  matcher ranks its own. It needs every fact-check embedded, which claimtrack does not do
  (about 10 ms of CPU each: hours at 1,000,000); with it the share of posts whose
  fact-check is among the candidates at all is printed too (``candidate recall``);

then, for each matcher, for "previously checked" (:attr:`~claimtrack.retrieval.Match.previously_checked`:
the calibrated score reaches ``PREVIOUSLY_CHECKED`` and the claim coverage
``CLAIM_COVERAGE_MIN``), its precision (how often the flagged top match is the right
fact-check) and recall (the share of all posts flagged with the right one: every post
here has one), and the search time per post (mean, p50, p95).

``--tune`` searches the re-ranker's weights, calibration and threshold on **train only**
and prints them (the constants in claimtrack/retrieval/rerank.py were chosen this way);
with the semantic stage, also its weight (5-fold cross-validated on train) and its own
calibration.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import snowballstemmer  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval import PREVIOUSLY_CHECKED, Match, Matcher, clean
from claimtrack.retrieval.features import NAMES
from claimtrack.retrieval.index import Candidate
from claimtrack.retrieval.matcher import search_text
from claimtrack.retrieval.rerank import (
    CLAIM_COVERAGE_MIN,
    SEMANTIC_WEIGHTS,
    WEIGHTS,
    calibrate,
)
from claimtrack.retrieval.semantic import SimilarityModel, document_text, semantic_text

Ranked = dict[str, list[str]]
Relevant = dict[str, set[str]]
CANDIDATES = 30
#: ``+ dense``: how many nearest fact-checks by embedding join the BM25 candidates.
DENSE = 10


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file whose fields may be quoted across lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def load(data: Path, split: str) -> tuple[dict[str, str], Relevant]:
    """Queries (tweet id -> text) and relevance (tweet id -> verified claim ids) of a split."""
    queries = {row[0]: row[1] for row in read_tsv(data / split / "tweets.queries.tsv")[1:]}
    relevant: Relevant = {}
    for row in read_tsv(data / split / "tweet-vclaim-pairs.qrels"):
        relevant.setdefault(row[0], set()).add(row[2])
    return queries, relevant


def metrics(ranked: Ranked, relevant: Relevant) -> dict[str, float]:
    """MAP@5, P@1, MRR and R@5 (the task's measures) over the queries of ``relevant``."""
    ap = p1 = rr = r5 = 0.0
    for qid, rel in relevant.items():
        ids = ranked.get(qid, [])
        hits, precision_sum = 0.0, 0.0
        for i, doc in enumerate(ids[:5]):
            if doc in rel:
                hits += 1
                precision_sum += hits / (i + 1)
        ap += precision_sum / min(len(rel), 5)
        p1 += 1.0 if ids[:1] and ids[0] in rel else 0.0
        rr += next((1 / (i + 1) for i, doc in enumerate(ids) if doc in rel), 0.0)
        r5 += len(rel & set(ids[:5])) / len(rel)
    n = len(relevant)
    return {"MAP@5": ap / n, "P@1": p1 / n, "MRR": rr / n, "R@5": r5 / n}


class PlainBM25:
    """Okapi BM25 (k1 = 1.2, b = 0.75) over claim + title, tokenised like Elasticsearch's
    ``english`` analyser reads a tweet: the textbook baseline, independent of our code.

    URLs (``https://…``, ``www.…``, ``pic.twitter.com/…``) are dropped and ``#``/``@``
    tags split at case changes and digits (``#AustralianFires`` -> ``australian fires``),
    as any tweet tokeniser does; then lower-cased ``\\w+`` tokens, Lucene's English stop
    words, Porter stems. Nothing else: no signature handling, no field weights, no
    re-ranking. (The raw tweet as ``\\w+`` tokens, the previous baseline here, scores
    0.06 MAP@5 lower on dev: it searched ``https``, ``t``, ``co`` and URL ids.)
    """

    URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
    TAG = re.compile(r"[#@](\w+)")
    CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
    TOKEN = re.compile(r"\w+")
    #: Lucene's (and Elasticsearch's) default English stop words.
    STOP = frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "but",
            "by",
            "for",
            "if",
            "in",
            "into",
            "is",
            "it",
            "no",
            "not",
            "of",
            "on",
            "or",
            "such",
            "that",
            "the",
            "their",
            "then",
            "there",
            "these",
            "they",
            "this",
            "to",
            "was",
            "will",
            "with",
        ]
    )
    STEM = snowballstemmer.stemmer("porter")

    @classmethod
    def tokens(cls, text: str) -> list[str]:
        """The analysed tokens of ``text``."""
        text = cls.URL.sub(" ", text)
        text = cls.TAG.sub(lambda m: " " + cls.CAMEL.sub(" ", m.group(1)) + " ", text)
        return [cls.STEM.stemWord(w) for w in cls.TOKEN.findall(text.lower()) if w not in cls.STOP]

    def __init__(self, docs: Mapping[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.ids = list(docs)
        self.k1, self.b = k1, b
        self.tf = [Counter(self.tokens(docs[i])) for i in self.ids]
        self.lengths = [sum(t.values()) for t in self.tf]
        self.avg = sum(self.lengths) / len(self.lengths)
        df = Counter(w for t in self.tf for w in t)
        n = len(self.ids)
        self.idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        self.postings: dict[str, list[int]] = {}
        for j, t in enumerate(self.tf):
            for w in t:
                self.postings.setdefault(w, []).append(j)

    def search(self, query: str, k: int) -> list[str]:
        """The ids of the ``k`` best documents for ``query``."""
        scores: defaultdict[int, float] = defaultdict(float)
        for w in set(self.tokens(query)):
            for j in self.postings.get(w, ()):
                f = self.tf[j][w]
                norm = self.k1 * (1 - self.b + self.b * self.lengths[j] / self.avg)
                scores[j] += self.idf[w] * f * (self.k1 + 1) / (f + norm)
        return [self.ids[j] for j in heapq.nlargest(k, scores, key=scores.__getitem__)]


def table(rows: Sequence[tuple[str, str, dict[str, float]]]) -> None:
    """Print one line per (split, system) with the four measures."""
    print(
        f"{'split':6} {'system':12} " + " ".join(f"{m:>6}" for m in ("MAP@5", "P@1", "MRR", "R@5"))
    )
    for split, system, m in rows:
        print(f"{split:6} {system:12} " + " ".join(f"{v:6.3f}" for v in m.values()))


Candidates = dict[str, list[tuple[str, dict[str, float]]]]


def rerank(cands: Candidates, weights: Mapping[str, float]) -> Ranked:
    """Order each query's candidates by the weighted feature sum."""
    return {
        q: [d for d, _ in sorted(c, key=lambda x: -sum(weights[n] * x[1][n] for n in NAMES))]
        for q, c in cands.items()
    }


def tune_weights(cands: Candidates, relevant: Relevant) -> dict[str, float]:
    """Coordinate search over a small grid for MAP@5, signs fixed, conflicts hand-set.

    The conflict and date weights are hand-set penalties; BM25 (a share of the query's
    weight, often small for a long post) is searched on a wider scale than the rest.
    """
    weights = dict(WEIGHTS)
    positive = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)
    fixed = {"numbers_conflict", "negation_conflict", "date_distance"}
    best = metrics(rerank(cands, weights), relevant)["MAP@5"]
    for _ in range(3):
        changed = False
        for name in NAMES:
            if name in fixed:
                continue
            for value in (1.0, 2.0, 4.0, 8.0, 16.0) if name == "bm25" else positive:
                trial = {**weights, name: value}
                score = metrics(rerank(cands, trial), relevant)["MAP@5"]
                if score > best + 1e-9:
                    best, weights, changed = score, trial, True
        if not changed:
            break
    return weights


def fit_platt(points: list[tuple[float, bool]]) -> tuple[float, float]:
    """Slope and intercept of the logistic fit of relevance on the raw score (grid search)."""
    best = (math.inf, 1.0, 0.0)
    for slope in [x / 2 for x in range(1, 41)]:
        for intercept in [x / 2 for x in range(-40, 11)]:
            loss = 0.0
            for raw, rel in points:
                p = min(max(calibrate(raw, slope, intercept), 1e-9), 1 - 1e-9)
                loss -= math.log(p if rel else 1 - p)
            if loss < best[0]:
                best = (loss, slope, intercept)
    return best[1], best[2]


def threshold_for(tops: list[tuple[float, bool]], precision: float) -> float:
    """The lowest top-match score at which the top match is right for >= ``precision``."""
    ordered = sorted(tops, reverse=True)
    chosen = 1.0
    right = 0
    for i, (score, ok) in enumerate(ordered, 1):
        right += ok
        if right / i >= precision:
            chosen = score
    return chosen


def reach(matcher_tops: list[tuple[float, bool]], threshold: float) -> str:
    """How many posts reach ``threshold`` and how often their top match is right."""
    above = [ok for score, ok in matcher_tops if score >= threshold]
    share = len(above) / len(matcher_tops)
    precision = sum(above) / len(above) if above else float("nan")
    return f"{share:.1%} of posts reach it, top match right for {precision:.1%} of those"


def semantic_model() -> SimilarityModel | None:
    """claimtrack-semantic's model, kept in memory only; None (said) when not installed."""
    try:
        from claimtrack_semantic import MiniLMSimilarity
        from claimtrack_semantic.encoder import ModelMissingError
    except ImportError:
        print("semantic stage: claimtrack-semantic is not installed: left out")
        return None
    try:
        return MiniLMSimilarity(store=False)
    except ModelMissingError as exc:
        print(f"semantic stage: {exc}: left out")
        return None


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def hybrid_search(
    matcher: Matcher,
    model: SimilarityModel,
    by_url: Mapping[str, FactCheck],
    urls: Sequence[str],
    vectors: Any,
    text: str,
) -> tuple[list[Match], set[str]]:
    """``+ dense``: the matcher's ranking of its BM25 candidates plus the :data:`DENSE`
    fact-checks nearest ``text`` by embedding; also the urls of all candidates."""
    query = Matcher.query_text(text)
    first = matcher.index.candidates(query, CANDIDATES)
    encode = getattr(model, "encoder").encode  # noqa: B009 - MiniLMSimilarity's encoder
    cosines = vectors @ encode([semantic_text(clean(text).text)])[0]
    near = {urls[i] for i in np.argpartition(-cosines, DENSE)[:DENSE]}
    missing = near - {c.fact_check.url for c in first}
    extra = []
    if missing:
        # Their BM25 for this query (0 for one sharing no content word with it).
        scored = {
            c.fact_check.url: c
            for c in matcher.index.candidates(query, 5000)
            if c.fact_check.url in missing
        }
        for n, url in enumerate(sorted(missing)):
            extra.append(scored.get(url) or Candidate(-1 - n, by_url[url], 0.0))
    found = first + extra
    return matcher.rank(text, found, CANDIDATES), {c.fact_check.url or "" for c in found}


def cross_validate_semantic(cands: Candidates, relevant: Relevant) -> None:
    """The semantic weight chosen on 4/5 of train and scored on the other fifth, 5 times."""
    grid = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
    queries = sorted(cands)
    folds = [set(queries[i::5]) for i in range(5)]
    chosen, scores = [], []
    for fold in folds:
        rest = {q: relevant[q] for q in queries if q not in fold}
        held = {q: relevant[q] for q in fold}

        def map5(w: float, rel: Relevant) -> float:
            sub = {q: cands[q] for q in rel}
            return metrics(rerank(sub, {**WEIGHTS, "semantic": w}), rel)["MAP@5"]

        best = max(grid, key=lambda w: map5(w, rest))
        chosen.append(best)
        scores.append(map5(best, held))
    print(
        f"semantic weight by 5-fold CV on train: chosen {chosen}, "
        f"held-out MAP@5 {sum(scores) / len(scores):.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="CheckThat! 2020 task 2 folder")
    parser.add_argument(
        "--tune", action="store_true", help="search weights on train and print them"
    )
    parser.add_argument(
        "--cold", type=int, default=30, help="dev posts searched with no cached embeddings"
    )
    args = parser.parse_args(argv)
    docs_file = args.data / "verified_claims.docs.tsv"
    if not docs_file.is_file():
        print(
            f"error: {docs_file} not found (give the CheckThat! 2020 task 2 folder)",
            file=sys.stderr,
        )
        return 2
    docs = {row[0]: (row[1], row[2]) for row in read_tsv(docs_file)[1:]}
    plain = PlainBM25({i: f"{claim} {title}" for i, (claim, title) in docs.items()})
    fact_checks = [
        FactCheck(claim=claim, title=title, publisher="Snopes", rating="", label="", url=i)
        for i, (claim, title) in docs.items()
    ]
    model = semantic_model()
    matchers = {"matcher": Matcher(semantic=False)}
    if model is not None:
        matchers["+ semantic"] = Matcher(semantic=model)
    for name, matcher in matchers.items():
        started = time.perf_counter()
        matcher.add(fact_checks)
        print(
            f"{name}: indexed {len(matcher)} fact-checks in {time.perf_counter() - started:.2f} s"
        )
    doc_vectors: Any = None
    if model is not None:
        started = time.perf_counter()
        cold_model = semantic_model()
        assert cold_model is not None
        cold = Matcher(semantic=cold_model)
        cold.add(fact_checks)
        embed = getattr(model, "embed_documents")  # noqa: B009 - MiniLMSimilarity's, not the protocol's
        doc_vectors = embed([document_text(fc) for fc in fact_checks])
        print(
            f"+ semantic: embedded {len(fact_checks)} fact-checks in "
            f"{time.perf_counter() - started:.1f} s (all-MiniLM-L6-v2, numpy)"
        )
    rows = []
    tops: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    cands: dict[tuple[str, str], Candidates] = {}
    relevance: dict[str, Relevant] = {}
    #: per (split, matcher): (top match previously checked, top match right)
    flagged: dict[tuple[str, str], list[tuple[bool, bool]]] = {}
    times: dict[tuple[str, str], list[float]] = {}
    for split in ("train", "dev"):
        queries, relevant = load(args.data, split)
        relevance[split] = relevant
        rows.append(
            (
                split,
                "plain BM25",
                metrics({q: plain.search(t, 5) for q, t in queries.items()}, relevant),
            )
        )
        lexical = matchers["matcher"]
        first_stage = {
            qid: [
                x.fact_check.url or ""
                for x in lexical.index.candidates(search_text(clean(text)), 5)
            ]
            for qid, text in queries.items()
        }
        rows.append((split, "first stage", metrics(first_stage, relevant)))
        for name, matcher in matchers.items():
            key = (split, name)
            ours: Ranked = {}
            cands[key], tops[key], flagged[key], times[key] = {}, [], [], []
            for qid, text in queries.items():
                started = time.perf_counter()
                found = matcher.search(text, top=CANDIDATES)
                times[key].append(time.perf_counter() - started)
                ours[qid] = [m.fact_check.url or "" for m in found]
                cands[key][qid] = [(m.fact_check.url or "", m.features.as_dict()) for m in found]
                if found:
                    right = found[0].fact_check.url in relevant[qid]
                    tops[key].append((found[0].score, right))
                    flagged[key].append((found[0].previously_checked, right))
            rows.append((split, name, metrics(ours, relevant)))
        if model is not None:
            key = (split, "+ dense")
            hybrid: Ranked = {}
            recall = {"BM25": 0, "+ dense": 0}
            times[key] = []
            urls = [fc.url or "" for fc in fact_checks]
            by_url = {fc.url or "": fc for fc in fact_checks}
            semantic_matcher = matchers["+ semantic"]
            for qid, text in queries.items():
                started = time.perf_counter()
                found, pool = hybrid_search(
                    semantic_matcher, model, by_url, urls, doc_vectors, text
                )
                times[key].append(time.perf_counter() - started)
                hybrid[qid] = [m.fact_check.url or "" for m in found]
                first = semantic_matcher.index.candidates(search_text(clean(text)), CANDIDATES)
                recall["BM25"] += bool(relevant[qid] & {c.fact_check.url for c in first})
                recall["+ dense"] += bool(relevant[qid] & pool)
            rows.append((split, f"+ dense {DENSE}", metrics(hybrid, relevant)))
            print(
                f"{split}: candidate recall (the post's fact-check among the candidates): "
                f"BM25 top {CANDIDATES} {recall['BM25'] / len(queries):.3f}, "
                f"+ dense {DENSE} {recall['+ dense'] / len(queries):.3f}"
            )
    table(rows)
    for split in ("train", "dev"):
        n_posts = len(relevance[split])
        for name in matchers:
            key = (split, name)
            marked = [ok for checked, ok in flagged[key] if checked]
            precision = sum(marked) / len(marked) if marked else float("nan")
            print(
                f"{split} {name}: previously checked (score >= {PREVIOUSLY_CHECKED} and claim "
                f"coverage >= {CLAIM_COVERAGE_MIN}): {len(marked)} of {n_posts} posts flagged, "
                f"precision {precision:.3f}, recall {sum(marked) / n_posts:.3f}"
            )
    for name in [*matchers, *(["+ dense"] if model is not None else [])]:
        spent = [1000 * t for split in ("train", "dev") for t in times[(split, name)]]
        print(
            f"{name}: search per post (train + dev, {len(spent)}): mean {sum(spent) / len(spent):.1f} ms, "
            f"p50 {percentile(spent, 0.5):.1f} ms, p95 {percentile(spent, 0.95):.1f} ms"
        )
    if model is not None and args.cold > 0:
        dev_queries, _ = load(args.data, "dev")
        spent = []
        for text in list(dev_queries.values())[: args.cold]:
            cold_model = semantic_model()
            assert cold_model is not None
            cold._semantic = cold_model  # a fresh model: no embedding cached
            started = time.perf_counter()
            cold.search(text, top=CANDIDATES)
            spent.append(1000 * (time.perf_counter() - started))
        print(
            f"+ semantic, cold (no embedding cached, {len(spent)} dev posts): "
            f"p50 {percentile(spent, 0.5):.0f} ms, p95 {percentile(spent, 0.95):.0f} ms"
        )
    if args.tune:
        train_relevant = relevance["train"]
        train_cands = cands[("train", "matcher")]
        weights = tune_weights(train_cands, train_relevant)
        print("tuned WEIGHTS (train):", {k: v for k, v in weights.items()})
        print(
            f"train MAP@5 with them: {metrics(rerank(train_cands, weights), train_relevant)['MAP@5']:.3f}"
        )
        runs = [("lexical", train_cands, weights)]
        if model is not None:
            semantic_cands = cands[("train", "+ semantic")]
            cross_validate_semantic(semantic_cands, train_relevant)
            runs.append(("semantic", semantic_cands, dict(SEMANTIC_WEIGHTS)))
        for label, run_cands, run_weights in runs:
            ranked = rerank(run_cands, run_weights)
            tops_train: list[tuple[float, bool]] = []
            for q, c in run_cands.items():
                by_doc = dict(c)
                if ranked[q]:
                    doc = ranked[q][0]
                    raw = sum(run_weights[n] * by_doc[doc][n] for n in NAMES)
                    tops_train.append((raw, doc in train_relevant[q]))
            slope, intercept = fit_platt(tops_train)
            print(f"{label}: CALIBRATION_SLOPE = {slope}, CALIBRATION_INTERCEPT = {intercept}")
            calibrated = [(calibrate(raw, slope, intercept), ok) for raw, ok in tops_train]
            print(
                f"{label}: PREVIOUSLY_CHECKED (precision >= 0.9 on train) = "
                f"{threshold_for(calibrated, 0.9):.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
