"""The public verifier API: what a verifier receives and what it returns.

A verifier plugin registers objects implementing :class:`Verifier` through the
``register_verifiers(register)`` hook. For each claim whose kind it handles, claimtrack
calls ``await verifier.verify(claim, ctx)``; the verifier returns a :class:`Verdict`, or
``None`` when the claim is not something it can check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    import httpx

Label = Literal["supported", "refuted", "mixed", "unverifiable", "error"]
LABELS: tuple[Label, ...] = ("supported", "refuted", "mixed", "unverifiable", "error")

#: schema.org ClaimReview ``reviewRating`` for each label: (ratingValue, alternateName).
#: Scale 1 (worst, false) to 5 (best, true); unverifiable and error have no rating value.
CLAIMREVIEW_RATINGS: dict[str, tuple[int | None, str]] = {
    "supported": (5, "True"),
    "mixed": (3, "Mixture"),
    "refuted": (1, "False"),
    "unverifiable": (None, "Unverifiable"),
    "error": (None, "Not rated"),
}


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence behind a verdict.

    ``url`` is a page a person can open (the Wikidata item, the World Bank indicator
    page, the fact-check). ``snippet`` is the quoted text or value that supports the
    verdict.
    """

    source: str
    url: str | None = None
    title: str | None = None
    snippet: str | None = None
    retrieved_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "snippet": self.snippet,
            "retrieved_at": self.retrieved_at.isoformat(),
        }


@dataclass(frozen=True)
class Verdict:
    """A verifier's conclusion about one claim.

    :param label: ``supported``, ``refuted``, ``mixed``, ``unverifiable`` or ``error``.
    :param confidence: how sure the verifier is, in [0, 1].
    :param summary: one line a reviewer can read, e.g. "capital of Australia is Canberra, not Sydney".
    :param evidence: what the verdict rests on.
    """

    label: Label
    confidence: float = 0.5
    summary: str = ""
    evidence: tuple[Evidence, ...] | list[Evidence] = ()
    error: str | None = None

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown verdict label {self.label!r}; expected one of {', '.join(LABELS)}")
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))

    @classmethod
    def unverifiable(cls, reason: str, evidence: list[Evidence] | tuple[Evidence, ...] = ()) -> Verdict:
        """A verdict for a claim the verifier looked at but could not decide, with the reason."""
        return cls("unverifiable", 0.0, reason, tuple(evidence))


@dataclass(frozen=True)
class ArticleInfo:
    """The article a claim was taken from (its first mention)."""

    id: int | None
    text: str
    url: str | None
    title: str | None
    published: datetime | None


@dataclass(frozen=True)
class ClaimInfo:
    """A claim as a verifier sees it: text, kind, structured values and its sentence."""

    id: int | None
    text: str
    kind: str
    values: dict[str, Any]
    sentence: str
    start: int | None = None
    end: int | None = None
    speaker: str | None = None


@dataclass
class VerifyContext:
    """What claimtrack hands a verifier for one claim.

    :param http: the shared ``httpx.AsyncClient`` (timeouts, retries, cache, User-Agent
        and concurrency limits are already applied: use it, do not create your own).
    :param settings: this verifier's settings from the config file and environment
        (API keys included; never log or return them).
    :param logger: a logger named after the verifier.
    :param article: the claim's article (text, date, URL), or None.
    :param run_state: a dict shared by every call of this verifier within one run, e.g.
        to report "source unreachable" once per run rather than once per claim.
    """

    http: httpx.AsyncClient
    settings: dict[str, Any]
    logger: logging.Logger
    article: ArticleInfo | None
    run_state: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> datetime | None:
        """The article's publication date: the date a fact is judged at."""
        return self.article.published if self.article else None


class Verifier:
    """Base class for verifiers. Subclass it, set the class attributes, implement ``verify``.

    ``kinds`` lists the claim kinds handled (empty: every kind). ``verify`` may be a
    coroutine function or a plain function; a plain one runs in a worker thread.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "0"
    kinds: ClassVar[tuple[str, ...]] = ()
    #: Settings names that hold secrets: read from env/config, never logged or stored.
    secrets: ClassVar[tuple[str, ...]] = ()

    def applies_to(self, claim: ClaimInfo) -> bool:
        """Whether this verifier should be called for ``claim`` (default: by kind)."""
        return not self.kinds or claim.kind in self.kinds

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | None:
        raise NotImplementedError
