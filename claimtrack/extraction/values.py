"""The typed schema of ``claim.values``: what claimtrack's extractor stores for a claim.

``claim.values`` stays a plain JSON dict (nothing stored changes); these ``TypedDict``
classes describe it, so a plugin can read it with types instead of re-parsing the
sentence::

    from claimtrack import ClaimValues, claim_relations, kind_values

    values: ClaimValues = claim.values
    membership = kind_values(values, "membership")   # MembershipValues | None
    for rel in claim_relations(values):                     # CapitalRelation | … | PopulationRelation
        if rel["relation"] == "capital":
            check(rel["country"], rel["city"])

Every key is described in ``docs/extraction.md`` (and summed up in ``docs/plugins.md``).
:func:`validate_values` checks a dict against the schema (extractor plugins may add keys
of their own at the top level, e.g. ``claimbuster_score``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired, cast, overload

from pydantic import ConfigDict, Field, TypeAdapter

# pydantic reads TypedDicts from typing_extensions on Python < 3.12 (validate_values)
from typing_extensions import TypedDict

__all__ = [
    "CapitalRelation",
    "ClaimValues",
    "ComparisonValues",
    "DateValues",
    "EventValues",
    "InceptionRelation",
    "KindValues",
    "MembershipRelation",
    "MembershipValues",
    "OfficeHolder",
    "OfficeRelation",
    "OfficeValues",
    "PartValues",
    "PopulationRelation",
    "QuantityValues",
    "QuoteValues",
    "Relation",
    "ShareOfWorldRelation",
    "StatisticValues",
    "TemporalValues",
    "claim_relations",
    "kind_values",
    "validate_values",
]

_FORBID = ConfigDict(extra="forbid")


class QuantityValues(TypedDict):
    """One quantity of a sentence ("4.2 percent", "a tenth of the world's population")."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    text: str
    #: ``4.2``; ``0.1`` for "a tenth"; None for "multi-million".
    value: float | None
    #: "percent", "fraction", a currency code ("USD") or the counted noun ("people").
    unit: str | None
    #: Fractions only: what it is a fraction of ("world population").
    scope: NotRequired[str]
    #: "multi-million/billion dollar": 2 × the scale.
    min: NotRequired[float]
    approximate: NotRequired[bool]


class StatisticValues(QuantityValues):
    """Kind ``statistic``: the main quantity, the year it is about and every quantity."""

    year: int | None
    quantities: list[QuantityValues]


class DateValues(TypedDict):
    """One date of a sentence."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    text: str | None
    year: int | None
    #: ISO date ("2024-03-12") when a day is known.
    date: str | None
    #: Whether it was resolved against the publication date ("on Tuesday").
    relative: bool


class TemporalValues(DateValues):
    """Kind ``temporal``: the main date, every date and the time patterns found."""

    dates: list[DateValues]
    pattern: NotRequired[Literal["first_since", "last_in"]]
    #: first_since: the superlative ("first", "largest") and the year (None for an event).
    word: NotRequired[str]
    since: NotRequired[int | None]
    #: first_since with an event: "the first talks since the invasion" → "the invasion".
    since_event: NotRequired[str]
    #: "Founded in 1949, NATO …": as in the inception relation.
    relation: NotRequired[Literal["inception"]]
    entity: NotRequired[str | None]


class QuoteValues(TypedDict):
    """Kind ``quote``: a direct quote or reported speech and who said it."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    #: The quoted words; None for reported speech.
    quote: str | None
    speaker: str | None
    #: Y in "X told Y".
    addressee: str | None
    direct: bool
    #: "said", "according to" or "previous sentence".
    via: str


class MembershipValues(TypedDict):
    """Kind ``membership``: a group, its stated member count and the members listed."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    #: "G7", "NATO"; None when unnamed ("The group, a bloc of …").
    group: str | None
    count: int | None
    #: In order, a leading "the" dropped; [] when none are listed.
    members: list[str]
    #: True when the list does not claim to be complete ("including …").
    partial: bool
    #: Only for one member stated alone ("France is a member of the G7"): true for "Norway
    #: is not a member of the EU", "The United Kingdom left the European Union".
    negated: NotRequired[bool]


class ComparisonValues(TypedDict):
    """Kind ``comparison``: a superlative or a comparison."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    type: Literal["superlative", "comparison"]
    #: The trigger, lowercased ("largest", "more than", "doubled").
    word: str
    text: str


class OfficeHolder(TypedDict):
    """A person holding an office: "German Chancellor Olaf Scholz"."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    person: str
    office: str
    #: From a demonym or a possessive ("German" → "Germany"); None when not said.
    country: str | None
    text: str
    #: Only for an office stated as a fact ("Olaf Scholz is the chancellor of Germany"):
    #: ``stated`` is true and ``tense`` says "is" from "was".
    stated: NotRequired[bool]
    tense: NotRequired[Literal["present", "past"]]


class OfficeValues(OfficeHolder):
    """Kind ``office``: the first office holder, and all of them when there are several."""

    holders: NotRequired[list[OfficeHolder]]


class EventValues(TypedDict):
    """Kind ``event``: an event verb, the entities taking part and its date, if any."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    action: str
    participants: list[str]
    date: str | None
    year: int | None


class CapitalRelation(TypedDict):
    """ "Australia's capital, Sydney" → Australia, Sydney."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    relation: Literal["capital"]
    country: str | None
    city: str
    text: str


class InceptionRelation(TypedDict):
    """ "Founded in 1949, NATO …" → NATO, 1949."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    relation: Literal["inception"]
    entity: str | None
    year: int


class ShareOfWorldRelation(TypedDict):
    """ "The G7 is home to a tenth of the world's population" → G7, 0.1, "population"."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    relation: Literal["share_of_world"]
    group: str | None
    share: float | None
    #: "population", "economic output", "gdp" …
    measure: str
    #: The fraction as written ("a tenth of the world's population").
    text: str


class MembershipRelation(MembershipValues):
    """The membership kind as a relation."""

    relation: Literal["membership"]


class OfficeRelation(OfficeHolder):
    """An office holder as a relation."""

    relation: Literal["office"]


class PopulationRelation(TypedDict):
    """ "Japan's population fell to 124.5 million" → Japan, 1.245e8."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    relation: Literal["population"]
    country: str | None
    value: float
    #: The qualifier as written ("about", "nearly", "more than"), or None.
    hedge: str | None


#: One entry of ``values["relations"]``; ``relation`` tells them apart.
Relation = Annotated[
    CapitalRelation
    | InceptionRelation
    | ShareOfWorldRelation
    | MembershipRelation
    | OfficeRelation
    | PopulationRelation,
    Field(discriminator="relation"),
]


class KindValues(TypedDict, total=False):
    """``values["kinds"]``: the values of every kind the sentence shows.

    ``office`` holds a :class:`CapitalRelation` for a capital claim with no office holder.
    """

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    statistic: StatisticValues
    temporal: TemporalValues
    quote: QuoteValues
    membership: MembershipValues
    comparison: ComparisonValues
    office: OfficeValues | CapitalRelation
    event: EventValues


class PartValues(TypedDict):
    """One entry of ``values["parts"]``: a checkable part of the claim
    (:class:`claimtrack.extraction.parts.Part`)."""

    __pydantic_config__ = _FORBID  # type: ignore[misc]

    #: ``office-1``, ``quote-1`` …: a verdict names its part by this id.
    id: str
    kind: str
    #: The assertion in words: "Olaf Scholz is Chancellor of Germany".
    text: str
    values: dict[str, Any]


class ClaimValues(TypedDict, total=False):
    """``claim.values``: the main kind's values at the top level, plus ``kinds``,
    ``relations`` and ``entities``.

    The top-level keys are those of the claim's kind (``claim.kind``): e.g. ``value``,
    ``unit`` and ``year`` for a statistic, ``group`` and ``members`` for a membership.
    Read them with :func:`kind_values` to get them typed. Other extractors may add keys
    of their own.
    """

    __pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[misc]

    kinds: KindValues
    relations: list[Relation]
    #: The claim's checkable parts (see :mod:`claimtrack.extraction.parts`).
    parts: list[PartValues]
    #: Capitalised names of the sentence: ["Olaf Scholz", "Group of Seven", "G7"].
    entities: list[str]
    # the main kind's keys (see the kinds above for their meaning)
    text: str | None
    value: float | None
    unit: str | None
    scope: str
    min: float
    approximate: bool
    year: int | None
    quantities: list[QuantityValues]
    date: str | None
    relative: bool
    dates: list[DateValues]
    pattern: Literal["first_since", "last_in"]
    word: str
    since: int | None
    since_event: str
    relation: Literal["inception", "capital"]
    entity: str | None
    quote: str | None
    speaker: str | None
    addressee: str | None
    direct: bool
    via: str
    group: str | None
    count: int | None
    members: list[str]
    partial: bool
    negated: bool
    type: Literal["superlative", "comparison"]
    person: str
    office: str
    country: str | None
    city: str
    holders: list[OfficeHolder]
    stated: bool
    tense: Literal["present", "past"]
    action: str
    participants: list[str]


_KINDS = KindValues.__annotations__
_ADAPTER: TypeAdapter[ClaimValues] = TypeAdapter(ClaimValues)


def validate_values(values: Mapping[str, Any]) -> ClaimValues:
    """``values`` checked against the schema (a copy; numbers may be coerced, e.g. 3 → 3.0).

    :raises ValueError: (a ``pydantic.ValidationError``) naming each key that does not fit.
    """
    return _ADAPTER.validate_python(dict(values))


@overload
def kind_values(
    values: Mapping[str, Any], kind: Literal["statistic"]
) -> StatisticValues | None: ...
@overload
def kind_values(values: Mapping[str, Any], kind: Literal["temporal"]) -> TemporalValues | None: ...
@overload
def kind_values(values: Mapping[str, Any], kind: Literal["quote"]) -> QuoteValues | None: ...
@overload
def kind_values(
    values: Mapping[str, Any], kind: Literal["membership"]
) -> MembershipValues | None: ...
@overload
def kind_values(
    values: Mapping[str, Any], kind: Literal["comparison"]
) -> ComparisonValues | None: ...
@overload
def kind_values(
    values: Mapping[str, Any], kind: Literal["office"]
) -> OfficeValues | CapitalRelation | None: ...
@overload
def kind_values(values: Mapping[str, Any], kind: Literal["event"]) -> EventValues | None: ...
@overload
def kind_values(values: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None: ...
def kind_values(values: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    """The values of ``kind`` ("statistic", "membership" …) when the sentence shows it, else None.

    Read from ``values["kinds"]``, so a secondary kind is found too (a quote with a
    number has both ``"quote"`` and ``"statistic"``).
    """
    kinds = values.get("kinds")
    found = kinds.get(kind) if isinstance(kinds, Mapping) else None
    return found if isinstance(found, dict) else None


def claim_relations(values: Mapping[str, Any]) -> list[Relation]:
    """``values["relations"]`` (the facts easiest to check), or [] when there are none."""
    found = values.get("relations")
    if not isinstance(found, list):
        return []
    return [cast("Relation", r) for r in found if isinstance(r, dict) and "relation" in r]
