"""What a sentence asserts that the World Bank's indicators can check.

``claim.values`` from the extractor first: ``{"relation": "share_of_world", "group",
"share", "measure", "members"?}``, ``{"relation": "population", "country", "value"}``,
``{"relation": "indicator", "indicator", "country", "value", "year"?}`` (or a
``{"relations": [...]}`` list). Otherwise these phrasings are parsed:

share of world
    "X (…,) is home to|accounts for|represents|makes up|has HEDGE SHARE of the world's|global
    population|people|economic output|output|GDP" (several in one sentence are all checked;
    X is the sentence's subject). SHARE: "a tenth", "a fifth", "a quarter", "a third",
    "half", "two-thirds", "three-quarters", "N%", "N per cent", "one in N".
population
    "X's population (…) to|is|was|of|stands at HEDGE N million|billion" ·
    "X has a population of N million" · "the population of X is N million"
members listed in the sentence
    "X, a group of N countries consisting of|comprising|including A, B and C"
HEDGE: about, around, roughly, some, approximately, nearly, almost, (just) over, (just) under,
more than, less than (``claimtrack.text.HEDGE_PATTERN``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimtrack import claim_relations, kind_values
from claimtrack.extraction.parts import Part
from claimtrack.text import (
    FRACTION_PATTERN,
    HEDGE_PATTERN,
    NAME_LIST_PATTERN,
    NAME_PATTERN,
    Fact,
    clean_hedge,
    clean_name,
    find_population,
    parse_fraction,
    split_names,
)

__all__ = [
    "MEASURES",
    "PART_KINDS",
    "Fact",
    "measure_code",
    "parse",
    "part_fact",
    "plan",
    "share_value",
]

#: The part kinds (:mod:`claimtrack.extraction.parts`) the worldbank verifier checks: a
#: ``statistic`` only when its values name a World Bank ``indicator`` and a ``country``
#: (or ``scope``), as an extractor plugin may give them, or when its number is the one
#: a population figure of the sentence states.
PART_KINDS: tuple[str, ...] = ("share_of_world", "population", "statistic")

NAME = NAME_PATTERN
LIST = NAME_LIST_PATTERN
HEDGE = HEDGE_PATTERN
SHARE = rf"(?P<share>(?i:{FRACTION_PATTERN}))"
MEASURES = {
    "population": "SP.POP.TOTL",
    "people": "SP.POP.TOTL",
    "inhabitants": "SP.POP.TOTL",
    "economic output": "NY.GDP.MKTP.CD",
    "output": "NY.GDP.MKTP.CD",
    "gdp": "NY.GDP.MKTP.CD",
    "gross domestic product": "NY.GDP.MKTP.CD",
    "economy": "NY.GDP.MKTP.CD",
}
MEASURE = (
    r"(?P<measure>(?i:population|people|inhabitants|economic\s+output|output|GDP|gross\s+domestic\s+product|"
    r"economy))"
)
_SHARE_RX = re.compile(
    rf"(?:home\s+to|accounts?\s+for|represents?|makes?\s+up|has|holds?|contains?|produces?|generates?)\s+"
    rf"(?:(?P<hedge>{HEDGE})\s+)?{SHARE}\s+of\s+(?:the\s+)?(?:(?i:world's|world’s|global|the\s+world's|world)\s+){MEASURE}"
)
_SUBJECT = re.compile(rf"^\W*(?P<group>{NAME})")
_MEMBERS_RX = re.compile(
    rf"(?P<group>{NAME})(?:\s+\w+)?,\s+(?:a|an|the)\s+(?:\w+\s+)?(?:group|bloc|alliance|club|union|grouping|organi[sz]ation|forum)\s+of\s+"
    rf"(?:\w+\s+)?(?:\w+\s+)?(?:countries|nations|states|members|economies)\s*(?:consisting\s+of|comprising|made\s+up\s+of|namely|:)\s*(?P<list>{LIST})"
)


def share_value(text: str | float) -> float | None:
    """A share from 0 to 1: "a tenth", "two-thirds", "12%", "one in five"; a number above 1
    is a percentage (12 → 0.12)."""
    if isinstance(text, (int, float)):
        return float(text) / 100 if text > 1 else float(text)
    share = parse_fraction(text)
    if share is not None:
        return share
    try:
        return share_value(float(text.strip()))
    except ValueError:
        return None


def measure_code(measure: str | None) -> str:
    return MEASURES.get(
        re.sub(r"\s+", " ", (measure or "population").strip().casefold()), "SP.POP.TOTL"
    )


def _from_values(values: Mapping[str, Any]) -> list[Fact]:
    facts = []
    # the extractor's relations, then the main kind's values (or values made by hand)
    items: list[Mapping[str, Any]] = [*claim_relations(values), values]
    for v in items:
        if not isinstance(v, dict):
            continue
        rel = v.get("relation")
        if rel == "share_of_world" and v.get("group") and v.get("share") is not None:
            share = share_value(v["share"])
            if share:
                members = [
                    clean_name(m) for m in v.get("members") or [] if isinstance(m, str)
                ] or None
                said = str(v.get("text") or "")
                word = re.search(SHARE, said)
                facts.append(
                    Fact(
                        "share_of_world",
                        {
                            "group": clean_name(v["group"]),
                            "share": share,
                            "hedge": clean_hedge(v.get("hedge")),
                            "indicator": v.get("indicator") or measure_code(v.get("measure")),
                            "members": members,
                            "said": said,
                            "share_text": word.group("share")
                            if word
                            else (v["share"] if isinstance(v["share"], str) else f"{share:.0%}"),
                        },
                    )
                )
        elif rel in ("population", "indicator") and v.get("country") and v.get("value") is not None:
            try:
                value = float(v["value"])
            except (TypeError, ValueError):
                continue
            facts.append(
                Fact(
                    "indicator",
                    {
                        "country": clean_name(v["country"]),
                        "value": value,
                        "hedge": clean_hedge(v.get("hedge")),
                        "indicator": v.get("indicator") or "SP.POP.TOTL",
                        "year": v.get("year"),
                    },
                )
            )
    unique: list[Fact] = []
    for f in facts:
        if all(f.relation != u.relation or f.fields != u.fields for u in unique):
            unique.append(f)
    return unique


def _listed_members(values: Mapping[str, Any]) -> tuple[list[str] | None, str | None]:
    """The members the extractor found listed in the sentence (a complete list only), and
    the group's name: from the membership values, else from top-level ``members``/``group``
    (values made by hand)."""
    found: Mapping[str, Any] = kind_values(values, "membership") or values
    group = clean_name(found.get("group")) or None
    members = found.get("members")
    if not isinstance(members, list) or not members or found.get("partial"):
        return None, group
    return [clean_name(x) for x in members if isinstance(x, str)] or None, group


def parse(sentence: str, values: Mapping[str, Any] | None = None) -> list[Fact]:
    """Every fact the World Bank can check in ``sentence`` (the extractor's values first)."""
    values = values or {}
    facts = _from_values(values)
    text = re.sub(r"\s+", " ", sentence)
    listed, group_default = _listed_members(values)
    m = None if listed else _MEMBERS_RX.search(text)
    if m:
        listed = split_names(m.group("list"))
    if not any(f.relation == "share_of_world" for f in facts):
        subject = _SUBJECT.search(text)
        for sm in _SHARE_RX.finditer(text):
            group = (
                group_default
                or (clean_name(m.group("group")) if m else None)
                or (clean_name(subject.group("group")) if subject else None)
            )
            share = share_value(sm.group("share"))
            if group and group.casefold() not in {"the", "a", "an", "it", "this", "that"} and share:
                facts.append(
                    Fact(
                        "share_of_world",
                        {
                            "group": group,
                            "share": share,
                            "hedge": clean_hedge(sm.group("hedge")),
                            "indicator": measure_code(sm.group("measure")),
                            "members": listed,
                            "share_text": re.sub(r"\s+", " ", sm.group("share")),
                        },
                    )
                )
    else:
        for f in facts:
            if f.relation == "share_of_world" and not f["members"]:
                f.fields["members"] = listed
            if f.relation == "share_of_world" and not f["hedge"] and f["said"]:
                hm = re.search(rf"(?P<hedge>{HEDGE})\s+{re.escape(f['said'])}", text)
                if hm:
                    f.fields["hedge"] = clean_hedge(hm.group("hedge"))
    if not any(f.relation == "indicator" for f in facts):
        population = find_population(text)
        if population is not None:
            facts.append(
                Fact("indicator", {**population.fields, "indicator": "SP.POP.TOTL", "year": None})
            )
    return facts


def _key(value: Any) -> str:
    return re.sub(r"\W+", " ", clean_name(str(value or ""))).strip().casefold()


def _same(a: Fact, b: Fact) -> bool:
    """Whether two facts assert the same thing (the sentence's fact may know more: the
    members listed, a hedge)."""
    if a.relation != b.relation:
        return False
    if a.relation == "share_of_world":
        return (
            _key(a["group"]) == _key(b["group"])
            and a["indicator"] == b["indicator"]
            and abs(float(a["share"]) - float(b["share"])) < 1e-9
        )
    return (
        _key(a["country"]) == _key(b["country"])
        and a["indicator"] == b["indicator"]
        and float(a["value"]) == float(b["value"])
    )


def _figure_of(value: Any, parsed: list[Fact]) -> Fact | None:
    """The figure the sentence states with this number ("Canada's population, about 40
    million people"), when a bare ``statistic`` part is that number: the part is the
    assertion, the sentence says what it is a figure of."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    same = [f for f in parsed if f.relation == "indicator" and float(f["value"]) == float(value)]
    return Fact(same[0].relation, dict(same[0].fields)) if len(same) == 1 else None


def part_fact(part: Part, parsed: list[Fact] | None = None) -> Fact | None:
    """The fact ``part`` asserts, as the checks read it, or None when it is not one the
    World Bank checks.

    The fact comes from the part's own values; what the part does not carry but the
    sentence states about the same assertion (the members listed for its group, a hedge
    such as "nearly") comes from the matching fact of ``parsed`` (:func:`parse`).
    """
    if part.kind not in PART_KINDS:
        return None
    values = dict(part.values)
    if part.kind == "statistic":
        if not values.get("indicator"):
            return _figure_of(values.get("value"), parsed or [])
        values.setdefault("country", values.get("scope"))
        relation = "indicator"
    else:
        relation = part.kind
    found = _from_values({"relations": [{**values, "relation": relation}]})
    if not found:
        return None
    fact = found[0]
    match = next((f for f in parsed or [] if _same(f, fact)), None)
    if match is None:
        return fact
    fields = dict(fact.fields)
    for name, value in match.fields.items():
        if fields.get(name) in (None, "", []):
            fields[name] = value
    return Fact(fact.relation, fields)


def plan(
    claim_parts: tuple[Part, ...] | list[Part], sentence: str, values: Mapping[str, Any]
) -> list[tuple[Part | None, Fact]]:
    """What the worldbank verifier checks in a claim: ``(part, fact)`` pairs.

    A claim with parts: one pair per part :func:`part_fact` reads (other parts are left to
    other verifiers). A claim without parts (no structure was recognised, or values made
    by hand): the facts :func:`parse` finds, on the whole claim (part None).
    """
    parsed = parse(sentence, values)
    if not claim_parts:
        return [(None, f) for f in parsed]
    pairs: list[tuple[Part | None, Fact]] = []
    for part in claim_parts:
        fact = part_fact(part, parsed)
        if fact is not None:
            pairs.append((part, fact))
    return pairs
