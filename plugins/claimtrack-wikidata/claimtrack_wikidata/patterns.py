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

import re
from collections.abc import Mapping
from typing import Any

from claimtrack import claim_relations
from claimtrack.extraction.parts import Part
from claimtrack.text import (
    NAME_LIST_PATTERN,
    NAME_PATTERN,
    NUMBER_WORDS_PATTERN,
    PERSON_PATTERN,
    Fact,
    clean_hedge,
    clean_name,
    country_for_demonym,
    demonym_pattern,
    find_population,
    parse_count,
    split_names,
)

__all__ = [
    "OFFICES",
    "PART_KINDS",
    "Fact",
    "covered_office",
    "office_key",
    "parse",
    "part_fact",
    "plan",
]

#: The part kinds (:mod:`claimtrack.extraction.parts`) the wikidata verifier checks.
#: A ``statistic`` part is checked when its number is the one a population figure of the
#: sentence states ("Canada's population, about 40 million people").
PART_KINDS: tuple[str, ...] = (
    "capital",
    "inception",
    "membership",
    "office",
    "population",
    "statistic",
)

NAME = NAME_PATTERN
PERSON = PERSON_PATTERN
NAT = demonym_pattern(ignore_case=True)

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
    r"(?i:federal\s+chancellor|chancellor|prime\s+minister|premier|taoiseach|president|king|queen|monarch|"
    r"emperor|head\s+of\s+(?:state|government))"
)

COUNT = rf"(?:\d{{1,3}}|(?i:{NUMBER_WORDS_PATTERN}))"
LIST = NAME_LIST_PATTERN


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
    r"(?:(?:early|late|mid-?)\s+)?(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+)?(?:\d{1,2},?\s+)?"
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
_SKIP_NAMES = {"the", "a", "an", "it", "this", "that"}


def _from_values(values: Mapping[str, Any]) -> list[Fact]:
    """Facts from the extractor's structured values (docs/extraction.md)."""
    facts: list[Fact] = []
    # the extractor's relations, then the main kind's values (or values made by hand)
    items: list[Mapping[str, Any]] = [*claim_relations(values), values]
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
            year = parse_count(v["year"]) if isinstance(v["year"], (int, str)) else None
            if year is not None:
                facts.append(Fact("inception", {"entity": clean_name(v["entity"]), "year": year}))
        elif (rel == "membership" or (rel is None and "members" in v)) and v.get("group"):
            members = [clean_name(m) for m in v.get("members") or [] if isinstance(m, str)]
            fields = {
                "group": clean_name(v["group"]),
                "count": parse_count(v.get("count")),
                "members": members or None,
                "partial": bool(v.get("partial")),
            }
            if v.get("negated") and members:  # "Norway is not a member of the EU"
                fields["negated"] = True
            facts.append(Fact("membership", fields))
        elif (
            (rel == "office" or (rel is None and "office" in v and "person" in v))
            and v.get("person")
            and v.get("office")
        ):
            country = v.get("country") or country_for_demonym(v.get("nationality"))
            if country and covered_office(office_key(v["office"])):
                fields = {
                    "person": clean_name(v["person"]),
                    "office": office_key(v["office"]),
                    "country": clean_name(country),
                }
                if v.get("tense") == "past":  # "Mark Rutte was Dutch prime minister"
                    fields["former"] = True
                facts.append(Fact("office", fields))
        elif rel == "population" and v.get("country") and v.get("value"):
            facts.append(
                Fact(
                    "population",
                    {
                        "country": clean_name(v["country"]),
                        "value": float(v["value"]),
                        "hedge": clean_hedge(v.get("hedge")),
                    },
                )
            )
    unique: list[Fact] = []
    for f in facts:
        if all(f.relation != u.relation or f.fields != u.fields for u in unique):
            unique.append(f)
    return unique


def parse(sentence: str, values: Mapping[str, Any] | None = None) -> list[Fact]:
    """Every fact Wikidata can check in ``sentence`` (structured values first)."""
    facts = _from_values(values or {})
    have = {f.relation for f in facts}
    text = re.sub(r"\s+", " ", sentence)

    if "capital" not in have:
        for rx in _CAPITAL:
            m = rx.search(text)
            if m:
                country = clean_name(m.groupdict().get("country")) or country_for_demonym(
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
                members = split_names(gd["list"]) if gd.get("list") else None
                verb = (gd.get("verb") or "").casefold()
                facts.append(
                    Fact(
                        "membership",
                        {
                            "group": clean_name(gd["group"]),
                            "count": parse_count(gd.get("count")),
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
                country = clean_name(gd.get("country")) or country_for_demonym(gd.get("nat"))
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
        population = find_population(text)
        if population is not None:
            facts.append(population)
    return facts


#: The field that names what a fact is about, per relation: a part and a fact parsed from
#: the sentence are about the same thing when it matches.
_SUBJECT_FIELD = {
    "capital": "country",
    "inception": "entity",
    "membership": "group",
    "office": "person",
    "population": "country",
}
#: Words just before an office holder's title: about another date, or not the office holder.
#: The name fields of a part's values that must not be cut short in its sentence.
_NAME_FIELDS = ("person", "country", "city", "entity", "group")
_NOT_HOLDER = re.compile(r"(?:\bthen|\bacting|\bvice|\bdeputy|\binterim)[\s-]*$")
_BECAME = re.compile(r"\b(?:became|remained)\b", re.IGNORECASE)
_FORMER = re.compile(r"(?:\bformer|\bex|\bone-time)[\s-]*$")


def _in_words(name: str, text: str) -> bool:
    """Whether ``name`` is written in ``text`` as whole words (not cut off mid-word)."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _cut_short(name: str, text: str) -> bool:
    """Whether ``name`` is only written in ``text`` as the start of a longer word, cut
    before a letter outside A-Z ("Luiz In" of "Luiz Inácio"): a name read up to a letter
    its reader did not know. ("Australia" in "Australian" is a country from a demonym.)"""
    cut = re.search(rf"(?<!\w){re.escape(name)}[^\W\d_A-Za-z]", text, re.IGNORECASE) is not None
    return cut and not _in_words(name, text)


def _same_subject(a: Any, b: Any) -> bool:
    def key(x: Any) -> str:
        return re.sub(r"\W+", " ", clean_name(str(x or ""))).strip().casefold()

    return bool(key(a)) and key(a) == key(b)


def _office_without_country(values: Mapping[str, Any]) -> Fact | None:
    """ "President Joe Biden": a head of state or government title with no country said
    (the check looks for the country the person led; it can support, never refute)."""
    person, office = clean_name(values.get("person")), values.get("office")
    if not person or not isinstance(office, str) or not covered_office(office_key(office)):
        return None
    return Fact("office", {"person": person, "office": office_key(office), "country": None})


def part_fact(part: Part, sentence: str, parsed: list[Fact] | None = None) -> Fact | None:
    """The fact ``part`` asserts, as the checks read it, or None when it is not one Wikidata
    checks (a kind it does not handle, an office that is not a head of state or government,
    "then-Chancellor X", values too incomplete to look up).

    The fact comes from the part's own values. The sentence is read only around the part:
    an office holder's "former"/"then-" just before the title, and a field the part lacks
    (an office's country, said elsewhere with a nationality) from ``parsed`` (the facts
    :func:`parse` found) when that fact is about the same subject.
    """
    if part.kind not in PART_KINDS:
        return None
    if part.kind == "statistic":
        value = part.values.get("value")
        same = [
            f
            for f in parsed or []
            if f.relation == "population"
            and isinstance(value, int | float)
            and float(f["value"]) == float(value)
        ]
        return Fact("population", dict(same[0].fields)) if len(same) == 1 else None
    values = {k: v for k, v in part.values.items() if k != "holders"}
    text = re.sub(r"\s+", " ", sentence)
    for name in _NAME_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value and _cut_short(value, text):
            # a name cut short ("Luiz In" of "Luiz Inácio Lula da Silva"): the sentence's
            # own reading of it, or nothing (never refute a name nobody wrote)
            whole = [
                f[name]
                for f in parsed or []
                if f.relation == part.kind
                and isinstance(f[name], str)
                and f[name].casefold().startswith(value.casefold())
                and _in_words(f[name], text)
            ]
            if not whole:
                return None
            values[name] = whole[0]
    found = _from_values({"relations": [{**values, "relation": part.kind}]})
    fact = found[0] if found else None
    field = _SUBJECT_FIELD[part.kind]
    same = [
        f
        for f in parsed or []
        if f.relation == part.kind and _same_subject(f[field], values.get(field))
    ]
    if fact is None and same:
        fact = Fact(same[0].relation, dict(same[0].fields))
    if fact is None and part.kind == "office":
        fact = _office_without_country(values)
    if fact is None or part.kind != "office":
        return fact
    said = str(values.get("text") or "")
    at = text.find(said) if said else -1
    if at < 0:
        at = text.find(str(fact["person"]))
    before = text[: max(at, 0)].casefold()
    if at >= 0 and _NOT_HOLDER.search(before):
        return None
    if at >= 0 and _FORMER.search(before):
        fact.fields["former"] = True
    verb = _BECAME.search(said)
    if verb and not _FORMER.search(before):
        # past tense, but not a former office: "X became PM" (a term began by the date),
        # "X remained PM" (holds it at the date)
        fact.fields.pop("former", None)
        if verb.group(0).casefold().startswith("bec"):
            fact.fields["became"] = True
    return fact


def plan(
    claim_parts: tuple[Part, ...] | list[Part], sentence: str, values: Mapping[str, Any]
) -> list[tuple[Part | None, Fact]]:
    """What the wikidata verifier checks in a claim: ``(part, fact)`` pairs.

    A claim with parts: one pair per part of :data:`PART_KINDS` that :func:`part_fact`
    reads (parts of other kinds are left to other verifiers). A claim without parts (no
    structure was recognised, or values made by hand): the facts :func:`parse` finds, on
    the whole claim (part None).
    """
    parsed = parse(sentence, values)
    if not claim_parts:
        return [(None, f) for f in parsed]
    read = parsed + parse(sentence)  # the sentence's own reading too, for what values lack
    pairs: list[tuple[Part | None, Fact]] = []
    for part in claim_parts:
        fact = part_fact(part, sentence, read)
        if fact is not None:
            pairs.append((part, fact))
    return pairs
