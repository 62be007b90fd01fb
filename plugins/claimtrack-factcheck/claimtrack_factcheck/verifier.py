"""The ``factcheck`` verifier: Google Fact Check Tools ``claims:search``.

A published fact-check becomes a verdict when it is **close**: claimtrack's one fact-check
matcher, the one ``claimtrack match`` and the "previously checked" lookup use, ranks the
search results (:func:`claimtrack.retrieval.rank_fact_checks`: the same cleaning, features,
weights and calibrated score) and counts the fact-check as a check of this claim
(:attr:`~claimtrack.retrieval.Match.previously_checked`: its one threshold
:data:`~claimtrack.retrieval.PREVIOUSLY_CHECKED`); **and** its rating can carry over: the
checked claim states no number this claim leaves out, and not one of the two only is
negated (:func:`claimtrack.retrieval.disagreements`: a fact-check of "NATO was set up in
1955" rates nothing in "NATO was set up in 1949"); **and** the fact-checked claim was made
(its ``claimDate``, else the review's date) within ``max_years_apart`` (default 2) years of
the article's publication (a fact-check of "X is still chancellor" in 2025 says nothing
about an article from 2023). The best close match decides, with the other fact-checks of
the same checked claim (fact-checkers may disagree: ``mixed``). Its verdict: the label
claimtrack's rating table gives the textual rating (:func:`claimtrack.labels.rating_verdict`:
an unknown rating is ``unverifiable``, and the rating is kept in the summary and evidence),
with the fact-check as evidence (publisher, title, rating, date, URL and the match score);
its confidence is the calibrated score, at most 0.9. Fact Check Tools gives no match score
of its own (``claims:search`` has none), so the score shown is the matcher's. Fact-checks
scoring at least ``related_threshold`` (default 0.2, on the matcher's 0-1 scale) that are
not close make an ``unverifiable`` verdict whose summary names the closest one and why it
is not of this claim, with up to three as evidence.

A fact-check rates the claim it states as a whole, so its verdict is on the whole claim
(``part`` None) when the fact-checked claim is this claim (or this claim has at most one
part). When it is a shorter claim stated inside the sentence, the verdict goes on the one
part of the claim it states (:func:`on_parts`): "President X said Y" is not rated on the
quote by a fact-check of X's office. When it states several parts but not all, or none,
the fact-check is evidence for a reviewer and the verdict is ``unverifiable``. Related
fact-checks (none close) are evidence on the parts they state: a part no fact-check is
about stays unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from claimtrack.extraction.matching import canonical, same_claim
from claimtrack.extraction.parts import Part
from claimtrack.importers.claimreview import FactCheck
from claimtrack.labels import DECISIVE_LABELS, Label, rating_verdict
from claimtrack.retrieval import (
    PREVIOUSLY_CHECKED,
    Match,
    MatchInputError,
    disagreements,
    rank_fact_checks,
)
from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    PluginConfig,
    Verdict,
    Verifier,
    VerifyContext,
    setting,
)
from claimtrack.verification.sources import (
    SourceError,
    SourceUnreachable,
    UnexpectedResponse,
    fetch,
    mark_unreachable,
    read_json,
    shape_errors,
    source_failure,
)
from claimtrack_factcheck import __version__

DEFAULT_API = "https://factchecktools.googleapis.com/v1alpha1"
USER_AGENT = (
    f"claimtrack-factcheck/{__version__} "
    "(https://github.com/claimtrack/claimtrack; claimtrack@users.noreply.github.com)"
)


def rating_label(text: str | None) -> str:
    """The label a published rating gives a close match: claimtrack's rating table
    (:func:`claimtrack.labels.rating_verdict`); ``unverifiable`` for a rating it does not list."""
    return rating_verdict(text).value


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s%]", " ", text.casefold())).strip()


@dataclass(frozen=True)
class Config(PluginConfig, plugin="factcheck"):
    api: str = DEFAULT_API
    key: str = setting("", env=("GOOGLE_FACTCHECK_API_KEY",), aliases=("api_key",), secret=True)
    key_in: str = "header"
    language: str = "en"
    page_size: int = 10
    max_pages: int = 2
    related_threshold: float = 0.2
    max_years_apart: float = 2.0
    timeout: float = 10.0


class FactCheckVerifier(Verifier):
    """Finds published fact-checks of a claim; maps their ratings only for close matches."""

    name = "factcheck"
    version = __version__
    kinds = ()
    config = Config

    def applies_to(self, claim: ClaimInfo) -> bool:
        return len(normalise(claim.text).split()) >= 4

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        config = Config.load(ctx.settings)
        state = ctx.run_state
        if not config.key:
            if not state.get("no_key_said"):
                state["no_key_said"] = True
                ctx.logger.warning(
                    "factcheck: no API key (set CLAIMTRACK_FACTCHECK_KEY or GOOGLE_FACTCHECK_API_KEY); "
                    "the factcheck verifier is skipped"
                )
            return None
        published = ctx.published.date() if ctx.published else None
        try:
            with shape_errors("factcheck"):
                found = await search(ctx, config, state, claim.text)
                return on_parts(judge(claim.text, found, config, published), claim, found)
        except SourceUnreachable as exc:
            return source_failure(f"factcheck unreachable: {exc}")
        except UnexpectedResponse as exc:
            return source_failure(str(exc))
        except SourceError as exc:
            return source_failure(f"factcheck: {exc}")


#: Share of a part's value words (canonical forms) the fact-checked claim must contain for
#: the fact-check to state that part.
PART_WORDS = 0.8


def _words(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [w for v in value.values() for w in _words(v)]
    if isinstance(value, list | tuple):
        return [w for v in value for w in _words(v)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def stated_parts(claim: ClaimInfo, checked: str) -> list[Part]:
    """The parts of ``claim`` the fact-checked claim ``checked`` states: those whose value
    words (person, office, country, year, members…, in canonical form) it contains, at
    least :data:`PART_WORDS` of them."""
    said = set(canonical(checked).split())
    out = []
    for part in claim.parts:
        words = set(canonical(" ".join(_words(part.values)) or part.text).split())
        if words and len(words & said) >= PART_WORDS * len(words):
            out.append(part)
    return out


def on_parts(
    verdict: Verdict | None, claim: ClaimInfo, found: list[dict[str, Any]]
) -> Verdict | list[Verdict] | None:
    """Put the verdict :func:`judge` gave on what the fact-checks behind it rate.

    The whole claim (``part`` None) when the claim has no parts, or when a fact-check
    behind the verdict is of this claim (:func:`~claimtrack.extraction.matching.same_claim`)
    or states every part of it. A verdict that takes a side must state a part of the claim
    to rate it, even when the claim has only one ("Sydney is the capital of Australia"
    rates nothing in "Canberra, the Australian capital, will host …"). Otherwise each
    fact-checked claim is a shorter one stated inside the sentence:

    * a verdict that takes a side goes on the one part its deciding fact-check states
      (:func:`stated_parts`); when that states several parts or none, it cannot be split
      and becomes ``unverifiable`` (the fact-check kept as evidence), so no part is rated
      by a check of another;
    * an ``unverifiable`` verdict (related fact-checks, a rating that takes no side) goes
      on each part its fact-checks state, with the ones that state it as evidence, and
      on the whole claim when they state none: a part no fact-check is about (an event,
      a quote) is left unchecked rather than marked as looked at.
    """
    if verdict is None or not claim.parts or not verdict.evidence:
        return verdict
    decisive = verdict.label in DECISIVE_LABELS
    if not decisive and len(claim.parts) <= 1:
        return verdict
    texts = {
        str(review["url"]): str(item.get("text") or "")
        for item in found
        for review in item.get("claimReview") or []
        if isinstance(review, dict) and review.get("url")
    }
    behind = verdict.evidence[:1] if decisive else verdict.evidence
    stated: dict[str, list[Part]] = {}
    for ev in behind:
        checked = texts.get(str(ev.url), "")
        if not checked:
            continue
        parts = stated_parts(claim, checked)
        if same_claim(claim.text, checked) or len(parts) == len(claim.parts):
            return verdict
        stated[str(ev.url)] = parts
    if decisive:
        parts = next(iter(stated.values()), [])
        if len(parts) == 1:
            return verdict.on(parts[0])
        which = "several of its parts" if parts else "none of its parts as extracted"
        return Verdict.unverifiable(
            f"a fact-check rates a shorter claim stated in this sentence ({which}), not the "
            f"sentence as a whole: {verdict.summary}",
            verdict.evidence,
        )
    on = [p for p in claim.parts if any(p in parts for parts in stated.values())]
    if not on:
        return verdict
    return [
        replace(
            verdict,
            evidence=tuple(e for e in verdict.evidence if part in stated.get(str(e.url), [])),
        ).on(part)
        for part in on
    ]


def _when(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def fact_checks_of(found: list[dict[str, Any]]) -> list[FactCheck]:
    """The published reviews in a ``claims:search`` reply, one :class:`FactCheck` each
    (the checked claim, claimant and claim date of its item; a review without URL and
    one seen before are left out)."""
    out: dict[str, FactCheck] = {}
    for item in found:
        ctext = str(item.get("text") or "").strip()
        if not ctext:
            continue
        for review in item.get("claimReview") or []:
            if not isinstance(review, dict) or not review.get("url"):
                continue
            url = str(review["url"])
            publisher = review.get("publisher") or {}
            rating = str(review.get("textualRating") or "no rating")
            out.setdefault(
                url,
                FactCheck(
                    claim=ctext,
                    publisher=str(
                        publisher.get("name") or publisher.get("site") or "a fact-checker"
                    ),
                    rating=rating,
                    label=rating_label(rating),
                    url=url,
                    title=str(review.get("title") or "") or None,
                    date=str(review.get("reviewDate") or "")[:10] or None,
                    claimant=str(item.get("claimant") or "") or None,
                    claim_date=str(item.get("claimDate") or "")[:10] or None,
                ),
            )
    return list(out.values())


def _related_floor(config: Config) -> float:
    # A value above 1 is a percentage (the setting's scale before the one matcher).
    return (
        config.related_threshold / 100 if config.related_threshold > 1 else config.related_threshold
    )


def judge(
    text: str, found: list[dict[str, Any]], config: Config, published: date | None = None
) -> Verdict | None:
    """The verdict the fact-checks ``found`` give the claim ``text``: from the close ones
    (see the module doc), else "related fact-checks" as evidence, else None."""
    try:
        ranked = rank_fact_checks(text, fact_checks_of(found), date=published)
    except MatchInputError:
        return None  # not one claim (far too long to match)
    close: list[tuple[Match, str, str, Evidence]] = []
    related: list[tuple[Match, str, Evidence]] = []
    for match in ranked:
        fc = match.fact_check
        if match.score < _related_floor(config):
            continue
        said = f'{fc.publisher} rated "{fc.claim}": {fc.rating}' + (
            f" ({fc.date})" if fc.date else ""
        )
        ev = Evidence(
            "factcheck",
            url=fc.url,
            title=f"{fc.publisher}: {fc.title or fc.claim}"[:200],
            snippet=f"{said} [match {match.score:.2f}]",
        )
        made = _when(fc.claim_date) or _when(fc.date)
        apart = abs((made - published).days) / 365.25 if published and made else 0.0
        why_not = [
            *(
                []
                if match.previously_checked
                else [
                    f"match {match.score:.2f} < {PREVIOUSLY_CHECKED:.2f}"
                    if match.score < PREVIOUSLY_CHECKED
                    else "this claim states too little of the checked one"
                ]
            ),
            *disagreements(text, match),
            *(
                [f"made {apart:.1f} years from the article"]
                if apart > config.max_years_apart
                else []
            ),
        ]
        if not why_not:
            close.append((match, rating_label(fc.rating), said, ev))
        else:
            related.append((match, f"{said} ({'; '.join(why_not)})", ev))
    if close:
        # The best match decides, with the other fact-checks of the same checked claim
        # (several fact-checkers, who may disagree); close matches of other claims are
        # evidence. Fact-checks that take a side decide; "unproven", "satire" or an unknown
        # rating decide only when none of them takes a side.
        top = close[0][0].fact_check.claim
        same = [c for c in close if c is close[0] or same_claim(top, c[0].fact_check.claim)]
        deciding = [c for c in same if c[1] in DECISIVE_LABELS] or same
        labels = {c[1] for c in deciding}
        label = labels.pop() if len(labels) == 1 else "mixed"
        # The calibrated score reads as the chance that the fact-check checks this claim.
        confidence = round(min(0.9, deciding[0][0].score), 2) if label in DECISIVE_LABELS else 0.0
        summary = deciding[0][2] + (f" (+{len(same) - 1} more)" if len(same) > 1 else "")
        if len({c[1] for c in deciding}) > 1:
            summary = "fact-checkers disagree: " + summary
        return Verdict(
            cast("Label", label),
            confidence,
            summary,
            [c[3] for c in deciding]
            + [c[3] for c in same if c not in deciding]
            + [c[3] for c in close if c not in same]
            + [e for _, _, e in related][:3],
        )
    if related:
        return Verdict.unverifiable(
            f"related fact-checks, none of this claim; the closest: {related[0][1]}",
            [e for _, _, e in related[:3]],
        )
    return None


async def search(
    ctx: VerifyContext, config: Config, state: dict[str, Any], query: str
) -> list[dict[str, Any]]:
    """``claims:search`` for ``query``, following ``nextPageToken`` up to ``max_pages``."""
    cache: dict[str, list[dict[str, Any]]] = state.setdefault("cache", {})
    if query in cache:
        cached: list[dict[str, Any]] = cache[query]
        return cached
    params: dict[str, Any] = {
        "query": query[:500],
        "languageCode": config.language,
        "pageSize": config.page_size,
    }
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if config.key_in == "query":
        params["key"] = config.key
    else:
        headers["X-Goog-Api-Key"] = config.key
    out: list[dict[str, Any]] = []
    for _ in range(max(1, config.max_pages)):
        response = await fetch(
            ctx,
            "factcheck",
            f"{config.api.rstrip('/')}/claims:search",
            params=params,
            headers=headers,
            timeout=config.timeout,
            redact=(config.key,),
            accept=(400, 401, 403),
        )
        body = read_json(response)
        if response.status_code != 200 or (isinstance(body, dict) and "error" in body):
            err = (body or {}).get("error") if isinstance(body, dict) else None
            err = err if isinstance(err, dict) else {}
            reasons = {d.get("reason") for d in err.get("details") or [] if isinstance(d, dict)}
            text = f"HTTP {response.status_code} {err.get('status', '')}: {err.get('message', '')}".replace(
                config.key, "***"
            )
            if response.status_code in (400, 401, 403) and (
                reasons & {"API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED"}
                or response.status_code in (401, 403)
            ):
                raise mark_unreachable(ctx, "factcheck", f"API key rejected ({text.strip()})")
            raise SourceError(text.strip())
        if not isinstance(body, dict):
            raise UnexpectedResponse(
                f"unexpected response from factcheck: expected a JSON object, got {type(body).__name__}"
            )
        out += [c for c in body.get("claims") or [] if isinstance(c, dict)]
        token = body.get("nextPageToken")
        if not token:
            break
        params = {**params, "pageToken": token}
    cache[query] = out
    return out
