"""The ``factcheck`` plugin's scorer on CLEF CheckThat! 2020 Task 2: search results without
corpus statistics, against the registry matcher over the same candidates.

Usage: ``python benchmarks/bench_match_list.py --data PATH [--split dev] [--results 10]``

``PATH`` as for ``bench_match.py`` (the data is read from there and never copied). For each
post, the registry matcher (:class:`claimtrack.retrieval.Matcher` over all verified claims)
gives its top ``--results`` fact-checks, in its order, as a search API would; the plugin's
scorer, :func:`claimtrack.retrieval.rank_fact_checks`, ranks that list again with only the
list itself for word statistics. Prints, for both: P@1, how many top matches are
"previously checked" (``Match.previously_checked``), the share of those that are right,
and recall (right and previously checked, over all posts). The difference is what the
missing corpus statistics cost; the scorer itself is the same (with the registry's
statistics the list gives the registry's ranking).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_match import load, read_tsv

from claimtrack.importers.claimreview import FactCheck
from claimtrack.retrieval import Match, Matcher, MatchInputError, rank_fact_checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="CheckThat! 2020 task 2 folder")
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--results", type=int, default=10, help="search results per post")
    args = parser.parse_args(argv)
    docs_file = args.data / "verified_claims.docs.tsv"
    if not docs_file.is_file():
        print(f"error: {docs_file} not found (give the CheckThat! folder)", file=sys.stderr)
        return 2
    matcher = Matcher()
    matcher.add(
        FactCheck(claim=row[1], title=row[2], publisher="Snopes", rating="", label="", url=row[0])
        for row in read_tsv(docs_file)[1:]
    )
    queries, relevant = load(args.data, args.split)
    counts = {"registry matcher": [0, 0, 0], "plugin (list)": [0, 0, 0]}
    posts = 0
    for qid, text in queries.items():
        try:
            top = matcher.search(text, args.results)
        except MatchInputError:
            continue
        posts += 1
        listed = rank_fact_checks(text, [m.fact_check for m in top]) if top else []
        ranked: list[Match]
        for name, ranked in (("registry matcher", top), ("plugin (list)", listed)):
            if not ranked:
                continue
            right = ranked[0].fact_check.url in relevant.get(qid, set())
            counts[name][0] += right
            if ranked[0].previously_checked:
                counts[name][1] += 1
                counts[name][2] += right
    print(f"{args.split}: {posts} posts, top {args.results} results each")
    for name, (p1, flagged, flagged_right) in counts.items():
        print(
            f"{name:17s} P@1 {p1 / posts:.3f}  previously checked {flagged}/{posts},"
            f" right {flagged_right / max(1, flagged):.3f}, recall {flagged_right / posts:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
