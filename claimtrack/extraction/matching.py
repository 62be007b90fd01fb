"""One claim, many mentions: normalised fingerprints and fuzzy matching of claim texts.

``canonical(text)`` lowercases, writes numbers as digits ("eight" -> "8",
"1.4 billion" -> "1400000000", "a third" -> "0.333"), spells units one way ("$5" and
"5 dollars" -> "5 dollars", "%" and "per cent" -> "percent", "kilometres" -> "km") and
country adjectives as the country ("French" -> "france"), drops punctuation and
stopwords and sorts the tokens, so reordered or reworded sentences with the same content
words agree. ``fingerprint`` is a 40-character SHA-1 of that canonical form (it fits the
registry's 64-character column).

``same_claim(a, b)`` is true when the token similarity (rapidfuzz) reaches
:data:`MATCH_THRESHOLD` **and** the two agree on every fact that makes a claim a
different claim (:func:`differences`): the same numbers and years, units, negations,
comparison directions (rose/fell, more/fewer, above/below, before/after ...), time words
(weekdays, months, "last", ordinals), named entities (places, people, organisations, found
by :func:`claimtrack.extraction.entities.entities`) and measured quantities
(unemployment/inflation ...). Everything these checks look at is kept in the canonical
form, so two texts with the same fingerprint always match.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack.extraction.entities import DEMONYMS, NOT_ENTITY, TITLE_WORDS, entities
from claimtrack.extraction.numbers import FRACTIONS, SCALES, UNITS, parse_number
from claimtrack.extraction.quotes import find_quote

#: Minimum similarity (0-100) for two texts to match: the mean of rapidfuzz's
#: ``token_set_ratio`` and ``token_sort_ratio`` of their canonical forms.
MATCH_THRESHOLD: float = 80.0

NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "n't",
        "denied",
        "denies",
        "deny",
        "false",
        "untrue",
        "fail",
        "fails",
        "failed",
        "refuse",
        "refuses",
        "refused",
    ]
)
#: Comparison words and the direction they state; the counts of each direction must agree.
#: "over" and "under" count only before a number ("over 100", not "over the year"), "up"
#: not in "up to".
DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(
        [
            "rose",
            "rise",
            "rises",
            "rising",
            "risen",
            "increased",
            "increase",
            "increases",
            "increasing",
            "grew",
            "grow",
            "grows",
            "growing",
            "grown",
            "gained",
            "gain",
            "gains",
            "climbed",
            "climb",
            "climbs",
            "jumped",
            "jump",
            "jumps",
            "surged",
            "surge",
            "soared",
            "soar",
            "expanded",
            "expand",
            "raised",
            "raise",
            "raises",
            "hiked",
            "hike",
            "boosted",
            "boost",
            "doubled",
            "tripled",
            "up",
            "higher",
            "highest",
            "more",
            "most",
            "above",
            "exceeded",
            "exceed",
            "exceeds",
            "larger",
            "largest",
            "bigger",
            "biggest",
            "greater",
            "greatest",
            "faster",
            "fastest",
            "stronger",
            "strongest",
            "better",
            "best",
            "warmer",
            "hotter",
            "dearer",
            "ahead",
            "won",
            "win",
            "wins",
            "accelerated",
        ],
        "up",
    ),
    **dict.fromkeys(
        [
            "fell",
            "fall",
            "falls",
            "falling",
            "fallen",
            "dropped",
            "drop",
            "drops",
            "declined",
            "decline",
            "declines",
            "decreased",
            "decrease",
            "decreases",
            "decreasing",
            "shrank",
            "shrink",
            "shrinks",
            "shrunk",
            "contracted",
            "contract",
            "contracts",
            "lost",
            "lose",
            "loses",
            "slipped",
            "slid",
            "slumped",
            "plunged",
            "plunge",
            "tumbled",
            "eased",
            "cut",
            "cuts",
            "reduced",
            "reduce",
            "reduces",
            "halved",
            "down",
            "lower",
            "lowest",
            "less",
            "least",
            "fewer",
            "fewest",
            "below",
            "smaller",
            "smallest",
            "slower",
            "slowest",
            "weaker",
            "weakest",
            "worse",
            "worst",
            "colder",
            "cooler",
            "cheaper",
            "behind",
            "slowed",
        ],
        "down",
    ),
    "before": "earlier",
    "after": "later",
    "over": "up",
    "under": "down",
}
_NUMBER_ONLY = frozenset({"over", "under"})
#: Unit words (after :data:`SYNONYMS`): both texts must state the same set.
UNIT_WORDS = frozenset(
    [
        "percent",
        "points",
        "bps",
        "dollars",
        "euros",
        "pounds",
        "yen",
        "yuan",
        "rupees",
        "francs",
        "roubles",
        "pesos",
        "reais",
        "aud",
        "cad",
        "km",
        "miles",
        "metres",
        "feet",
        "inches",
        "kg",
        "tonnes",
        "barrels",
        "litres",
        "gallons",
        "celsius",
        "fahrenheit",
        "kwh",
        "mwh",
        "gwh",
        "twh",
        "mw",
        "gw",
        "hectares",
        "acres",
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
        "decade",
        "century",
    ]
)
SYNONYMS: dict[str, str] = {
    "dollar": "dollars",
    "usd": "dollars",
    "euro": "euros",
    "eur": "euros",
    "pound": "pounds",
    "gbp": "pounds",
    "sterling": "pounds",
    "rupee": "rupees",
    "franc": "francs",
    "ruble": "roubles",
    "rubles": "roubles",
    "rouble": "roubles",
    "peso": "pesos",
    "renminbi": "yuan",
    "rmb": "yuan",
    "cny": "yuan",
    "jpy": "yen",
    "pct": "percent",
    "point": "points",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mile": "miles",
    "metre": "metres",
    "meter": "metres",
    "meters": "metres",
    "foot": "feet",
    "ft": "feet",
    "inch": "inches",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "tonne": "tonnes",
    "ton": "tonnes",
    "tons": "tonnes",
    "barrel": "barrels",
    "litre": "litres",
    "liter": "litres",
    "liters": "litres",
    "gallon": "gallons",
    "centigrade": "celsius",
    "hectare": "hectares",
    "acre": "acres",
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "weeks": "week",
    "months": "month",
    "years": "year",
    "decades": "decade",
    "centuries": "century",
}
#: Words that say when: both texts must state the same ones.
TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "last",
        "next",
        "previous",
        "spring",
        "summer",
        "autumn",
        "winter",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "1st",
        "2nd",
        "3rd",
        "4th",
    ]
)  # "may" is left out: a month as often as a modal verb
_TIME_UNITS = frozenset(
    [
        "day",
        "week",
        "month",
        "year",
        "quarter",
        "decade",
        "century",
        "summer",
        "winter",
        "spring",
        "autumn",
    ]
)
#: What is measured: a claim about one of these is not a claim about another.
MEASURES = frozenset(
    [
        "unemployment",
        "inflation",
        "exports",
        "imports",
        "deficit",
        "debt",
        "wages",
        "salaries",
        "rents",
        "prices",
        "sales",
        "emissions",
        "population",
        "poverty",
        "deaths",
        "births",
        "cases",
        "turnout",
        "revenue",
        "revenues",
        "profit",
        "profits",
        "gdp",
        "output",
        "production",
        "investment",
        "spending",
        "tourism",
        "migration",
    ]
)
_GATES = NEGATIONS | set(DIRECTIONS) | UNIT_WORDS | TIME_WORDS | MEASURES
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "and",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "his",
        "her",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "which",
        "who",
        "whom",
        "whose",
        "about",
        "into",
        "than",
        "then",
        "so",
        "such",
        "also",
        "just",
        "very",
        "over",
        "after",
        "before",
        "during",
        "while",
        "said",
        "says",
        "say",
        "told",
        "according",
        "per",
        "cent",
        "percent",
        "%",
        "some",
        "any",
        "more",
        "most",
        "other",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "should",
        "s",
    ]
)
#: Words left out of the canonical form: function words, except those a gate of
#: :func:`differences` looks at ("more", "before", "over" ...), so that equal fingerprints
#: always mean equal facts.
STOPWORDS = _FUNCTION_WORDS - _GATES

_WORD_NUMBER = "|".join(
    sorted([w for w in UNITS if " " not in w] + list(FRACTIONS), key=len, reverse=True)
)
_SCALE = "|".join(s for s in SCALES if len(s) > 2)
_CURRENCY_SYMBOL = {
    "us$": "dollars",
    "$": "dollars",
    "€": "euros",
    "£": "pounds",
    "¥": "yen",
    "a$": "aud",
    "c$": "cad",
}
#: A number in digits (with a currency and a scale), ...
_NUMBER_DIGITS = (
    rf"(?<![\w.])(?P<cur>US\$|A\$|C\$|\$|€|£|¥)?\s?(?P<num>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?"
    rf"(?:\s*(?:{_SCALE}|bn|mn|m|k)\b)?)"
)
#: ... or in words.
_NUMBER_SPELLED = (
    rf"\b(?:(?:a|an|one)\s+(?:{'|'.join(FRACTIONS)})s?\b"
    rf"|(?:{_WORD_NUMBER})(?:[- ](?:{_WORD_NUMBER}))*(?:\s+(?:{_SCALE}))*\b)"
)
_NUMBER = re.compile(f"{_NUMBER_DIGITS}|{_NUMBER_SPELLED}", re.IGNORECASE)
_PHRASES = (
    (re.compile(r"\bper\s+cent\b|%", re.IGNORECASE), " percent "),
    (re.compile(r"\bpercentage[\s-]+points?\b", re.IGNORECASE), " points "),
    (re.compile(r"\bbasis[\s-]+points?\b", re.IGNORECASE), " bps "),
)
# The same patterns without IGNORECASE, for lowercased ASCII text only: there, ignoring
# case can only equate A-Z with a-z (the text has no capitals) and the patterns' letters are
# lower case, so they match exactly where the originals do, at half the cost. Each phrase
# has the ASCII substrings one of its matches must contain: without them it is skipped.
_NUMBER_ASCII = re.compile(_NUMBER.pattern.replace(r"US\$|A\$|C\$", r"us\$|a\$|c\$"))
# A spelled number's first word is a whole word of the text (a number word, or a fraction
# with its plural "s" after "a"/"an"/"one"): a text without any of these words can only
# have numbers in digits, which the digits pattern alone finds at the same places.
_NUMBER_DIGITS_ASCII = re.compile(_NUMBER_DIGITS.replace(r"US\$|A\$|C\$", r"us\$|a\$|c\$"))
_SPELLED_FIRST_WORDS = frozenset(
    [*_WORD_NUMBER.split("|"), *FRACTIONS, *(f"{f}s" for f in FRACTIONS)]
)
_WORD_RUN = re.compile(r"\w+")
_PHRASES_ASCII = (
    (re.compile(_PHRASES[0][0].pattern), " percent ", ("per", "%")),
    (re.compile(_PHRASES[1][0].pattern), " points ", ("percentage",)),
    (re.compile(_PHRASES[2][0].pattern), " bps ", ("basis",)),
)
_TOKEN = re.compile(r"n't|[a-z0-9]+(?:\.[0-9]+)?")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_ALIASES = {
    **DEMONYMS,
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "America": "United States",
    "USA": "United States",
    "Americans": "United States",
    "Britons": "United Kingdom",
    **{country: country for country in DEMONYMS.values()},
}
_COUNTRY = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(k) for k in sorted(_ALIASES, key=len, reverse=True))
    + r")(?:s\b)?(?![\w])"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_COUNTRY_TOKENS = frozenset(w.lower() for c in DEMONYMS.values() for w in c.split())
_OFFICE_NOUNS = TITLE_WORDS - frozenset(
    [
        "vice",
        "deputy",
        "prime",
        "general",
        "state",
        "foreign",
        "home",
        "treasury",
        "defence",
        "defense",
        "health",
        "trade",
        "finance",
        "interior",
        "energy",
        "economy",
        "economic",
        "education",
        "environment",
        "justice",
        "transport",
        "crown",
        "chief",
        "executive",
        "attorney",
        "opposition",
    ]
)


#: The first three characters of every alias: a text with none of them has no country name to
#: rewrite, which one search for these (a fast literal scan) says sooner than :data:`_COUNTRY`.
_COUNTRY_HINT = re.compile("|".join(sorted({re.escape(k[:3]) for k in _ALIASES})))


def _country_name(m: re.Match[str]) -> str:
    word = m.group(0)
    return _ALIASES.get(word) or _ALIASES.get(word[:-1], word)


def _countries(text: str) -> str:
    """``text`` with country adjectives and short forms as country names ("French" -> "France")."""
    if _COUNTRY_HINT.search(text) is None:
        return text
    return _COUNTRY.sub(_country_name, text)


def _number_token(match: re.Match[str]) -> str:
    whole, num, cur = match.group(0, "num", "cur")
    return _number_text(whole, num, cur)


# Claims repeat their numbers ("2020", "10 percent"): each spelling is parsed once.
@lru_cache(maxsize=4096)
def _number_text(whole: str, num: str | None, cur: str | None) -> str:
    if num is None:
        raw, unit = whole, ""
    else:
        raw = num
        unit = _CURRENCY_SYMBOL[cur.lower()] if cur else ""
    value = parse_number(raw.strip())
    if value is None:
        return whole
    number = f"{value:.6g}" if value % 1 else f"{int(value)}"
    return f" {number} {unit} "


#: ``add`` asks for the canonical form of every sentence and of each of its candidates, which
#: are the claims stored so far: a cache as large as a big registry's working set keeps
#: them (a canonical form is a short string; the token tuples behind it are larger).
_CANONICAL_CACHE = 32_768
_TOKENS_CACHE = 8_192


@lru_cache(maxsize=_TOKENS_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    text = _countries(text.replace("\u2019", "'"))
    if not (
        text.isupper() and len(text.split()) > 2
    ):  # an acronym that spells a stopword ("WHO") is a name
        text = _ACRONYM.sub(
            lambda m: m.group(0) + "org" if m.group(0).lower() in STOPWORDS else m.group(0), text
        )
    text = text.lower().replace("n't", " n't")
    if text.isascii():
        spelled = not _SPELLED_FIRST_WORDS.isdisjoint(_WORD_RUN.findall(text))
        text = (_NUMBER_ASCII if spelled else _NUMBER_DIGITS_ASCII).sub(_number_token, text)
        for rx, repl, needs in _PHRASES_ASCII:
            if any(n in text for n in needs):
                text = rx.sub(repl, text)
    else:
        text = _NUMBER.sub(_number_token, text)
        for rx, repl in _PHRASES:
            text = rx.sub(repl, text)
    words = _TOKEN.findall(text)
    return tuple(map(SYNONYMS.get, words, words))


@lru_cache(maxsize=_CANONICAL_CACHE)
def canonical(text: str) -> str:
    """Sorted content tokens of ``text`` with numbers normalised (see module doc).

    Negations and comparison words keep their count ("not ... not" is not "not").
    """
    tokens = [t for t in _tokens(text) if t not in STOPWORDS]
    counted = [t for t in tokens if t in NEGATIONS or t in DIRECTIONS]
    return " ".join(
        sorted([*{t for t in tokens if t not in NEGATIONS and t not in DIRECTIONS}, *counted])
    )


def fingerprint(text: str) -> str:
    """A 40-hex-digit fingerprint of :func:`canonical`; equal for reordered sentences."""
    return hashlib.sha1(canonical(text).encode("utf-8")).hexdigest()


def numbers(text: str) -> frozenset[str]:
    """The numbers (years included) ``text`` states, normalised."""
    return frozenset(t for t in _tokens(text) if t[0].isdigit())


def years(text: str) -> frozenset[str]:
    """The four-digit years ``text`` mentions."""
    return frozenset(t for t in numbers(text) if _YEAR.match(t))


def negated(text: str) -> bool:
    """Whether ``text`` contains a negation word."""
    return any(t in NEGATIONS for t in _tokens(text))


@dataclass(frozen=True)
class _Facts:
    """What a claim text states, as the gates of :func:`differences` compare it."""

    words: frozenset[str]
    numbers: frozenset[str]
    units: frozenset[str]
    negations: int
    directions: tuple[tuple[str, int], ...]
    when: frozenset[str]
    measures: frozenset[str]
    names: tuple[frozenset[str], ...]
    cores: tuple[frozenset[str], ...]
    speaker: frozenset[str]
    first: str | None
    content: frozenset[str]


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in _tokens(name) if t not in STOPWORDS and not t[0].isdigit())


def _core(name: str) -> frozenset[str]:
    """A name without the titles in front ("German Chancellor Olaf Scholz" -> olaf, scholz).

    Only a prefix that ends in an office ("Prime Minister", not "Home" of "Home Office") is
    a title, and only if a name follows it.
    """
    tokens = [t for t in _tokens(name) if t not in STOPWORDS and not t[0].isdigit()]
    cut = 0
    for i, t in enumerate(tokens[:-1]):
        if t not in TITLE_WORDS and t not in _COUNTRY_TOKENS:
            break
        if t in _OFFICE_NOUNS:
            cut = i + 1
    return frozenset(tokens[cut:])


@lru_cache(maxsize=4096)
def _facts(text: str) -> _Facts:
    tokens = _tokens(text)
    directions: Counter[str] = Counter()
    for i, t in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            t in DIRECTIONS
            and (after[:1].isdigit() or t not in _NUMBER_ONLY)
            and not (t == "up" and after == "to")
        ):
            directions[DIRECTIONS[t]] += 1
    normal = _countries(text.replace("\u2019", "'"))
    spans = [e for e in entities(normal) if _name_tokens(e)]
    names = tuple(_name_tokens(e) for e in spans)
    quote = find_quote(normal)
    when = {t for t in tokens if t in TIME_WORDS}
    # "this year" / "this month": "this" is a stopword, but here it says when
    when |= {
        "this" for i, t in enumerate(tokens[:-1]) if t == "this" and tokens[i + 1] in _TIME_UNITS
    }
    # A sentence's first word is left out of entities() unless it is clearly a name:
    # keep it as a weak name ("Scholz met ...", "Unemployment fell ...").
    first = re.match(r"\s*([A-Z][\w'-]*)", normal)
    weak = None
    if first and first.group(1) not in NOT_ENTITY:
        own = _core(first.group(1))
        if len(own) == 1 and not own & _GATES and not any(own <= n for n in names):
            weak = next(iter(own))
    speaker = _name_tokens(quote.speaker) if quote and quote.speaker else frozenset()
    return _Facts(
        words=frozenset(tokens),
        numbers=frozenset(t for t in tokens if t[0].isdigit()),
        units=frozenset(t for t in tokens if t in UNIT_WORDS),
        negations=sum(t in NEGATIONS for t in tokens),
        directions=tuple(sorted(directions.items())),
        when=frozenset(when),
        measures=frozenset(t for t in tokens if t in MEASURES),
        names=names,
        cores=tuple(_core(e) for e in spans),
        speaker=speaker,
        first=weak,
        content=frozenset(
            t
            for t in tokens
            if t not in STOPWORDS
            and t not in _GATED
            and t not in _NOT_CONTENT
            and not t[0].isdigit()
            and t not in speaker
        ),
    )


#: Words a gate of :func:`differences` compares on its own terms (negations and directions
#: by count, units by set, time words one-sided), so they are not :attr:`_Facts.content`.
_GATED = NEGATIONS | set(DIRECTIONS) | UNIT_WORDS | TIME_WORDS
#: Pronouns, determiners, prepositions, contraction tails and fillers the canonical form
#: keeps (so fingerprints stay as they were) but that say nothing about what a short claim
#: is about: "My opponent voted against it." has two content words, not four.
_NOT_CONTENT = frozenset(
    [
        "my",
        "our",
        "your",
        "me",
        "us",
        "him",
        "them",
        "mine",
        "ours",
        "yours",
        "theirs",
        "myself",
        "ourselves",
        "himself",
        "herself",
        "themselves",
        "itself",
        "against",
        "because",
        "what",
        "when",
        "where",
        "why",
        "how",
        "if",
        "but",
        "all",
        "both",
        "each",
        "every",
        "here",
        "now",
        "well",
        "yes",
        "uh",
        "um",
        "oh",
        "re",
        "ve",
        "ll",
        "d",
        "m",
        "t",
        "don",
        "doesn",
        "didn",
        "isn",
        "aren",
        "wasn",
        "weren",
        "let",
        "lets",
        "going",
        "get",
        "got",
        "make",
        "made",
        "one",
        "ones",
        "thing",
        "things",
        "way",
        "there",
        "been",
        "up",
        "out",
    ]
)
#: A text with at most this many content words is short: :func:`differences` then wants
#: the other text to state the same content words, no more and no fewer.
SHORT_CONTENT = 3


def _anchored(facts: _Facts) -> bool:
    """Whether a text states a number or a name other than its speaker's."""
    return bool(facts.numbers) or any(not name <= facts.speaker for name in facts.names)


def _content_conflict(a: _Facts, b: _Facts) -> str | None:
    """The content words only one of two texts states, when a short text has only words.

    The wording measure ranks a text whose words are a subset of the other's as alike
    (rapidfuzz's ``token_set_ratio`` is 100), which merges short sentences that share a
    verb and differ in what it is about ("I have fought against spending." / "I have fought
    against it."). A text with :data:`SHORT_CONTENT` content words or fewer and neither a
    number nor a name (but its speaker's) is identified by those words alone, so one content word more or less
    is another claim. When both texts state numbers or names, the other gates compare those
    facts and extra words are elaboration ("NATO was founded in 1949, historians note."). A
    word counts as stated in its singular or plural form; a speaker's name is not content.
    """
    if min(len(a.content), len(b.content)) > SHORT_CONTENT:
        return None
    if _anchored(a) and _anchored(b):
        return None
    only_a = sorted(w for w in a.content if not _said(w, b.words))
    only_b = sorted(w for w in b.content if not _said(w, a.words))
    if not only_a and not only_b:
        return None
    return f"content of a short claim: {only_a} vs {only_b}"


def _name_conflicts(a: _Facts, b: _Facts) -> list[str]:
    """Names of ``a`` that ``b`` does not state, or states with another qualifier.

    A name that is only the speaker ("…, the IMF said") may be left out by the other text.
    """
    out = []
    for name, core in zip(a.names, a.cores, strict=True):
        if not core & b.words:
            if not name <= a.speaker:
                out.append(f"{' '.join(sorted(core))} only in one")
            continue
        if core - b.words:
            other = next((o for o in b.cores if o & core and o - a.words), None)
            if other is not None:
                out.append(f"{' '.join(sorted(core))} vs {' '.join(sorted(other))}")
    return out


def _said(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is in ``words``, in the singular or the plural ("photograph", "photographs")."""
    return word in words or word + "s" in words or (word.endswith("s") and word[:-1] in words)


def differences(a: str, b: str) -> list[str]:
    """The facts on which ``a`` and ``b`` disagree (empty when they may state the same claim).

    Numbers and years, units, negations, comparison directions, time words and measures
    must be the same; every name (entity) of one must be named in the other, and no name
    may carry a different qualifier in the other ("North Korea" / "South Korea").
    """
    fa, fb = _facts(a), _facts(b)
    out: list[str] = []
    for what, x, y in (
        ("numbers", fa.numbers, fb.numbers),
        ("units", fa.units, fb.units),
        ("negation", fa.negations, fb.negations),
        ("direction", fa.directions, fb.directions),
    ):
        if x != y:
            out.append(f"{what}: {x} vs {y}")
    # Times and measures conflict when each text has one the other lacks: "on Monday" /
    # "on Tuesday" are different claims, "…, the office said on Monday" adds a time to one.
    for what, x, y in (("time", fa.when, fb.when), ("measures", fa.measures, fb.measures)):
        if x - fb.words and y - fa.words:
            out.append(f"{what}: {sorted(x)} vs {sorted(y)}")
    out += [f"name: {d}" for d in _name_conflicts(fa, fb) + _name_conflicts(fb, fa)]
    sources_a = [
        c for n, c in zip(fa.names, fa.cores, strict=True) if n <= fa.speaker and not c & fb.words
    ]
    sources_b = [
        c for n, c in zip(fb.names, fb.cores, strict=True) if n <= fb.speaker and not c & fa.words
    ]
    if sources_a and sources_b:
        out.append(f"speaker: {sources_a} vs {sources_b}")
    if fa.first and fb.first and not _said(fa.first, fb.words) and not _said(fb.first, fa.words):
        out.append(f"subject: {fa.first} vs {fb.first}")
    content = _content_conflict(fa, fb)
    if content is not None:
        out.append(content)
    return out


#: How many of a claim's words are used to look up candidate matches.
CANDIDATE_TERMS = 6
_TERM = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def candidate_terms(text: str) -> list[str]:
    """The words that find candidate matches for ``text``: its longest content words.

    A reworded claim keeps most of its long words (names, places, measures) but may drop
    any one of them, so a candidate needs to share only one of these terms; the fuzzy
    :func:`same_claim` then decides. Longest first, at most :data:`CANDIDATE_TERMS`.
    """
    words = {w for w in _TERM.findall(text.casefold()) if w not in _FUNCTION_WORDS}
    return sorted(words, key=lambda w: (-len(w), w))[:CANDIDATE_TERMS]


def _wording(a: str, b: str) -> float:
    """How alike the canonical forms are, in [0, 1], whatever the facts."""
    ca, cb = canonical(a), canonical(b)
    return (fuzz.token_set_ratio(ca, cb) + fuzz.token_sort_ratio(ca, cb)) / 200.0


def similarity(a: str, b: str) -> float:
    """Similarity of two claim texts in [0, 1]: 0 when they differ in a fact (:func:`differences`)."""
    return 0.0 if differences(a, b) else _wording(a, b)


def same_claim(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` state the same claim (threshold :data:`MATCH_THRESHOLD`)."""
    # The wording is cheap to compare and rules out most candidates before the facts are read.
    return _wording(a, b) * 100.0 >= MATCH_THRESHOLD and not differences(a, b)
