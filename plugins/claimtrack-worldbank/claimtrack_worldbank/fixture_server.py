"""A loopback stand-in for the World Bank Indicators API v2, with fixture data.

Shapes follow the real API: ``[meta, data]`` pages, ``value: null`` for years without
data, ``[meta, null]`` when nothing matches, the HTTP-200 one-element ``message`` error,
a string ``per_page`` in ``meta``, and XML when ``format=json`` is missing. The figures are
fixtures written for claimtrack's tests (close to, but not copied from, the real series).

``CLAIMTRACK_WORLDBANK_API={url}/v2``; ``python -m claimtrack_worldbank.fixture_server``.
"""

from __future__ import annotations

import math
import re
from typing import Any

from claimtrack.testing import FixtureServer, RecordedRequest, Reply

#: ISO3: (ISO2, name, region, population 2022, yearly growth, GDP 2022 in US$ trillions)
COUNTRIES: dict[str, tuple[str, str, str, float, float, float]] = {
    "CAN": ("CA", "Canada", "North America", 38.93e6, 0.012, 2.16),
    "FRA": ("FR", "France", "Europe & Central Asia", 67.97e6, 0.003, 2.78),
    "DEU": ("DE", "Germany", "Europe & Central Asia", 83.80e6, 0.002, 4.08),
    "ITA": ("IT", "Italy", "Europe & Central Asia", 58.94e6, -0.003, 2.07),
    "JPN": ("JP", "Japan", "East Asia & Pacific", 125.12e6, -0.005, 4.26),
    "GBR": ("GB", "United Kingdom", "Europe & Central Asia", 66.97e6, 0.005, 3.09),
    "USA": ("US", "United States", "North America", 333.29e6, 0.005, 25.74),
    "AUS": ("AU", "Australia", "East Asia & Pacific", 26.01e6, 0.013, 1.69),
    "BRA": ("BR", "Brazil", "Latin America & Caribbean", 215.31e6, 0.005, 1.95),
    "RUS": ("RU", "Russian Federation", "Europe & Central Asia", 144.24e6, -0.003, 2.27),
    "IND": ("IN", "India", "South Asia", 1417.17e6, 0.008, 3.35),
    "CHN": ("CN", "China", "East Asia & Pacific", 1412.18e6, -0.0005, 17.88),
    "ZAF": ("ZA", "South Africa", "Sub-Saharan Africa", 59.89e6, 0.010, 0.405),
    "EGY": ("EG", "Egypt, Arab Rep.", "Middle East & North Africa", 110.99e6, 0.016, 0.477),
    "ETH": ("ET", "Ethiopia", "Sub-Saharan Africa", 123.38e6, 0.025, 0.127),
    "IRN": ("IR", "Iran, Islamic Rep.", "Middle East & North Africa", 88.55e6, 0.007, 0.413),
    "ARE": ("AE", "United Arab Emirates", "Middle East & North Africa", 9.44e6, 0.010, 0.507),
    "IDN": ("ID", "Indonesia", "East Asia & Pacific", 275.50e6, 0.007, 1.32),
    "KOR": ("KR", "Korea, Rep.", "East Asia & Pacific", 51.63e6, 0.0, 1.67),
    "ARG": ("AR", "Argentina", "Latin America & Caribbean", 46.23e6, 0.006, 0.632),
    "MEX": ("MX", "Mexico", "Latin America & Caribbean", 127.50e6, 0.007, 1.47),
    "SAU": ("SA", "Saudi Arabia", "Middle East & North Africa", 36.41e6, 0.015, 1.11),
    "TUR": ("TR", "Turkiye", "Europe & Central Asia", 85.34e6, 0.006, 0.907),
    "WLD": ("1W", "World", "Aggregates", 7951.6e6, 0.009, 101.1),
}
FIRST_YEAR, LAST_YEAR, LAST_DATA_YEAR = 2015, 2025, 2024
INDICATORS = {"SP.POP.TOTL": "Population, total", "NY.GDP.MKTP.CD": "GDP (current US$)"}


def value(iso3: str, indicator: str, year: int) -> float | None:
    if year > LAST_DATA_YEAR:
        return None  # not yet published
    _, _, _, pop, growth, gdp = COUNTRIES[iso3]
    if indicator == "SP.POP.TOTL":
        return float(round(pop * math.pow(1 + growth, year - 2022)))
    if iso3 == "ETH" and year == 2015:
        return None  # a gap, like real series have
    return round(gdp * 1e12 * math.pow(1.03, year - 2022), 2)


def country_row(iso3: str) -> dict[str, Any]:
    iso2, name, region, *_ = COUNTRIES[iso3]
    agg = region == "Aggregates"
    return {
        "id": iso3,
        "iso2Code": iso2,
        "name": name,
        "region": {"id": "NA" if agg else "XX", "iso2code": "NA" if agg else "XX", "value": region},
        "adminregion": {"id": "", "iso2code": "", "value": ""},
        "incomeLevel": {
            "id": "NA" if agg else "XD",
            "iso2code": "NA",
            "value": "Aggregates" if agg else "Not classified",
        },
        "lendingType": {
            "id": "",
            "iso2code": "",
            "value": "Aggregates" if agg else "Not classified",
        },
        "capitalCity": "",
        "longitude": "",
        "latitude": "",
    }


def message(id_: str, key: str, text: str) -> Reply:
    return Reply.json([{"message": [{"id": id_, "key": key, "value": text}]}])


def page(
    rows: list[dict[str, Any]] | None, req: RecordedRequest, *, lastupdated: str = "2025-07-01"
) -> Reply:
    per_page = int(req.arg("per_page", "50") or 50)
    pageno = int(req.arg("page", "1") or 1)
    if rows is None:
        return Reply.json(
            [
                {
                    "page": 1,
                    "pages": 0,
                    "per_page": str(per_page),
                    "total": 0,
                    "sourceid": None,
                    "lastupdated": lastupdated,
                },
                None,
            ]
        )
    pages = max(1, math.ceil(len(rows) / per_page))
    meta = {
        "page": pageno,
        "pages": pages,
        "per_page": str(per_page),
        "total": len(rows),
        "sourceid": "2",
        "lastupdated": lastupdated,
    }
    return Reply.json([meta, rows[(pageno - 1) * per_page : pageno * per_page]])


class WorldBankFixtureServer(FixtureServer):
    def route(self, req: RecordedRequest) -> Reply:
        if req.arg("format") != "json":
            return Reply.text(
                '<?xml version="1.0" encoding="utf-8"?><wb:data xmlns:wb="http://www.worldbank.org"/>',
                content_type="application/xml; charset=utf-8",
            )
        path = re.sub(r"^/v2(?:/en)?", "", req.path).rstrip("/")
        if path == "/country":
            return page([country_row(c) for c in COUNTRIES], req)
        m = re.fullmatch(r"/country/([^/]+)/indicator/([^/]+)", path)
        if not m:
            return message("110", "Resource not found", "The requested resource was not found.")
        codes = [c.upper() for c in m.group(1).split(";")]
        indicator = m.group(2)
        if indicator not in INDICATORS:
            return message(
                "175",
                "Invalid format",
                "The indicator was not found. It may have been deleted or archived.",
            )
        if codes == ["ALL"]:
            codes = list(COUNTRIES)
        if any(c not in COUNTRIES for c in codes):
            return message("120", "Invalid value", "The provided parameter value is not valid")
        date = req.arg("date") or f"{FIRST_YEAR}:{LAST_YEAR}"
        dm = re.fullmatch(r"(\d{4})(?::(\d{4}))?", date)
        if not dm:
            return message("120", "Invalid value", "The provided parameter value is not valid")
        first, last = int(dm.group(1)), int(dm.group(2) or dm.group(1))
        years = [y for y in range(max(first, FIRST_YEAR), min(last, LAST_YEAR) + 1)]
        if not years:
            return page(None, req)
        rows = []
        for c in codes:
            iso2, name, *_ = COUNTRIES[c]
            for y in sorted(years, reverse=True):
                v = value(c, indicator, y)
                rows.append(
                    {
                        "indicator": {"id": indicator, "value": INDICATORS[indicator]},
                        "country": {"id": iso2, "value": name},
                        "countryiso3code": c,
                        "date": str(y),
                        "value": v if v is None or indicator != "SP.POP.TOTL" else int(v),
                        "unit": "",
                        "obs_status": "",
                        "decimal": 0,
                    }
                )
        return page(rows, req)


def service_unavailable() -> Reply:
    return Reply.text(
        "<html><body><h1>503 Service Unavailable</h1></body></html>", 503, content_type="text/html"
    )


if __name__ == "__main__":  # pragma: no cover
    import time

    with WorldBankFixtureServer() as srv:
        print(f"CLAIMTRACK_WORLDBANK_API={srv.url}/v2", flush=True)
        while True:
            time.sleep(3600)
