"""Test-side generators of claim variants: one-fact swaps (a different claim) and rewordings (the same claim).

Deliberately independent of :mod:`claimtrack.extraction.matching`: the swap sites and
rewordings are found with this module's own word lists and patterns, so the properties
test the matcher rather than restate it.

* :func:`swap_sites` lists every place in a sentence where one fact can be swapped: an
  entity (place, demonym, person, organisation), a number, a year, a unit, the polarity
  (negation) or a comparison direction. :func:`apply_swap` makes the variant.
* :data:`REWORDINGS` are transformations that keep the claim: the attribution moved or
  inverted ("the office said" / "said the office"), a trailing time or place phrase moved
  to the front, numbers spelled differently ("8" / "eight", "1.4 billion" /
  "1,400,000,000", "%" / "percent" / "per cent", "$5" / "5 dollars").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

KINDS = ("place", "person", "organisation", "number", "year", "unit", "negation", "direction")

PLACES = [
    "France",
    "Spain",
    "Germany",
    "Italy",
    "Portugal",
    "Poland",
    "Sweden",
    "Norway",
    "Ireland",
    "Greece",
    "Canada",
    "Mexico",
    "Brazil",
    "Argentina",
    "Chile",
    "Peru",
    "Japan",
    "China",
    "India",
    "Indonesia",
    "Nigeria",
    "Kenya",
    "Egypt",
    "Australia",
    "Turkey",
    "Texas",
    "California",
    "Ohio",
    "Bavaria",
    "London",
    "Paris",
    "Berlin",
    "Madrid",
    "Barcelona",
    "Tokyo",
    "Sydney",
    "Dublin",
    "Lisbon",
    "Rome",
    "Nairobi",
    "Lagos",
    "Mumbai",
    "Delhi",
    "Beijing",
    "Toronto",
    "Chicago",
    "Africa",
    "Europe",
    "Asia",
    "Russia",
    "Ukraine",
    "Sudan",
    "Vietnam",
]
DEMONYMS = [
    "French",
    "Spanish",
    "German",
    "Italian",
    "Portuguese",
    "Polish",
    "Swedish",
    "Norwegian",
    "Irish",
    "Greek",
    "Canadian",
    "Mexican",
    "Brazilian",
    "Argentine",
    "Chilean",
    "Japanese",
    "Chinese",
    "Indian",
    "Nigerian",
    "Kenyan",
    "Egyptian",
    "Australian",
    "Turkish",
]
PEOPLE = [
    ("Joe", "Biden"),
    ("Donald", "Trump"),
    ("Emmanuel", "Macron"),
    ("Olaf", "Scholz"),
    ("Rishi", "Sunak"),
    ("Narendra", "Modi"),
    ("Anthony", "Albanese"),
    ("Justin", "Trudeau"),
    ("Giorgia", "Meloni"),
    ("Pedro", "Sanchez"),
    ("Christine", "Lagarde"),
    ("Jerome", "Powell"),
    ("Vladimir", "Putin"),
    ("Kristalina", "Georgieva"),
    ("Ursula", "Leyen"),
    ("Keir", "Starmer"),
    ("Fumio", "Kishida"),
]
ORGANISATIONS = [
    "IMF",
    "WTO",
    "WHO",
    "NATO",
    "OPEC",
    "OECD",
    "UNICEF",
    "World Bank",
    "European Central Bank",
    "Federal Reserve",
    "Bank of England",
    "Bank of Japan",
    "European Commission",
    "Red Cross",
    "Toyota",
    "Siemens",
    "Amazon",
    "Reuters",
]
#: Unit words and the others they may be swapped with (each group is one dimension).
UNIT_GROUPS: list[list[str]] = [
    ["percent", "percentage points"],
    ["per cent", "points"],
    ["thousand", "million", "billion", "trillion"],
    ["dollars", "euros", "pounds", "yen"],
    ["dollar", "euro", "pound"],
    ["kilometres", "miles", "metres"],
    ["km", "miles"],
    ["Celsius", "Fahrenheit"],
    ["barrels", "tonnes", "litres"],
    ["years", "months", "weeks", "days"],
    ["year", "month", "week", "day"],
    ["basis points", "percent"],
]
SYMBOLS = ["$", "€", "£"]
_AUX = r"is|are|was|were|will|would|can|could|has|have|had|did|does|do|should|must"
#: Past-tense or present verbs and their negated forms, for sentences with no auxiliary.
NEGATABLE = {
    "fell": "did not fall",
    "rose": "did not rise",
    "grew": "did not grow",
    "increased": "did not increase",
    "decreased": "did not decrease",
    "signed": "did not sign",
    "met": "did not meet",
    "agreed": "did not agree",
    "announced": "did not announce",
    "recorded": "did not record",
    "expects": "does not expect",
    "left": "did not leave",
    "raised": "did not raise",
    "reached": "did not reach",
    "won": "did not win",
    "cut": "did not cut",
    "killed": "did not kill",
    "supported": "did not support",
    "found": "did not find",
    "approved": "did not approve",
    "doubled": "did not double",
    "said": "did not say",
    "says": "does not say",
    "spent": "did not spend",
    "lost": "did not lose",
    "opened": "did not open",
    "banned": "did not ban",
}
DIRECTIONS = [
    ("rose", "fell"),
    ("rise", "fall"),
    ("rises", "falls"),
    ("rising", "falling"),
    ("risen", "fallen"),
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("grew", "shrank"),
    ("grow", "shrink"),
    ("more", "fewer"),
    ("more", "less"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("above", "below"),
    ("up", "down"),
    ("gained", "lost"),
    ("raised", "cut"),
    ("raise", "cut"),
    ("before", "after"),
    ("faster", "slower"),
    ("most", "least"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("expanded", "contracted"),
    ("surged", "plunged"),
    ("doubled", "halved"),
    ("exceed", "fall below"),
    ("exceeded", "fell below"),
    ("best", "worst"),
    ("strongest", "weakest"),
    ("over", "under"),
    ("ahead of", "behind"),
    ("climbed", "dropped"),
    ("reduce", "increase"),
    ("boosted", "cut"),
    ("warmer", "colder"),
    ("cheaper", "dearer"),
]
WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@dataclass(frozen=True)
class Site:
    """One swappable fact of a sentence: ``text[start:end]`` may become any of ``options``."""

    kind: str
    start: int
    end: int
    options: tuple[str, ...]


@dataclass(frozen=True)
class Swap:
    """A sentence and its variant with one fact swapped."""

    kind: str
    original: str
    variant: str
    old: str
    new: str


def load_sentences(path: Path) -> list[str]:
    """Non-empty, non-comment lines of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _words(word: str) -> str:
    return rf"(?<![\w$€£-]){re.escape(word)}(?![\w-])"


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def number_words(n: int) -> str | None:
    """English words for 0 <= n < 100 (None otherwise)."""
    if n < 20:
        return WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens - 2] + (f"-{WORDS[unit]}" if unit else "")
    return None


def _other_numbers(raw: str) -> tuple[str, ...]:
    """A few numbers that differ from ``raw`` in value, written the same way."""
    plain = raw.replace(",", "")
    if "." in plain:
        decimals = len(plain.split(".")[1])
        real = float(plain)
        step = 10.0**-decimals
        reals = [real + step, real - step, real * 2, real + 1]
        return tuple(f"{v:.{decimals}f}" for v in reals if v > 0)
    whole = int(plain)
    wholes = [whole + 1, whole * 2 + 1, whole + 10] + ([whole - 1] if whole > 1 else [])
    fmt = "{:,}" if "," in raw else "{}"
    return tuple(fmt.format(v) for v in wholes if not _is_year(str(v)))


def swap_sites(sentence: str) -> list[Site]:
    """Every fact of ``sentence`` that :func:`apply_swap` can change, one site per occurrence."""
    sites: list[Site] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, options: list[str]) -> None:
        old = sentence[start:end]
        options = [o for o in dict.fromkeys(options) if o.casefold() != old.casefold()]
        if options and all(end <= a or start >= b for a, b in taken):
            sites.append(Site(kind, start, end, tuple(options)))
            taken.append((start, end))

    for first, last in PEOPLE:
        for m in re.finditer(rf"\b{first} {last}\b|\b{last}\b", sentence):
            full = " " in m.group(0)
            add("person", m.start(), m.end(), [f"{f} {la}" if full else la for f, la in PEOPLE])
    for org in sorted(ORGANISATIONS, key=len, reverse=True):
        for m in re.finditer(_words(org), sentence):
            add("organisation", m.start(), m.end(), ORGANISATIONS)
    for place in PLACES:
        for m in re.finditer(_words(place), sentence):
            add("place", m.start(), m.end(), PLACES)
    for demonym in DEMONYMS:
        for m in re.finditer(_words(demonym), sentence):
            add("place", m.start(), m.end(), DEMONYMS)
    for m in re.finditer(
        r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])",
        sentence,
    ):
        if _is_year(m.group(0)):
            add(
                "year",
                m.start(),
                m.end(),
                [str(y) for y in (1999, 2008, 2015, 2019, 2021, 2023, 2030)],
            )
        else:
            add("number", m.start(), m.end(), list(_other_numbers(m.group(0))))
    for i, word in enumerate(WORDS[1:] + TENS, start=1):
        for m in re.finditer(rf"(?<![\w-]){word}(?![\w-])", sentence, re.IGNORECASE):
            add(
                "number", m.start(), m.end(), [w for w in WORDS[1:] + TENS if w != word][i % 7 :: 7]
            )
    for m in re.finditer(r"\b(first|second|third|fourth)\b", sentence):
        add("number", m.start(), m.end(), ["first", "second", "third", "fourth"])
    for group in UNIT_GROUPS:
        for unit in group:
            for m in re.finditer(rf"(?<![\w-]){re.escape(unit)}(?![\w-])", sentence):
                add("unit", m.start(), m.end(), group)
    for m in re.finditer(r"%", sentence):
        add("unit", m.start(), m.end(), [" percentage points", " points"])
    for m in re.finditer(r"[$€£](?=\d)", sentence):
        add("unit", m.start(), m.end(), SYMBOLS)
    opposites: dict[str, list[str]] = {}
    for a, b in DIRECTIONS:
        opposites.setdefault(a, []).append(b)
        opposites.setdefault(b, []).append(a)
    for word, others in opposites.items():
        # "over"/"under" only as comparisons with a number ("over 100"), not "over the next year"
        after = r"(?= (?:\$|€|£)?\d)" if word in ("over", "under") else ""
        for m in re.finditer(rf"\b{word}\b{after}", sentence):
            add("direction", m.start(), m.end(), others)
    sites.extend(_negation_sites(sentence, taken))
    return sites


def _negation_sites(sentence: str, taken: list[tuple[int, int]]) -> list[Site]:
    """Remove a negation if there is one, else insert one (after an auxiliary, or negate a verb)."""
    neg = re.search(r" not\b|n't\b|\bnever\b|\bno longer\b", sentence)
    if neg:
        if neg.group(0) == "n't":  # "isn't" -> "is"; "can't" is rare enough to skip
            return [Site("negation", neg.start(), neg.end(), ("",))]
        return [
            Site(
                "negation",
                neg.start(),
                neg.end(),
                ("",) if neg.group(0) == " not" else ("", " always"),
            )
        ]
    # The whole claim denied, whatever its verbs.
    sites = [
        Site(
            "negation", 0, 0, ("It is not true that ", "It is false that ", "Nobody believes that ")
        )
    ]
    aux = re.search(rf"\b(?:{_AUX})\b", sentence)
    if aux:
        return [*sites, Site("negation", aux.end(), aux.end(), (" not",))]
    for verb, negated in NEGATABLE.items():
        m = re.search(rf"\b{verb}\b", sentence)
        if m and all(m.end() <= a or m.start() >= b for a, b in taken):
            return [*sites, Site("negation", m.start(), m.end(), (negated,))]
    return sites


def apply_swap(sentence: str, site: Site, option: str) -> Swap:
    """``sentence`` with ``site`` replaced by ``option``."""
    variant = sentence[: site.start] + option + sentence[site.end :]
    return Swap(site.kind, sentence, variant, sentence[site.start : site.end], option)


def all_swaps(sentences: list[str]) -> list[Swap]:
    """Every swap of every site of every sentence, for an exhaustive check."""
    return [
        apply_swap(s, site, opt)
        for s in sentences
        for site in swap_sites(s)
        for opt in site.options
    ]


# -- rewordings that keep the claim ------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^(?P<body>.+), (?P<attr>(?:the |a |an )?[A-Za-z][\w' -]*?) (?P<verb>said|says|reported|announced)\.$"
)
_ACCORDING = re.compile(r"^(?P<body>.+), (?P<attr>according to [^,]+)\.$")
_TRAILING_WHEN = re.compile(
    r"^(?P<body>.+?) (?P<phrase>(?:in|on|since|by) (?:(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December) )?(?:\d{4}|Monday|Tuesday|Wednesday|Thursday|Friday))"
    r"(?P<rest>(?:, [^,]+)?)\.$"
)
_NAMES = frozenset([*PLACES, *DEMONYMS, *(p for pair in PEOPLE for p in pair), *ORGANISATIONS])


def _lower_first(text: str) -> str:
    first = re.match(r"[\w'’]+", text)
    if first and (
        first.group(0) in _NAMES or first.group(0).isupper() or first.group(0).endswith("'s")
    ):
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def attribution_first(s: str) -> str | None:
    """ "X, the office said." -> "The office said X." """
    m = _ATTRIBUTION.match(s)
    if not m:
        return None
    return f"{_upper_first(m['attr'])} {m['verb']} {_lower_first(m['body'])}."


def attribution_inverted(s: str) -> str | None:
    """ "X, the office said." -> "X, said the office." """
    m = _ATTRIBUTION.match(s)
    if not m:
        return None
    return f"{m['body']}, {m['verb']} {m['attr']}."


def according_first(s: str) -> str | None:
    """ "X, according to Y." -> "According to Y, X." """
    m = _ACCORDING.match(s)
    if not m:
        return None
    return f"{_upper_first(m['attr'])}, {_lower_first(m['body'])}."


def time_first(s: str) -> str | None:
    """ "X in 2022, the office said." -> "In 2022, X, the office said." """
    m = _TRAILING_WHEN.match(s)
    if not m:
        return None
    return f"{_upper_first(m['phrase'])}, {_lower_first(m['body'])}{m['rest']}."


def _int_words(m: re.Match[str]) -> str:
    n = int(m.group(0).replace(",", ""))
    words = number_words(n)
    if words is not None:
        return words
    if n % 100 == 0 and n < 10_000 and n % 1000 and number_words(n // 100):
        return f"{number_words(n // 100)} hundred"
    for scale, name in (
        (10**12, "trillion"),
        (10**9, "billion"),
        (10**6, "million"),
        (10**3, "thousand"),
    ):
        if n >= scale and n % (scale // 10) == 0:
            value = n / scale
            return (
                f"{value:g} {name}"
                if value % 1
                else f"{number_words(int(value)) or int(value)} {name}"
            )
    return m.group(0)


_INT = re.compile(r"(?<![\w.,$€£])(?:\d{1,3}(?:,\d{3})+|\d+)(?!\w|[.,]\d)")


def digits_to_words(s: str) -> str | None:
    """Whole numbers other than years spelled out: "8" -> "eight", "3,000" -> "three thousand"."""
    out = _INT.sub(lambda m: m.group(0) if _is_year(m.group(0)) else _int_words(m), s)
    return out if out != s else None


_SCALED = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?) (thousand|million|billion|trillion)\b")
_FACTORS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def scale_to_digits(s: str) -> str | None:
    """ "1.4 billion" -> "1,400,000,000"."""

    def full(m: re.Match[str]) -> str:
        value = round(float(m.group(1)) * _FACTORS[m.group(2)])
        return f"{value:,}"

    out = _SCALED.sub(full, s)
    return out if out != s else None


_WORD_NUMBER = re.compile(
    rf"\b(?:({'|'.join(TENS)})(?:-({'|'.join(WORDS[1:10])}))?|({'|'.join(WORDS[1:])}))\b( hundred\b)?",
    re.IGNORECASE,
)


def words_to_digits(s: str) -> str | None:
    """ "eight" -> "8", "twenty-five" -> "25", "two million" -> "2 million", "two hundred" -> "200"."""

    def digit(m: re.Match[str]) -> str:
        if m.group(3):
            if m.group(3).lower() == "one" and not m.group(4):
                return m.group(0)  # "one of the", "one third": idioms rather than counts
            value = WORDS.index(m.group(3).lower())
        else:
            value = 10 * (TENS.index(m.group(1).lower()) + 2) + (
                WORDS.index(m.group(2)) if m.group(2) else 0
            )
        return str(value * 100 if m.group(4) else value)

    out = _WORD_NUMBER.sub(digit, s)
    return out if out != s else None


def percent_spelled(s: str) -> str | None:
    """ "4.5%" -> "4.5 percent", "4.5 percent" -> "4.5 per cent", "4.5 per cent" -> "4.5%"."""
    if re.search(r"\d%", s):
        return re.sub(r"(\d)%", r"\1 percent", s)
    if " percent" in s and "percentage" not in s:
        return re.sub(r"(\d) percent\b", r"\1 per cent", s)
    if " per cent" in s:
        return re.sub(r"(\d) per cent\b", r"\1%", s)
    return None


_CURRENCY_WORD = {"$": "dollars", "€": "euros", "£": "pounds"}


def currency_spelled(s: str) -> str | None:
    """ "$1.2 trillion" -> "1.2 trillion dollars"; "5 billion euros" -> "€5 billion"."""
    m = re.search(r"([$€£])(\d[\d,.]*(?: (?:thousand|million|billion|trillion))?)", s)
    if m:
        return s[: m.start()] + f"{m.group(2)} {_CURRENCY_WORD[m.group(1)]}" + s[m.end() :]
    m = re.search(
        r"(?<![\w.,])(\d[\d,.]*(?: (?:thousand|million|billion|trillion))?) (dollars|euros|pounds)\b",
        s,
    )
    if m:
        symbol = {v: k for k, v in _CURRENCY_WORD.items()}[m.group(2)]
        return s[: m.start()] + f"{symbol}{m.group(1)}" + s[m.end() :]
    return None


REWORDINGS: dict[str, Callable[[str], str | None]] = {
    "attribution first": attribution_first,
    "attribution inverted": attribution_inverted,
    "according to first": according_first,
    "time phrase first": time_first,
    "digits to words": digits_to_words,
    "words to digits": words_to_digits,
    "scale to digits": scale_to_digits,
    "percent spelled": percent_spelled,
    "currency spelled": currency_spelled,
}


def rewordings(sentence: str) -> list[tuple[str, str]]:
    """``(name, reworded)`` for every rewording that applies to ``sentence``."""
    out = []
    for name, fn in REWORDINGS.items():
        new = fn(sentence)
        if new is not None and new != sentence:
            out.append((name, new))
    return out
