"""The ``claimbuster`` extractor.

For each sentence claimtrack's built-in extractor finds, it asks ClaimBuster's
ClaimSpotter (``GET /score/text/<url-encoded sentence>``, ``x-api-key`` header) for a
check-worthiness score and returns the sentence with the **combined** score

    combined = weight × claimbuster + (1 − weight) × claimtrack      (weight 0.5 by default)

claimtrack merges extractors' results per sentence keeping the highest score, so
ClaimBuster can promote a sentence the built-in model under-rates; its raw score is kept in
``values["claimbuster_score"]`` and in the reasons. Without an API key, or when the API is
unreachable, it says so once and returns nothing.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from claimtrack.extraction import ArticleContext, ExtractedClaim, extract_claims
from claimtrack.verification.api import PluginConfig, setting, settings_env_name
from claimtrack_claimbuster import __version__

DEFAULT_API = "https://idir.uta.edu/claimbuster/api/v2"
USER_AGENT = (
    f"claimtrack-claimbuster/{__version__} "
    "(https://github.com/claimtrack/claimtrack; claimtrack@users.noreply.github.com)"
)
#: ClaimBuster's usual check-worthy cut.
THRESHOLD = 0.5
log = logging.getLogger("claimtrack.extractor.claimbuster")
_said: set[str] = set()
_lock = threading.Lock()


def say_once(key: str, message: str, *args: Any, level: int = logging.WARNING) -> None:
    with _lock:
        if key in _said:
            return
        _said.add(key)
    log.log(level, message, *args)


@dataclass(frozen=True)
class Config(PluginConfig, plugin="claimbuster"):
    """``[extractors.claimbuster]`` and ``CLAIMTRACK_CLAIMBUSTER_*``; the key is a secret."""

    api: str = DEFAULT_API
    key: str = setting("", secret=True)
    weight: float = 0.5
    timeout: float = 5.0
    max_sentences: int = 200
    min_own_score: float = 0.0


#: The variables :meth:`Config.load` reads (its fields declare no other ``env`` names).
_ENV = tuple(settings_env_name("claimbuster", f.name) for f in dataclasses.fields(Config))


class Unavailable(Exception):
    pass


def score(client: httpx.Client, config: Config, text: str) -> float | None:
    """ClaimBuster's score for ``text`` (None for an empty result); :class:`Unavailable` on failure."""
    url = f"{config.api.rstrip('/')}/score/text/{quote(text, safe='')}"
    try:
        response = client.get(
            url,
            headers={
                "x-api-key": config.key,
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
        )
    except httpx.TimeoutException:
        raise Unavailable("timed out") from None
    except httpx.TransportError as exc:
        raise Unavailable(f"cannot connect: {type(exc).__name__}") from None
    if response.status_code in (401, 403):
        raise Unavailable(f"API key rejected (HTTP {response.status_code})")
    if response.status_code != 200:
        raise Unavailable(f"HTTP {response.status_code}")
    try:
        results = response.json().get("results") or []
        scores = [float(r["score"]) for r in results if isinstance(r, dict) and "score" in r]
    except (ValueError, AttributeError, TypeError, KeyError):
        raise Unavailable("malformed response") from None
    return max(scores) if scores else None


class ClaimBusterExtractor:
    name = "claimbuster"
    version = __version__
    config = Config

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self._settings = settings
        self._config: tuple[Hashable, Config] | None = None

    def _load(self, settings: Mapping[str, Any]) -> Config:
        """``Config.load(settings)``, kept while the settings and the variables it reads are
        the same: ``claimtrack add`` calls the extractor once per article with the same ones."""
        key = (tuple(os.environ.get(name) for name in _ENV), tuple(sorted(settings.items())))
        try:
            hash(key)
        except TypeError:  # a setting that is not hashable: load every time
            return Config.load(settings)
        if self._config is None or self._config[0] != key:
            self._config = (key, Config.load(settings))
        return self._config[1]

    def extract(self, text: str, context: ArticleContext) -> list[ExtractedClaim]:
        """ClaimBuster-scored claims; settings from ``context.settings`` (the
        ``[extractors.claimbuster]`` table claimtrack hands over) unless given here."""
        config = self._load(self._settings if self._settings is not None else context.settings)
        if not config.key:
            say_once(
                "nokey",
                "claimbuster: no API key (set CLAIMTRACK_CLAIMBUSTER_KEY); ClaimBuster scores are skipped",
                level=logging.INFO,
            )
            return []
        own = [c for c in extract_claims(text, context) if c.score >= config.min_own_score][
            : config.max_sentences
        ]
        out: list[ExtractedClaim] = []
        failures = 0
        with httpx.Client(timeout=config.timeout) as client:
            for claim in own:
                try:
                    cb = score(client, config, claim.text)
                except Unavailable as exc:
                    reason = str(exc)
                    failures += 1
                    if (
                        reason.startswith(("cannot connect", "timed out", "API key"))
                        or failures >= 3
                    ):
                        say_once(
                            f"down:{config.api}",
                            "claimbuster unreachable: %s (ClaimBuster scores skipped)",
                            reason,
                        )
                        break
                    continue
                if cb is None:
                    continue
                combined = round(config.weight * cb + (1 - config.weight) * claim.score, 4)
                out.append(
                    ExtractedClaim(
                        text=claim.text,
                        start=claim.start,
                        end=claim.end,
                        kind=claim.kind,
                        score=combined,
                        checkworthy=combined >= THRESHOLD,
                        reasons=[
                            f"ClaimBuster {cb:.2f}",
                            f"combined with claimtrack {claim.score:.2f} (weight {config.weight:g})",
                        ],
                        values={"claimbuster_score": round(cb, 4)},
                    )
                )
        return out
