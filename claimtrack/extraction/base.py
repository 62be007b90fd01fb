"""The types every extractor shares: what an extractor returns and how it is called."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimtrack.contracts import ExtractorProtocol

#: The claim kinds claimtrack knows. Extractors may return others; these are the documented ones.
CLAIM_KINDS: tuple[str, ...] = (
    "statistic",
    "temporal",
    "quote",
    "membership",
    "comparison",
    "office",
    "event",
    "other",
)
#: Most specific first: the kind a sentence gets when it shows several.
KIND_PRIORITY: tuple[str, ...] = (
    "membership",
    "statistic",
    "quote",
    "temporal",
    "comparison",
    "office",
    "event",
    "other",
)


@dataclass
class ExtractedClaim:
    """One check-worthy sentence found in an article.

    ``text`` is always ``article_text[start:end]``: offsets are exact character offsets
    into the stored article text.
    """

    text: str
    start: int
    end: int
    kind: str = "other"
    score: float = 0.0
    checkworthy: bool = False
    reasons: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    speaker: str | None = None
    entities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleContext:
    """What an extractor knows about the article besides its text.

    ``on_progress``, when set, may be called with the fraction of the text processed so far
    (0 to 1); ``claimtrack add`` shows it as a progress bar on a terminal. Extractors need
    not call it.

    ``settings`` are the extractor's own settings, as a verifier's ``ctx.settings``: its
    ``[extractors.<name>]`` table with ``CLAIMTRACK_<NAME>_*`` variables and, when it names
    a :class:`~claimtrack.verification.api.PluginConfig` as ``config``, every field of it
    (:func:`~claimtrack.verification.api.plugin_settings`). They may hold API keys: never
    log or return them.
    """

    published: datetime | None = None
    url: str | None = None
    title: str | None = None
    on_progress: Callable[[float], None] | None = field(default=None, compare=False, repr=False)
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


#: What ``register_extractors`` takes (:class:`claimtrack.contracts.ExtractorProtocol`).
Extractor = ExtractorProtocol
