"""A claim's checkable parts: one assertion each, with its own kind and values.

A sentence often asserts several things at once. "President X said support for Y 'knows
no limits'" asserts that X holds that office *and* that X said those words; "X and Y held
talks on Thursday" asserts two offices and an event. A verdict on one of them says
nothing about the others, so verifiers give their verdicts on parts
(:attr:`claimtrack.Verdict.part`) and the claim's verdict is rolled up from its parts'
(see ``docs/verdicts.md``).

:func:`derive_parts` splits a claim's :class:`~claimtrack.extraction.values.ClaimValues`
into parts; claimtrack's extraction stores the result as ``values["parts"]``, and
:func:`claim_parts` reads it back (deriving it for claims stored before parts existed).
An extractor plugin may store its own ``values["parts"]`` (a list of
:meth:`Part.to_dict` dicts): they are kept as given.

Part kinds and the values they carry:

============== ===========================================================================
kind           values
============== ===========================================================================
office         ``person``, ``office``, ``country`` (an office held at the article's date)
capital        ``country``, ``city``
inception      ``entity``, ``year`` (founded in YEAR)
membership     ``group``, ``count``, ``members``, ``partial``, ``negated``
share_of_world ``group``, ``share``, ``measure``
population     ``country``, ``value``, ``hedge``
statistic      ``value``, ``unit``, ``year``, ``text`` (a number not covered by a relation)
quote          ``speaker``, ``quote`` (a direct quote: the speaker said these words)
first_since    ``word``, ``since``, ``since_event`` ("the first talks since the invasion")
last_in        ``year`` ("last held in 2019")
event          ``action``, ``participants``, ``date``, ``year``
comparison     ``type``, ``word``, ``text`` (a superlative or comparison no number covers)
============== ===========================================================================

A claim with no part (no structure was recognised) is checked as a whole, as one
assertion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

__all__ = ["PART_KINDS", "Part", "claim_parts", "derive_parts"]

#: The part kinds claimtrack's extraction makes (extractor plugins may add others).
PART_KINDS: tuple[str, ...] = (
    "office",
    "capital",
    "inception",
    "membership",
    "share_of_world",
    "population",
    "statistic",
    "quote",
    "first_since",
    "last_in",
    "event",
    "comparison",
)

#: Units of a number that counts a group's members ("19 countries plus the EU"): with a
#: membership relation in the sentence, the membership part asserts it.
_MEMBER_UNITS = frozenset(
    {"countries", "nations", "states", "members", "member states", "economies"}
)
#: Event verbs that, next to a number, are the number's verb ("inflation hit 10 percent").
_STATISTIC_VERBS = frozenset({"reached", "hit", "passed", "closed", "struck"})


@dataclass(frozen=True)
class Part:
    """One checkable assertion of a claim.

    :param id: stable within its claim: the kind and a counter (``office-1``, ``office-2``,
        ``quote-1``). A verdict names the part it is on by this id.
    :param kind: what is asserted (see the module's table).
    :param text: the assertion in words, for people: "Olaf Scholz is Chancellor of Germany".
    :param values: the structured values a verifier checks.
    """

    id: str
    kind: str
    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in ``claim.values["parts"]``."""
        return {"id": self.id, "kind": self.kind, "text": self.text, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Part:
        """The inverse of :meth:`to_dict`."""
        values = data.get("values")
        return cls(
            id=str(data.get("id") or ""),
            kind=str(data.get("kind") or "other"),
            text=str(data.get("text") or ""),
            values=dict(values) if isinstance(values, Mapping) else {},
        )


def claim_parts(values: Mapping[str, Any]) -> list[Part]:
    """The parts of a claim with these ``values``: ``values["parts"]`` when stored, else
    :func:`derive_parts`. Entries that are not parts (no id) are skipped."""
    stored = values.get("parts")
    if isinstance(stored, list):
        parts = [Part.from_dict(p) for p in stored if isinstance(p, Mapping)]
        return [p for p in parts if p.id]
    return derive_parts(values)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _office_text(rel: Mapping[str, Any]) -> str:
    office = str(rel.get("office") or "office holder")
    country = rel.get("country")
    where = f" of {country}" if country and str(country) not in office else ""
    verb = "was" if rel.get("tense") == "past" else "is"
    return f"{rel.get('person')} {verb} {office}{where}"


def _membership_text(rel: Mapping[str, Any]) -> str:
    group = rel.get("group") or "the group"
    members = [str(m) for m in rel.get("members") or []]
    if rel.get("count") is None and len(members) == 1:
        neg = " not" if rel.get("negated") else ""
        return f"{members[0]} is{neg} a member of {group}"
    text = f"{group} has {rel['count']} members" if rel.get("count") is not None else str(group)
    if members:
        text += (" including " if rel.get("partial") else ": ") + ", ".join(members)
    return text


def _relation_part(rel: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    kind = rel.get("relation")
    values = {k: v for k, v in rel.items() if k != "relation"}
    if kind == "office" and rel.get("person"):
        return "office", _office_text(rel), values
    if kind == "capital" and rel.get("city"):
        return "capital", f"{rel['city']} is the capital of {rel.get('country') or '?'}", values
    if kind == "inception" and rel.get("year"):
        return "inception", f"{rel.get('entity') or '?'} was founded in {rel['year']}", values
    if kind == "membership":
        return "membership", _membership_text(rel), values
    if kind == "share_of_world":
        share = rel.get("share")
        amount = f"{share:.0%}" if isinstance(share, int | float) else str(rel.get("text"))
        measure = rel.get("measure") or "population"
        return (
            "share_of_world",
            f"{rel.get('group') or '?'} has {amount} of world {measure}",
            values,
        )
    if kind == "population" and rel.get("value") is not None:
        hedge = f"{rel['hedge']} " if rel.get("hedge") else ""
        return (
            "population",
            f"{rel.get('country') or '?'} has a population of {hedge}{_num(rel['value'])}",
            values,
        )
    return None


def _is_mapping(value: object) -> TypeGuard[Mapping[str, Any]]:
    """``isinstance(value, Mapping)``, answered without the ABC machinery for dicts and None."""
    if type(value) is dict:
        return True
    return value is not None and isinstance(value, Mapping)


def _covered_numbers(relations: Iterable[Mapping[str, Any]]) -> set[float]:
    """Numbers a relation part already asserts (a count, a share, a population, a year)."""
    found: set[float] = set()
    for rel in relations:
        for key in ("count", "value", "year"):
            if isinstance(rel.get(key), int | float):
                found.add(float(rel[key]))
        share = rel.get("share")
        if isinstance(share, int | float):
            found.update({float(share), round(float(share) * 100, 6)})
    return found


def derive_parts(values: Mapping[str, Any]) -> list[Part]:
    """Split a claim's values into its parts, in a stable order (relations first).

    Each relation is a part; a direct quote is a part (the speaker said these words); a
    "first … since" or "last … in" pattern is a part; the main number is a ``statistic``
    part unless a relation already asserts it (or it counts the members of a membership
    relation's group); an event is a part unless its verb is the
    number's own ("inflation hit 10 percent"); a superlative or comparison is a part only
    when no number or "first … since" already carries it.
    """
    kinds = values.get("kinds")
    kinds = kinds if _is_mapping(kinds) else {}
    relations = [r for r in values.get("relations") or [] if _is_mapping(r)]
    found: list[tuple[str, str, dict[str, Any]]] = []
    for rel in relations:
        part = _relation_part(rel)
        if part is not None and part not in found:
            found.append(part)

    quote = kinds.get("quote")
    if _is_mapping(quote) and quote.get("direct") and quote.get("quote"):
        speaker = quote.get("speaker") or "someone (unattributed)"
        found.append(
            (
                "quote",
                f"{speaker} said “{quote['quote']}”",
                {"speaker": quote.get("speaker"), "quote": quote["quote"]},
            )
        )

    temporal = kinds.get("temporal")
    pattern = temporal.get("pattern") if _is_mapping(temporal) else None
    if _is_mapping(temporal) and pattern == "first_since":
        keys = ("word", "since", "since_event", "text")
        found.append(
            (
                "first_since",
                str(temporal.get("text") or f"first since {temporal.get('since')}"),
                {k: temporal[k] for k in keys if k in temporal},
            )
        )
    elif _is_mapping(temporal) and pattern == "last_in":
        found.append(
            (
                "last_in",
                str(temporal.get("text") or f"last in {temporal.get('year')}"),
                {"year": temporal.get("year"), "text": temporal.get("text")},
            )
        )

    statistic = kinds.get("statistic")
    has_number = False
    if _is_mapping(statistic) and isinstance(statistic.get("value"), int | float):
        has_number = True
        counts_members = statistic.get("unit") in _MEMBER_UNITS and any(
            r.get("relation") == "membership" for r in relations
        )
        if float(statistic["value"]) not in _covered_numbers(relations) and not counts_members:
            year = statistic.get("year")
            text = str(statistic.get("text") or _num(statistic["value"]))
            found.append(
                (
                    "statistic",
                    text + (f" in {year}" if year else ""),
                    {k: statistic.get(k) for k in ("value", "unit", "year", "text", "scope")},
                )
            )
    has_number = has_number or any(k in ("population", "share_of_world") for k, _, _ in found)

    event = kinds.get("event")
    if _is_mapping(event) and event.get("action"):
        action = str(event["action"])
        if not (has_number and action.lower() in _STATISTIC_VERBS):
            who = ", ".join(str(p) for p in event.get("participants") or [])
            when = event.get("date") or event.get("year")
            text = f"{action}: {who}" if who else action
            found.append(("event", text + (f" ({when})" if when else ""), dict(event)))

    comparison = kinds.get("comparison")
    if (
        _is_mapping(comparison)
        and comparison.get("word")
        and not has_number
        and pattern != "first_since"
    ):
        label = "superlative" if comparison.get("type") == "superlative" else "comparison"
        found.append(("comparison", f"{label}: {comparison['word']}", dict(comparison)))

    counters: dict[str, int] = {}
    parts: list[Part] = []
    for kind, text, part_values in found:
        counters[kind] = counters.get(kind, 0) + 1
        parts.append(Part(f"{kind}-{counters[kind]}", kind, text, part_values))
    return parts
