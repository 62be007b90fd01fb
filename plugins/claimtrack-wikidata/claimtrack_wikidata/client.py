"""A small Wikidata client: wbsearchentities, wbgetentities, WDQS SPARQL, statements.

Etiquette (https://meta.wikimedia.org/wiki/User-Agent_policy, Manual:Maxlag_parameter):
a descriptive User-Agent with a contact, ``maxlag=5`` on batch requests (several ids),
one Query Service request at a time, ``Retry-After`` honoured, bounded retries.
"""

from __future__ import annotations

import asyncio
import logging
import re
import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from claimtrack.verification.api import PluginConfig, VerifyContext
from claimtrack.verification.http import retry_after_seconds
from claimtrack.verification.sources import (
    SourceError,
    UnexpectedResponse,
    fetch,
    read_json,
)
from claimtrack_wikidata import __version__

DEFAULT_API = "https://www.wikidata.org/w/api.php"
DEFAULT_SPARQL = "https://query.wikidata.org/sparql"
DEFAULT_USER_AGENT = (
    f"claimtrack-wikidata/{__version__} (https://github.com/claimtrack/claimtrack; "
    f"claimtrack@users.noreply.github.com) httpx/{httpx.__version__}"
)
ITEM_PAGE = "https://www.wikidata.org/wiki/{}"
MAX_IDS = 50

#: One WDQS request at a time, per event loop (asyncio primitives are loop-bound).
_SPARQL_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


_ACTION_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def sparql_lock() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    lock = _SPARQL_LOCKS.get(loop)
    if lock is None:
        lock = _SPARQL_LOCKS[loop] = asyncio.Semaphore(1)
    return lock


def action_lock(limit: int) -> asyncio.Semaphore:
    """At most ``limit`` Action API requests in flight (Wikimedia asks for serial requests)."""
    loop = asyncio.get_running_loop()
    lock = _ACTION_LOCKS.get(loop)
    if lock is None:
        lock = _ACTION_LOCKS[loop] = asyncio.Semaphore(max(1, limit))
    return lock


@dataclass(frozen=True)
class Config(PluginConfig, plugin="wikidata"):
    """Where and how to reach Wikidata. Each value: env var, then settings, then default."""

    api: str = DEFAULT_API
    sparql: str = DEFAULT_SPARQL
    user_agent: str = DEFAULT_USER_AGENT
    language: str = "en"
    timeout: float = 10.0
    max_tries: int = 3
    max_wait: float = 10.0
    maxlag: int = 5
    concurrency: int = 1
    #: Body limit of one Action API answer (decoded): 50 entities with all their
    #: statements are larger than the client's default limit (``[http] max_body_bytes``).
    max_body_bytes: int = 64 * 2**20


# --- values -----------------------------------------------------------------------------

_TIME = re.compile(r"^([+-]?)0*(\d+)-(\d{1,2})-(\d{1,2})(?:T|$)")


@dataclass(frozen=True)
class Time:
    """A Wikidata time value: year, month/day (None when 00 or below the precision)."""

    year: int
    month: int | None = None
    day: int | None = None
    precision: int = 11

    def start(self) -> date:
        """The first day of the period the value denotes."""
        return date(max(1, self.year), self.month or 1, self.day or 1)

    def end(self) -> date:
        """The last day of the period the value denotes (year precision: 31 December)."""
        if self.month is None:
            return date(max(1, self.year), 12, 31)
        if self.day is None:
            nxt = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(max(1, self.year), self.month, self.day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year}"
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"


def parse_time(value: str, precision: int | None = None) -> Time | None:
    """Parse ``+1949-00-00T00:00:00Z``, ``+00000002014-01-01T…``, ``2022-12-31T00:00:00Z``."""
    m = _TIME.match(value.strip())
    if not m:
        return None
    year = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
    month, day = int(m.group(3)), int(m.group(4))
    if precision is None:
        precision = 11 if day else 10 if month else 9
    if precision <= 9 or month == 0:
        return Time(year, None, None, min(precision, 9))
    if precision == 10 or day == 0:
        return Time(year, month, None, 10)
    return Time(year, month, day, 11)


def _snak_value(snak: dict[str, Any]) -> Any:
    """A snak's value: an item id, a :class:`Time`, a float quantity, a string; None if unknown."""
    if snak.get("snaktype") != "value" or "datavalue" not in snak:
        return None
    dv = snak["datavalue"]
    value, kind = dv.get("value"), dv.get("type")
    if kind == "wikibase-entityid":
        if isinstance(value, dict):
            if value.get("id"):
                return str(value["id"])
            if value.get("numeric-id") is not None:
                return f"Q{int(value['numeric-id'])}"
        return None
    if kind == "time" and isinstance(value, dict):
        try:
            return parse_time(str(value.get("time", "")), int(value.get("precision", 11)))
        except (TypeError, ValueError):
            return None
    if kind == "quantity" and isinstance(value, dict):
        try:
            return float(str(value.get("amount")).lstrip("+"))
        except (TypeError, ValueError):
            return None
    if kind == "monolingualtext" and isinstance(value, dict):
        return value.get("text")
    return value


@dataclass
class Statement:
    value: Any
    rank: str = "normal"
    start: Time | None = None
    end: Time | None = None
    point_in_time: Time | None = None
    qualifiers: dict[str, list[Any]] = field(default_factory=dict)

    def active_on(self, day: date) -> bool:
        if self.start is not None and self.start.start() > day:
            return False
        return self.end is None or self.end.end() >= day

    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start} – {self.end}"
        if self.start:
            return f"since {self.start}"
        if self.end:
            return f"until {self.end}"
        return ""


def _first_time(quals: dict[str, list[Any]], pid: str) -> Time | None:
    vals = quals.get(pid) or []
    return vals[0] if vals and isinstance(vals[0], Time) else None


def statements(
    entity: dict[str, Any], pid: str, *, include_deprecated: bool = False
) -> list[Statement]:
    """The entity's statements for ``pid`` with values, qualifiers parsed; deprecated dropped."""
    out: list[Statement] = []
    for st in (entity.get("claims") or {}).get(pid, []) or []:
        rank = st.get("rank", "normal")
        if rank == "deprecated" and not include_deprecated:
            continue
        value = _snak_value(st.get("mainsnak") or {})
        if value is None:  # somevalue / novalue / unparseable
            continue
        quals: dict[str, list[Any]] = {}
        for qpid, snaks in (st.get("qualifiers") or {}).items():
            quals[qpid] = [v for v in (_snak_value(s) for s in snaks or []) if v is not None]

        out.append(
            Statement(
                value,
                rank,
                _first_time(quals, "P580"),
                _first_time(quals, "P582"),
                _first_time(quals, "P585"),
                quals,
            )
        )
    return out


def best(stmts: list[Statement]) -> list[Statement]:
    """Wikidata's "truthy" choice: the preferred statements if any, else the normal ones."""
    preferred = [s for s in stmts if s.rank == "preferred"]
    return preferred or [s for s in stmts if s.rank != "deprecated"]


def label(entity: dict[str, Any] | None, language: str = "en") -> str:
    if not entity:
        return "?"
    labels = entity.get("labels") or {}
    for lang in (language, "en", "mul"):
        if lang in labels:
            return str(labels[lang].get("value"))
    return str(entity.get("id", "?"))


def names(entity: dict[str, Any] | None, language: str = "en") -> list[str]:
    """Label and aliases."""
    if not entity:
        return []
    out = [label(entity, language)]
    for lang in (language, "en"):
        out += [a.get("value", "") for a in (entity.get("aliases") or {}).get(lang, []) or []]
    return [n for n in dict.fromkeys(out) if n]


# --- the client ---------------------------------------------------------------------------


class WikidataClient:
    """Wikidata over the shared httpx client, with per-run caches in ``state``."""

    def __init__(
        self, http: httpx.AsyncClient, config: Config, state: dict[str, Any], logger: logging.Logger
    ) -> None:
        self.http = http
        self.config = config
        self.state = state
        self.logger = logger
        self.ctx = VerifyContext(
            http=http,
            settings={},
            logger=logger,
            article=None,
            run_state=state,
            verifier="wikidata",
        )
        self.entities: dict[str, dict[str, Any]] = state.setdefault("entities", {})
        self.searches: dict[tuple[str, str], list[dict[str, Any]]] = state.setdefault(
            "searches", {}
        )

    @property
    def headers(self) -> dict[str, str]:
        return {"User-Agent": self.config.user_agent, "Accept": "application/json"}

    async def action(self, params: dict[str, Any], *, batch: bool = False) -> dict[str, Any]:
        """One Action API call; HTTP-200 errors raised as :class:`SourceError`, maxlag waited out."""
        params = {**params, "format": "json"}
        if batch and self.config.maxlag:
            params["maxlag"] = self.config.maxlag
        for attempt in range(self.config.max_tries):
            async with action_lock(self.config.concurrency):
                response = await fetch(
                    self.ctx,
                    "wikidata",
                    self.config.api,
                    params=params,
                    headers=self.headers,
                    timeout=self.config.timeout,
                    max_body_bytes=self.config.max_body_bytes,
                )
            body = read_json(response)
            error = body.get("error") if isinstance(body, dict) else None
            code = response.headers.get("MediaWiki-API-Error") or (error or {}).get("code")
            if (
                code == "maxlag" and attempt + 1 < self.config.max_tries
            ):  # an HTTP-200 error: retried here
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                wait = 5.0 if wait is None else wait
                if wait > self.config.max_wait:
                    raise SourceError(
                        f"wikidata is lagged (maxlag, Retry-After {wait:g} s)", "maxlag"
                    )
                self.logger.info("wikidata maxlag: waiting %g s", wait)
                await asyncio.sleep(wait)
                continue
            if error or code:
                info = (error or {}).get("info", "")
                raise SourceError(f"wikidata API error {code}: {info}".strip(), code)
            if not isinstance(body, dict):
                raise UnexpectedResponse(
                    f"unexpected response from wikidata: expected a JSON object, got {type(body).__name__}"
                )
            return body
        raise SourceError("wikidata is lagged (maxlag), gave up", "maxlag")

    async def search(self, text: str, *, limit: int = 7) -> list[dict[str, Any]]:
        """``wbsearchentities`` hits for ``text`` (items, in the configured language)."""
        key = (text.casefold(), self.config.language)
        if key not in self.searches:
            body = await self.action(
                {
                    "action": "wbsearchentities",
                    "search": text,
                    "language": self.config.language,
                    "type": "item",
                    "limit": limit,
                }
            )
            self.searches[key] = [
                h for h in body.get("search") or [] if isinstance(h, dict) and h.get("id")
            ]
        return self.searches[key]

    async def get(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Entities by id (claims, labels, aliases), at most 50 per request; missing ones left out."""
        wanted = [i for i in dict.fromkeys(ids) if i not in self.entities]
        for start in range(0, len(wanted), MAX_IDS):
            chunk = wanted[start : start + MAX_IDS]
            body = await self.action(
                {
                    "action": "wbgetentities",
                    "ids": "|".join(chunk),
                    "props": "labels|aliases|descriptions|claims",
                    "languages": f"{self.config.language}|en",
                },
                batch=len(chunk) > 1,
            )
            for eid, entity in (body.get("entities") or {}).items():
                if isinstance(entity, dict) and "missing" not in entity:
                    self.entities[eid] = entity
        return {i: self.entities[i] for i in ids if i in self.entities}

    async def sparql(self, query: str) -> list[dict[str, Any]]:
        """Run a SELECT query on WDQS, one at a time; return the bindings as {var: value}."""
        async with sparql_lock():
            response = await fetch(
                self.ctx,
                "wikidata",
                self.config.sparql,
                params={"query": query, "format": "json"},
                headers={
                    "User-Agent": self.config.user_agent,
                    "Accept": "application/sparql-results+json",
                },
                timeout=self.config.timeout,
                accept=(400, 500),  # a bad or timed-out query: this claim only
            )
        if response.status_code != 200:
            what = "query timed out" if "TimeoutException" in response.text else "query failed"
            raise SourceError(f"wikidata query service: {what} (HTTP {response.status_code})")
        body = read_json(response)
        try:
            rows = body["results"]["bindings"]
        except (KeyError, TypeError):
            raise UnexpectedResponse(
                "unexpected response from the wikidata query service: no results.bindings"
            ) from None
        return [{k: v.get("value") for k, v in row.items() if isinstance(v, dict)} for row in rows]


def qid_from_uri(uri: str | None) -> str | None:
    if not uri:
        return None
    m = re.search(r"(Q\d+)$", uri)
    return m.group(1) if m else None
