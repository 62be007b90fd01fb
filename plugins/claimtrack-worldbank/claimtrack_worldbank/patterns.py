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
HEDGE: about, around, roughly, some, nearly, almost, more than, over, less than, under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CAP = r"(?:[A-ZÀ-Ý][\w'’.\-]*)"
PARTICLE = r"(?:de|da|do|del|di|du|la|le|al|el|of|and)"
NAME = rf"(?:[Tt]he\s+)?{CAP}(?:\s+(?:{PARTICLE}\s+)?{CAP})*"
LIST = rf"{NAME}(?:\s*,\s*{NAME})*(?:\s*,?\s+and\s+{NAME})?"
HEDGE = (
    r"(?i:about|around|roughly|some|approximately|nearly|almost|"
    r"just\s+under|just\s+over|more\s+than|over|less\s+than|under)"
)
SHARE_WORDS = {
    "a tenth": 0.1,
    "one tenth": 0.1,
    "one-tenth": 0.1,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "one-fifth": 0.2,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "one-quarter": 0.25,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "one-third": 1 / 3,
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "two-thirds": 2 / 3,
    "two thirds": 2 / 3,
    "three-quarters": 0.75,
    "three quarters": 0.75,
    "a sixth": 1 / 6,
    "an eighth": 0.125,
}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
SHARE = (
    r"(?P<share>(?i:"
    + "|".join(
        sorted((re.escape(k).replace(r"\ ", r"\s+") for k in SHARE_WORDS), key=len, reverse=True)
    )
    + r")|\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)|one\s+in\s+(?:\d+|"
    + "|".join(NUMBER_WORDS)
    + r"))"
)
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
    r"(?P<measure>(?i:population|people|inhabitants|economic\s+output|"
    r"output|GDP|gross\s+domestic\s+product|economy))"
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
_QUANT = rf"(?:(?P<hedge>{HEDGE})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>(?i:million|billion|m|bn))?\b"
_POPULATION = [
    re.compile(
        rf"(?P<country>{NAME})'s\s+population\s+(?:.*?\s)?(?:to|is|was|of|stands\s+at|reached|at)\s+{_QUANT}"
    ),
    re.compile(rf"(?P<country>{NAME})\s+has\s+a\s+population\s+of\s+{_QUANT}"),
    re.compile(
        rf"(?P<country>{NAME})'s\s+population,?\s+(?:of\s+|at\s+)?{_QUANT}\s+(?i:people|inhabitants|residents)"
    ),
    re.compile(
        rf"\b(?i:the)\s+population\s+of\s+(?P<country>{NAME})\s+(?:is|was|stands\s+at|reached)\s+{_QUANT}"
    ),
]


@dataclass
class Fact:
    relation: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.fields.get(key)


def clean(name: str | None) -> str:
    name = re.sub(r"\s+", " ", name or "").strip(" ,.;:")
    return re.sub(r"^(?i:the)\s+", "", name)


def share_value(text: str | float) -> float | None:
    if isinstance(text, (int, float)):
        return float(text) / 100 if text > 1 else float(text)
    t = re.sub(r"\s+", " ", str(text).strip().casefold())
    if t in SHARE_WORDS:
        return SHARE_WORDS[t]
    m = re.match(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent|percent)", t)
    if m:
        return float(m.group(1)) / 100
    m = re.match(r"one in (\w+)", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS.get(m.group(1))
        return 1 / n if n else None
    try:
        return share_value(float(t))
    except ValueError:
        return None


def measure_code(measure: str | None) -> str:
    return MEASURES.get(
        re.sub(r"\s+", " ", (measure or "population").strip().casefold()), "SP.POP.TOTL"
    )


def split_list(text: str) -> list[str]:
    return [clean(p) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text) if clean(p)]


def number(num: str, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    return value * {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}.get(
        (scale or "").casefold(), 1
    )


def _hedge(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text.strip().casefold()) if text else None


def _from_values(values: dict[str, Any]) -> list[Fact]:
    facts = []
    relations = values.get("relations")
    items = [*(relations if isinstance(relations, list) else []), values]
    for v in items:
        if not isinstance(v, dict):
            continue
        rel = v.get("relation")
        if rel == "share_of_world" and v.get("group") and v.get("share") is not None:
            share = share_value(v["share"])
            if share:
                members = [clean(m) for m in v.get("members") or [] if isinstance(m, str)] or None
                said = str(v.get("text") or "")
                word = re.search(SHARE, said)
                facts.append(
                    Fact(
                        "share_of_world",
                        {
                            "group": clean(v["group"]),
                            "share": share,
                            "hedge": _hedge(v.get("hedge")),
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
                        "country": clean(v["country"]),
                        "value": value,
                        "hedge": _hedge(v.get("hedge")),
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


def parse(sentence: str, values: dict[str, Any] | None = None) -> list[Fact]:
    values = values or {}
    facts = _from_values(values)
    text = re.sub(r"\s+", " ", sentence)
    listed = None
    m = _MEMBERS_RX.search(text)
    if m:
        listed = split_list(m.group("list"))
    if isinstance(values.get("members"), list) and values.get("members"):
        listed = [clean(x) for x in values["members"] if isinstance(x, str)]
    group_default = clean(values.get("group")) if values.get("group") else None
    if not any(f.relation == "share_of_world" for f in facts):
        subject = _SUBJECT.search(text)
        for sm in _SHARE_RX.finditer(text):
            group = (
                group_default
                or (clean(m.group("group")) if m else None)
                or (clean(subject.group("group")) if subject else None)
            )
            share = share_value(sm.group("share"))
            if group and group.casefold() not in {"the", "a", "an", "it", "this", "that"} and share:
                facts.append(
                    Fact(
                        "share_of_world",
                        {
                            "group": group,
                            "share": share,
                            "hedge": _hedge(sm.group("hedge")),
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
                    f.fields["hedge"] = _hedge(hm.group("hedge"))
    if not any(f.relation == "indicator" for f in facts):
        for rx in _POPULATION:
            pm = rx.search(text)
            if pm and (pm.group("scale") or float(pm.group("num").replace(",", "")) >= 1000):
                facts.append(
                    Fact(
                        "indicator",
                        {
                            "country": clean(pm.group("country")),
                            "value": number(pm.group("num"), pm.group("scale")),
                            "hedge": _hedge(pm.group("hedge")),
                            "indicator": "SP.POP.TOTL",
                            "year": None,
                        },
                    )
                )
                break
    return facts
