"""What a sentence asserts that Wikidata can check.

Structured values from the extractor (``claim.values``) are used when present; otherwise
the sentence is parsed with the regular expressions below. Phrasings parsed (X a place or
organisation name, Y a city, P a person, N a number, NAT a nationality adjective):

capital
    "X's capital, Y" · "the capital of X, Y" · "Y, the capital of X" · "Y, X's capital" ·
    "Y, the NAT capital" · "the NAT capital, Y" · "Y is the capital of X" · "the capital of X is Y"
inception
    "Founded|Established|Set up|Created|Formed|Launched in YYYY, X" ·
    "X, (which was) founded|established|set up|created|formed in YYYY" · "X was founded in YYYY"
membership
    "X, a group|bloc|alliance|club|union of N countries|nations|members consisting of|comprising|
    made up of|including A, B and C" · "X consists of|comprises|is made up of A, B and C" ·
    "X('s) members are|include A, B and C" · "X (now) has N members|member states"
office
    "NAT Chancellor|Prime Minister|President|Premier|King|Queen P" · "X's OFFICE(,) P" ·
    "P, the NAT OFFICE" · "OFFICE of X(,) P" · "P, (the) OFFICE of X"
population
    "X's population (has grown …) to|is|was|of|stands at (about) N million|billion" ·
    "X has a population of (about) N million" · "the population of X is (about) N million"
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

CAP = r"(?:[A-ZÀ-Ý][\w'’.\-]*)"
PARTICLE = r"(?:de|da|do|dos|del|di|du|la|le|al|el|of|upon|and)"
NAME = rf"(?:[Tt]he\s+)?{CAP}(?:\s+(?:{PARTICLE}\s+)?{CAP})*"
PERSON = rf"{CAP}(?:\s+(?:(?:van|von|der|de|da|di|le|al|bin)\s+)?{CAP}){{0,3}}"

#: Nationality adjectives -> country names (English). Extend with settings["demonyms"].
DEMONYMS: dict[str, str] = {
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "u.s.": "United States",
    "us": "United States",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "australian": "Australia",
    "austrian": "Austria",
    "azerbaijani": "Azerbaijan",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "belgian": "Belgium",
    "bolivian": "Bolivia",
    "bosnian": "Bosnia and Herzegovina",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "bulgarian": "Bulgaria",
    "cambodian": "Cambodia",
    "canadian": "Canada",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "croatian": "Croatia",
    "cuban": "Cuba",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "ecuadorian": "Ecuador",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "estonian": "Estonia",
    "ethiopian": "Ethiopia",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "ghanaian": "Ghana",
    "greek": "Greece",
    "hungarian": "Hungary",
    "icelandic": "Iceland",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kenyan": "Kenya",
    "korean": "South Korea",
    "south korean": "South Korea",
    "north korean": "North Korea",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "lithuanian": "Lithuania",
    "malaysian": "Malaysia",
    "maltese": "Malta",
    "mexican": "Mexico",
    "moroccan": "Morocco",
    "new zealand": "New Zealand",
    "nigerian": "Nigeria",
    "norwegian": "Norway",
    "pakistani": "Pakistan",
    "peruvian": "Peru",
    "polish": "Poland",
    "portuguese": "Portugal",
    "romanian": "Romania",
    "russian": "Russia",
    "saudi": "Saudi Arabia",
    "serbian": "Serbia",
    "singaporean": "Singapore",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "south african": "South Africa",
    "spanish": "Spain",
    "sri lankan": "Sri Lanka",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "thai": "Thailand",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "ukrainian": "Ukraine",
    "uruguayan": "Uruguay",
    "venezuelan": "Venezuela",
    "vietnamese": "Vietnam",
}
NAT = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in DEMONYMS), key=len, reverse=True)
)
NAT = rf"(?:(?i:{NAT}))"

#: Office words -> the Wikidata properties to check, in order.
OFFICES: dict[str, tuple[str, ...]] = {
    "chancellor": ("P6",),
    "federal chancellor": ("P6",),
    "prime minister": ("P6",),
    "premier": ("P6",),
    "taoiseach": ("P6",),
    "head of government": ("P6",),
    "president": ("P35", "P6"),
    "king": ("P35",),
    "queen": ("P35",),
    "monarch": ("P35",),
    "emperor": ("P35",),
    "head of state": ("P35",),
}
OFFICE = (
    r"(?i:federal\s+chancellor|chancellor|prime\s+minister|premier|"
    r"taoiseach|president|king|queen|monarch|emperor|head\s+of\s+(?:state|government))"
)

NUMBER_WORDS = {
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
    "twenty-one": 21,
    "twenty-seven": 27,
    "thirty": 30,
    "thirty-one": 31,
    "thirty-two": 32,
    "forty": 40,
    "fifty": 50,
}
COUNT = r"(?:\d{1,3}|(?i:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "))"
LIST = rf"{NAME}(?:\s*,\s*{NAME})*(?:\s*,?\s+and\s+{NAME})?"


@dataclass
class Fact:
    """One checkable assertion: ``relation`` plus its fields."""

    relation: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.fields.get(key)


def clean_name(name: str | None) -> str:
    name = re.sub(r"\s+", " ", (name or "")).strip(" ,.;:")
    return re.sub(r"^(?i:the)\s+", "", name)


def split_list(text: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text)
    return [clean_name(p) for p in parts if clean_name(p)]


def to_count(text: str | int | None) -> int | None:
    if text is None:
        return None
    if isinstance(text, int):
        return text
    t = str(text).strip().casefold()
    if t.isdigit():
        return int(t)
    return NUMBER_WORDS.get(t)


def country_of(nat: str | None) -> str | None:
    return DEMONYMS.get(re.sub(r"\s+", " ", (nat or "")).casefold()) if nat else None


def office_key(office: str) -> str:
    return re.sub(r"\s+", " ", office).strip().casefold()


def covered_office(office: str) -> bool:
    """Whether the office is a head of state or government (what P35/P6 cover)."""
    if re.match(r"(?:vice|deputy|former|acting|ex-|shadow|assistant)\b", office):
        return False
    return office in OFFICES or any(
        re.search(rf"\b{re.escape(k)}\b", office) for k in OFFICES if k != "president"
    )


_CAPITAL = [
    re.compile(rf"(?P<country>{NAME})'s\s+capital(?:\s+city)?,?\s+(?P<city>{NAME})"),
    re.compile(rf"\b(?i:the)\s+capital\s+of\s+(?P<country>{NAME}),\s+(?P<city>{NAME})"),
    re.compile(rf"\b(?i:the)\s+capital\s+of\s+(?P<country>{NAME})\s+is\s+(?P<city>{NAME})"),
    re.compile(rf"(?P<city>{NAME}),\s+(?:the|its)\s+capital\s+of\s+(?P<country>{NAME})"),
    re.compile(rf"(?P<city>{NAME})\s+is\s+the\s+capital\s+of\s+(?P<country>{NAME})"),
    re.compile(rf"(?P<city>{NAME}),\s+(?P<country>{NAME})'s\s+capital"),
    re.compile(rf"(?P<city>{NAME}),\s+the\s+(?P<nat>{NAT})\s+capital"),
    re.compile(rf"\bthe\s+(?P<nat>{NAT})\s+capital,?\s+(?P<city>{NAME})"),
]
_FOUNDED = r"(?i:founded|established|set\s+up|created|formed|launched)"
_MONTH = (
    r"(?:(?:early|late|mid-?)\s+)?"
    r"(?:(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\s+)?(?:\d{1,2},?\s+)?"
)
_INCEPTION = [
    re.compile(rf"\b{_FOUNDED}\s+in\s+{_MONTH}(?P<year>\d{{4}}),\s+(?P<entity>{NAME})"),
    re.compile(
        rf"(?P<entity>{NAME}),\s+(?:which|that)?\s*(?:was\s+)?{_FOUNDED}\s+in\s+{_MONTH}(?P<year>\d{{4}})"
    ),
    re.compile(rf"(?P<entity>{NAME})\s+was\s+{_FOUNDED}\s+in\s+{_MONTH}(?P<year>\d{{4}})"),
]
_GROUPWORD = (
    r"(?:group|bloc|alliance|club|union|grouping|organi[sz]ation|association|coalition|forum)"
)
_MEMBERS = r"(?:countries|nations|states|members|member\s+states|economies|governments)"
_MEMBERSHIP = [
    re.compile(
        rf"(?P<group>{NAME})(?:\s+{_GROUPWORD})?,\s+(?:a|an|the)\s+(?:\w+\s+)?{_GROUPWORD}\s+of\s+(?:(?P<count>{COUNT})\s+)?(?:\w+\s+)?{_MEMBERS}"
        rf"\s*(?:(?P<verb>consisting\s+of|comprising|made\s+up\s+of|including|namely|:)\s*)(?P<list>{LIST})"
    ),
    re.compile(
        rf"(?P<group>{NAME})\s+(?:consists\s+of|comprises|is\s+made\s+up\s+of)\s+(?P<list>{LIST})"
    ),
    re.compile(rf"(?P<group>{NAME})(?:'s)?\s+members\s+(?P<verb>are|include)\s+(?P<list>{LIST})"),
    re.compile(
        rf"(?P<group>{NAME}),?\s+(?:now\s+|currently\s+|today\s+)?has\s+(?P<count>{COUNT})\s+(?:members|member\s+states|member\s+countries)\b"
    ),
]
_OFFICE = [
    re.compile(rf"(?P<nat>{NAT})\s+(?P<office>{OFFICE})\s+(?P<person>{PERSON})"),
    re.compile(rf"(?P<country>{NAME})'s\s+(?P<office>{OFFICE}),?\s+(?P<person>{PERSON})"),
    re.compile(rf"(?P<person>{PERSON}),\s+(?:the\s+)?(?P<nat>{NAT})\s+(?P<office>{OFFICE})\b"),
    re.compile(rf"(?P<office>{OFFICE})\s+of\s+(?P<country>{NAME}),?\s+(?P<person>{PERSON})"),
    re.compile(
        rf"(?P<person>{PERSON}),\s+(?:the\s+)?(?P<office>{OFFICE})\s+of\s+(?P<country>{NAME})"
    ),
]
_QUANT = (
    r"(?P<hedge>(?i:about|around|roughly|nearly|almost|some|approximately|more\s+than|over|"
    r"less\s+than|under|just\s+over|just\s+under)\s+)?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>(?i:million|billion|m|bn))?\b"
)
_POPULATION = [
    re.compile(
        rf"(?P<country>{NAME})'s\s+population\s+(?:.*?\s)?(?:to|is|was|of|stands\s+at|reached|at)\s+{_QUANT}"
    ),
    re.compile(rf"(?P<country>{NAME})\s+has\s+a\s+population\s+of\s+{_QUANT}"),
    re.compile(
        rf"(?P<country>{NAME})'s\s+population,?\s+(?:of\s+|at\s+)?{_QUANT}\s+(?i:people|inhabitants|residents)"
    ),
    re.compile(
        rf"\bthe\s+population\s+of\s+(?P<country>{NAME})\s+(?:is|was|stands\s+at|reached)\s+{_QUANT}"
    ),
]

_SKIP_NAMES = {"the", "a", "an", "it", "this", "that"}


def number(num: str, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    s = (scale or "").casefold()
    return value * {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}.get(s, 1)


def _from_values(values: dict[str, Any]) -> list[Fact]:
    """Facts from the extractor's structured values (docs/extraction.md)."""
    facts: list[Fact] = []
    relations = values.get("relations")
    items = [*(relations if isinstance(relations, list) else []), values]
    for v in list(items):  # "holders": several office holders named in one sentence
        if isinstance(v, dict) and isinstance(v.get("holders"), list):
            items += [
                {"relation": "office", "country": v.get("country"), **h}
                for h in v["holders"]
                if isinstance(h, dict)
            ]
    for v in items:
        if not isinstance(v, dict):
            continue
        rel = v.get("relation")
        if rel == "capital" and v.get("country") and v.get("city"):
            facts.append(
                Fact(
                    "capital", {"country": clean_name(v["country"]), "city": clean_name(v["city"])}
                )
            )
        elif rel == "inception" and v.get("entity") and v.get("year"):
            with contextlib.suppress(TypeError, ValueError):
                facts.append(
                    Fact("inception", {"entity": clean_name(v["entity"]), "year": int(v["year"])})
                )
        elif (rel == "membership" or (rel is None and "members" in v)) and v.get("group"):
            members = [clean_name(m) for m in v.get("members") or [] if isinstance(m, str)]
            facts.append(
                Fact(
                    "membership",
                    {
                        "group": clean_name(v["group"]),
                        "count": to_count(v.get("count")),
                        "members": members or None,
                        "partial": bool(v.get("partial")),
                    },
                )
            )
        elif (
            (rel == "office" or (rel is None and "office" in v and "person" in v))
            and v.get("person")
            and v.get("office")
        ):
            country = v.get("country") or country_of(v.get("nationality"))
            if country and covered_office(office_key(v["office"])):
                facts.append(
                    Fact(
                        "office",
                        {
                            "person": clean_name(v["person"]),
                            "office": office_key(v["office"]),
                            "country": clean_name(country),
                        },
                    )
                )
        elif rel == "population" and v.get("country") and v.get("value"):
            facts.append(
                Fact(
                    "population",
                    {
                        "country": clean_name(v["country"]),
                        "value": float(v["value"]),
                        "hedge": v.get("hedge"),
                    },
                )
            )
    unique: list[Fact] = []
    for f in facts:
        if all(f.relation != u.relation or f.fields != u.fields for u in unique):
            unique.append(f)
    return unique


def parse(sentence: str, values: dict[str, Any] | None = None) -> list[Fact]:
    """Every fact Wikidata can check in ``sentence`` (structured values first)."""
    facts = _from_values(values or {})
    have = {f.relation for f in facts}
    text = re.sub(r"\s+", " ", sentence)

    if "capital" not in have:
        for rx in _CAPITAL:
            m = rx.search(text)
            if m:
                country = clean_name(m.groupdict().get("country")) or country_of(
                    m.groupdict().get("nat")
                )
                city = clean_name(m.group("city"))
                if country and city and country.casefold() not in _SKIP_NAMES:
                    facts.append(Fact("capital", {"country": country, "city": city}))
                    break
    if "inception" not in have:
        for rx in _INCEPTION:
            m = rx.search(text)
            if m:
                entity = clean_name(m.group("entity"))
                if entity and entity.casefold() not in _SKIP_NAMES:
                    facts.append(
                        Fact("inception", {"entity": entity, "year": int(m.group("year"))})
                    )
                    break
    if "membership" not in have:
        for rx in _MEMBERSHIP:
            m = rx.search(text)
            if m:
                gd = m.groupdict()
                members = split_list(gd["list"]) if gd.get("list") else None
                verb = (gd.get("verb") or "").casefold()
                facts.append(
                    Fact(
                        "membership",
                        {
                            "group": clean_name(gd["group"]),
                            "count": to_count(gd.get("count")),
                            "members": members,
                            "partial": verb.startswith("includ"),
                        },
                    )
                )
                break
    if "office" not in have:
        for rx in _OFFICE:
            m = rx.search(text)
            if m:
                gd = m.groupdict()
                country = clean_name(gd.get("country")) or country_of(gd.get("nat"))
                person = clean_name(gd["person"])
                before = text[: m.start()].casefold()
                if re.search(r"(?:\bthen|\bacting|\bvice|\bdeputy|\binterim)[\s-]*$", before):
                    break  # "then-Chancellor X" is about another date; deputies are not office holders
                if country and person:
                    facts.append(
                        Fact(
                            "office",
                            {
                                "person": person,
                                "office": office_key(gd["office"]),
                                "country": country,
                                "former": bool(
                                    re.search(r"(?:\bformer|\bex|\bone-time)[\s-]*$", before)
                                ),
                            },
                        )
                    )
                    break
    if "population" not in have:
        for rx in _POPULATION:
            m = rx.search(text)
            if m and (m.group("scale") or float(m.group("num").replace(",", "")) >= 1000):
                facts.append(
                    Fact(
                        "population",
                        {
                            "country": clean_name(m.group("country")),
                            "value": number(m.group("num"), m.group("scale")),
                            "hedge": re.sub(
                                r"\s+", " ", (m.group("hedge") or "").strip().casefold()
                            )
                            or None,
                        },
                    )
                )
                break
    return facts
