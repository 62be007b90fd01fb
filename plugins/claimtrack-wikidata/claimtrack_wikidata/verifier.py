"""The ``wikidata`` verifier: capital, inception, membership, office holder, population."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz

from claimtrack.extraction.parts import Part
from claimtrack.text import Fact, hedged_tolerance, name_variants
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Verdict,
    Verifier,
    VerifyContext,
)
from claimtrack.verification.sources import (
    SourceError,
    check_parts,
)
from claimtrack_wikidata import __version__, groups, patterns
from claimtrack_wikidata.client import (
    ITEM_PAGE,
    Config,
    Statement,
    Time,
    WikidataClient,
    best,
    label,
    names,
    parse_time,
    qid_from_uri,
    statements,
)

SOURCE = "wikidata"
#: P31 classes that make an item a country for resolution purposes.
COUNTRY_CLASSES = {"Q6256", "Q3624078", "Q7275", "Q112099", "Q1763527", "Q3024240"}
#: P31 classes of the items a group's name refers to (intergovernmental organisation,
#: forum, alliance, union …): preferred when resolving a group.
GROUP_CLASSES = frozenset(
    {
        "Q1335818",  # supranational organisation
        "Q245065",  # intergovernmental organisation
        "Q484652",  # international organisation
        "Q1127126",  # military alliance
        "Q1140229",  # political union
        "Q4120211",  # regional organisation
        "Q3623811",  # economic union
        "Q43229",  # organisation
        "Q7210356",  # political organisation
    }
)
#: P31 classes a group's name never refers to: a person, a number, a year, a place, a
#: disambiguation page.
NOT_GROUP_CLASSES = frozenset(
    {"Q5", "Q21199", "Q12503", "Q577", "Q3186692", "Q4167410", "Q515", "Q1549591", "Q5119"}
    | COUNTRY_CLASSES
)
PROPERTY_NAMES = {"P6": "head of government", "P35": "head of state"}
#: Relative tolerance for population figures: plain number, hedged ("about") number.
POPULATION_TOLERANCE = 0.05
POPULATION_TOLERANCE_HEDGED = 0.05
#: Said of every time-dependent check of an article without a date: it was checked "at
#: any time" (supported if it was ever true), never against today's state of the world.
NO_DATE = "the article has no date"
#: Confidence of a verdict checked at any time rather than at the article's date.
ANY_TIME_CONFIDENCE = 0.6

#: The countries of which a person is (or was) head of state or government.
HOLDER_QUERY = """SELECT DISTINCT ?country WHERE {{
  {{ ?country p:P35 ?st . ?st ps:P35 wd:{person} . }}
  UNION {{ ?country p:P6 ?st . ?st ps:P6 wd:{person} . }}
  FILTER NOT EXISTS {{ ?st wikibase:rank wikibase:DeprecatedRank }}
}} LIMIT 10"""
MEMBERS_QUERY = """SELECT ?member ?start ?end WHERE {{
  ?member p:P463 ?st . ?st ps:P463 wd:{group} .
  FILTER NOT EXISTS {{ ?st wikibase:rank wikibase:DeprecatedRank }}
  OPTIONAL {{ ?st pq:P580 ?start }} OPTIONAL {{ ?st pq:P582 ?end }}
}} LIMIT 500"""


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"[.'’]", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def same_name(a: str, candidates: list[str]) -> bool:
    """Whether name ``a`` matches one of ``candidates`` (normalised, fuzzy ≥ 92)."""
    na = norm(a)
    for c in candidates:
        nc = norm(c)
        if na == nc or (len(na) > 3 and fuzz.ratio(na, nc) >= 92):
            return True
    return False


def same_person(stated: str, candidates: list[str]) -> bool:
    """Full-name match, or a one-word name matching the surname."""
    if same_name(stated, candidates):
        return True
    words = norm(stated).split()
    for c in candidates:
        cw = norm(c).split()
        if not cw:
            continue
        if len(words) == 1 and words[0] == cw[-1]:
            return True
        if (
            len(words) >= 2
            and words[-1] == cw[-1]
            and fuzz.token_set_ratio(norm(stated), norm(c)) >= 90
        ):
            return True
    return False


def item_evidence(entity: dict[str, Any], snippet: str) -> Evidence:
    qid = entity.get("id", "")
    return Evidence(
        SOURCE,
        url=ITEM_PAGE.format(qid),
        title=f"{label(entity)} ({qid}) – Wikidata",
        snippet=snippet,
    )


def _classes(entity: dict[str, Any]) -> set[Any]:
    return {s.value for s in statements(entity, "P31")}


async def _candidates(client: WikidataClient, name: str) -> list[dict[str, Any]]:
    hits = await client.search(name)
    ids = [h["id"] for h in hits[:5] if str(h.get("id", "")).startswith("Q")]
    if not ids:
        return []
    entities = await client.get(ids)
    return [entities[i] for i in ids if i in entities]


def _pick_group(
    name: str, candidates: list[dict[str, Any]], language: str
) -> dict[str, Any] | None:
    """The organisation among ``candidates``: never an item of a :data:`NOT_GROUP_CLASSES`
    class; one of a :data:`GROUP_CLASSES` class first; otherwise only an exact name match."""
    allowed = [e for e in candidates if not _classes(e) & NOT_GROUP_CLASSES]
    typed = [e for e in allowed if _classes(e) & GROUP_CLASSES]
    for entity in typed:
        if same_name(name, names(entity, language)):
            return entity
    if typed:
        return typed[0]
    return next((e for e in allowed if same_name(name, names(e, language))), None)


async def resolve(
    client: WikidataClient, name: str, *, country: bool = False, group: bool = False
) -> dict[str, Any] | None:
    """The item ``name`` refers to: search, then prefer exact label/alias matches.

    ``country`` keeps countries only. ``group`` keeps organisations (a name like "Twenty"
    must not resolve to the number 20, see :func:`_pick_group`) and, when the name as
    written finds none, tries its acronym or full name ("Group of Twenty" ↔ "G20",
    :func:`claimtrack.text.name_variants`).
    """
    language = client.config.language
    if group:
        for variant in (name, *name_variants(name)):
            found = _pick_group(name, await _candidates(client, variant), language)
            if found is not None:
                return found
        return None
    candidates = await _candidates(client, name)
    if country:
        candidates = [e for e in candidates if _classes(e) & COUNTRY_CLASSES]
    for entity in candidates:
        if same_name(name, names(entity, language)):
            return entity
    return candidates[0] if candidates else None


class WikidataVerifier(Verifier):
    """Checks capitals (P36), inception (P571), membership (P463/P527), heads of state and
    government (P35/P6) and population (P1082) at the article's publication date.

    One verdict per part it checks (parts of kind ``capital``, ``inception``,
    ``membership``, ``office`` and ``population``; see :func:`patterns.plan`), each
    computed from that part's values alone: "X and Y held talks" gets a verdict on each
    office and none on the talks. A claim without parts is checked as a whole.

    An article without a date is never judged by today's state of the world: capitals and
    office holders are checked "at any time" (supported if ever true, with the period and
    "the article has no date"), membership lists and counts and population figures, which
    need a date, are unverifiable."""

    name = "wikidata"
    version = __version__
    kinds = ()
    config = Config

    def applies_to(self, claim: ClaimInfo) -> bool:
        return bool(checks_of(claim))

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        checks = checks_of(claim)
        groups.remember_settings(ctx)  # the resolve_group_members hook uses them too
        if not checks:
            return None
        client = WikidataClient(ctx.http, Config.load(ctx.settings), ctx.run_state, ctx.logger)
        published = ctx.published
        # No date: None, never today (a true statement about a former office holder
        # would be refuted by today's holder).
        on = published.date() if isinstance(published, datetime) else published
        return await check_parts(
            checks, lambda fact: CHECKS[fact.relation](client, fact, on), source="wikidata"
        )


def checks_of(claim: ClaimInfo) -> list[tuple[Part | None, Fact]]:
    """The ``(part, fact)`` pairs the wikidata verifier checks in ``claim`` (part None:
    the claim has no parts and is checked as a whole)."""
    return patterns.plan(claim.parts, claim.sentence or claim.text, claim.values)


# --- the checks ---------------------------------------------------------------------------


async def check_capital(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    country = await resolve(client, fact["country"], country=True)
    if country is None:
        return Verdict.unverifiable(f"no Wikidata country item for {fact['country']!r}")
    stmts = statements(country, "P36")
    if on is None:
        return await _capital_any_time(client, fact, country, stmts)
    chosen = best([s for s in stmts if s.active_on(on)]) or best(stmts)
    if not chosen:
        return Verdict.unverifiable(
            f"Wikidata has no capital (P36) for {label(country)}",
            [item_evidence(country, "no capital (P36)")],
        )
    capitals = await client.get([s.value for s in chosen])
    cap_labels = [label(capitals.get(s.value), client.config.language) for s in chosen]
    snippet = "capital (P36): " + ", ".join(
        f"{lab} ({s.value}){' ' + s.period() if s.period() else ''}"
        for lab, s in zip(cap_labels, chosen, strict=True)
    )
    evidence = [item_evidence(country, snippet)]
    evidence += [
        item_evidence(capitals[s.value], f"{label(capitals[s.value])}")
        for s in chosen
        if s.value in capitals
    ]
    shown = " and ".join(cap_labels)
    if any(
        same_name(fact["city"], names(capitals.get(s.value), client.config.language))
        for s in chosen
    ):
        return Verdict("supported", 0.95, f"the capital of {label(country)} is {shown}", evidence)
    return Verdict(
        "refuted", 0.95, f"the capital of {label(country)} is {shown}, not {fact['city']}", evidence
    )


async def _capital_any_time(
    client: WikidataClient, fact: Fact, country: dict[str, Any], stmts: list[Statement]
) -> Verdict:
    """The capital of a country in an article without a date: was the city ever its capital?"""
    if not stmts:
        return Verdict.unverifiable(
            f"Wikidata has no capital (P36) for {label(country)}",
            [item_evidence(country, "no capital (P36)")],
        )
    lang = client.config.language
    capitals = await client.get([s.value for s in stmts])
    snippet = "capital (P36): " + "; ".join(
        f"{label(capitals.get(s.value), lang)} ({s.value}) {s.period()}".strip() for s in stmts
    )
    evidence = [item_evidence(country, snippet)]
    where = label(country)
    hit = next(
        (s for s in stmts if same_name(fact["city"], names(capitals.get(s.value), lang))), None
    )
    if hit is None:
        return Verdict(
            "refuted",
            0.9,
            f"Wikidata lists no time when {fact['city']} was the capital of {where}",
            evidence,
        )
    city = label(capitals.get(hit.value), lang)
    period = f" {hit.period()}" if hit.period() else ""
    return Verdict(
        "supported",
        ANY_TIME_CONFIDENCE,
        f"{city} was the capital of {where}{period}; {NO_DATE}",
        evidence,
    )


async def check_inception(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    entity = await resolve(client, fact["entity"])
    if entity is None:
        return Verdict.unverifiable(f"no Wikidata item for {fact['entity']!r}")
    times = [s.value for s in best(statements(entity, "P571")) if isinstance(s.value, Time)]
    if not times:
        return Verdict.unverifiable(
            f"Wikidata has no inception (P571) for {label(entity)}",
            [item_evidence(entity, "no inception (P571)")],
        )
    evidence = [item_evidence(entity, "inception (P571): " + ", ".join(str(t) for t in times))]
    if fact["year"] in {t.year for t in times}:
        return Verdict(
            "supported",
            0.95,
            f"{label(entity)} was founded in {fact['year']} (inception {times[0]})",
            evidence,
        )
    return Verdict(
        "refuted",
        0.95,
        f"{label(entity)} was founded in {times[0].year} (inception {times[0]}), not {fact['year']}",
        evidence,
    )


async def group_members(
    client: WikidataClient, group: dict[str, Any]
) -> dict[str, list[Statement]]:
    """Every known member of ``group`` with its membership statements: the group's
    "has part" (P527) plus the items that are "member of" (P463) it, from the Query Service."""
    members: dict[str, list[Statement]] = {}
    for s in statements(group, "P527"):
        members.setdefault(s.value, []).append(s)
    try:
        rows = await client.sparql(MEMBERS_QUERY.format(group=group["id"]))
    except SourceError as exc:
        if not members:
            raise
        client.logger.info("wikidata: membership query failed, using P527 only: %s", exc)
        rows = []
    for row in rows:
        qid = qid_from_uri(row.get("member"))
        if not qid:
            continue
        start = parse_time(row["start"]) if row.get("start") else None
        end = parse_time(row["end"]) if row.get("end") else None
        members.setdefault(qid, []).append(Statement(qid, "normal", start, end))
    return members


async def check_membership(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    group = await resolve(client, fact["group"], group=True)
    if group is None:
        return Verdict.unverifiable(f"no Wikidata item for {fact['group']!r}")
    members = await group_members(client, group)
    if not members:
        return Verdict.unverifiable(
            f"Wikidata lists no members of {label(group)}",
            [item_evidence(group, "no members (P527/P463)")],
        )
    entities = await client.get(list(members))
    lang = client.config.language
    if on is None:
        return _membership_any_time(fact, group, members, entities, lang)
    active = [q for q, sts in members.items() if any(s.active_on(on) for s in sts)]
    active_names = [label(entities.get(q), lang) for q in active]
    snippet = f"members on {on.isoformat()} (P527/P463): {', '.join(active_names)} ({len(active)})"
    evidence = [item_evidence(group, snippet)]
    if fact["negated"]:
        return _not_members(fact, members, entities, active, on, label(group), evidence, lang)
    problems: list[str] = []
    wrong = False
    stated = fact["members"] or []
    matched: set[str] = set()
    for name in stated:
        hit = next((q for q in members if same_name(name, names(entities.get(q), lang))), None)
        if hit is None:
            problems.append(f"{name} is not a member")
            wrong = True
        elif hit not in active:
            periods = "; ".join(s.period() for s in members[hit] if s.period())
            problems.append(
                f"{name} was not a member on {on.isoformat()}"
                + (f" (member {periods})" if periods else "")
            )
            wrong = True
        else:
            matched.add(hit)
    missing = [label(entities.get(q), lang) for q in active if q not in matched] if stated else []
    count = fact["count"]
    count_wrong = count is not None and count != len(active)
    if count_wrong:
        problems.append(
            f"{label(group)} had {len(active)} members on {on.isoformat()}, not {count}"
        )
    if missing and not fact["partial"]:
        problems.append("the list omits " + ", ".join(missing))
    name = label(group)
    if wrong or count_wrong:
        return Verdict("refuted", 0.85, f"{name}: " + "; ".join(problems), evidence)
    if missing and not fact["partial"]:
        return Verdict("mixed", 0.7, f"{name}: " + "; ".join(problems), evidence)
    said = [f"{len(active)} members"] if count is not None or not stated else []
    what = ", ".join([*said, *(["the listed ones are members"] if stated else [])])
    return Verdict("supported", 0.9, f"{name} on {on.isoformat()}: {what}", evidence)


def _membership_any_time(
    fact: Fact,
    group: dict[str, Any],
    members: dict[str, list[Statement]],
    entities: dict[str, Any],
    lang: str,
) -> Verdict:
    """Membership in an article without a date: a country that was never a member is
    refuted; a count or a complete list depends on the date, so it is unverifiable."""
    name = label(group)
    periods = {
        q: "; ".join(s.period() for s in sts if s.period()) or "no dates"
        for q, sts in members.items()
    }
    evidence = [
        item_evidence(
            group,
            "members at any time (P527/P463): "
            + ", ".join(f"{label(entities.get(q), lang)} ({periods[q]})" for q in members),
        )
    ]
    stated = fact["members"] or []
    never = [
        n for n in stated if not any(same_name(n, names(entities.get(q), lang)) for q in members)
    ]
    if fact["negated"]:  # "X is not a member of G" / "X left G": true or not depends on the date
        if stated and len(never) == len(stated):
            return Verdict(
                "supported",
                ANY_TIME_CONFIDENCE,
                f"{name}: "
                + "; ".join(f"{n} has never been a member" for n in never)
                + f"; {NO_DATE}",
                evidence,
            )
        return Verdict.unverifiable(f"{name}: its members change over time and {NO_DATE}", evidence)
    if never:
        return Verdict(
            "refuted",
            0.85,
            f"{name}: " + "; ".join(f"{n} was never a member" for n in never),
            evidence,
        )
    if fact["count"] is not None or (stated and not fact["partial"]):
        return Verdict.unverifiable(f"{name}: its members change over time and {NO_DATE}", evidence)
    return Verdict(
        "supported",
        ANY_TIME_CONFIDENCE,
        f"{name}: the listed countries have been members; {NO_DATE}",
        evidence,
    )


def _not_members(
    fact: Fact,
    members: dict[str, list[Statement]],
    entities: dict[str, Any],
    active: list[str],
    on: date,
    name: str,
    evidence: list[Evidence],
    lang: str,
) -> Verdict:
    """ "X is not a member of G" / "X left G": supported when no stated member belongs to
    the group on ``on``."""
    still = []
    for stated in fact["members"] or []:
        hit = next((q for q in members if same_name(stated, names(entities.get(q), lang))), None)
        if hit is not None and hit in active:
            still.append(stated)
    listed = ", ".join(fact["members"] or [])
    if still:
        return Verdict(
            "refuted",
            0.85,
            f"{name}: {', '.join(still)} was a member on {on.isoformat()}",
            evidence,
        )
    return Verdict(
        "supported", 0.85, f"{name} on {on.isoformat()}: {listed} not a member", evidence
    )


def _office_properties(
    country: dict[str, Any], office: str, offices: dict[str, dict[str, Any]]
) -> tuple[str, ...]:
    """Which of P35/P6 the office word names: by the country's office items (P1906/P1313), else by word."""
    by_label = []
    for pid, office_pid in (("P35", "P1906"), ("P6", "P1313")):
        for s in statements(country, office_pid):
            if office in norm(label(offices.get(s.value))):
                by_label.append(pid)
    return tuple(dict.fromkeys(by_label)) or patterns.OFFICES.get(office, ())


async def holder_countries(client: WikidataClient, person: str) -> list[str]:
    """The countries (QIDs) of which Wikidata lists ``person`` as head of state (P35) or
    government (P6) at any time: [] when the name is not one person (a human, Q5)."""
    hits = await client.search(person)
    ids = [h["id"] for h in hits[:5] if str(h.get("id", "")).startswith("Q")]
    entities = await client.get(ids)
    lang = client.config.language
    humans = [
        entities[i]
        for i in ids
        if i in entities
        and "Q5" in {s.value for s in statements(entities[i], "P31")}
        and same_person(person, names(entities[i], lang))
    ]
    if len(humans) != 1:
        return []
    rows = await client.sparql(HOLDER_QUERY.format(person=humans[0]["id"]))
    return list(dict.fromkeys(q for row in rows if (q := qid_from_uri(row.get("country")))))


async def check_office(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    if not fact["country"]:
        return await _office_no_country(client, fact, on)
    country = await resolve(client, fact["country"], country=True)
    if country is None:
        return Verdict.unverifiable(f"no Wikidata country item for {fact['country']!r}")
    return await _check_office_of(client, fact, country, on)


async def _office_no_country(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    """ "President Joe Biden" with no country named: the country is the one of which
    Wikidata lists the person as head of state or government. That can support the claim
    (the person held that office there at the date), never refute it: the title may be of
    something else ("President Donald Tusk" of the European Council)."""
    person = fact["person"]
    qids = await holder_countries(client, person)
    if len(qids) != 1:
        why = "no country" if not qids else "several countries"
        return Verdict.unverifiable(
            f"the sentence names no country for {person}'s office, and Wikidata lists {why} "
            f"where {person} was head of state or government"
        )
    countries = await client.get(qids)
    if qids[0] not in countries:
        return Verdict.unverifiable(f"no Wikidata country item {qids[0]}")
    verdict = await _check_office_of(client, fact, countries[qids[0]], on)
    where = label(countries[qids[0]])
    if verdict.label == "supported":
        return replace(verdict, summary=f"{verdict.summary} (the country, {where}, is not named)")
    return Verdict.unverifiable(
        f"{verdict.summary}; the sentence names no country ({where} is the one Wikidata "
        f"lists for {person}), so this is not a refutation",
        verdict.evidence,
    )


async def _check_office_of(
    client: WikidataClient, fact: Fact, country: dict[str, Any], on: date | None
) -> Verdict:
    office_items = await client.get(
        [s.value for pid in ("P1906", "P1313") for s in statements(country, pid)]
    )
    props = _office_properties(country, fact["office"], office_items)
    if not props:
        return Verdict.unverifiable(f"office {fact['office']!r} is not one Wikidata's P35/P6 cover")
    stmts = {pid: statements(country, pid) for pid in props}
    people = await client.get([s.value for sts in stmts.values() for s in sts])
    lang = client.config.language
    if on is None:
        return _office_any_time(client, fact, country, stmts, people)
    lines: list[str] = []
    holders_now: list[tuple[str, Statement]] = []
    match_now: tuple[str, Statement] | None = None
    # Every other term of the person: a person may hold an office more than once.
    other_terms: list[tuple[str, Statement]] = []
    for pid, sts in stmts.items():
        if not sts:
            continue
        lines.append(
            f"{PROPERTY_NAMES[pid]} ({pid}): "
            + "; ".join(
                f"{label(people.get(s.value), lang)} ({s.value}) {s.period()}".strip() for s in sts
            )
        )
        for s in sts:
            person_names = names(people.get(s.value), lang)
            if s.active_on(on):
                holders_now.append((pid, s))
                if same_person(fact["person"], person_names):
                    match_now = (pid, s)
            elif same_person(fact["person"], person_names):
                other_terms.append((pid, s))
    if not lines:
        return Verdict.unverifiable(f"Wikidata has no {'/'.join(props)} for {label(country)}")
    evidence = [item_evidence(country, " | ".join(lines))]
    title = fact["office"].title()
    where = label(country)
    if fact["former"]:
        ended = [t for t in other_terms if t[1].end is not None and t[1].end.end() <= on]
        if ended:
            pid, s = ended[-1]
            return Verdict(
                "supported",
                0.85,
                f"{fact['person']} was formerly {PROPERTY_NAMES[pid]} of {where} ({title}, {s.period()})",
                evidence,
            )
        if match_now:
            return Verdict(
                "refuted",
                0.8,
                f"{fact['person']} was still {title} of {where} on {on.isoformat()}",
                evidence,
            )
        if other_terms:
            periods = ", ".join(s.period() for _, s in other_terms)
            return Verdict(
                "refuted",
                0.8,
                f"{fact['person']} had not yet been {title} of {where} on {on.isoformat()} ({periods})",
                evidence,
            )
        return Verdict(
            "refuted",
            0.8,
            f"Wikidata lists no term of {fact['person']} as {title} of {where}",
            evidence,
        )
    if fact["became"]:  # "X became PM": a term of X began on or before the date
        terms = ([match_now] if match_now else []) + other_terms
        begun = [
            t
            for t in terms
            if (t[1].start is not None and t[1].start.start() <= on) or t[1].active_on(on)
        ]
        if begun:
            pid, s = begun[-1]
            return Verdict(
                "supported",
                0.85,
                f"{fact['person']} became {PROPERTY_NAMES[pid]} of {where} ({title}, {s.period()})",
                evidence,
            )
        periods = ", ".join(s.period() for _, s in other_terms)
        return Verdict(
            "refuted",
            0.8,
            f"{fact['person']} had not become {title} of {where} by {on.isoformat()}"
            + (f" ({periods})" if periods else "; Wikidata lists no term"),
            evidence,
        )
    if match_now:
        pid, s = match_now
        return Verdict(
            "supported",
            0.9,
            f"{fact['person']} was {PROPERTY_NAMES[pid]} of {where} ({title}) on {on.isoformat()} ({s.period()})",
            evidence,
        )
    now = (
        ", ".join(f"{label(people.get(s.value), lang)} ({s.period()})" for _, s in holders_now)
        or "unknown"
    )
    summary = f"on {on.isoformat()} the {title} of {where} was {now}, not {fact['person']}"
    if other_terms:
        summary += f" ({fact['person']}: {', '.join(s.period() for _, s in other_terms)})"
    if not holders_now:
        return Verdict.unverifiable(
            f"Wikidata has no {title} of {where} on {on.isoformat()}", evidence
        )
    return Verdict("refuted", 0.9, summary, evidence)


def _office_any_time(
    client: WikidataClient,
    fact: Fact,
    country: dict[str, Any],
    stmts: dict[str, list[Statement]],
    people: dict[str, Any],
) -> Verdict:
    """An office holder in an article without a date: did the person ever hold the office?

    "President Z" is supported if Z held it at any time ("Z was President of X 2021 – 2025;
    the article has no date"), and is never refuted by whoever holds it today. Only a
    person with no term at all is refuted: that is false at any date.
    """
    lang = client.config.language
    where, title = label(country), fact["office"].title()
    lines = [
        f"{PROPERTY_NAMES[pid]} ({pid}): "
        + "; ".join(
            f"{label(people.get(s.value), lang)} ({s.value}) {s.period()}".strip() for s in sts
        )
        for pid, sts in stmts.items()
        if sts
    ]
    if not lines:
        return Verdict.unverifiable(f"Wikidata has no {'/'.join(stmts)} for {where}")
    evidence = [item_evidence(country, " | ".join(lines))]
    terms = [
        (pid, s)
        for pid, sts in stmts.items()
        for s in sts
        if same_person(fact["person"], names(people.get(s.value), lang))
    ]
    if not terms:
        return Verdict(
            "refuted",
            0.8,
            f"Wikidata lists no term of {fact['person']} as {title} of {where}",
            evidence,
        )
    pid = terms[0][0]
    periods = ", ".join(s.period() or "no dates" for _, s in terms)
    if fact["former"]:
        if any(s.end is not None for _, s in terms):
            return Verdict(
                "supported",
                ANY_TIME_CONFIDENCE,
                f"{fact['person']} was {title} of {where} ({PROPERTY_NAMES[pid]}, {periods}) "
                f"and has left office; {NO_DATE}",
                evidence,
            )
        return Verdict.unverifiable(
            f"{fact['person']} has been {title} of {where} {periods}; whether "
            f'"former" was true depends on the date, and {NO_DATE}',
            evidence,
        )
    return Verdict(
        "supported",
        ANY_TIME_CONFIDENCE,
        f"{fact['person']} was {title} of {where} {periods} ({PROPERTY_NAMES[pid]}); {NO_DATE}",
        evidence,
    )


async def check_population(client: WikidataClient, fact: Fact, on: date | None) -> Verdict:
    country = await resolve(client, fact["country"], country=True)
    if country is None:
        return Verdict.unverifiable(f"no Wikidata country item for {fact['country']!r}")
    stmts = [s for s in statements(country, "P1082") if isinstance(s.value, float)]
    if on is None:
        figures = "; ".join(
            f"{s.value:,.0f}" + (f" ({s.point_in_time})" if s.point_in_time else "") for s in stmts
        )
        return Verdict.unverifiable(
            f"the population of {label(country)} changes over time and {NO_DATE}",
            [item_evidence(country, f"population (P1082): {figures}")] if stmts else [],
        )
    dated = [s for s in stmts if s.point_in_time is not None]
    before = [s for s in dated if s.point_in_time is not None and s.point_in_time.start() <= on]
    pool = before or dated or stmts
    if not pool:
        return Verdict.unverifiable(f"Wikidata has no population (P1082) for {label(country)}")

    def key(s: Statement) -> tuple[date, int]:
        return (s.point_in_time.start() if s.point_in_time else date.min, s.rank == "preferred")

    chosen = max(pool, key=key) if dated else (best(pool)[0])
    actual, stated = chosen.value, float(fact["value"])
    when = f" ({chosen.point_in_time})" if chosen.point_in_time else ""
    evidence = [item_evidence(country, f"population (P1082): {actual:,.0f}{when}")]
    hedge = fact["hedge"] or ""
    if hedge in ("more than", "over", "just over"):
        ok = actual >= stated
    elif hedge in ("less than", "under", "just under"):
        ok = actual <= stated
    elif hedge in ("nearly", "almost"):
        ok = stated * (1 - POPULATION_TOLERANCE_HEDGED) <= actual <= stated * 1.01
    else:
        tol = POPULATION_TOLERANCE_HEDGED if hedge else POPULATION_TOLERANCE
        if hedge:  # "about 70 million" allows what rounds to 70 million
            tol = hedged_tolerance(stated, tol)
        ok = abs(actual - stated) <= tol * stated
    text = f"population of {label(country)}{when}: {actual:,.0f}"
    if ok:
        return Verdict(
            "supported",
            0.8,
            f"{text}, consistent with {hedge + ' ' if hedge else ''}{stated:,.0f}",
            evidence,
        )
    return Verdict(
        "refuted", 0.8, f"{text}, not {hedge + ' ' if hedge else ''}{stated:,.0f}", evidence
    )


CHECKS = {
    "capital": check_capital,
    "inception": check_inception,
    "membership": check_membership,
    "office": check_office,
    "population": check_population,
}
