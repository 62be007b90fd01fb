"""Text helpers for extractors and verifiers: number words, demonyms, names, facts.

One copy of what claimtrack's extractor and the first-party plugins need to read news
sentences, public so that third-party plugins can use it too::

    from claimtrack.text import parse_number, parse_count, parse_fraction, country_for_demonym

    parse_number("twenty-one")          # 21.0
    parse_number("1.4 billion")         # 1400000000.0
    parse_count("thirty-two")           # 32
    parse_fraction("two-thirds")        # 0.666…
    parse_fraction("one in five")       # 0.2
    number_to_words(1234)               # "one thousand two hundred thirty-four"
    country_for_demonym("German")       # "Germany"
    demonyms_for_country("Germany")     # ["German"]
    clean_name("  the Group of Seven,") # "Group of Seven"
    name_variants("Group of Twenty")    # ["G20"]

The regular-expression fragments (``NAME_PATTERN``, ``NUMBER_WORDS_PATTERN`` …) are
plain strings without capturing groups, to be embedded in a plugin's own patterns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "CAPITALISED_PATTERN",
    "DEMONYMS",
    "FRACTION_PATTERN",
    "FRACTION_WORDS",
    "HEDGE_PATTERN",
    "NAME_LIST_PATTERN",
    "NAME_PATTERN",
    "NUMBER_WORDS",
    "NUMBER_WORDS_PATTERN",
    "PERSON_PATTERN",
    "SCALE_WORDS",
    "Fact",
    "clean_hedge",
    "clean_name",
    "country_for_demonym",
    "demonym_pattern",
    "demonyms_for_country",
    "find_population",
    "name_variants",
    "normalise_space",
    "number_to_words",
    "parse_count",
    "parse_fraction",
    "parse_number",
    "rounding_tolerance",
    "split_names",
]

# -- number words --------------------------------------------------------------------------

#: Cardinal number words and their values: "zero" … "nineteen", the tens, "dozen".
#: Compounds ("twenty-one") and scales ("two hundred thousand") are parsed by
#: :func:`parse_number`.
NUMBER_WORDS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "zero": 0,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "dozen": 12,
    }
)
#: Scale words and abbreviations after a number ("3.5m", "1.4 billion").
SCALE_WORDS: Final[Mapping[str, float]] = MappingProxyType(
    {
        "hundred": 1e2,
        "thousand": 1e3,
        "million": 1e6,
        "billion": 1e9,
        "trillion": 1e12,
        "m": 1e6,
        "mn": 1e6,
        "bn": 1e9,
        "b": 1e9,
        "k": 1e3,
        "tn": 1e12,
    }
)
#: Fraction words (the denominator) and their value as a share of one: "a tenth" = 0.1.
FRACTION_WORDS: Final[Mapping[str, float]] = MappingProxyType(
    {
        "half": 1 / 2,
        "third": 1 / 3,
        "quarter": 1 / 4,
        "fourth": 1 / 4,
        "fifth": 1 / 5,
        "sixth": 1 / 6,
        "seventh": 1 / 7,
        "eighth": 1 / 8,
        "ninth": 1 / 9,
        "tenth": 1 / 10,
        "eleventh": 1 / 11,
        "twelfth": 1 / 12,
        "fifteenth": 1 / 15,
        "twentieth": 1 / 20,
        "fiftieth": 1 / 50,
        "hundredth": 1 / 100,
        "thousandth": 1 / 1000,
    }
)

_SCALES = "hundred|thousand|million|billion|trillion"
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_ONE_NUMBER = rf"(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+(?:{_SCALES}))*"
#: A number in words as news writes it: "seven", "twenty-one", "two hundred thousand"
#: (lowercase; wrap in ``(?i:…)`` to match "Seven").
NUMBER_WORDS_PATTERN: Final[str] = _ONE_NUMBER
# Only "-" inside a part: a space always separates parts, so a long run of words is read in
# linear time (with "[- ]" inside too, each space could be either, and a miss backtracks
# exponentially).
_PART = rf"(?:{_WORD})(?:-(?:{_WORD}))?(?:\s+(?:{_SCALES}))*"
_LONG_NUMBER = rf"{_PART}(?:(?:,?\s+and\s+|,\s*|\s+){_PART})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FRACTION = "|".join(sorted(FRACTION_WORDS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"^(?:(?P<digits>{_DIGITS})(?:\s*(?P<scale>{_SCALES}|bn|mn|m|k|tn)\b)?"
    rf"|(?P<words>{_LONG_NUMBER})"
    rf"|(?:a|an|one)\s+(?P<frac>{_FRACTION})s?)$",
    re.IGNORECASE,
)


def _words_value(words: str) -> float | None:
    """Value of a number written in words ("twenty-five", "one thousand two hundred")."""
    total, current = 0.0, 0.0
    seen = False
    for tok in re.split(r"[\s,-]+", words.lower()):
        if tok in NUMBER_WORDS:
            current += NUMBER_WORDS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1) * 100
            seen = True
        elif tok in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[tok]
            current = 0.0
            seen = True
        elif tok not in ("and", ""):
            return None
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """A number in digits or words, with scales and simple fractions, or ``None``.

    ``"eight"`` → 8, ``"twenty-five"`` → 25, ``"two hundred thousand"`` → 200000,
    ``"one thousand two hundred and five"`` → 1205, ``"1.4 billion"`` → 1.4e9,
    ``"3.5m"`` → 3.5e6, ``"1,234"`` → 1234, ``"a third"`` → 1/3, ``"several"`` → None.
    """
    m = _NUMBER.match(text.strip())
    if m is None:
        return None
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        return value * SCALE_WORDS.get((m.group("scale") or "").lower(), 1.0)
    if m.group("words"):
        return _words_value(m.group("words"))
    return FRACTION_WORDS[m.group("frac").lower()]


def parse_count(text: str | int | None) -> int | None:
    """A whole number of things ("seven", "twenty-seven", "31", 31), or ``None``.

    Fractions, negative numbers and anything :func:`parse_number` cannot read are ``None``.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if text >= 0 else None
    value = parse_number(str(text))
    if value is None or not value.is_integer() or value < 0:
        return None
    return int(value)


_UNITS_WORDS = [w for w, v in NUMBER_WORDS.items() if v < 20 and w != "dozen"]
_TENS_WORDS = {v: w for w, v in NUMBER_WORDS.items() if v >= 20}
_BIG = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _below_thousand(n: int) -> str:
    parts: list[str] = []
    if n >= 100:
        parts.append(f"{_UNITS_WORDS[n // 100]} hundred")
        n %= 100
    if n >= 20:
        tens, unit = divmod(n, 10)
        parts.append(_TENS_WORDS[tens * 10] + (f"-{_UNITS_WORDS[unit]}" if unit else ""))
    elif n:
        parts.append(_UNITS_WORDS[n])
    return " ".join(parts)


def number_to_words(n: int) -> str:
    """``n`` (0 ≤ n < 10**15) in words: 21 → "twenty-one", 1205 → "one thousand two hundred five".

    :func:`parse_number` reads the result back as ``n``.
    """
    if not 0 <= n < 10**15:
        raise ValueError(f"number_to_words: {n} is out of range (0 to 10**15 - 1)")
    if n == 0:
        return "zero"
    parts: list[str] = []
    for size, word in _BIG:
        if n >= size:
            parts.append(f"{_below_thousand(n // size)} {word}")
            n %= size
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


_NUMERATORS: Final[Mapping[str, int]] = MappingProxyType(
    {"a": 1, "an": 1, "one": 1, **{w: v for w, v in NUMBER_WORDS.items() if 2 <= v <= 9}}
)
_FRACTION_PHRASE = (
    rf"(?:(?:{'|'.join(_NUMERATORS)})[\s-]+)?(?:{_FRACTION})s?"
    rf"|\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)"
    rf"|one\s+in\s+(?:\d+|{_ONE_NUMBER})"
)
#: A share as news writes it: "half", "a tenth", "one-fifth", "two-thirds", "three
#: quarters", "an eighth", "12%", "12 per cent", "one in five" (wrap in ``(?i:…)``).
FRACTION_PATTERN: Final[str] = rf"(?:{_FRACTION_PHRASE})"
_FRACTION_PARTS = re.compile(
    rf"^(?:(?P<num>{'|'.join(_NUMERATORS)})[\s-]+)?(?P<frac>{_FRACTION})s?$"
    rf"|^(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)$"
    rf"|^one\s+in\s+(?P<of>.+)$",
    re.IGNORECASE,
)


def parse_fraction(text: str) -> float | None:
    """A share of a whole written in words or as a percentage, as a number from 0 to 1.

    ``"half"`` → 0.5, ``"a tenth"`` → 0.1, ``"two-thirds"`` → 2/3, ``"three quarters"``
    → 0.75, ``"12%"`` / ``"12 per cent"`` → 0.12, ``"one in five"`` → 0.2; otherwise None.
    """
    m = _FRACTION_PARTS.match(normalise_space(text))
    if m is None:
        return None
    if m.group("frac"):
        count = _NUMERATORS[m.group("num").lower()] if m.group("num") else 1
        return count * FRACTION_WORDS[m.group("frac").lower()]
    if m.group("pct"):
        return float(m.group("pct")) / 100
    whole = parse_count(m.group("of"))
    return 1 / whole if whole else None


#: A qualifier before a figure: "about", "nearly", "more than", "just under" … (no groups).
HEDGE_PATTERN: Final[str] = (
    r"(?i:about|around|roughly|nearly|almost|some|approximately|just\s+over|just\s+under"
    r"|more\s+than|over|less\s+than|under)"
)


def rounding_tolerance(stated: float) -> float:
    """How far, relative to ``stated``, a true value may be and still round to it.

    Half a unit of the figure's last significant digit: "75 million" allows 74.5–75.5 million
    (0.7 %), "70 million" 65–75 million (7 %), "3.7 million" 3.65–3.75 million (1.4 %).
    Trailing zeros are read as not significant. A checker that allows for a hedge ("about")
    takes the larger of this and its own tolerance.
    """
    if not math.isfinite(stated) or stated == 0:
        return 0.0
    mantissa = f"{abs(stated):.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"
    exponent = math.floor(math.log10(abs(stated)))
    place = 10.0 ** (exponent - len(mantissa) + 1)
    return 0.5 * place / abs(stated)


#: The most a hedge's rounding may allow: "about 30 million" does not cover 25.4 million.
MAX_ROUNDING_TOLERANCE = 0.10


def hedged_tolerance(stated: float, tolerance: float) -> float:
    """The relative tolerance for a hedged figure ("about 70 million"): ``tolerance``, or
    what rounds to the stated figure (:func:`rounding_tolerance`, at most
    :data:`MAX_ROUNDING_TOLERANCE`), whichever is wider."""
    return max(tolerance, min(rounding_tolerance(stated), MAX_ROUNDING_TOLERANCE))


def clean_hedge(hedge: str | None) -> str | None:
    """A qualifier as matched, compared easily: ``"More  than"`` → ``"more than"``; ``""`` → None."""
    return normalise_space(hedge).casefold() or None if hedge else None


# -- demonyms ------------------------------------------------------------------------------

#: Nationality adjectives and short forms, as written, to English country names.
DEMONYMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "Afghan": "Afghanistan",
        "Albanian": "Albania",
        "Algerian": "Algeria",
        "American": "United States",
        "US": "United States",
        "U.S.": "United States",
        "Argentine": "Argentina",
        "Argentinian": "Argentina",
        "Armenian": "Armenia",
        "Australian": "Australia",
        "Austrian": "Austria",
        "Azerbaijani": "Azerbaijan",
        "Bangladeshi": "Bangladesh",
        "Belarusian": "Belarus",
        "Belgian": "Belgium",
        "Bolivian": "Bolivia",
        "Bosnian": "Bosnia and Herzegovina",
        "Brazilian": "Brazil",
        "British": "United Kingdom",
        "UK": "United Kingdom",
        "U.K.": "United Kingdom",
        "Bulgarian": "Bulgaria",
        "Cambodian": "Cambodia",
        "Canadian": "Canada",
        "Chilean": "Chile",
        "Chinese": "China",
        "Colombian": "Colombia",
        "Croatian": "Croatia",
        "Cuban": "Cuba",
        "Cypriot": "Cyprus",
        "Czech": "Czech Republic",
        "Danish": "Denmark",
        "Dutch": "Netherlands",
        "Ecuadorian": "Ecuador",
        "Egyptian": "Egypt",
        "Emirati": "United Arab Emirates",
        "Estonian": "Estonia",
        "Ethiopian": "Ethiopia",
        "Filipino": "Philippines",
        "Finnish": "Finland",
        "French": "France",
        "Georgian": "Georgia",
        "German": "Germany",
        "Ghanaian": "Ghana",
        "Greek": "Greece",
        "Hungarian": "Hungary",
        "Icelandic": "Iceland",
        "Indian": "India",
        "Indonesian": "Indonesia",
        "Iranian": "Iran",
        "Iraqi": "Iraq",
        "Irish": "Ireland",
        "Israeli": "Israel",
        "Italian": "Italy",
        "Japanese": "Japan",
        "Jordanian": "Jordan",
        "Kazakh": "Kazakhstan",
        "Kenyan": "Kenya",
        "Korean": "South Korea",
        "South Korean": "South Korea",
        "North Korean": "North Korea",
        "Latvian": "Latvia",
        "Lebanese": "Lebanon",
        "Lithuanian": "Lithuania",
        "Malaysian": "Malaysia",
        "Maltese": "Malta",
        "Mexican": "Mexico",
        "Moroccan": "Morocco",
        "New Zealand": "New Zealand",
        "Nigerian": "Nigeria",
        "Norwegian": "Norway",
        "Pakistani": "Pakistan",
        "Peruvian": "Peru",
        "Polish": "Poland",
        "Portuguese": "Portugal",
        "Romanian": "Romania",
        "Russian": "Russia",
        "Saudi": "Saudi Arabia",
        "Scottish": "Scotland",
        "Serbian": "Serbia",
        "Singaporean": "Singapore",
        "Slovak": "Slovakia",
        "Slovenian": "Slovenia",
        "South African": "South Africa",
        "Spanish": "Spain",
        "Sri Lankan": "Sri Lanka",
        "Swedish": "Sweden",
        "Swiss": "Switzerland",
        "Syrian": "Syria",
        "Taiwanese": "Taiwan",
        "Thai": "Thailand",
        "Tunisian": "Tunisia",
        "Turkish": "Turkey",
        "Ukrainian": "Ukraine",
        "Uruguayan": "Uruguay",
        "Venezuelan": "Venezuela",
        "Vietnamese": "Vietnam",
    }
)
_BY_KEY: Final[Mapping[str, str]] = MappingProxyType({d.casefold(): c for d, c in DEMONYMS.items()})


def country_for_demonym(word: str | None) -> str | None:
    """The country of a nationality adjective ("German", "south  korean", "U.S."), or None."""
    if not word:
        return None
    return _BY_KEY.get(normalise_space(word).casefold())


def demonyms_for_country(country: str) -> list[str]:
    """The adjectives and short forms of ``country`` in :data:`DEMONYMS` (case-insensitive)."""
    key = normalise_space(country).casefold()
    return [d for d, c in DEMONYMS.items() if c.casefold() == key]


def demonym_pattern(*, ignore_case: bool = False) -> str:
    """An alternation of every demonym, longest first, with flexible spaces inside.

    Case-sensitive by default ("US" but not "us"); ``ignore_case=True`` wraps it in ``(?i:…)``.
    """
    alternatives = "|".join(
        sorted((re.escape(d).replace(r"\ ", r"\s+") for d in DEMONYMS), key=len, reverse=True)
    )
    return f"(?i:{alternatives})" if ignore_case else f"(?:{alternatives})"


# -- names ---------------------------------------------------------------------------------

#: One capitalised word ("Berlin", "O'Neill", "U.S.", "Élysée").
CAPITALISED_PATTERN: Final[str] = r"(?:[A-ZÀ-Ý][\w'’.\-]*)"
_PARTICLE = r"(?:de|da|do|dos|del|di|du|la|le|al|el|of|upon|and)"
#: A proper name of a place or organisation: capitalised words with lowercase particles
#: between them ("Bosnia and Herzegovina", "Group of Seven", "Stratford upon Avon"),
#: optionally after "the".
NAME_PATTERN: Final[str] = (
    rf"(?:[Tt]he\s+)?{CAPITALISED_PATTERN}(?:\s+(?:{_PARTICLE}\s+)?{CAPITALISED_PATTERN})*"
)
#: A person's name: up to four capitalised words with "van", "von", "de", "bin" … between.
PERSON_PATTERN: Final[str] = (
    rf"{CAPITALISED_PATTERN}(?:\s+(?:(?:van|von|der|de|da|di|le|al|bin)\s+)?"
    rf"{CAPITALISED_PATTERN}){{0,3}}"
)
#: A list of names: "Canada, France, Germany and the United States".
NAME_LIST_PATTERN: Final[str] = (
    rf"{NAME_PATTERN}(?:\s*,\s*{NAME_PATTERN})*(?:\s*,?\s+and\s+{NAME_PATTERN})?"
)


def normalise_space(text: str) -> str:
    """``text`` with runs of whitespace as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def clean_name(name: str | None) -> str:
    """A name as matched, tidied: single spaces, no edge punctuation, no leading "the".

    ``"  the Group  of Seven,"`` → ``"Group of Seven"``; None → ``""``.
    """
    name = re.sub(r"\s+", " ", name or "").strip(" ,.;:")
    return re.sub(r"^(?i:the)\s+", "", name)


_GROUP_OF = re.compile(r"^Group\s+of\s+(?P<n>[\w-]+)$", re.IGNORECASE)
_G_N = re.compile(r"^G-?(?P<n>\d{1,3})$")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "des", "du"})


def name_variants(name: str) -> list[str]:
    """Other ways of writing an organisation's name: acronym and full name.

    ``"Group of Twenty"`` → ``["G20"]``; ``"G20"`` → ``["Group of Twenty"]``;
    ``"Shanghai Cooperation Organisation"`` → ``["SCO"]``. A source searched for the
    name as written and finding nothing can be searched for these; the name itself is not
    in the list.
    """
    name = clean_name(name)
    out: list[str] = []
    if m := _GROUP_OF.match(name):
        count = parse_count(m.group("n"))
        if count is not None:
            out.append(f"G{count}")
    elif m := _G_N.match(name):
        out.append(f"Group of {number_to_words(int(m.group('n'))).title()}")
    words = name.split()
    if (
        not out
        and len(words) >= 2
        and all(w[:1].isupper() or w.lower() in _MINOR_WORDS for w in words)
    ):
        initials = "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS)
        if len(initials) >= 2 and initials not in out:
            out.append(initials)
    return [v for v in out if v != name]


def split_names(text: str) -> list[str]:
    """The names of a list: ``"Canada, France and the United States"`` → three names."""
    parts = (clean_name(p) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text))
    return [p for p in parts if p]


# -- facts ---------------------------------------------------------------------------------


@dataclass
class Fact:
    """One checkable assertion: a ``relation`` ("capital", "population" …) and its fields.

    ``fact["country"]`` reads a field (None when absent).
    """

    relation: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.fields.get(key)


_QUANTITY = (
    rf"(?:(?P<hedge>{HEDGE_PATTERN})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<scale>(?i:million|billion|m|bn))?\b"
)
_POPULATION = [
    re.compile(
        rf"(?P<country>{NAME_PATTERN})'s\s+population\s+(?:.*?\s)?"
        rf"(?:to|is|was|of|stands\s+at|reached|at)\s+{_QUANTITY}"
    ),
    re.compile(rf"(?P<country>{NAME_PATTERN})\s+has\s+a\s+population\s+of\s+{_QUANTITY}"),
    re.compile(
        rf"(?P<country>{NAME_PATTERN})'s\s+population,?\s+(?:of\s+|at\s+)?{_QUANTITY}"
        r"\s+(?i:people|inhabitants|residents)"
    ),
    re.compile(
        rf"\b(?i:the)\s+population\s+of\s+(?P<country>{NAME_PATTERN})\s+"
        rf"(?:is|was|stands\s+at|reached)\s+{_QUANTITY}"
    ),
]


def find_population(sentence: str) -> Fact | None:
    """A country's population stated in ``sentence``, as ``Fact("population", {"country",
    "value", "hedge"})``, or None.

    Phrasings: "X's population (…) to|is|was|of|stands at|reached HEDGE N million|billion",
    "X has a population of N", "X's population of N people", "the population of X is N".
    A figure needs a scale word or at least 1,000 ("a population of 12" is no population).
    """
    text = normalise_space(sentence)
    for rx in _POPULATION:
        m = rx.search(text)
        if m is None:
            continue
        value = float(m.group("num").replace(",", ""))
        if not m.group("scale") and value < 1000:
            continue
        scale = SCALE_WORDS.get((m.group("scale") or "").casefold(), 1.0)
        return Fact(
            "population",
            {
                "country": clean_name(m.group("country")),
                "value": value * scale,
                "hedge": clean_hedge(m.group("hedge")),
            },
        )
    return None
