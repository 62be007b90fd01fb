"""Named entities, offices, capitals and populations in one sentence.

Entities are capitalised spans minus function words; offices, capital cities and
population figures are found by patterns around them (country demonyms are mapped to
country names: "German" -> "Germany").
"""

from __future__ import annotations

import re
from typing import Any

from claimtrack.extraction.numbers import parse_number

#: Demonyms (and short forms) to country names, for offices and capitals.
DEMONYMS: dict[str, str] = {
    "German": "Germany",
    "French": "France",
    "British": "United Kingdom",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "US": "United States",
    "U.S.": "United States",
    "American": "United States",
    "Canadian": "Canada",
    "Italian": "Italy",
    "Japanese": "Japan",
    "Australian": "Australia",
    "Chinese": "China",
    "Russian": "Russia",
    "Indian": "India",
    "Brazilian": "Brazil",
    "Ukrainian": "Ukraine",
    "Spanish": "Spain",
    "Dutch": "Netherlands",
    "Polish": "Poland",
    "Turkish": "Turkey",
    "Israeli": "Israel",
    "Iranian": "Iran",
    "South Korean": "South Korea",
    "North Korean": "North Korea",
    "Mexican": "Mexico",
    "Swedish": "Sweden",
    "Finnish": "Finland",
    "Norwegian": "Norway",
    "Danish": "Denmark",
    "Irish": "Ireland",
    "Greek": "Greece",
    "Portuguese": "Portugal",
    "Belgian": "Belgium",
    "Austrian": "Austria",
    "Swiss": "Switzerland",
    "Hungarian": "Hungary",
    "Egyptian": "Egypt",
    "Saudi": "Saudi Arabia",
    "Argentine": "Argentina",
    "South African": "South Africa",
    "Nigerian": "Nigeria",
    "Kenyan": "Kenya",
    "Pakistani": "Pakistan",
    "Indonesian": "Indonesia",
    "New Zealand": "New Zealand",
    "Czech": "Czech Republic",
    "Romanian": "Romania",
    "Taiwanese": "Taiwan",
    "Vietnamese": "Vietnam",
    "Thai": "Thailand",
    "Filipino": "Philippines",
    "Malaysian": "Malaysia",
    "Singaporean": "Singapore",
    "Scottish": "Scotland",
}
_OFFICES = (
    r"Vice President|President|Deputy Prime Minister|Prime Minister|Vice Chancellor|Chancellor|"
    r"Secretary[- ]General|Secretary of State|"
    r"(?:Foreign|Home|Treasury|Defen[cs]e|Health|Trade|Finance|"
    r"Interior|Energy|Economy|Economic|Education|Environment|Justice|Transport)\s+(?:Minister|Secretary)|"
    r"Minister(?: of [A-Z]\w+(?: and [A-Z]\w+)?)?|Foreign Secretary|Governor|Mayor|Senator|Congressman|Congresswoman|"
    r"King|Queen|Emperor|Crown Prince|Premier|Speaker|"
    r"Pope|Chief Executive|CEO|Chairman|Chairwoman|Chair|Attorney General|Chief Justice"
)
_DEMONYM = "|".join(sorted((re.escape(d) for d in DEMONYMS), key=len, reverse=True))
_PERSON = r"[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.\s+)?(?:(?:de|van|von|der|bin|al|da)\s+)?[A-Z][a-zA-Z'’-]+){1,2}"
_COUNTRY = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_OFFICE_BEFORE = re.compile(
    rf"(?:\b(?P<adj>{_DEMONYM})\s+|\b(?P<cty>{_COUNTRY})['’]s\s+)?\b(?P<office>{_OFFICES})\s+(?P<person>{_PERSON})"
)
_OFFICE_AFTER = re.compile(
    rf"\b(?P<person>{_PERSON}),\s+(?:the\s+)?(?:(?P<adj>{_DEMONYM})\s+|(?P<cty>{_COUNTRY})['’]s\s+)?"
    rf"(?P<office>(?:{_OFFICES})|"
    rf"[a-z]+ (?:minister|secretary)|(?:prime |foreign |finance |trade )?minister|"
    rf"president|chancellor|governor|mayor)"
    rf"(?:\s+of\s+(?P<of>{_COUNTRY}))?"
)
_CAPITAL = (
    re.compile(
        rf"\b(?P<country>{_COUNTRY})['’]s\s+capital,?\s+(?P<city>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    ),
    re.compile(
        rf"\b(?P<city>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),?\s+(?:is\s+)?the\s+capital\s+of\s+(?P<country>{_COUNTRY})"
    ),
    re.compile(
        rf"\bthe\s+(?P<adj>{_DEMONYM})\s+capital,?\s+(?P<city>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    ),
)
#: Words of titles and offices ("Prime", "Minister", "Mr"): they qualify a name, they are not one.
TITLE_WORDS: frozenset[str] = frozenset(
    [
        "vice",
        "president",
        "deputy",
        "prime",
        "minister",
        "chancellor",
        "secretary",
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
        "governor",
        "mayor",
        "senator",
        "congressman",
        "congresswoman",
        "king",
        "queen",
        "emperor",
        "crown",
        "prince",
        "princess",
        "premier",
        "speaker",
        "pope",
        "chief",
        "executive",
        "ceo",
        "chairman",
        "chairwoman",
        "chair",
        "attorney",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "president-elect",
        "leader",
        "opposition",
    ]
)
_OFFICE_HINT = re.compile(
    r"minister|secretary|president|chancellor|governor|mayor|senator|congress|king|queen|emperor|prince|premier|"
    r"speaker|pope|chief|ceo|chair|attorney"
)
_POPULATION = re.compile(
    rf"\b(?:(?P<c1>{_COUNTRY})['’]s\s+population|[Tt]he\s+population\s+of\s+(?P<c2>{_COUNTRY}))\b[^.;]{{0,60}}?"
    r"\b(?:is|was|stands at|stood at|reached|rose to|fell to|grew to|to|of)\s+"
    r"(?P<hedge>about|around|roughly|nearly|almost|some|more than|over|less than|under|just over|just under)?\s*"
    r"(?P<num>\d[\d,.]*\s*(?:million|billion|m|bn)?|[a-z]+ (?:million|billion))(?:\s+(?:people|inhabitants|residents))?"
)
_ENTITY = re.compile(
    r"\b(?:[A-Z][\w&'’.-]*[A-Za-z0-9]|[A-Z]\d+|[A-Z])(?:\s+(?:(?:of|for|de|van|von)(?:\s+the)?\s+)?(?:[A-Z][\w&'’.-]*[A-Za-z0-9]|[A-Z]\d+))*"
)
_PLACES = frozenset(DEMONYMS.values())
#: Capitalised words that do not start or make a name.
NOT_ENTITY = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "But",
        "And",
        "Or",
        "So",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "As",
        "In",
        "On",
        "At",
        "For",
        "From",
        "With",
        "By",
        "To",
        "Of",
        "However",
        "Meanwhile",
        "Still",
        "Also",
        "Last",
        "Next",
        "One",
        "Some",
        "Many",
        "Most",
        "All",
        "No",
        "Not",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Our",
        "My",
        "Your",
        "His",
        "Her",
        "Their",
        "What",
        "Who",
        "Why",
        "How",
        "According",
        "Founded",
        "Yes",
        "Will",
        "Of",
    ]
)


def entities(sentence: str) -> list[str]:
    """Capitalised spans ("Olaf Scholz", "Group of Seven", "G7"), minus function words."""
    out: list[str] = []
    for m in _ENTITY.finditer(sentence):
        words = m.group(0).replace("’", "'").split()
        if (
            m.start() == 0
            and len(words) == 1
            and _common_word(words[0], sentence[m.end() : m.end() + 2])
        ):
            continue
        while words and words[0].rstrip(".") in NOT_ENTITY:
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        name = re.sub(r"'s$", "", name).rstrip(".")
        if name and name not in out and not (len(name) == 1 and name.isupper()):
            out.append(name)
    return out


def _common_word(word: str, after: str) -> bool:
    """Whether a sentence-initial capitalised ``word`` is probably just a common word."""
    possessive = word.endswith("'s") or after.startswith(("'s", "’s"))
    return not (word.isupper() or any(c.isdigit() for c in word) or possessive or word in _PLACES)


def _country(adj: str | None, cty: str | None, of: str | None = None) -> str | None:
    if adj:
        return DEMONYMS.get(adj, adj)
    return cty or of


def offices(sentence: str) -> list[dict[str, Any]]:
    """Office holders: "German Chancellor Olaf Scholz", "Mary Ng, Canada's trade minister".

    Each is ``{person, office, country, text}``; ``country`` comes from a demonym or a
    possessive and may be ``None``.
    """
    if _OFFICE_HINT.search(sentence.lower()) is None:
        return []
    found: list[dict[str, Any]] = []
    for rx in (_OFFICE_BEFORE, _OFFICE_AFTER):
        for m in rx.finditer(sentence):
            person = m.group("person")
            if person.split()[0] in NOT_ENTITY:
                continue
            of = m.groupdict().get("of")
            found.append(
                {
                    "person": person,
                    "office": m.group("office"),
                    "country": _country(m.group("adj"), m.group("cty"), of),
                    "text": m.group(0),
                }
            )
    return found


def capital(sentence: str) -> dict[str, Any] | None:
    """``{relation: "capital", country, city, text}`` for "Australia's capital, Sydney" and the like."""
    if "capital" not in sentence:
        return None
    for rx in _CAPITAL:
        m = rx.search(sentence)
        if m:
            gd = m.groupdict()
            country = gd.get("country") or DEMONYMS.get(gd.get("adj") or "", gd.get("adj"))
            return {
                "relation": "capital",
                "country": country,
                "city": m.group("city"),
                "text": m.group(0),
            }
    return None


def population(sentence: str) -> dict[str, Any] | None:
    """``{relation: "population", country, value, hedge}`` for "Japan's population fell to 124.5 million"."""
    if "population" not in sentence:
        return None
    m = _POPULATION.search(sentence)
    value = parse_number(m.group("num")) if m else None
    if m is None or value is None:
        return None
    country = m.group("c1") or m.group("c2")
    return {"relation": "population", "country": country, "value": value, "hedge": m.group("hedge")}
