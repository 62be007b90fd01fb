"""Claim kinds and their structured values, found by rules on one sentence.

:func:`analyse` returns every kind a sentence shows (statistic, temporal, quote,
membership, comparison, office, event), its structured values, the named entities, the
speaker and the evidence (reason, log-odds) that raises its check-worthiness. The keys
of every kind's values are documented in ``docs/extraction.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimtrack.extraction.base import KIND_PRIORITY
from claimtrack.extraction.dates import (
    DateMention,
    find_dates,
    first_since,
    inception_year,
    last_in,
)
from claimtrack.extraction.entities import NOT_ENTITY, capital, entities, offices, population
from claimtrack.extraction.hints import contains_any, words
from claimtrack.extraction.numbers import find_quantities, parse_number
from claimtrack.extraction.quotes import find_quote

#: Log-odds each kind of evidence adds to the check-worthiness score.
EVIDENCE: dict[str, float] = {
    "contains a statistic": 1.6,
    "contains a number": 0.7,
    "mentions a date": 0.6,
    "relative date": 0.3,
    "superlative 'first … since'": 1.5,
    "'last … in' pattern": 1.0,
    "superlative": 0.7,
    "comparison": 0.6,
    "membership list": 1.5,
    "office or title": 0.8,
    "capital city": 1.2,
    "founding date": 1.2,
    "share of world": 1.5,
    "attributed quote": 1.0,
    "attributed statement": 0.6,
    "event": 0.4,
    "states a checkable relation": 1.5,
}

#: Relations a source can check, stated as a fact ("Canberra is the capital of Australia"):
#: kept however short the sentence. Office titles count only when stated ("X is the
#: president of Y"), not when a title merely names a speaker ("President X said").
_STATED_RELATIONS = frozenset({"capital", "inception", "population", "membership"})

_GROUP_WORDS = r"group|bloc|alliance|union|club|coalition|federation|association|organi[sz]ation|grouping|consortium"
_MEMBERSHIP = re.compile(
    rf"(?P<group>(?:[Tt]he\s+)?[A-Z][\w&.-]*(?:\s+(?:of\s+)?[A-Z][\w&.-]*)*)(?:\s+(?:{_GROUP_WORDS}))?,"
    rf"\s+(?:a|an|the)\s+(?:[a-z-]+\s+)?(?:{_GROUP_WORDS})\s+of\s+"
    r"(?P<count>[\w-]+|\d+)\s+(?:[a-z-]+\s+)?"
    r"(?:countries|nations|states|members|economies|member states|companies|parties)"
    r"(?:,|\s)\s*(?P<verb>consisting of|comprising|made up of|composed of|"
    r"including|that includes|which includes|namely|:)\s+"
)
_PARTIAL_VERBS = frozenset({"including", "that includes", "which includes"})
_MEMBERSHIP_HINT = re.compile(
    r"member|countries|nations|states|economies|consisting|comprising|made up of|including|"
    r"belong|part of|joined|left|quit|withdrew|expelled"
)
_MEMBERSHIP_HINTS = tuple(_MEMBERSHIP_HINT.pattern.split("|"))
_MEMBER_ITEM = re.compile(r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z][\w.'’-]*)*")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_MEMBER_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
_WORD = r"[A-Z](?:[\w&'’.-]*\w)?"
_GROUP_NAME = rf"{_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_WORD})*"
#: "The Group of Twenty has 21 members", "NATO, founded in 1949, now has 31 members".
_HAS_MEMBERS = re.compile(
    r"(?P<group>\b[A-Z][\w&.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w&.-]*)*)(?:,[^,]{1,60},)?\s+(?:now\s+)?"
    r"(?:has|comprises|consists of|counts)\s+(?P<count>\d+|[a-z-]+)\s+"
    r"(?:member states|members|member countries|countries|nations)"
)
#: "The Group of Twenty's members are …", "NATO's 32 members include …".
_POSSESSIVE_MEMBERS = re.compile(
    rf"(?P<group>{_GROUP_NAME})['’]s\s+(?:(?P<count>\d+|[a-z-]+)\s+)?"
    r"(?:member states|member countries|members)\s+(?P<verb>are|were|include|includes|comprise)\s+"
)
#: After "…'s members are": "19 countries plus the European Union and the African Union".
_COUNT_PLUS = re.compile(
    r"(?P<count>\d+|[a-z-]+)\s+(?:countries|nations|states)\s+(?:plus|as well as|and)\s+"
)
_MEMBER_NAME = rf"(?:[Tt]he\s+)?{_WORD}(?:\s+(?:of\s+)?{_WORD}){{0,3}}"
#: One member stated: "France is a member of the G7", "Turkey is a NATO member", "Brazil
#: belongs to BRICS", "Finland joined NATO", "The United Kingdom left the European Union".
_ONE_MEMBER = (
    re.compile(
        rf"(?P<member>{_MEMBER_NAME})\s+(?:is|was|has been|remains)\s+(?P<neg>not\s+|no\s+longer\s+)?"
        r"(?:a\s+|an\s+|one\s+of\s+the\s+(?:\w+\s+)?)?(?:full\s+|founding\s+|permanent\s+)?"
        rf"members?(?:\s+states?|\s+countries|\s+nations)?\s+of\s+(?:the\s+)?(?P<group>{_GROUP_NAME})"
    ),
    re.compile(
        rf"(?P<member>{_MEMBER_NAME})\s+(?:is|was|has been|remains)\s+(?P<neg>not\s+|no\s+longer\s+)?"
        rf"(?:a|an)\s+(?:full\s+|founding\s+)?(?P<group>{_GROUP_NAME})\s+member(?:\s+state|\s+country|\s+nation)?\b"
    ),
    re.compile(
        rf"(?P<member>{_MEMBER_NAME})\s+(?:(?P<neg>does\s+not\s+|doesn't\s+)belong|belongs)\s+to\s+"
        rf"(?:the\s+)?(?P<group>{_GROUP_NAME})"
    ),
    re.compile(
        rf"(?P<member>{_MEMBER_NAME})\s+(?:is|was|remains)\s+(?P<neg>not\s+|no\s+longer\s+)?part\s+of\s+"
        rf"(?:the\s+)?(?P<group>{_GROUP_NAME})"
    ),
    re.compile(
        rf"(?P<member>{_MEMBER_NAME})\s+(?:joined|(?:became|becomes)\s+(?:a\s+)?(?:full\s+)?member\s+of|"
        rf"(?P<neg>left|quit|withdrew\s+from|was\s+expelled\s+from))\s+(?:the\s+)?(?P<group>{_GROUP_NAME})"
    ),
)
#: The verb before a founding phrase: "was founded", "has been set up", "first formed".
_FOUNDED_AUX = r"(?:was|were|has been|had been|is|first)"
#: "since the organisation was founded": a description of the subject, not its name.
_ORGANISATION_NOUN = (
    r"(?i:organi[sz]ation|alliance|bloc|group|grouping|forum|union|body|agency|company|firm|"
    r"club|league|party|association|institute|institution|bank|fund|council|committee|court|"
    r"network|federation|coalition|movement|treaty|pact|summit)"
)
_DESCRIBED_SUBJECT = re.compile(
    rf"\b(?:the|its|this|that)\s+{_ORGANISATION_NOUN}\s+{_FOUNDED_AUX}?\s*$"
)
#: A name that an organisation description can stand for: one with an organisation word
#: ("World Trade Organization", "African Union"), or else an acronym in it ("ASEAN").
_ORGANISATION_WORD = re.compile(
    r"\b(?:Organi[sz]ation|Union|Alliance|Forum|Bank|Fund|Council|Committee|Association|"
    r"Group|Party|League|Treaty|Institute|Agency|Federation|Court|Cooperation|Community|"
    r"Commission|Conference|Nations|Movement|Pact|Club)\b"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+\b")
#: Subjects that are no name: "It was founded in 1965" says nothing of what.
_PRONOUNS = frozenset({"It", "This", "That", "They", "He", "She", "We", "Which", "Who"})
#: What may stand between a name and its founding phrase: "NATO, which was founded in",
#: "the Brothers of Italy party, which she co-founded in".
_NAME_TO_PHRASE = re.compile(
    rf"^\s*(?:{_ORGANISATION_NOUN}\s*)?(?:,\s*)?(?:(?:which|that|who)\s+)?"
    rf"(?:(?:he|she|they|we|it)\s+)?(?:{_FOUNDED_AUX}\s*)?(?:co-?)?$"
)
#: The subject of "Google was founded …", "The BBC, a public broadcaster, was set up …".
_FOUNDED_SUBJECT = re.compile(rf"(?P<name>{_MEMBER_NAME})(?:,[^,]{{1,80}},)?\s+{_FOUNDED_AUX}?\s*$")
#: Words one of which each :data:`_ONE_MEMBER` pattern needs (a cheap test first).
_ONE_MEMBER_HINTS = (
    ("member",),
    ("member",),
    ("belong",),
    ("part of",),
    ("joined", "member of", "left", "quit", "withdrew", "expelled"),
)
#: "… 40 percent of the world's population", "… of global GDP": the measure a percentage is a share of.
_WORLD_SCOPE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:world['’]s|global|world)\s+(?P<measure>[a-z]+(?:\s+(?:output|product|trade))?|GDP)"
)
_SHARE_VERB = re.compile(
    r"\b(?:is home to|accounts? for|represents?|makes? up|produces?|holds?|has|contributes?)\b"
)
_SUPERLATIVE = re.compile(
    r"\b(?:largest|biggest|highest|lowest|smallest|fastest|slowest|best|worst|oldest|youngest|richest|poorest|longest|"
    r"shortest|deadliest|strongest|weakest|hottest|coldest|warmest|greatest|most\s+[a-z]+|least\s+[a-z]+|"
    r"first|only|record)\b",
)
_COMPARISON = re.compile(
    r"\b(?:(?:more|less|fewer|higher|lower|larger|bigger|smaller|greater|faster|slower|better|worse|older|younger|richer|poorer|cheaper|[a-z]+er)\s+than|"
    r"twice as|(?:half|three times|[a-z]+ times) as|doubled|tripled|halved|"
    r"(?:rose|fell|increased|decreased|grew|dropped|declined|jumped|surged|climbed|slumped|plunged)\s+(?:by|to|from))\b",
)
_EVENT_WORDS = (
    "met|signed|announced|launched|elected|won|lost|killed|died|arrested|visited|attacked|invaded|joined|resigned|"
    "appointed|approved|passed|voted|"
    "held|opened|closed|agreed|reached|hit|struck|collapsed|began|ended|took office|sworn in"
)
_EVENT = re.compile(rf"\b(?:{_EVENT_WORDS})\b")
# Words of which each pattern above matches one (a cheap test first, see ``hints.words``).
SUPERLATIVE_WORDS = frozenset(
    {
        "largest",
        "biggest",
        "highest",
        "lowest",
        "smallest",
        "fastest",
        "slowest",
        "best",
        "worst",
        "oldest",
        "youngest",
        "richest",
        "poorest",
        "longest",
        "shortest",
        "deadliest",
        "strongest",
        "weakest",
        "hottest",
        "coldest",
        "warmest",
        "greatest",
        "most",
        "least",
        "first",
        "only",
        "record",
    }
)
COMPARISON_WORDS = frozenset(
    {
        "than",
        "twice",
        "half",
        "times",
        "doubled",
        "tripled",
        "halved",
        "rose",
        "fell",
        "increased",
        "decreased",
        "grew",
        "dropped",
        "declined",
        "jumped",
        "surged",
        "climbed",
        "slumped",
        "plunged",
    }
)
EVENT_WORDS = frozenset(w.split()[0] for w in _EVENT_WORDS.split("|"))
#: After "first" or "only": what makes it a superlative ("the first time", "only in 2019").
_FIRST_CONTEXT = re.compile(
    r"\b(?:time|since|ever|history|in\s+\d|in\s+(?:a|the|its|their|his|her)\s+\w+|of its kind)\b"
)


@dataclass
class Analysis:
    """What the rules found in one sentence."""

    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[tuple[str, float]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    speaker: str | None = None

    @property
    def kind(self) -> str:
        """The most specific kind found, ``"other"`` if none.

        Reported speech without a direct quote ("X said the deficit doubled") ranks last:
        what it reports is the claim to check.
        """
        indirect = not self.kinds.get("quote", {}).get("direct", True)
        for kind in KIND_PRIORITY:
            if kind in self.kinds and not (kind == "quote" and indirect):
                return kind
        return "quote" if indirect else "other"

    def values(self) -> dict[str, Any]:
        """Flat values of the main kind, plus ``kinds`` (every kind) and ``relations``."""
        out: dict[str, Any] = dict(self.kinds.get(self.kind, {}))
        if self.kinds:
            out["kinds"] = self.kinds
        if self.relations:
            out["relations"] = self.relations
        if self.entities:
            out["entities"] = self.entities
        return out

    def note(self, reason: str) -> None:
        """Record a piece of evidence once."""
        if all(r != reason for r, _ in self.evidence):
            self.evidence.append((reason, EVIDENCE[reason]))


def _offices(sentence: str, a: Analysis) -> None:
    found = offices(sentence)
    if found:
        a.kinds["office"] = dict(found[0], holders=found) if len(found) > 1 else found[0]
        a.relations.extend(dict(f, relation="office") for f in found)
        a.note("office or title")


def _capital(sentence: str, a: Analysis) -> None:
    rel = capital(sentence)
    if rel is not None:
        a.relations.append(rel)
        a.kinds.setdefault("office", rel)
        a.note("capital city")


def _member_name(item: str) -> str:
    """A listed name, "the" dropped, and a sentence's full stop ("the African Union.") too,
    not an abbreviation's ("the U.S.")."""
    name = _THE.sub("", item)
    return name[:-1] if name.endswith(".") and name.count(".") == 1 else name


def _members(sentence: str, pos: int) -> list[str]:
    """The listed names from ``pos`` on ("Canada, France and the United States"), "the" dropped."""
    members: list[str] = []
    while True:
        m = _MEMBER_ITEM.match(sentence, pos)
        if m is None:
            break
        members.append(_member_name(m.group(0)))
        sep = _MEMBER_SEP.match(sentence, m.end())
        if sep is None:
            break
        last = " and" in sep.group(0) or sep.group(0).strip() == "and"
        pos = sep.end()
        if last:
            m = _MEMBER_ITEM.match(sentence, pos)
            if m:
                members.append(_member_name(m.group(0)))
            break
    return members


def _membership(sentence: str, a: Analysis) -> None:
    if not contains_any(sentence, _MEMBERSHIP_HINTS):
        return
    m = _MEMBERSHIP.search(sentence)
    if m:
        group: str | None = _THE.sub("", m.group("group"))
        if group in NOT_ENTITY:
            group = None  # "The group, a bloc of five countries …": unnamed
        count = parse_number(m.group("count"))
        members = _members(sentence, m.end())
        value = {
            "group": group,
            "count": int(count) if count is not None else None,
            "members": members,
            "partial": m.group("verb") in _PARTIAL_VERBS,
        }
        a.kinds["membership"] = value
        a.relations.append(dict(value, relation="membership"))
        a.note("membership list")
        return
    if _possessive_members(sentence, a):
        return
    m = _HAS_MEMBERS.search(sentence)
    if m is None:
        _one_member(sentence, a)
        return
    if m:
        count = parse_number(m.group("count"))
        if count is not None:
            value = {
                "group": _THE.sub("", m.group("group")),
                "count": int(count),
                "members": [],
                "partial": True,
            }
            a.kinds["membership"] = value
            a.relations.append(dict(value, relation="membership"))
            a.note("membership list")


def _possessive_members(sentence: str, a: Analysis) -> bool:
    """ "The Group of Twenty's members are 19 countries plus the EU and the AU": a count of
    19 + 2 with the two listed; "NATO's members include …": a partial list."""
    m = _POSSESSIVE_MEMBERS.search(sentence)
    if m is None:
        return False
    group = _THE.sub("", m.group("group"))
    count = parse_number(m.group("count")) if m.group("count") else None
    partial = m.group("verb").startswith("include")
    plus = _COUNT_PLUS.match(sentence, m.end())
    if plus is not None and (base := parse_number(plus.group("count"))) is not None:
        members = _members(sentence, plus.end())
        count, partial = base + len(members), True
    else:
        members = _members(sentence, m.end())
    if group in NOT_ENTITY or (count is None and not members):
        return False
    value = {
        "group": group,
        "count": int(count) if count is not None else None,
        "members": members,
        "partial": partial,
    }
    a.kinds["membership"] = value
    a.relations.append(dict(value, relation="membership"))
    a.note("membership list")
    return True


def subject(clause: str) -> str | None:
    """The name a clause is about: "In general, the G20" → "G20", "The Group of Twenty's members"
    → "Group of Twenty".

    Leading adverbials, articles and possessives are never part of it. With an introductory
    phrase ("According to the IMF, the G7"), the name after the last comma wins; when nothing
    named follows that comma (an apposition or a list), the first name of the clause.
    """
    tail = entities(clause.rsplit(",", 1)[1]) if "," in clause else []
    if tail:
        return tail[0]
    found = entities(clause)
    return found[0] if found else None


def _one_member(sentence: str, a: Analysis) -> None:
    for rx, hint in zip(_ONE_MEMBER, _ONE_MEMBER_HINTS, strict=True):
        if not contains_any(sentence, hint):
            continue
        m = rx.search(sentence)
        if m is None:
            continue
        member = _THE.sub("", m.group("member"))
        group = _THE.sub("", m.group("group"))
        if member in NOT_ENTITY or group in NOT_ENTITY:
            continue
        value = {
            "group": group,
            "count": None,
            "members": [member],
            "partial": True,
            "negated": bool(m.group("neg")),
        }
        a.kinds["membership"] = value
        a.relations.append(dict(value, relation="membership"))
        a.note("membership list")
        return


_UNIT_RANK = {"percent": 0, "USD": 0, "EUR": 0, "GBP": 0, "JPY": 0, "CNY": 0, "fraction": 1}


def _statistics(sentence: str, a: Analysis, year: int | None, skip: list[tuple[int, int]]) -> None:
    quantities = find_quantities(sentence, skip)
    if not quantities:
        return
    main = min(quantities, key=lambda q: _UNIT_RANK.get(q.unit or "", 2 if q.unit else 3))
    value = main.as_values()
    value["year"] = year
    value["quantities"] = [q.as_values() for q in quantities]
    a.kinds["statistic"] = value
    a.note("contains a statistic" if any(q.unit for q in quantities) else "contains a number")
    pop = population(sentence)
    if pop is not None:
        a.relations.append(pop)
    for q in quantities:
        share = q.value
        if q.unit == "percent" and q.value is not None and not q.scope:
            scope = _WORLD_SCOPE.match(sentence, q.end)
            if scope is None:
                continue
            share = q.value / 100
            measure = scope.group("measure")
        elif q.unit == "fraction" and q.scope and q.scope.split()[0] in ("world", "global"):
            measure = q.scope.split(" ", 1)[1] if " " in q.scope else "population"
        else:
            continue
        head = sentence[: q.start]
        verb = _SHARE_VERB.search(head)
        group = subject(head[: verb.start()]) if verb else None
        if "membership" in a.kinds:
            group = a.kinds["membership"]["group"]
        a.relations.append(
            {
                "relation": "share_of_world",
                "group": group,
                "share": share,
                "measure": measure,
                "text": q.text,
            }
        )
        a.note("share of world")


def _founded_subject(before: str) -> str | None:
    """Who "was founded" in ``before`` (the text up to the founding phrase), or None.

    The subject that opens the sentence ("The United Nations was established …"); a name the
    phrase follows directly or through "which"/"that" ("NATO, which was founded …"); for a
    description ("since the organisation was founded …"), the nearest earlier name of an
    organisation. Never just the last name before the phrase: in "… in Latin America since
    the organisation was founded in 1965" that is a place.
    """
    subject = _FOUNDED_SUBJECT.match(before)
    if subject:
        name = _THE.sub("", subject.group("name"))
        return None if name in _PRONOUNS else name
    found = entities(before)
    described = _DESCRIBED_SUBJECT.search(before)
    if described:
        earlier = before[: described.start()]
        for name in reversed([name for name in found if name in earlier]):
            if _ORGANISATION_WORD.search(name):
                return name
            acronym = _ACRONYM.search(name)
            if acronym:
                return acronym.group(0)
        return None
    if found:
        last = found[-1]
        if _NAME_TO_PHRASE.match(before[before.rfind(last) + len(last) :]):
            return last
    return None


def _temporal(
    sentence: str,
    a: Analysis,
    published: datetime | None,
    dates: list[DateMention],
    inc: tuple[int, int, int] | None,
) -> int | None:
    fs = first_since(sentence)
    li = last_in(sentence)
    if not (dates or fs or li or inc):
        return None
    main = next((d for d in dates if not d.relative), dates[0]) if dates else None
    value: dict[str, Any] = (
        main.as_values() if main else {"text": None, "year": None, "date": None, "relative": False}
    )
    value["dates"] = [d.as_values() for d in dates]
    if fs:
        value.update(fs)
        a.note("superlative 'first … since'")
    if li:
        value.update(li)
        a.note("'last … in' pattern")
    if inc:
        year, start, end = inc
        if start < 3:  # "Founded in 1949, NATO …": the entity follows
            found = entities(sentence[end:])
            entity = found[0] if found else None
        else:  # "NATO, set up in 1955, …": the entity precedes
            entity = _founded_subject(sentence[:start])
        rel = {"relation": "inception", "entity": entity, "year": year}
        a.relations.append(rel)
        value.update(rel)
        a.note("founding date")
    if dates:
        a.note("mentions a date" if any(not d.relative for d in dates) else "relative date")
    a.kinds["temporal"] = value
    # the year a statistic is about: not the reference year of "highest since 2008"
    current = [d for d in dates if not (fs and d.year == fs["since"])]
    return current[0].year if current else None


def _comparisons(sentence: str, a: Analysis) -> None:
    low = sentence.lower()
    found = words(low)
    sup = None if SUPERLATIVE_WORDS.isdisjoint(found) else _SUPERLATIVE.search(low)
    cmp_ = None if COMPARISON_WORDS.isdisjoint(found) else _COMPARISON.search(low)
    if (
        sup
        and sup.group(0).lower() in ("first", "only")
        and "superlative 'first … since'" not in dict(a.evidence)
    ):
        nearby = low[sup.end() : sup.end() + 60]
        if not _FIRST_CONTEXT.search(nearby):
            sup = None
    # "higher than … for the first time": the comparison is the claim, "first" only dates it.
    if sup and not (cmp_ and sup.group(0).lower() in ("first", "only")):
        a.kinds["comparison"] = {
            "type": "superlative",
            "word": sup.group(0).lower(),
            "text": sup.group(0),
        }
        a.note("superlative")
    elif cmp_:
        a.kinds["comparison"] = {
            "type": "comparison",
            "word": cmp_.group(0).lower(),
            "text": cmp_.group(0),
        }
        a.note("comparison")


def _event(
    sentence: str, a: Analysis, dates: list[DateMention], founding: tuple[int, int, int] | None
) -> None:
    if not a.entities or EVENT_WORDS.isdisjoint(words(sentence.lower())):
        return
    m = _EVENT.search(sentence)
    if m:
        when = _event_date(sentence, m, dates, founding)
        a.kinds["event"] = {
            "action": m.group(0),
            "participants": a.entities[:6],
            "date": when.as_values()["date"] if when else None,
            "year": when.year if when else None,
        }
        a.note("event")


def _event_date(
    sentence: str,
    verb: re.Match[str],
    dates: list[DateMention],
    founding: tuple[int, int, int] | None,
) -> DateMention | None:
    """The date nearest the event's verb that can be its date.

    Not a founding year ("Founded in 1949, NATO … after Finland joined last month" is about
    last month) and not the reference year of "the first … since 2019".
    """
    candidates = [
        d
        for d in dates
        if not (founding and founding[1] <= d.start < founding[2])
        and not sentence[: d.start].rstrip().lower().endswith("since")
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: max(d.start - verb.end(), verb.start() - d.end))


def _quote(sentence: str, a: Analysis, previous_speaker: str | None) -> None:
    q = find_quote(sentence, previous_speaker)
    if q is None:
        return
    a.speaker = q.speaker
    if q.direct:
        a.kinds["quote"] = {
            "quote": q.quote,
            "speaker": q.speaker,
            "addressee": q.addressee,
            "direct": True,
            "via": q.via,
        }
        if q.speaker:
            a.note("attributed quote")
    elif q.speaker:
        a.kinds["quote"] = {
            "quote": None,
            "speaker": q.speaker,
            "addressee": q.addressee,
            "direct": False,
            "via": q.via,
        }
        a.note("attributed statement")


def analyse(
    sentence: str, published: datetime | None = None, previous_speaker: str | None = None
) -> Analysis:
    """Run every kind rule on ``sentence``.

    ``published`` resolves relative dates; ``previous_speaker`` resolves "he said" and
    unattributed quote continuations.
    """
    a = Analysis(entities=entities(sentence))
    _quote(sentence, a, previous_speaker)
    _membership(sentence, a)
    dates = find_dates(sentence, published)
    founding = inception_year(sentence)
    year = _temporal(sentence, a, published, dates, founding)
    _statistics(sentence, a, year, [(d.start, d.end) for d in dates if not d.text.isdigit()])
    _offices(sentence, a)
    office = a.kinds.get("office", {})
    if a.speaker and office.get("person") and office["person"] in a.speaker:
        a.speaker = office["person"]
        if "quote" in a.kinds:
            a.kinds["quote"]["speaker"] = a.speaker
    _capital(sentence, a)
    _comparisons(sentence, a)
    _event(sentence, a, dates, founding)
    if any(r.get("relation") in _STATED_RELATIONS or r.get("stated") for r in a.relations):
        a.note("states a checkable relation")
    return a
