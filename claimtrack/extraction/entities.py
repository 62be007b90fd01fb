"""Named entities, offices, capitals and populations in one sentence.

Entities are capitalised spans minus function words; offices, capital cities and
population figures are found by patterns around them (country demonyms are mapped to
country names: "German" -> "Germany").
"""

from __future__ import annotations

import re
from typing import Any

from claimtrack.extraction.hints import contains_any
from claimtrack.extraction.numbers import parse_number
from claimtrack.text import DEMONYMS

__all__ = ["DEMONYMS", "NOT_ENTITY", "TITLE_WORDS", "capital", "entities", "offices", "population"]

_OFFICES = (
    r"Vice President|President|Deputy Prime Minister|Prime Minister|Vice Chancellor|Chancellor|"
    r"Secretary[- ]General|Secretary of State|(?:Foreign|Home|Treasury|Defen[cs]e|Health|Trade|Finance|"
    r"Interior|Energy|Economy|Economic|Education|Environment|Justice|Transport)\s+(?:Minister|Secretary)|"
    r"Minister(?: of [A-Z]\w+(?: and [A-Z]\w+)?)?|Foreign Secretary|Governor|Mayor|Senator|Congressman|Congresswoman|"
    r"King|Queen|Emperor|Crown Prince|Premier|Speaker|Pope|Chief Executive|CEO|Chairman|Chairwoman|Chair|"
    r"Attorney General|Chief Justice"
)
_DEMONYM = "|".join(sorted((re.escape(d) for d in DEMONYMS), key=len, reverse=True))
#: Letters of Latin names beyond ASCII ("Inácio", "Łukasz", "Şahin"): Latin-1 and Latin
#: Extended-A, which has capitals and small letters side by side.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_PERSON = (
    rf"[{_UPPER}][{_LOWER}'’-]+(?:\s+(?:[A-Z]\.\s+)?(?:(?:de|da|dos|van|von|der|bin|al)\s+)?"
    rf"[{_UPPER}][{_UPPER}{_LOWER}'’-]+){{1,3}}"
)
_COUNTRY = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_OFFICE_BEFORE = re.compile(
    rf"(?:\b(?P<adj>{_DEMONYM})\s+|\b(?P<cty>{_COUNTRY})['’]s\s+)?\b(?P<office>{_OFFICES})\s+(?P<person>{_PERSON})"
)
_OFFICE_AFTER = re.compile(
    rf"\b(?P<person>{_PERSON}),\s+(?:the\s+)?(?:(?P<adj>{_DEMONYM})\s+|(?P<cty>{_COUNTRY})['’]s\s+)?"
    rf"(?P<office>(?:{_OFFICES})|[a-z]+ (?:minister|secretary)|(?:prime |foreign |finance |trade )?minister|"
    rf"president|chancellor|governor|mayor)"
    rf"(?:\s+of\s+(?P<of>{_COUNTRY}))?"
)
#: The office and person of every match of :data:`_OFFICE_BEFORE`: a cheap test first (it
#: does not try the demonyms and countries that may precede the office at every position).
_OFFICE_PERSON = re.compile(rf"\b(?:{_OFFICES})\s+{_PERSON}")
#: The end of the person and the comma of every match of :data:`_OFFICE_AFTER` (a cheap
#: test first).
_NAME_COMMA = re.compile(rf"[{_UPPER}][{_UPPER}{_LOWER}'’-]+,\s")
#: A proper name of up to four words ("Brasília", "Buenos Aires", "Addis Ababa").
_NAME = r"[A-Z][\w'’.-]*[\w](?:\s+(?:of\s+)?[A-Z][\w'’.-]*[\w]){0,3}"
#: A person's name: two to five words, with particles ("Luiz Inácio Lula da Silva").
_FULL_NAME = r"[A-Z][\w'’-]+(?:\s+(?:(?:de|da|do|dos|del|la|le|van|von|der|den|bin|al|el)\s+)*[A-Z][\w'’-]+){1,4}"
_CAPITAL = (
    # "Nigeria's capital is Abuja", "Brazil's capital city is Brasília"
    re.compile(rf"\b(?P<country>{_NAME})['’]s\s+capital(?:\s+city)?\s+is\s+(?P<city>{_NAME})"),
    # "Kenya's capital, Nairobi"
    re.compile(rf"\b(?P<country>{_NAME})['’]s\s+capital(?:\s+city)?,?\s+(?P<city>{_NAME})"),
    # "The capital of Kenya is Nairobi", "The capital of the United Kingdom is London"
    re.compile(
        rf"\b[Tt]he\s+capital(?:\s+city)?\s+of\s+(?:the\s+)?(?P<country>{_NAME})\s+is\s+(?P<city>{_NAME})"
    ),
    # "Canberra is the capital (city) of Australia", "Canberra, the capital of Australia"
    re.compile(
        rf"\b(?P<city>{_NAME}),?\s+(?:is\s+|was\s+|has\s+been\s+|remains\s+)?"
        rf"the\s+capital(?:\s+city)?\s+of\s+(?:the\s+)?(?P<country>{_NAME})"
    ),
    # "Abuja is Nigeria's capital", "Lima, Peru's capital"
    re.compile(
        rf"\b(?P<city>{_NAME})(?:,\s+|\s+(?:is|was|has\s+been|remains)\s+)(?P<country>{_NAME})['’]s\s+capital\b"
    ),
    # "The Turkish capital is Ankara", "the German capital, Berlin"
    re.compile(
        rf"\b[Tt]he\s+(?P<adj>{_DEMONYM})\s+capital(?:\s+city)?(?:,\s+|\s+is\s+|\s+)(?P<city>{_NAME})"
    ),
    # "Paris, the French capital"
    re.compile(rf"\b(?P<city>{_NAME}),?\s+(?:is\s+)?the\s+(?P<adj>{_DEMONYM})\s+capital\b"),
)
_OFFICE_CI = rf"(?i:{_OFFICES})"
_TENSE = r"(?P<verb>is|was|has been|had been|became|remains|remained|served as)"
#: A cheap test for :data:`_OFFICE_STATED`: an office word right after a copula, before one,
#: or in "the <office> of".
_OFFICE_STATED_HINT = re.compile(
    rf"\b(?:is|was|been|became|remains|remained|as)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w ]{{0,40}}?['’]s\s+|(?:{_DEMONYM})\s+)?{_OFFICE_CI}"
    rf"|['’]s\s+{_OFFICE_CI}\s+(?:is|was|has|had|became|remain)|\b[Tt]he\s+{_OFFICE_CI}\s+of\b"
)
#: Offices stated as facts: "Olaf Scholz is the chancellor of Germany", "Germany's chancellor
#: is Olaf Scholz", "The prime minister of Japan is Fumio Kishida", "Mark Rutte was Dutch
#: prime minister".
_OFFICE_STATED = (
    re.compile(
        rf"\b(?P<person>{_FULL_NAME})\s+{_TENSE}\s+(?:the\s+)?(?:(?P<adj>{_DEMONYM})\s+)?"
        rf"(?P<office>{_OFFICE_CI})\s+of\s+(?:the\s+)?(?P<of>{_NAME})"
    ),
    re.compile(
        rf"\b(?P<person>{_FULL_NAME})\s+{_TENSE}\s+(?:the\s+)?(?P<adj>{_DEMONYM})\s+(?P<office>{_OFFICE_CI})\b"
    ),
    re.compile(
        rf"\b(?P<person>{_FULL_NAME})\s+{_TENSE}\s+(?P<cty>{_NAME})['’]s\s+(?P<office>{_OFFICE_CI})\b"
    ),
    re.compile(
        rf"\b(?P<cty>{_NAME})['’]s\s+(?P<office>{_OFFICE_CI})\s+{_TENSE}\s+(?P<person>{_FULL_NAME})"
    ),
    re.compile(
        rf"\b[Tt]he\s+(?P<office>{_OFFICE_CI})\s+of\s+(?:the\s+)?(?P<of>{_NAME})\s+{_TENSE}\s+(?P<person>{_FULL_NAME})"
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
_OFFICE_HINTS = tuple(_OFFICE_HINT.pattern.split("|"))
#: One of these is in every match of :data:`_OFFICES` (so of :data:`_OFFICE_BEFORE`).
OFFICE_LITERALS = (
    "President",
    "Minister",
    "Chancellor",
    "Secretary",
    "Governor",
    "Mayor",
    "Senator",
    "Congress",
    "King",
    "Queen",
    "Emperor",
    "Prince",
    "Premier",
    "Speaker",
    "Pope",
    "Chief",
    "CEO",
    "Chair",
    "Attorney",
)
_POPULATION = re.compile(
    rf"\b(?:(?P<c1>{_COUNTRY})['’]s\s+population|[Tt]he\s+population\s+of\s+(?P<c2>{_COUNTRY}))\b[^.;]{{0,60}}?"
    r"\b(?:is|was|stands at|stood at|reached|rose to|fell to|grew to|to|of)\s+"
    r"(?P<hedge>about|around|roughly|nearly|almost|some|more than|over|less than|under|just over|just under)?\s*"
    r"(?P<num>\d[\d,.]*\s*(?:million|billion|m|bn)?|[a-z]+ (?:million|billion))(?:\s+(?:people|inhabitants|residents))?"
)
_HEDGE = (
    r"(?P<hedge>about|around|roughly|nearly|almost|some|more than|over|less than|under|"
    r"just over|just under|approximately)?\s*"
)
_HEADCOUNT = r"(?P<num>\d[\d,.]*\s*(?:million|billion|m|bn)?|[a-z]+ (?:million|billion))"
_PEOPLE = r"(?:people|inhabitants|residents|citizens)"
_POPULATION_HINT = re.compile(r"population|people|inhabitants|residents|citizens")
_POPULATION_HINTS = tuple(_POPULATION_HINT.pattern.split("|"))
#: "Japan's population is …", "Berlin has a population of …", "Iceland is home to 380,000
#: people", "About 5.5 million people live in Finland", "Canada has 40 million inhabitants".
_POPULATION_FORMS = (
    _POPULATION,
    re.compile(
        rf"\b(?P<c1>{_NAME})\s+(?:has|had|now has)\s+a\s+population\s+of\s+{_HEDGE}{_HEADCOUNT}"
    ),
    re.compile(rf"\b(?P<c1>{_NAME})\s+(?:has|had|now has)\s+{_HEDGE}{_HEADCOUNT}\s+{_PEOPLE}"),
    re.compile(rf"\b(?P<c1>{_NAME})\s+is\s+home\s+to\s+{_HEDGE}{_HEADCOUNT}\s+{_PEOPLE}"),
    re.compile(
        rf"(?i:{_HEDGE}){_HEADCOUNT}\s+{_PEOPLE}\s+(?:live|lived|reside)\s+in\s+(?:the\s+)?(?P<c2>{_NAME})"
    ),
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
        name = name.removesuffix("'s").rstrip(".")
        if name and name not in out and not (len(name) == 1 and name.isupper()):
            out.append(name)
    return out


def _common_word(word: str, after: str) -> bool:
    """Whether a sentence-initial capitalised ``word`` is probably just a common word."""
    possessive = word.endswith("'s") or after.startswith(("'s", "’s"))
    # a word of letters only has no digit: the loop over its characters is for the others
    digit = not word.isalpha() and any(c.isdigit() for c in word)
    return not (word.isupper() or digit or possessive or word in _PLACES)


def _country(adj: str | None, cty: str | None, of: str | None = None) -> str | None:
    if adj:
        return DEMONYMS.get(adj, adj)
    return cty or of


def offices(sentence: str) -> list[dict[str, Any]]:
    """Office holders: "German Chancellor Olaf Scholz", "Mary Ng, Canada's trade minister".

    Each is ``{person, office, country, text}``; ``country`` comes from a demonym or a
    possessive and may be ``None``.
    """
    if not contains_any(sentence.lower(), _OFFICE_HINTS):
        return []
    found: list[dict[str, Any]] = []
    for rx in _OFFICE_STATED if _OFFICE_STATED_HINT.search(sentence) else ():
        for m in rx.finditer(sentence):
            gd = m.groupdict()
            person = m.group("person")
            if person.split()[0] in NOT_ENTITY:
                continue
            found.append(
                {
                    "person": person,
                    "office": m.group("office").lower(),
                    "country": _country(gd.get("adj"), gd.get("cty"), gd.get("of")),
                    "text": m.group(0),
                    "stated": True,
                    "tense": "past" if m.group("verb") in _PAST else "present",
                }
            )
    if found:
        return found
    patterns = (
        [_OFFICE_BEFORE]
        if contains_any(sentence, OFFICE_LITERALS) and _OFFICE_PERSON.search(sentence)
        else []
    )
    if "," in sentence and _NAME_COMMA.search(sentence):  # "Mary Ng, Canada's trade minister"
        patterns.append(_OFFICE_AFTER)
    for rx in patterns:
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


_PAST = frozenset({"was", "had been", "became", "remained", "served as"})


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
    if not contains_any(sentence, _POPULATION_HINTS):
        return None
    for rx in _POPULATION_FORMS:
        m = rx.search(sentence)
        value = parse_number(m.group("num")) if m else None
        if m is None or value is None:
            continue
        country = m.groupdict().get("c1") or m.groupdict().get("c2")
        if country is None or country.split()[0] in NOT_ENTITY:
            continue
        return {
            "relation": "population",
            "country": country,
            "value": value,
            "hedge": m.group("hedge"),
        }
    return None
