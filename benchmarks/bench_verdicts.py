"""Verdict quality on real news: coverage, accuracy and confident-wrong, per kind of part.

The articles in ``benchmarks/verdicts/articles/`` are our own text in five styles (wire,
broadcaster, newspaper, government press release, blog), stating real facts with
deliberate errors mixed in. ``benchmarks/verdicts/gold.json`` splits their sentences into
*parts* (one checkable assertion each: an office holder at a date, a quote, a group's
members, a founding year, a share of world population, a capital, "first E since F", a
statistic, an event), each with its truth and whether the first-party plugins' fixture
servers hold the fact needed to check it (``sources_hold``). Format: ``benchmarks/verdicts/README.md``.

The real pipeline runs: the five fixture servers on 127.0.0.1, then ``claimtrack check
ARTICLE... --format json`` (one report per article) on a temporary SQLite registry, with the plugins
pointed at the servers as in ``tests/plugins_e2e``. Each gold part is then mapped to the
extracted claim whose text contains its sentence, and scored:

* If the report carries per-part verdicts (a ``parts`` list on the claim, on its final
  verdict, or on each verifier's verdict), the part is scored by the matching part verdicts
  (same kind, best value overlap; verifiers that disagree make it ``mixed``).
* Otherwise (claim-level verdicts only, as today) a part is scored by the claim's final
  verdict **only when that claim holds exactly one gold part**. A claim holding several
  gold parts counts them all as *unchecked (claim-level verdict covers several parts)*: one
  verdict cannot say which of its parts it decided.
* A sentence not extracted as a claim at all is an *extraction miss* (listed).

Figures (overall, per kind, and separately for the ``dev`` and ``heldout`` articles; tune
only on dev):

* **coverage**: parts with a decisive verdict (supported, refuted or mixed), of all parts
  and of the parts whose facts the sources hold (target >= 70 % of the latter);
* **accuracy** on covered parts: supported on a true part or refuted on a false one
  (mixed counts as not accurate); target >= 95 %;
* **confident-wrong**: supported on a false part or refuted on a true one at confidence
  >= 0.5; target 0.

Run: ``python benchmarks/bench_verdicts.py [--verbose] [--split dev|heldout] [--json FILE]``.
Nothing is sent anywhere but loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "verdicts"
GOLD = DATA / "gold.json"
KINDS = (
    "office",
    "quote",
    "membership",
    "inception",
    "share_of_world",
    "capital",
    "first_since",
    "statistic",
    "event",
)
DECISIVE = ("supported", "refuted", "mixed")
CONFIDENT = 0.5
MULTI = "unchecked (claim-level verdict covers several parts)"
MISS = "extraction miss"
CHECK_ARGS = ("--format", "json", "--no-progress")


def norm(text: str) -> str:
    """Whitespace and quote marks normalised, for matching gold sentences to claims."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def load_gold(path: Path = GOLD) -> dict[str, Any]:
    """The gold file, parsed."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return gold


@dataclass
class Scored:
    """One gold part and what the pipeline said about it."""

    article: str
    split: str
    part: dict[str, Any]
    status: str  # "covered", MULTI, MISS, or the non-decisive label ("unverifiable", …)
    label: str | None = None
    confidence: float = 0.0
    summary: str = ""
    claim_id: int | None = None

    @property
    def covered(self) -> bool:
        return self.status == "covered"

    @property
    def correct(self) -> bool:
        truth = self.part["truth"]
        return self.covered and (
            (self.label == "supported" and truth) or (self.label == "refuted" and not truth)
        )

    @property
    def confident_wrong(self) -> bool:
        truth = self.part["truth"]
        wrong = (self.label == "supported" and not truth) or (self.label == "refuted" and truth)
        return self.covered and wrong and self.confidence >= CONFIDENT


def _words(value: Any) -> set[str]:
    """Lower-cased word tokens of a gold or verdict value (strings, numbers, lists, dicts)."""
    if isinstance(value, dict):
        return set().union(*(_words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_words(v) for v in value)) if value else set()
    return set(re.findall(r"[\w.]+", str(value).casefold()))


#: Part kinds that stand for a gold kind: the gold set has no ``population`` or ``last_in``
#: kind (a population figure is a statistic there, "last held in" a first_since).
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "statistic": ("statistic", "population"),
    "first_since": ("first_since", "last_in"),
}
#: Values that name what a part is about: a part about another subject is not this gold part,
#: whatever other words (a year) they share.
SUBJECT_KEYS = ("entity", "group", "country", "person", "speaker")


def _subject(values: Any) -> set[str]:
    if not isinstance(values, dict):
        return set()
    return set().union(*(_words(values[k]) for k in SUBJECT_KEYS if values.get(k)))


def match_part(gold: dict[str, Any], parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The per-part verdicts for a gold part: same kind (:data:`KIND_ALIASES`), the same
    subject when both name one, most value words in common (ties all returned, e.g. one per
    verifier)."""
    kinds = KIND_ALIASES.get(gold["kind"], (gold["kind"],))
    subject = _subject(gold["values"])
    same = [
        p
        for p in parts
        if p.get("kind") in kinds
        and not (subject and (theirs := _subject(p.get("values"))) and not subject & theirs)
    ]
    if not same:
        return []
    want = _words(gold["values"])
    scores = [len(want & _words(p.get("values", p.get("text", "")))) for p in same]
    best = max(scores)
    if best == 0 and len(same) > 1:
        return []
    return [p for p, score in zip(same, scores, strict=True) if score == best]


def part_verdicts(claim: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Per-part verdicts carried by a report claim, if any: ``parts`` on the claim or on its
    final verdict, else the ``parts`` of each verifier's verdict."""
    for holder in (claim, claim.get("verdict") or {}):
        parts = holder.get("parts")
        if isinstance(parts, list) and parts:
            return [p for p in parts if isinstance(p, dict)]
    found = [
        p
        for v in claim.get("verdicts") or []
        if isinstance(v, dict) and isinstance(v.get("parts"), list)
        for p in v["parts"]
        if isinstance(p, dict)
    ]
    return found or None


def _part_label(p: dict[str, Any]) -> tuple[str | None, float, str]:
    nested = p.get("verdict")
    verdict: dict[str, Any] = nested if isinstance(nested, dict) else p
    return (
        verdict.get("label"),
        float(verdict.get("confidence") or 0.0),
        str(verdict.get("summary") or ""),
    )


def combine_parts(matches: list[dict[str, Any]]) -> tuple[str | None, float, str]:
    """One label for a gold part from its matching part verdicts: the decisive label they
    agree on (highest confidence), ``mixed`` when they disagree, else the first label."""
    labelled = [_part_label(m) for m in matches]
    decisive = [t for t in labelled if t[0] in DECISIVE]
    if not decisive:
        return labelled[0]
    if len({t[0] for t in decisive}) > 1:
        return "mixed", 0.0, "; ".join(t[2] for t in decisive if t[2])
    return max(decisive, key=lambda t: t[1])


def score_article(
    article: dict[str, Any], report: dict[str, Any]
) -> tuple[list[Scored], list[dict[str, Any]]]:
    """Score one article's gold parts against its ``claimtrack check --format json`` report.

    Returns the scored parts and the claims that hold several gold parts."""
    claims = report.get("claims") or []
    texts = [norm(c.get("text") or "") for c in claims]
    holder: dict[str, int | None] = {}
    for part in article["parts"]:
        sentence = norm(part["sentence"])
        found = next((i for i, t in enumerate(texts) if sentence in t), None)
        if found is None:  # a claim may be a piece of a longer sentence
            found = next((i for i, t in enumerate(texts) if t and t in sentence), None)
        holder[part["id"]] = found
    per_claim: dict[int, int] = {}
    for idx in holder.values():
        if idx is not None:
            per_claim[idx] = per_claim.get(idx, 0) + 1
    out: list[Scored] = []
    for part in article["parts"]:
        idx = holder[part["id"]]
        base = {"article": article["id"], "split": article["split"], "part": part}
        if idx is None:
            out.append(Scored(**base, status=MISS))
            continue
        claim = claims[idx]
        cid = claim.get("id")
        parts = part_verdicts(claim)
        if parts is not None:
            matches = match_part(part, parts)
            if not matches:
                out.append(Scored(**base, status="unchecked (no part verdict)", claim_id=cid))
                continue
            label, conf, summary = combine_parts(matches)
        elif per_claim[idx] > 1:
            verdict = claim.get("verdict") or {}
            out.append(
                Scored(
                    **base,
                    status=MULTI,
                    label=verdict.get("label"),
                    confidence=float(verdict.get("confidence") or 0.0),
                    summary=str(verdict.get("summary") or ""),
                    claim_id=cid,
                )
            )
            continue
        else:
            verdict = claim.get("verdict") or {}
            label = verdict.get("label")
            conf = float(verdict.get("confidence") or 0.0)
            summary = str(verdict.get("summary") or "")
        status = "covered" if label in DECISIVE else str(label or "unchecked")
        out.append(
            Scored(
                **base,
                status=status,
                label=label,
                confidence=conf,
                summary=summary,
                claim_id=cid,
            )
        )
    multi = [
        {
            "article": article["id"],
            "claim": claims[i].get("id"),
            "parts": n,
            "verdict": (claims[i].get("verdict") or {}).get("label"),
            "truths": [p["truth"] for p in article["parts"] if holder[p["id"]] == i],
        }
        for i, n in sorted(per_claim.items())
        if n > 1
    ]
    return out, multi


@dataclass
class Figures:
    """Coverage, accuracy and confident-wrong over a set of scored parts."""

    parts: int = 0
    held: int = 0
    covered: int = 0
    covered_held: int = 0
    correct: int = 0
    confident_wrong: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, scored: Iterable[Scored]) -> Figures:
        f = cls()
        for s in scored:
            f.parts += 1
            f.held += s.part["sources_hold"]
            f.covered += s.covered
            f.covered_held += s.covered and s.part["sources_hold"]
            f.correct += s.correct
            f.confident_wrong += s.confident_wrong
            f.statuses[s.status] = f.statuses.get(s.status, 0) + 1
        return f

    def as_dict(self) -> dict[str, Any]:
        return {
            "parts": self.parts,
            "sources_hold": self.held,
            "covered": self.covered,
            "covered_where_sources_hold": self.covered_held,
            "coverage": ratio(self.covered, self.parts),
            "coverage_where_sources_hold": ratio(self.covered_held, self.held),
            "accuracy": ratio(self.correct, self.covered),
            "confident_wrong": self.confident_wrong,
            "statuses": dict(sorted(self.statuses.items())),
        }


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def table(title: str, rows: list[tuple[str, Figures]]) -> str:
    head = (
        f"{'':16} {'parts':>5} {'held':>5} {'covered':>7} {'cov%':>6} {'cov%held':>8} "
        f"{'accuracy':>8} {'conf-wrong':>10}"
    )
    lines = [title, head]
    for name, f in rows:
        lines.append(
            f"{name:16} {f.parts:5d} {f.held:5d} {f.covered:7d} {pct(f.covered, f.parts):>6} "
            f"{pct(f.covered_held, f.held):>8} {pct(f.correct, f.covered):>8} {f.confident_wrong:10d}"
        )
    return "\n".join(lines)


def report_for(scored: list[Scored], title: str) -> str:
    rows = [("all", Figures.of(scored))]
    for kind in KINDS:
        of_kind = [s for s in scored if s.part["kind"] == kind]
        if of_kind:
            rows.append((kind, Figures.of(of_kind)))
    return table(title, rows)


def json_documents(text: str) -> list[dict[str, Any]]:
    """The JSON documents printed one after another (one report per article)."""
    decoder = json.JSONDecoder()
    docs: list[dict[str, Any]] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return docs
        doc, pos = decoder.raw_decode(text, pos)
        docs.append(doc)


def run_pipeline(articles: list[dict[str, Any]], workdir: Path) -> tuple[dict[str, Any], float]:
    """One ``claimtrack check`` over every article against the loopback fixture servers."""
    sys.path.insert(0, str(ROOT / "tests" / "plugins_e2e"))
    from fixture_sources import (  # type: ignore[import-not-found]  # the e2e tests' servers and env
        fixture_sources,
    )

    exe = shutil.which("claimtrack")
    cmd = [exe] if exe else [sys.executable, "-m", "claimtrack"]
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CLAIMTRACK_", "GOOGLE_FACTCHECK"))
    }
    env.update(
        {
            "CLAIMTRACK_CONFIG": str(workdir / "no-config.toml"),
            "CLAIMTRACK_CACHE_DIR": str(workdir / "cache"),
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
    )
    t0 = time.perf_counter()
    with fixture_sources() as sources:
        env.update(sources)
        paths = [str(DATA / a["file"]) for a in articles]
        out = subprocess.run(
            [*cmd, "--db", str(workdir / "bench.db"), "check", *paths, *CHECK_ARGS],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=workdir,
        )
    if out.returncode != 0:
        raise SystemExit(f"claimtrack check failed: {out.stderr.strip()[-500:]}")
    by_source = {r["article"]["source"]: r for r in json_documents(out.stdout)}
    reports: dict[str, Any] = {}
    for article, path in zip(articles, paths, strict=True):
        if path not in by_source:
            raise SystemExit(f"claimtrack check printed no report for {article['file']}")
        reports[article["id"]] = by_source[path]
    return reports, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="per-article, per-part detail")
    ap.add_argument("--split", choices=("dev", "heldout"), help="only these articles")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)

    gold = load_gold()
    articles = [a for a in gold["articles"] if not args.split or a["split"] == args.split]
    with tempfile.TemporaryDirectory(prefix="bench-verdicts-") as tmp:
        reports, elapsed = run_pipeline(articles, Path(tmp))

    scored: list[Scored] = []
    multi: list[dict[str, Any]] = []
    for article in articles:
        article_parts, article_multi = score_article(article, reports[article["id"]])
        scored += article_parts
        multi += article_multi
    print(
        f"verdict benchmark: {len(articles)} articles, {len(scored)} gold parts "
        f"({sum(not s.part['truth'] for s in scored)} false, "
        f"{sum(s.part['sources_hold'] for s in scored)} whose facts the fixture sources hold); "
        f"pipeline {elapsed:.1f} s"
    )
    print(
        "rule: a part is scored by its claim's verdict only when that claim holds exactly one gold "
        "part, or by a per-part verdict when the report carries `parts`;\n"
        f"      several gold parts under one claim-level verdict count as '{MULTI}'."
    )
    print(
        "covered = supported/refuted/mixed; cov%held = covered among parts the sources hold "
        "(target >= 70%); accuracy on covered (target >= 95%); conf-wrong at confidence >= 0.5 "
        "(target 0)\n"
    )
    print(report_for(scored, "ALL ARTICLES"))
    for split in ("dev", "heldout"):
        part = [s for s in scored if s.split == split]
        if part and not args.split:
            print()
            print(report_for(part, f"{split.upper()} ({len({s.article for s in part})} articles)"))

    overall = Figures.of(scored)
    print("\ntargets (all articles):")
    for name, value, target, ok in (
        (
            "coverage where sources hold",
            pct(overall.covered_held, overall.held),
            ">= 70%",
            bool(overall.held) and overall.covered_held >= 0.7 * overall.held,
        ),
        (
            "accuracy on covered",
            pct(overall.correct, overall.covered),
            ">= 95%",
            bool(overall.covered) and overall.correct >= 0.95 * overall.covered,
        ),
        ("confident-wrong", f"{overall.confident_wrong:6d}", "0", overall.confident_wrong == 0),
    ):
        print(f"  {name:28} {value:>6}  target {target:7} {'met' if ok else 'NOT MET'}")
    print("\nwhy parts are not covered:")
    for status, n in sorted(overall.statuses.items(), key=lambda kv: -kv[1]):
        if status != "covered":
            print(f"  {n:4d}  {status}")
    decisive_multi = [m for m in multi if m["verdict"] in DECISIVE]
    split_truth = [m for m in decisive_multi if len(set(m["truths"])) > 1]
    print(
        f"\nclaims holding several gold parts: {len(multi)}; {len(decisive_multi)} got a decisive "
        f"claim-level verdict, {len(split_truth)} of them over both true and false parts\n"
        "(no single label is right for those; the verdicts' wording is shown with --verbose)"
    )
    misses = [s for s in scored if s.status == MISS]
    if misses:
        print(f"\nextraction misses ({len({s.part['sentence'] for s in misses})} sentences):")
        seen: set[str] = set()
        for s in misses:
            if s.part["sentence"] not in seen:
                seen.add(s.part["sentence"])
                print(f"  {s.article}: {s.part['sentence'][:110]}")
    wrong = [s for s in scored if s.confident_wrong]
    if wrong:
        print("\nconfident-wrong:")
        for s in wrong:
            print(
                f"  {s.part['id']} [{s.part['kind']}] truth={s.part['truth']} -> {s.label} "
                f"{s.confidence:.2f}: {s.summary[:120]}"
            )

    if args.verbose:
        for article in articles:
            print(
                f"\n== {article['id']} ({article['style']}, {article['published']}, {article['split']})"
            )
            for s in (s for s in scored if s.article == article["id"]):
                p = s.part
                mark = "ok " if s.correct else ("XX " if s.confident_wrong else "   ")
                verdict = f"{s.label} {s.confidence:.2f}" if s.label else "-"
                print(
                    f"  {mark}{p['id']:<40} {p['kind']:<14} truth={p['truth']!s:<5} "
                    f"held={p['sources_hold']!s:<5} {verdict:<18} {s.status}"
                )
                if s.summary and s.status in ("covered", MULTI):
                    print(f"       {s.summary[:150]}")

    if args.json:
        figures = {
            "all": overall.as_dict(),
            "per_kind": {
                k: Figures.of(s for s in scored if s.part["kind"] == k).as_dict() for k in KINDS
            },
            "per_split": {
                sp: Figures.of(s for s in scored if s.split == sp).as_dict()
                for sp in ("dev", "heldout")
            },
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
