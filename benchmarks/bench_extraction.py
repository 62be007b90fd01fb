"""Throughput of the whole extraction on 1,000 generated news-style articles, one core.

Usage: ``python benchmarks/bench_extraction.py [--articles N] [--seed S]``

Articles are built from templates with a seeded RNG (headings, bylines, datelines,
statistics, quotes, memberships, opinions, tag lists, comment forms …). Prints
sentences/s and articles/s against the target of 5,000 sentences/s, the speed of the
segmenter alone, and the ratio to pysbd's segmentation if pysbd happens to be installed.
Rates use the process's CPU time, so other load on the machine does not distort them;
wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext
from claimtrack.extraction.default import DefaultExtractor
from claimtrack.extraction.sentences import split_spans

TARGET = 5000.0
CITIES = ["SYDNEY", "BERLIN", "PARIS", "OTTAWA", "TOKYO", "ROME", "LONDON", "WASHINGTON"]
COUNTRIES = ["Canada", "France", "Germany", "Italy", "Japan", "Australia", "India", "Brazil"]
PEOPLE = ["Olaf Scholz", "Mary Ng", "Anthony Albanese", "Jane Roe", "John Smith", "Ana Lopez"]
OFFICES = ["German Chancellor", "Prime Minister", "Finance Minister", "Trade Minister", "President"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TEMPLATES = [
    (
        "{city} (Reuters) - Officials from {c1} and {c2} met on {wd} for talks on trade,"
        " the first such meeting since {y1}."
    ),
    "Unemployment in {c1} fell to {p}% in {y2}, according to the national statistics office.",
    '"We will not accept these terms," {office} {person} told reporters in {c2} on {wd}.',
    "The deal, worth ${n}.{d} billion, was signed by {n} companies last {wd}.",
    "About a {frac} of the country's population lives in the capital, officials said.",
    "The group, a bloc of {count} countries consisting of {c1}, {c2} and {c3}, was founded in {y1}.",
    "Exports to {c2} were {n} times higher than in {y1}, the highest level since {y2}.",
    "I think this is a wonderful opportunity for everyone.",
    "Will the talks succeed?",
    "Mr. {last} said the U.S. economy grew {p} percent in the third quarter of {y2}.",
    "Prices rose by {p} per cent in Jan. and Feb., the fastest pace in {n} years.",
    "{person}, {c1}'s finance minister, said the budget would rise to {n} million euros.",
    "Police said {n} people were injured and {m} were arrested after the protest on {wd}.",
    "It was the largest demonstration in the city since {y1}, organisers said.",
    "The company, set up in {y1}, employs more than {n},{d}00 people worldwide.",
    "Critics say the plan should be scrapped.",
]
FOOTERS = [
    "Tags: {c1}, trade, economy, politics",
    "Previous post\nMarkets rally as inflation cools",
    "Leave a comment\nYour email address will not be published. Required fields are marked *",
    "(Reporting by {person}; Editing by {person2})\njd/ab",
    "Photo: {person} / Reuters",
]


def article(rng: random.Random) -> str:
    """One templated news article."""

    def fill(template: str) -> str:
        person = rng.choice(PEOPLE)
        return template.format(
            city=rng.choice(CITIES),
            c1=rng.choice(COUNTRIES),
            c2=rng.choice(COUNTRIES),
            c3=rng.choice(COUNTRIES),
            wd=rng.choice(WEEKDAYS),
            y1=rng.randint(1950, 2015),
            y2=rng.randint(2016, 2024),
            p=f"{rng.randint(1, 20)}.{rng.randint(0, 9)}",
            n=rng.randint(2, 90),
            d=rng.randint(1, 9),
            m=rng.randint(2, 30),
            frac=rng.choice(["third", "quarter", "tenth", "half"]),
            count=rng.choice(["three", "five", "seven", "12"]),
            office=rng.choice(OFFICES),
            person=person,
            person2=rng.choice(PEOPLE),
            last=person.split()[-1],
        )

    head = f"# {rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)} agree on trade talks\n\nBy {rng.choice(PEOPLE)}\n\n"
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        paragraphs.append(" ".join(fill(rng.choice(TEMPLATES)) for _ in range(rng.randint(1, 3))))
    paragraphs.append(fill(rng.choice(FOOTERS)))
    return head + "\n\n".join(paragraphs) + "\n"


def main() -> None:
    """Generate the articles, time the extraction, print the figures."""
    parser = argparse.ArgumentParser(description="claimtrack extraction throughput")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [article(rng) for _ in range(args.articles)]
    context = ArticleContext(published=datetime(2024, 6, 13))
    extractors = [DefaultExtractor()]  # loads the model once, outside the timing
    extract_claims(articles[0], context, extractors)  # warm-up

    wall, start = time.perf_counter(), time.process_time()
    sentences = 0
    checkworthy = 0
    for text in articles:
        claims = extract_claims(text, context, extractors)
        sentences += len(claims)
        checkworthy += sum(c.checkworthy for c in claims)
    elapsed = time.process_time() - start
    wall = time.perf_counter() - wall

    start = time.process_time()
    for text in articles:
        split_spans(text)
    split_elapsed = time.process_time() - start

    rate = sentences / elapsed
    print(f"articles:            {len(articles)}")
    print(f"sentences:           {sentences} ({checkworthy} check-worthy)")
    print(f"time:                {elapsed:.2f} s CPU on one core ({wall:.2f} s wall)")
    print(f"articles/s:          {len(articles) / elapsed:,.0f}")
    print(
        f"sentences/s:         {rate:,.0f}  (target {TARGET:,.0f}: {'met' if rate >= TARGET else 'NOT met'})"
    )
    print(f"segmentation alone:  {sentences / split_elapsed:,.0f} sentences/s")
    try:
        import pysbd  # type: ignore[import-not-found]
    except ImportError:
        print("pysbd:               not installed (ratio skipped)")
        return
    segmenter = pysbd.Segmenter(language="en", clean=False)
    start = time.process_time()
    for text in articles:
        segmenter.segment(text)
    pysbd_elapsed = time.process_time() - start
    print(
        f"pysbd alone:         {sentences / pysbd_elapsed:,.0f} sentences/s; whole extraction is "
        f"{pysbd_elapsed / elapsed:.1f}x pysbd's segmentation"
    )


if __name__ == "__main__":
    main()
