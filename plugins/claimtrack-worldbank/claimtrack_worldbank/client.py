"""World Bank Indicators API v2 over the shared httpx client: paging, HTTP-200 errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from claimtrack.verification.api import PluginConfig, VerifyContext
from claimtrack.verification.sources import SourceError, UnexpectedResponse, fetch_json
from claimtrack_worldbank import __version__

DEFAULT_API = "https://api.worldbank.org/v2"
USER_AGENT = (
    f"claimtrack-worldbank/{__version__} (https://github.com/claimtrack/claimtrack; "
    "claimtrack@users.noreply.github.com)"
)
INDICATOR_PAGE = "https://data.worldbank.org/indicator/{indicator}?locations={locations}"
MAX_PAGES = 50


@dataclass(frozen=True)
class Config(PluginConfig, plugin="worldbank"):
    api: str = DEFAULT_API
    timeout: float = 10.0
    per_page: int = 1000
    share_tolerance: float = 0.15
    value_tolerance: float = 0.05
    value_tolerance_hedged: float = 0.05


@dataclass(frozen=True)
class Observation:
    iso3: str
    iso2: str
    country: str
    year: int
    value: float | None


class WorldBankClient:
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
            verifier="worldbank",
        )
        self.cache: dict[str, Any] = state.setdefault("cache", {})

    async def _get(
        self, path: str, params: dict[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """One page: ``[meta, data]``; the one-element ``[{"message": [...]}]`` error raised."""
        body = await fetch_json(
            self.ctx,
            "worldbank",
            f"{self.config.api.rstrip('/')}/{path}",
            params={**params, "format": "json"},
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=self.config.timeout,
        )
        if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
            msgs = body[0]["message"] or [{}]
            msg = msgs[0] if isinstance(msgs, list) and msgs else {}
            raise SourceError(
                f"world bank API error {msg.get('id', '?')}: {msg.get('key', '')} – {msg.get('value', '')}".strip(),
                str(msg.get("id")),
            )
        if not isinstance(body, list) or len(body) < 2 or not isinstance(body[0], dict):
            raise UnexpectedResponse(
                "unexpected response from worldbank: expected [metadata, rows]"
            )
        data = body[1] if isinstance(body[1], list) else []  # [meta, null] when nothing matches
        return body[0], data

    async def _all_pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        page = 1
        while page <= MAX_PAGES:
            meta, data = await self._get(
                path, {**params, "per_page": self.config.per_page, "page": page}
            )
            rows += [r for r in data if isinstance(r, dict)]
            try:
                pages = int(meta.get("pages") or 1)
            except (TypeError, ValueError):
                pages = 1
            if page >= pages:
                break
            page += 1
        return rows

    async def countries(self) -> list[dict[str, Any]]:
        """Every country and aggregate: ``id`` (ISO3), ``iso2Code``, ``name``."""
        countries: list[dict[str, Any]] | None = self.cache.get("countries")
        if countries is None:
            countries = self.cache["countries"] = await self._all_pages("country", {})
        return countries

    async def indicator(
        self, iso3: list[str], indicator: str, first: int, last: int
    ) -> list[Observation]:
        key = f"{';'.join(sorted(iso3))}|{indicator}|{first}:{last}"
        out: list[Observation] | None = self.cache.get(key)
        if out is None:
            rows = await self._all_pages(
                f"country/{';'.join(iso3)}/indicator/{indicator}", {"date": f"{first}:{last}"}
            )
            out = []
            for r in rows:
                try:
                    value = None if r.get("value") is None else float(r["value"])
                    out.append(
                        Observation(
                            str(r.get("countryiso3code") or "").upper(),
                            str((r.get("country") or {}).get("id", "")),
                            str((r.get("country") or {}).get("value", "")),
                            int(r["date"]),
                            value,
                        )
                    )
                except (KeyError, TypeError, ValueError):  # a row without a usable year or value
                    continue
            self.cache[key] = out
        return out


def indicator_url(indicator: str, iso2: list[str]) -> str:
    return INDICATOR_PAGE.format(indicator=indicator, locations="-".join(c for c in iso2 if c))
