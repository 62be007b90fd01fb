"""Ingest speed: ``add`` of many news-style articles against raw sqlite3, and claim identity.

Articles are written at run time from real sentences: runs of consecutive ClaimBuster debate
sentences (``../shared/data/claimbuster/crowdsourced.csv``, read here and never copied into
the repository) under a headline, a byline, a date line and a dateline, some of them quoted
and attributed to their speaker, with site furniture (tags, "Related:" links) around them.
The same sentence turns up in several articles, as in the news.

1. Extract: every article goes through ``claimtrack add``'s path (read the file, decode, strip
   boilerplate, every registered extractor), timed once.
2. Store: the extracted claims are stored with ``services.add.store_article`` (one
   transaction per article, claim matching included) and, in the same run, with raw
   ``sqlite3`` on the same schema (triggers and FTS index included), one transaction per
   article: article row, ``INSERT … ON CONFLICT (fingerprint) … RETURNING id`` per claim, the
   mentions. Runs alternate (raw, add, add, raw, …) on fresh databases; min and median of
   CPU seconds (this process: SQLite works in it, and other load on a shared machine does
   not distort them) and of wall seconds are reported. Target: add ≤ 2× raw (CPU median).
3. Identity: different sentences must stay different claims. For every stored claim, the
   distinct sentence fingerprints of its mentions are counted; a claim that absorbed more than
   :data:`MAX_SENTENCES_PER_CLAIM` different sentences, or more than :data:`MAX_MERGED_SHARE`
   of mentions linked to a claim of another wording, fails the check.

Run: python benchmarks/bench_ingest.py [--articles 10000] [--repeat 3] [--data PATH]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from claimtrack.config import load_settings
from claimtrack.extraction.base import ExtractedClaim
from claimtrack.extraction.matching import fingerprint
from claimtrack.ingest import Document, read_source
from claimtrack.models import utcnow
from claimtrack.plugins import get_extractors
from claimtrack.registry import Registry
from claimtrack.services.add import extract_for, extractor_settings, store_article

#: add's store step may take at most this many times raw sqlite3's time.
TARGET_RATIO = 2.0
#: A claim may gather this many different sentences (rewordings of one claim) and no more.
MAX_SENTENCES_PER_CLAIM = 3
#: At most this share of mentions may link to a claim worded differently from their sentence.
MAX_MERGED_SHARE = 0.02
REPO = Path(__file__).resolve().parents[1]
DATA_CANDIDATES = [
    REPO.parent / "shared/data/claimbuster/crowdsourced.csv",
    REPO.parent.parent / "shared/data/claimbuster/crowdsourced.csv",
]
CITIES = ["WASHINGTON", "NEW YORK", "CHICAGO", "DENVER", "BOSTON", "ATLANTA", "DALLAS", "MIAMI"]
REPORTERS = ["Maria Lopez", "John Carter", "Aiko Tanaka", "Lars Berg", "Amina Yusuf", "Ben Okafor"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]
MONTHS += ["October", "November", "December"]
SITES = ["The Daily Ledger", "Capitol Wire", "Morning Courier", "Public Record"]


def load_debates(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(debate date, [(speaker, sentence), ...] in line order) for each ClaimBuster debate."""
    debates: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["Text"].split())
            if text:
                debates[row["File_id"]].append((int(row["Line_number"]), row["Speaker"], text))
    return [
        (name.removesuffix(".txt"), [(s, t) for _, s, t in sorted(lines)])
        for name, lines in sorted(debates.items())
    ]


def news_article(
    rng: random.Random, n: int, debates: Sequence[tuple[str, list[tuple[str, str]]]]
) -> str:
    """One news-style article around a run of 6-16 consecutive sentences of one debate."""
    date, lines = rng.choice(debates)
    run = rng.randint(6, 16)
    start = rng.randrange(max(1, len(lines) - run))
    picked = lines[start : start + run]
    year, month, day = (int(x) for x in date.split("-"))
    speaker = picked[0][0].title()
    headline = " ".join(picked[0][1].split()[:9]).rstrip(",.;:")
    out = [
        f"# {speaker}: {headline}",
        "",
        f"By {rng.choice(REPORTERS)}, {rng.choice(SITES)}",
        f"Published {MONTHS[month - 1]} {min(day + 1, 28)}, {year}",
        "",
    ]
    paragraph: list[str] = [f"{rng.choice(CITIES)} — "]
    for who, sentence in picked:
        quoted = rng.random() < 0.25 and sentence.endswith(".")
        paragraph.append(f'"{sentence[:-1]}," {who.title()} said.' if quoted else sentence)
        if rng.random() < 0.4:
            out += [" ".join(paragraph).replace("—  ", "— "), ""]
            paragraph = []
    if paragraph:
        out += [" ".join(paragraph), ""]
    out += [
        f"Related: {rng.choice(SITES)} debate coverage, part {n % 97}",
        f"Tags: debate, {year}, {speaker.split()[-1].lower()}",
        "Share this article",
    ]
    return "\n".join(out) + "\n"


def raw_store(path: Path, items: Sequence[tuple[Document, list[ExtractedClaim]]]) -> None:
    """What the store step costs with the driver alone: the same rows, one transaction per article."""
    import json

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    for document, claims in items:
        kept = [c for c in claims if c.checkworthy]
        stamp = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("BEGIN IMMEDIATE")
        digest = document.content_hash
        if conn.execute("SELECT id FROM article WHERE content_hash = ?", (digest,)).fetchone():
            conn.execute("COMMIT")
            continue
        (article_id,) = conn.execute(
            "INSERT INTO article (source, title, site, author, published, published_source, "
            "retrieved_at, content_hash, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                document.source,
                document.title,
                document.site,
                document.author,
                document.published.isoformat() if document.published else None,
                document.published_source if document.published else None,
                stamp,
                digest,
                document.text,
            ),
        ).fetchone()
        mentions = []
        for claim in kept:
            (claim_id,) = conn.execute(
                'INSERT INTO claim (text, fingerprint, kind, score, "values", status, created_at, '
                "updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (fingerprint) "
                "DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
                (
                    claim.text,
                    fingerprint(claim.text),
                    claim.kind,
                    claim.score,
                    json.dumps(claim.values),
                    stamp,
                    stamp,
                ),
            ).fetchone()
            mentions.append(
                (claim_id, article_id, claim.text, claim.start, claim.end, claim.speaker)
            )
        conn.executemany(
            'INSERT INTO mention (claim_id, article_id, sentence, start, "end", speaker) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            mentions,
        )
        conn.execute("COMMIT")
    conn.close()


def add_store(registry: Registry, items: Sequence[tuple[Document, list[ExtractedClaim]]]) -> None:
    for document, claims in items:
        store_article(registry, document, claims)


_QUOTED = re.compile(r'^"(.*)," [^"]+? said\.((?: .*)?)$', re.DOTALL)


def source_sentence(sentence: str) -> str:
    """The debate sentence a mention comes from: the quote marks and attribution taken off.

    A debate fragment that starts in lower case runs on after the attribution in one
    segment ('"…," Ronald Reagan said. have leased …'): that is the plain '…. have leased …'.
    """
    quoted = _QUOTED.match(sentence)
    return quoted.group(1) + "." + quoted.group(2) if quoted else sentence


def identity(path: Path) -> tuple[int, int, int, int, list[str]]:
    """(claims, mentions, mentions linked to another sentence, most sentences in one claim,
    a sample of that claim's sentences). Sentences are compared as in the debate: a quoted,
    attributed sentence is the same sentence as its plain form."""
    conn = sqlite3.connect(path)
    claims = {
        i: fingerprint(source_sentence(t)) for i, t in conn.execute("SELECT id, text FROM claim")
    }
    sentences: dict[int, set[str]] = defaultdict(set)
    texts: dict[int, list[str]] = defaultdict(list)
    other = mentions = 0
    for claim_id, sentence in conn.execute("SELECT claim_id, sentence FROM mention"):
        mentions += 1
        fp = fingerprint(source_sentence(sentence))
        other += fp != claims[claim_id]
        if fp not in sentences[claim_id]:
            texts[claim_id].append(sentence)
        sentences[claim_id].add(fp)
    conn.close()
    worst = max(sentences, key=lambda c: len(sentences[c]), default=0)
    return len(claims), mentions, other, len(sentences.get(worst, ())), texts.get(worst, [])[:3]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="store runs of each kind")
    parser.add_argument("--data", type=Path, help="ClaimBuster crowdsourced.csv")
    args = parser.parse_args()
    data = args.data or next((p for p in DATA_CANDIDATES if p.exists()), None)
    if data is None or not data.exists():
        sys.exit("no ClaimBuster crowdsourced.csv: pass --data PATH")
    debates = load_debates(data)
    rng = random.Random(13)
    settings = load_settings()
    per_extractor = extractor_settings(get_extractors())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(args.articles):
            path = folder / f"article-{i:05d}.md"
            path.write_text(news_article(rng, i, debates), encoding="utf-8")
            paths.append(path)
        start = time.perf_counter()
        items = []
        for path in paths:
            document = read_source(str(path), settings)
            items.append((document, extract_for(document, settings=per_extractor)))
        extract_s = time.perf_counter() - start
        sentences = sum(len(c) for _, c in items)
        mentions = sum(c.checkworthy for _, cs in items for c in cs)
        print(
            f"{args.articles:,} articles, {sentences:,} extracted sentences, {mentions:,} "
            f"check-worthy mentions; extractors: {', '.join(e.name for e in get_extractors())}"
        )
        print(f"extract (read + every extractor): {extract_s:.1f} s")

        cpu: dict[str, list[float]] = {"raw": [], "add": []}
        wall: dict[str, list[float]] = {"raw": [], "add": []}
        last_db = folder / "none.db"
        for r in range(args.repeat):
            order = ("raw", "add") if r % 2 == 0 else ("add", "raw")
            for kind in order:
                db = folder / f"{kind}-{r}.db"
                Registry.open(str(db)).close()  # the schema, migrated
                begin_cpu, begin = time.process_time(), time.perf_counter()
                if kind == "raw":
                    raw_store(db, items)
                else:
                    registry = Registry.open(str(db))
                    add_store(registry, items)
                    registry.close()
                    last_db = db
                wall[kind].append(time.perf_counter() - begin)
                cpu[kind].append(time.process_time() - begin_cpu)
        for kind, label in (("raw", "raw sqlite3"), ("add", "add")):
            print(
                f"store, {label + ':':<12} CPU min {min(cpu[kind]):.2f} s, median "
                f"{statistics.median(cpu[kind]):.2f} s ({mentions / statistics.median(cpu[kind]):,.0f}"
                f" mentions/s); wall min {min(wall[kind]):.2f} s, median "
                f"{statistics.median(wall[kind]):.2f} s"
            )
        ratio = statistics.median(cpu["add"]) / statistics.median(cpu["raw"])
        print(
            f"add / raw, CPU: min {min(cpu['add']) / min(cpu['raw']):.2f}x, median {ratio:.2f}x "
            f"(target <= {TARGET_RATIO:g}x): {'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}; "
            f"wall median {statistics.median(wall['add']) / statistics.median(wall['raw']):.2f}x"
        )
        add_med = statistics.median(wall["add"])
        print(
            f"add end to end (extract + store, wall): {mentions / (extract_s + add_med):,.0f} "
            f"mentions/s, {args.articles / (extract_s + add_med):,.0f} articles/s"
        )
        claims, stored, other, worst, sample = identity(last_db)
        raw_claims, _, _, _, _ = identity(folder / "raw-0.db")
        share = other / stored if stored else 0.0
        ok = worst <= MAX_SENTENCES_PER_CLAIM and share <= MAX_MERGED_SHARE
        print(
            f"identity: {claims:,} claims for {stored:,} mentions (raw, by fingerprint only: "
            f"{raw_claims:,}); {other:,} mentions ({share:.2%}) linked to another sentence "
            f"(max {MAX_MERGED_SHARE:.0%}); at most {worst} different sentences in one claim "
            f"(max {MAX_SENTENCES_PER_CLAIM}): {'OK' if ok else 'FAILED'}"
        )
        if worst > 1:
            for text in sample:
                print(f"  e.g. {text[:110]}")


if __name__ == "__main__":
    main()
