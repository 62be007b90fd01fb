"""Generated news-style articles of any size, for scale tests and benchmarks.

:func:`dense_article` fills a byte budget with varied, realistic sentences (statistics,
dates, quotes with speakers, memberships, offices, opinions, questions, datelines,
abbreviations) in paragraphs under headings, with a byline and site furniture here and
there. Every value comes from a seeded RNG, so the same seed gives the same article and
few sentences repeat verbatim.
"""

from __future__ import annotations

import random

CITIES = [
    "SYDNEY",
    "BERLIN",
    "PARIS",
    "OTTAWA",
    "TOKYO",
    "ROME",
    "LONDON",
    "WASHINGTON",
    "NAIROBI",
    "LIMA",
]
COUNTRIES = [
    "Canada",
    "France",
    "Germany",
    "Italy",
    "Japan",
    "Australia",
    "India",
    "Brazil",
    "Kenya",
    "Mexico",
    "Chile",
    "Norway",
    "Spain",
    "Poland",
    "Egypt",
    "Vietnam",
]
PEOPLE = [
    "Olaf Scholz",
    "Mary Ng",
    "Anthony Albanese",
    "Jane Roe",
    "John Smith",
    "Ana Lopez",
    "Aiko Tanaka",
    "Lars Berg",
    "Amina Yusuf",
    "Pierre Dubois",
    "Maria Rossi",
    "Tomasz Nowak",
]
OFFICES = ["German Chancellor", "Prime Minister", "Finance Minister", "Trade Minister", "President"]
TOPICS = [
    "inflation",
    "exports",
    "unemployment",
    "emissions",
    "tourism",
    "wages",
    "housing starts",
    "output",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "April", "June", "September", "November"]
COMPANIES = [
    "Northwind Ltd",
    "Acme Corp",
    "Globex Inc",
    "Initech",
    "Umbrella Holdings",
    "Stark Industries",
]
SENTENCES = [
    (
        "{city} (Reuters) - Officials from {c1} and {c2} met on {wd} for talks on {topic},"
        " the first such meeting since {y1}."
    ),
    "{topic_cap} in {c1} fell to {p}% in {y2}, according to the national statistics office.",
    '"We will not accept these terms," {office} {person} told reporters in {c2} on {wd}.',
    "The deal, worth ${n}.{d} billion, was signed by {n} companies on {month} {day}, {y2}.",
    "About a {frac} of the country's population lives in the capital, officials said.",
    "The group, a bloc of {count} countries consisting of {c1}, {c2} and {c3}, was founded in {y1}.",
    "Exports to {c2} were {n} times higher than in {y1}, the highest level since {y2}.",
    "I think this is a wonderful opportunity for everyone in {c1}.",
    "Will the talks on {topic} succeed before {month}?",
    "Mr. {last} said the U.S. economy grew {p} percent in the third quarter of {y2}.",
    "Prices rose by {p} per cent in Jan. and Feb., the fastest pace in {n} years.",
    "{person}, {c1}'s finance minister, said the budget would rise to {n} million euros.",
    "Police said {n} people were injured and {m} were arrested after the protest on {wd}.",
    "It was the largest demonstration in {c3} since {y1}, organisers said.",
    "{company}, set up in {y1}, employs more than {n},{d}00 people worldwide.",
    "Critics say the plan for {topic} should be scrapped.",
    "{c1}'s population rose to {p} million in {y2}, up from {m} million a decade earlier.",
    '"This is a turning point for {c2}," said {person}, adding that {topic} had doubled since {y1}.',
    "The central bank of {c1} raised its main rate to {p}% on {wd}, its {ordinal} increase this year.",
    "According to {person}, {topic} in {c2} accounts for {p} percent of national output.",
    "Analysts at {company} expect {topic} to slow to {p}% next year, from {q}% in {y2}.",
    "Dr. {last} of the University of {c3} estimated that {n},{d}00 jobs were lost in {y2}.",
    "The vote passed by {n} to {m} in the lower house on {month} {day}.",
    "Nearly {n} percent of households in {c1} said they could not afford heating last winter.",
    "Trade between {c1} and {c2} reached ${n} billion in {y2}, more than twice the level of {y1}.",
    "\u201cWe have never seen numbers like these,\u201d {person} said in an interview.",
    "He added that talks would resume in {month}.",
    "The report, published on {wd}, covers {n} regions and {m} industries.",
]
HEADINGS = [
    "## {topic_cap} in {c1}: what the figures show",
    "## Talks with {c2}",
    "### Reaction from {c3}",
    "## Background",
]
FURNITURE = [
    "By {person}",
    "Published {month} {day}, {y2}",
    "Photo: {person} / Reuters",
    "(Reporting by {person}; Editing by {person2})",
]


def _fill(rng: random.Random, template: str) -> str:
    person = rng.choice(PEOPLE)
    topic = rng.choice(TOPICS)
    return template.format(
        city=rng.choice(CITIES),
        c1=rng.choice(COUNTRIES),
        c2=rng.choice(COUNTRIES),
        c3=rng.choice(COUNTRIES),
        wd=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        y1=rng.randint(1950, 2012),
        y2=rng.randint(2013, 2024),
        p=f"{rng.randint(1, 40)}.{rng.randint(0, 9)}",
        q=f"{rng.randint(1, 40)}.{rng.randint(0, 9)}",
        n=rng.randint(2, 950),
        d=rng.randint(1, 9),
        m=rng.randint(2, 300),
        frac=rng.choice(["third", "quarter", "tenth", "half", "fifth"]),
        count=rng.choice(["three", "five", "seven", "12", "20"]),
        office=rng.choice(OFFICES),
        person=person,
        person2=rng.choice(PEOPLE),
        last=person.split()[-1],
        topic=topic,
        topic_cap=topic.capitalize(),
        company=rng.choice(COMPANIES),
        ordinal=rng.choice(["first", "second", "third", "fourth"]),
    )


def dense_article(size: int, seed: int = 0) -> str:
    """A generated article of about ``size`` characters (ASCII except curly quotes).

    Paragraphs hold 2-8 sentences; a heading starts every few paragraphs; bylines,
    dates and credits are sprinkled in. The text ends with a newline.
    """
    rng = random.Random(seed)
    parts = [
        f"# {rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)} in figures\n\n",
        _fill(rng, "By {person}\n\n"),
    ]
    total = sum(map(len, parts))
    while total < size:
        roll = rng.random()
        if roll < 0.08:
            block = _fill(rng, rng.choice(HEADINGS))
        elif roll < 0.12:
            block = _fill(rng, rng.choice(FURNITURE))
        else:
            block = " ".join(_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(2, 8)))
        block += "\n\n"
        parts.append(block)
        total += len(block)
    return "".join(parts).rstrip("\n") + "\n"
