"""Built-in offline verifiers that check a claim against itself and its article.

* :class:`MembershipCountVerifier` (``membership-count``): a stated count against the
  members listed ("a group of seven countries consisting of" + 7 names).
* :class:`SumOfPartsVerifier` (``sum-of-parts``): parts against the total they should add
  up to ("Of the 120 delegates, 70 came from Europe and 40 from Asia").
* :class:`DateConsistencyVerifier` (``date-consistency``): weekdays and dates against the
  calendar and the article's publication date.

They read the extractor's structured values (``claim.values``, documented in
docs/extraction.md) and fall back to parsing the sentence when a key is missing. None of
them judges the world: "supported" here means "consistent with itself", and the summary
says what was checked. When a verifier cannot decide it says why (``unverifiable``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from claimtrack.extraction.dates import find_dates
from claimtrack.text import NUMBER_WORDS_PATTERN, parse_number
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Verdict,
    Verifier,
    VerifyContext,
)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _kind_values(claim: ClaimInfo, kind: str) -> dict[str, Any]:
    """The values of ``kind`` for this claim, whether it is the main kind or a secondary one."""
    values = claim.values or {}
    if claim.kind == kind:
        return values
    kinds = values.get("kinds")
    if isinstance(kinds, dict) and isinstance(kinds.get(kind), dict):
        found: dict[str, Any] = kinds[kind]
        return found
    return {}


def _has_kind(claim: ClaimInfo, kind: str) -> bool:
    kinds = (claim.values or {}).get("kinds")
    return claim.kind == kind or (isinstance(kinds, dict) and kind in kinds)


def _article_evidence(claim: ClaimInfo, ctx: VerifyContext, snippet: str | None = None) -> Evidence:
    article = ctx.article
    return Evidence(
        source="article",
        url=article.url if article and article.url and "://" in article.url else None,
        title=article.title if article else None,
        snippet=snippet or claim.sentence,
    )


# -- membership ----------------------------------------------------------------------------

_NUM_RX = rf"\d+|{NUMBER_WORDS_PATTERN}"
_GROUP = re.compile(
    rf"\b(?:a|an|the)\s+(?:\w+\s+){{0,2}}?(?:group|bloc|alliance|union|club|coalition|grouping|consortium|league|federation|body|trio|quartet)?\s*"
    rf"(?:of|with)\s+(?P<count>{_NUM_RX})\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>countries|nations|states|members|economies|companies|parties|firms|teams|islands|provinces|regions|republics)\b"
    r"[^.;:]*?\b(?P<verb>consisting of|comprising|composed of|made up of|namely|including|such as|among them|"
    r":)\s*(?P<list>[^.;]+)",
    re.IGNORECASE,
)
_COMPLETE = {"consisting of", "comprising", "composed of", "made up of", "namely", ":"}


def _split_members(text: str) -> list[str]:
    """'Canada, France and the United States, is home to…' -> the three names."""
    members: list[str] = []
    for chunk in re.split(r",\s*", text):
        pieces = re.split(r"\s+(?:and|&)\s+", chunk.strip())
        stop = False
        for piece in pieces:
            name = re.sub(r"^(?:and|or)\s+", "", piece.strip(), flags=re.IGNORECASE)
            bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            if not bare or not bare[0].isupper():
                stop = True
                break
            members.append(name)
        if stop:
            break
    return members


def membership_of(claim: ClaimInfo) -> tuple[str | None, float, list[str], bool] | None:
    """(group, stated count, members listed, whether the list claims to be complete)."""
    values = _kind_values(claim, "membership")
    count = values.get("count")
    members = values.get("members")
    partial = values.get("partial")
    complete = not partial if isinstance(partial, bool) else True
    # the extractor's values say all this; the sentence is parsed for what they lack
    known = count is not None and members and isinstance(partial, bool)
    parsed = None if known else _GROUP.search(claim.sentence)
    if parsed is not None:
        if not isinstance(partial, bool):
            complete = parsed.group("verb").lower() in _COMPLETE
        if count is None:
            count = parse_number(parsed.group("count"))
        if not members:
            members = _split_members(parsed.group("list"))
    if count is None:
        return None
    if not isinstance(members, list):
        members = []
    return values.get("group"), float(count), [str(m) for m in members], complete


class MembershipCountVerifier(Verifier):
    """A stated number of members against the members the sentence lists."""

    name: ClassVar[str] = "membership-count"
    version: ClassVar[str] = "1.0"
    kinds: ClassVar[tuple[str, ...]] = ()
    offline: ClassVar[bool] = True

    def applies_to(self, claim: ClaimInfo) -> bool:
        return _has_kind(claim, "membership") or _GROUP.search(claim.sentence) is not None

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        found = membership_of(claim)
        if found is None:
            return None
        group, count, members, complete = found
        who = group or "the group"
        unique = list(dict.fromkeys(m.lower().removeprefix("the ") for m in members))
        listed = len(unique)
        evidence = [
            _article_evidence(
                claim, ctx, f"{_fmt(count)} stated; listed: {', '.join(members) or '(none)'}"
            )
        ]
        if listed == 0:
            return Verdict.unverifiable(
                f"{who}: {_fmt(count)} members stated but none listed to count", evidence
            )
        if complete and listed == count:
            return Verdict.supported(f"{who}: {_fmt(count)} stated, {listed} listed", 0.9, evidence)
        if listed > count:
            return Verdict.refuted(
                f"{who}: {_fmt(count)} stated, but {listed} listed", 0.9, evidence
            )
        if complete:
            return Verdict.refuted(
                f"{who}: {_fmt(count)} stated, but only {listed} listed", 0.9, evidence
            )
        return Verdict.unverifiable(
            f"{who}: {listed} of {_fmt(count)} named ('including'): a partial list", evidence
        )


# -- parts and totals ----------------------------------------------------------------------

_NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER_WORDS_PATTERN}"
_TOTAL = re.compile(
    rf"^\s*(?:(?:of|out of)\s+(?:the|its|their|all)?\s*|(?:a\s+)?total\s+of\s+|"
    rf"all\s+)(?P<total>{_NUM})\s*(?P<pct>%|percent\b|per cent\b)?\s+(?P<noun>[a-z][\w-]*)",
    re.IGNORECASE,
)
_INNER_TOTAL = re.compile(
    rf"\b(?P<total>{_NUM})\s+(?P<noun>[a-z][\w-]*)\b[^.;]*?,\s*(?:of\s+(?:which|whom)|including)\b",
    re.IGNORECASE,
)
_PART = re.compile(
    rf"(?<![\w.,$£€])(?P<num>{_NUM})(?P<pct>\s*(?:%|percent\b|per cent\b))?(?![\w%])", re.IGNORECASE
)
_YEARISH = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_EXHAUSTIVE = re.compile(
    r"\b(?:the (?:rest|remaining|remainder|others?)|all the others|split|divided|broken down)\b",
    re.IGNORECASE,
)


def parts_and_total(sentence: str) -> tuple[float, str, list[float], bool] | None:
    """(total, noun, parts, exhaustive) for "Of the 120 delegates, 70 … and 40 …", else None."""
    match = _TOTAL.search(sentence) or _INNER_TOTAL.search(sentence)
    if match is None:
        return None
    total = parse_number(match.group("total"))
    if total is None:
        return None
    rest = sentence[match.end() :]
    parts = []
    for m in _PART.finditer(rest):
        raw = m.group("num")
        if _YEARISH.match(raw):
            continue
        value = parse_number(raw)
        if value is not None:
            parts.append(value)
    if len(parts) < 2:
        return None
    return total, match.group("noun"), parts, bool(_EXHAUSTIVE.search(rest))


class SumOfPartsVerifier(Verifier):
    """Parts that should add up to a stated total."""

    name: ClassVar[str] = "sum-of-parts"
    version: ClassVar[str] = "1.0"
    kinds: ClassVar[tuple[str, ...]] = ()
    offline: ClassVar[bool] = True

    def applies_to(self, claim: ClaimInfo) -> bool:
        return parts_and_total(claim.sentence) is not None

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        found = parts_and_total(claim.sentence)
        if found is None:
            return None
        total, noun, parts, exhaustive = found
        added = sum(parts)
        arithmetic = " + ".join(_fmt(p) for p in parts) + f" = {_fmt(added)}"
        evidence = [
            _article_evidence(claim, ctx, f"{arithmetic}; stated total {_fmt(total)} {noun}")
        ]
        if abs(added - total) < 1e-9:
            return Verdict.supported(
                f"{arithmetic}, the stated total of {_fmt(total)} {noun}", 0.9, evidence
            )
        if added > total:
            return Verdict.refuted(
                f"{arithmetic}, more than the stated total of {_fmt(total)} {noun}", 0.95, evidence
            )
        if exhaustive:
            return Verdict.refuted(
                f"{arithmetic}, not the stated total of {_fmt(total)} {noun}", 0.85, evidence
            )
        missing = total - added
        return Verdict.mixed(
            f"{arithmetic}, not {_fmt(total)}: {_fmt(missing)} {noun} unaccounted for",
            0.6,
            evidence,
        )


# -- dates ---------------------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WD_RX = "|".join(_WEEKDAYS)
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{_WD_RX}),?\s+(?:(?P<m1>{_MONTH_RX})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RX})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_RELATIVE_DAY = re.compile(
    rf"\b(?P<rel>yesterday|today|tomorrow)\b[^.;]{{0,12}}?\(?\b(?P<wd>{_WD_RX})\b|\b(?P<wd2>{_WD_RX})\b,?\s+(?P<rel2>yesterday|today|tomorrow)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|is due|are due|is expected|are expected|plans? to|scheduled|next|"
    r"upcoming|tomorrow)\b",
    re.IGNORECASE,
)
#: Words that point ahead without making the sentence about the future: a later date next to
#: them is a plan, a target or a start ("invited to become members from January 2024", "aims
#: to halve emissions by 2030"), not a past event dated wrongly. They only keep such a date
#: from being refuted.
_AHEAD = re.compile(
    r"\b(?:to become|invited|from|starting|beginning|as of|effective|until|by|deadline|"
    r"targets?|aims?|goals?|pledged?|promised?|vowed?|set to|intends?)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\b(?:since|founded in|established in|set up in|created in)\s+(?:\w+\s+)?(?P<year>(?:1[5-9]|20)\d\d)\b",
    re.IGNORECASE,
)


def _published(ctx: VerifyContext) -> date | None:
    value = ctx.published
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def _resolve_year(month: int, day: int, year: int | None, ref: date) -> date | None:
    candidates = [year] if year else [ref.year, ref.year - 1, ref.year + 1]
    options = []
    for y in candidates:
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if not options:
        return None
    return min(options, key=lambda d: abs((d - ref).days))


class DateConsistencyVerifier(Verifier):
    """Weekdays and dates against the calendar and the article's publication date.

    Refuted: a weekday that does not fall on the date given with it ("Tuesday, May 17,
    2023"); "yesterday (Monday)" in an article published on a Wednesday; a past event
    dated after publication; "since 2025" in a 2023 article. Supported only when such a
    cross-check passes; a date that is merely plausible is ``unverifiable``, with the
    resolved dates as evidence.
    """

    name: ClassVar[str] = "date-consistency"
    version: ClassVar[str] = "1.0"
    kinds: ClassVar[tuple[str, ...]] = ()
    offline: ClassVar[bool] = True

    def applies_to(self, claim: ClaimInfo) -> bool:
        s = claim.sentence
        return bool(
            _has_kind(claim, "temporal")
            or _WEEKDAY_DATE.search(s)
            or _RELATIVE_DAY.search(s)
            or re.search(rf"\b(?:{_WD_RX})\b", s, re.IGNORECASE)
        )

    def _dates(self, claim: ClaimInfo, ref: date) -> list[dict[str, Any]]:
        values = _kind_values(claim, "temporal")
        dates = values.get("dates")
        if isinstance(dates, list) and dates:
            return [d for d in dates if isinstance(d, dict)]
        try:
            return [d.as_values() for d in find_dates(claim.sentence, ref)]
        except ImportError:
            return []

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        ref = _published(ctx)
        sentence = claim.sentence
        if ref is None:
            return Verdict.unverifiable(
                "the article has no publication date to check its dates against"
            )
        problems: list[str] = []
        confirmed: list[str] = []
        notes: list[str] = []
        for m in _WEEKDAY_DATE.finditer(sentence):
            month = _MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
            day = int(m.group("d1") or m.group("d2"))
            when = _resolve_year(month, day, int(m.group("year")) if m.group("year") else None, ref)
            if when is None:
                problems.append(f"{m.group(0)!r} is not a date")
                continue
            actual = _WEEKDAYS[when.weekday()]
            if actual != m.group("wd").lower():
                problems.append(
                    f"{when:%d %B %Y} was a {actual.title()}, not a {m.group('wd').title()}"
                )
            else:
                confirmed.append(f"{when:%d %B %Y} was a {actual.title()}")
        for m in _RELATIVE_DAY.finditer(sentence):
            rel = (m.group("rel") or m.group("rel2")).lower()
            wd = (m.group("wd") or m.group("wd2")).lower()
            when = ref + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[rel])
            actual = _WEEKDAYS[when.weekday()]
            if actual != wd:
                problems.append(
                    f"{rel} was {actual.title()} {when:%d %B %Y} (published {ref:%d %B %Y}), not {wd.title()}"
                )
            else:
                confirmed.append(f"{rel} = {actual.title()} {when:%d %B %Y}")
        future = bool(_FUTURE.search(sentence))
        ahead = future or bool(_AHEAD.search(sentence))
        for d in self._dates(claim, ref):
            text, iso = d.get("text"), d.get("date")
            if not iso:
                year = d.get("year")
                if (
                    isinstance(year, int)
                    and not d.get("relative")
                    and not ahead
                    and year > ref.year
                ):
                    problems.append(f"{text!r} is after the publication date ({ref:%d %B %Y})")
                continue
            try:
                when = date.fromisoformat(str(iso)[:10])
            except ValueError:
                continue
            label = f"{text!r} = {_WEEKDAYS[when.weekday()].title()} {when:%d %B %Y}"
            if not ahead and when > ref and not d.get("relative"):
                problems.append(
                    f"{label}, after the article was published ({ref:%d %B %Y}), in a sentence about the past"
                )
            else:
                notes.append(label)
        for m in _SINCE.finditer(sentence):
            year = int(m.group("year"))
            if year > ref.year:
                problems.append(f"{m.group(0)!r} is after the publication year {ref.year}")
        evidence = [
            _article_evidence(
                claim,
                ctx,
                f"published {ref:%A %d %B %Y}; " + "; ".join(problems + confirmed + notes),
            )
        ]
        if problems:
            return Verdict.refuted("; ".join(problems), 0.9, evidence)
        if confirmed:
            return Verdict.supported("; ".join(confirmed), 0.9, evidence)
        if future:
            return Verdict.unverifiable(
                "a future event"
                + (f" ({'; '.join(notes)})" if notes else "")
                + ": nothing to check yet",
                evidence,
            )
        if notes:
            return Verdict.unverifiable(
                f"dates consistent with publication on {ref:%d %B %Y} ({'; '.join(notes)}), but nothing in"
                f" the text confirms them",
                evidence,
            )
        return None
