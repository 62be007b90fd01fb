"""Cost of claim matching: `same_claim` per candidate pair and `fingerprint` per sentence, one core.

Usage: ``python benchmarks/bench_matching.py [--sentences N] [--seed S]``

Sentences are built from templates with a seeded RNG (places, people, organisations,
numbers, years, units, directions). Every sentence is compared with 20 others (the
candidates ``claimtrack add`` reads for a new sentence), half of them one fact away from
it, with cold caches, as for a stream of new sentences. Prints microseconds per pair and
per fingerprint (CPU time; wall time beside it), and how many of the one-fact-away pairs
were judged the same claim (0 expected).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimtrack.extraction import matching

PLACES = [
    "France",
    "Spain",
    "Germany",
    "Italy",
    "Japan",
    "Canada",
    "Brazil",
    "India",
    "Kenya",
    "Mexico",
    "Chile",
    "Norway",
    "Poland",
    "Egypt",
]
PEOPLE = [
    "Olaf Scholz",
    "Emmanuel Macron",
    "Joe Biden",
    "Rishi Sunak",
    "Narendra Modi",
    "Giorgia Meloni",
]
ORGS = ["The IMF", "The World Bank", "The OECD", "The WTO", "The European Commission"]
MEASURES = ["Unemployment", "Inflation", "Exports", "Imports", "House prices", "Wages"]
DIRECTIONS = ["rose", "fell", "increased", "decreased", "grew", "dropped"]
OPPOSITE = {
    "rose": "fell",
    "fell": "rose",
    "increased": "decreased",
    "decreased": "increased",
    "grew": "shrank",
    "dropped": "climbed",
}
UNITS = ["percent", "%", " percentage points", " per cent"]
TEMPLATES = [
    "{measure} in {place} {dir} to {n}.{d}{unit} in {year}, the statistics office said.",
    "{org} said {measure_l} in {place} {dir} {n}.{d}{unit} in {year}.",
    "{person} said {place} would spend {n}.{d} billion {currency} on defence by {year}.",
    "In {year}, {measure_l} in {place} {dir} to {n}{unit}, according to {org_l}.",
    "{person} met the leader of {place} in {city} on {weekday}, {n} years after their last meeting.",
    "{place}'s population {dir} to {n}.{d} million in {year}, the lowest in {n2} years.",
    "{org} did not expect {measure_l} in {place} to fall below {n}{unit} before {year}.",
]
CITIES = ["Paris", "Berlin", "Rome", "Tokyo", "Madrid", "Lisbon", "Sydney", "Toronto"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random) -> str:
    measure = rng.choice(MEASURES)
    org = rng.choice(ORGS)
    return rng.choice(TEMPLATES).format(
        measure=measure,
        measure_l=measure.lower(),
        place=rng.choice(PLACES),
        dir=rng.choice(DIRECTIONS),
        n=rng.randint(2, 40),
        d=rng.randint(0, 9),
        n2=rng.randint(2, 40),
        unit=rng.choice(UNITS),
        year=rng.randint(1990, 2030),
        person=rng.choice(PEOPLE),
        org=org,
        org_l="the" + org[3:],
        currency=rng.choice(["dollars", "euros", "pounds"]),
        city=rng.choice(CITIES),
        weekday=rng.choice(WEEKDAYS),
    )


def one_fact_away(text: str, rng: random.Random) -> str:
    """``text`` with one place, number or direction word changed to a different one."""
    words = text.split(" ")
    sites = [
        i
        for i, w in enumerate(words)
        if w.strip(",.'s") in PLACES or w in OPPOSITE or w.strip(",.%").isdigit()
    ]
    i = rng.choice(sites)
    word = words[i]
    if word in OPPOSITE:
        words[i] = OPPOSITE[word]
    elif word.strip(",.%").isdigit():
        number = word.strip(",.%")
        words[i] = word.replace(number, str(int(number) + rng.randint(1, 9)), 1)
    else:
        place = word.strip(",.'s")
        words[i] = word.replace(place, rng.choice([p for p in PLACES if p != place]))
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [sentence(rng) for _ in range(args.sentences)]
    pairs: list[tuple[str, str, bool]] = []  # (a, b, one fact away)
    for text in texts:
        pairs += [(text, one_fact_away(text, rng), True) for _ in range(10)]
        pairs += [(text, rng.choice(texts), False) for _ in range(10)]

    for cached in (matching._tokens, matching._facts, matching.canonical):
        cached.cache_clear()
    cpu = time.process_time()
    for text in texts:
        matching.fingerprint(text)
    fp_cpu = time.process_time() - cpu
    for cached in (matching._tokens, matching._facts, matching.canonical):
        cached.cache_clear()
    cpu, wall = time.process_time(), time.perf_counter()
    results = [matching.same_claim(a, b) for a, b, _ in pairs]
    pair_cpu, pair_wall = time.process_time() - cpu, time.perf_counter() - wall
    away = [same for same, (_, _, changed) in zip(results, pairs, strict=True) if changed]
    print(f"fingerprint: {1e6 * fp_cpu / len(texts):.0f} us/sentence (CPU), {len(texts)} sentences")
    print(
        f"same_claim: {1e6 * pair_cpu / len(pairs):.0f} us/pair "
        f"(CPU; wall {1e6 * pair_wall / len(pairs):.0f}), {len(pairs)} pairs"
    )
    print(f"per new sentence with 20 candidates: {20e3 * pair_cpu / len(pairs):.2f} ms (CPU)")
    print(f"one-fact-away pairs judged the same claim: {sum(away)} of {len(away)} (should be 0)")


if __name__ == "__main__":
    main()
