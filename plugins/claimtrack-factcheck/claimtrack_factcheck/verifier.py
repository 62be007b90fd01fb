"""The ``factcheck`` verifier: Google Fact Check Tools ``claims:search``.

Matching (documented thresholds): the claim and each fact-checked claim are normalised
(lowercase, punctuation dropped); the match score is rapidfuzz's ``token_set_ratio``
(0–100: high when one text's words are contained in the other's, so a short fact-checked
claim inside a long news sentence scores high). A review's textual rating is mapped to a
label only when the score is ≥ ``match_threshold`` (default 85) **and** both texts mention
the same numbers **and** the same negation ("not", "no", "never", "n't"), and the
fact-checked claim has at least 3 words **and** the fact-checked claim was made (its
``claimDate``, else the review's date) within ``max_years_apart`` (default 2) years of the
article's publication (a fact-check of "X is still chancellor" in 2025 says nothing about
an article from 2023). Reviews scoring ≥ ``related_threshold`` (default 60) are shown as
evidence only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rapidfuzz import fuzz

from claimtrack.labels import DECISIVE_LABELS, Label, label_for_rating
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
    f"claimtrack-factcheck/{__version__} (https://github.com/claimtrack/claimtrack; "
    "claimtrack@users.noreply.github.com)"
)


def rating_label(text: str | None) -> Label | None:
    """The label a published rating gives a close match: claimtrack's one rating map
    (:func:`claimtrack.labels.label_for_rating`), keeping only labels that take a side.
    Other ratings ("Unproven", "No evidence", "Satire", …) stay evidence only."""
    label = label_for_rating(text)
    if label is None or label not in DECISIVE_LABELS:
        return None
    return label.value


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s%]", " ", text.casefold())).strip()


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def match_score(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(normalise(a), normalise(b)))


NEGATIONS = {
    "not",
    "no",
    "never",
    "nor",
    "none",
    "nobody",
    "nothing",
    "neither",
    "cannot",
    "without",
}


def negated(text: str) -> bool:
    t = text.casefold().replace("’", "'")
    return "n't" in t or bool(NEGATIONS & set(normalise(t).split()))


@dataclass(frozen=True)
class Config(PluginConfig, plugin="factcheck"):
    api: str = DEFAULT_API
    key: str = setting("", env=("GOOGLE_FACTCHECK_API_KEY",), aliases=("api_key",))
    key_in: str = "header"
    language: str = "en"
    page_size: int = 10
    max_pages: int = 2
    match_threshold: float = 85.0
    related_threshold: float = 60.0
    max_years_apart: float = 2.0
    timeout: float = 10.0

    def __repr__(self) -> str:  # never show the key
        return (
            f"Config(api={self.api!r}, key={'***' if self.key else ''!r}, key_in={self.key_in!r})"
        )


class FactCheckVerifier(Verifier):
    """Finds published fact-checks of a claim; maps their ratings only for close matches."""

    name = "factcheck"
    version = __version__
    kinds = ()
    secrets = ("key",)
    defaults: ClassVar[dict[str, Any]] = {
        "api": DEFAULT_API,
        "match_threshold": 85.0,
        "related_threshold": 60.0,
        "key_in": "header",
    }

    def applies_to(self, claim: ClaimInfo) -> bool:
        return len(normalise(claim.text).split()) >= 4

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
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
                return judge(claim.text, found, config, published)
        except SourceUnreachable as exc:
            return source_failure(f"factcheck unreachable: {exc}")
        except UnexpectedResponse as exc:
            return source_failure(str(exc))
        except SourceError as exc:
            return source_failure(f"factcheck: {exc}")


def _when(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def judge(
    text: str, found: list[dict[str, Any]], config: Config, published: date | None = None
) -> Verdict | None:
    close: list[tuple[float, Label, Evidence]] = []
    related: list[tuple[float, Evidence]] = []
    for item in found:
        ctext = str(item.get("text") or "")
        if not ctext:
            continue
        score = match_score(text, ctext)
        if score < config.related_threshold:
            continue
        comparable = (
            (numbers(text) == numbers(ctext) or not numbers(ctext))
            and negated(text) == negated(ctext)
            and len(normalise(ctext).split()) >= 3
        )
        for review in item.get("claimReview") or []:
            if not isinstance(review, dict) or not review.get("url"):
                continue
            publisher = review.get("publisher") or {}
            who = publisher.get("name") or publisher.get("site") or "a fact-checker"
            rating = review.get("textualRating") or "no rating"
            when = str(review.get("reviewDate") or "")[:10]
            ev = Evidence(
                "factcheck",
                url=str(review["url"]),
                title=f"{who}: {review.get('title') or ctext}"[:200],
                snippet=f'{who} rated "{ctext}": {rating}'
                + (f" ({when})" if when else "")
                + f" [match {score:.0f}]",
            )
            label = rating_label(rating)
            made = _when(item.get("claimDate")) or _when(review.get("reviewDate"))
            in_time = (
                published is None
                or made is None
                or abs((made - published).days) <= 365.25 * config.max_years_apart
            )
            if score >= config.match_threshold and comparable and in_time and label:
                close.append((score, label, ev))
            else:
                related.append((score, ev))
    if close:
        close.sort(key=lambda x: -x[0])
        labels = {lab for _, lab, _ in close}
        label = labels.pop() if len(labels) == 1 else "mixed"
        best = close[0][0]
        confidence = round(min(0.9, 0.5 + (best - config.match_threshold) / 50), 2)
        first = (close[0][2].snippet or "").split(" [match")[0]
        summary = f"{first}" + (f" (+{len(close) - 1} more)" if len(close) > 1 else "")
        if label == "mixed" and len({lab for _, lab, _ in close}) > 1:
            summary = "fact-checkers disagree: " + summary
        return Verdict(
            label,
            confidence,
            summary,
            [e for _, _, e in close] + [e for _, e in sorted(related, key=lambda x: -x[0])][:3],
        )
    if related:
        related.sort(key=lambda x: -x[0])
        return Verdict.unverifiable(
            "related fact-checks, none a close match", [e for _, e in related[:3]]
        )
    return None


async def search(
    ctx: VerifyContext, config: Config, state: dict[str, Any], query: str
) -> list[dict[str, Any]]:
    """``claims:search`` for ``query``, following ``nextPageToken`` up to ``max_pages``."""
    cache: dict[str, list[dict[str, Any]]] = state.setdefault("cache", {})
    if query in cache:
        return cache[query]
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
