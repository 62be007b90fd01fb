"""A loopback stand-in for Wikidata (``/w/api.php`` and ``/sparql``) with fixture data.

The responses follow the real shapes (Wikibase JSON, W3C SPARQL results JSON, Action API
HTTP-200 errors with ``MediaWiki-API-Error``). The data are fixtures written for
claimtrack's tests, shaped like Wikidata's, not copies of it. Use it from tests, or run
``python -m claimtrack_wikidata.fixture_server`` to serve it until interrupted.

Point the plugin at it with ``CLAIMTRACK_WIKIDATA_API={url}/w/api.php`` and
``CLAIMTRACK_WIKIDATA_SPARQL={url}/sparql``.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

from claimtrack.testing import FixtureServer, RecordedRequest, Reply

GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
_hashes = itertools.count(1)


def _h() -> str:
    return f"{next(_hashes):040x}"


def time_value(text: str, precision: int | None = None) -> dict[str, Any]:
    """``"1949-04-04"`` → day precision, ``"1949"`` → ``+1949-00-00T00:00:00Z`` precision 9."""
    parts = text.split("-")
    y, m, d = [*parts, "00", "00"][:3]
    prec = precision or {1: 9, 2: 10, 3: 11}[len(parts)]
    return {
        "time": f"+{int(y):04d}-{int(m):02d}-{int(d):02d}T00:00:00Z",
        "timezone": 0,
        "before": 0,
        "after": 0,
        "precision": prec,
        "calendarmodel": GREGORIAN,
    }


def snak(pid: str, value: Any, *, snaktype: str = "value") -> dict[str, Any]:
    if snaktype != "value":
        return {"snaktype": snaktype, "property": pid, "hash": _h(), "datatype": "wikibase-item"}
    if isinstance(value, str) and re.fullmatch(r"Q\d+", value):
        dv = {
            "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
            "type": "wikibase-entityid",
        }
        datatype = "wikibase-item"
    elif isinstance(value, dict) and "time" in value:
        dv, datatype = {"value": value, "type": "time"}, "time"
    elif isinstance(value, (int, float)):
        dv, datatype = (
            {"value": {"amount": f"+{value}", "unit": "1"}, "type": "quantity"},
            "quantity",
        )
    else:
        dv, datatype = {"value": value, "type": "string"}, "external-id"
    return {
        "snaktype": "value",
        "property": pid,
        "hash": _h(),
        "datatype": datatype,
        "datavalue": dv,
    }


def stmt(
    pid: str,
    value: Any,
    *,
    rank: str = "normal",
    start: str | None = None,
    end: str | None = None,
    at: str | None = None,
    snaktype: str = "value",
) -> dict[str, Any]:
    quals: dict[str, list[dict[str, Any]]] = {}
    for qpid, when in (("P580", start), ("P582", end), ("P585", at)):
        if when:
            quals[qpid] = [snak(qpid, time_value(when))]
    out = {
        "id": f"Q$${_h()[:8]}",
        "type": "statement",
        "rank": rank,
        "mainsnak": snak(pid, value, snaktype=snaktype),
    }
    if quals:
        out["qualifiers"] = quals
        out["qualifiers-order"] = list(quals)
    return out


ENTITIES: dict[str, dict[str, Any]] = {}


def item(
    qid: str, label: str, description: str = "", aliases: tuple[str, ...] = (), **claims: Any
) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "pageid": int(qid[1:]) + 100,
        "ns": 0,
        "title": qid,
        "lastrevid": 2000000000 + int(qid[1:]),
        "modified": "2025-11-01T00:00:00Z",
        "type": "item",
        "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "descriptions": {"en": {"language": "en", "value": description}} if description else {},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]} if aliases else {},
        "claims": {},
        "sitelinks": {"enwiki": {"site": "enwiki", "title": label, "badges": []}},
    }
    for pid, stmts in claims.items():
        entity["claims"][pid] = [
            s if isinstance(s, dict) and "mainsnak" in s else stmt(pid, s)
            for s in (stmts if isinstance(stmts, list) else [stmts])
        ]
    ENTITIES[qid] = entity
    return entity


COUNTRY = ["Q6256", "Q3624078"]

# --- places and people ---------------------------------------------------------------------
item("Q3114", "Canberra", "capital city of Australia")
item("Q3130", "Sydney", "city in New South Wales, Australia")
item("Q1930", "Ottawa", "capital city of Canada")
item("Q172", "Toronto", "city in Ontario, Canada")
item("Q64", "Berlin", "capital and largest city of Germany")
item("Q90", "Paris", "capital city of France")
item("Q2844", "Brasília", "capital city of Brazil", ("Brasilia",))
item("Q8678", "Rio de Janeiro", "city in Brazil")
item("Q1490", "Tokyo", "capital city of Japan")
item("Q3960", "Australia", "continent", ("Australian continent",), P31="Q5107")
for qid, name in [
    ("Q567", "Angela Merkel"),
    ("Q61053", "Olaf Scholz"),
    ("Q1174", "Friedrich Merz"),
    ("Q76658", "Frank-Walter Steinmeier"),
    ("Q3052772", "Emmanuel Macron"),
    ("Q1339549", "Scott Morrison"),
    ("Q4773904", "Anthony Albanese"),
    ("Q2036942", "Justin Trudeau"),
    ("Q23300", "Mark Carney"),
]:
    item(qid, name, "politician", P31="Q5")
item("Q56022", "Chancellor of Germany", "head of government of Germany", ("Federal Chancellor",))
item("Q25223", "President of Germany", "head of state of Germany", ("Federal President",))
item(
    "Q191954",
    "President of the French Republic",
    "head of state of France",
    ("President of France",),
)
item("Q839078", "Prime Minister of Canada", "head of government of Canada")
item(
    "Q11696",
    "President of the United States",
    "head of state and head of government of the United States of America",
    ("POTUS", "US President"),
)
item("Q319145", "Prime Minister of Australia", "head of government of Australia")

# --- organisations -------------------------------------------------------------------------
G7_ID, NATO_ID, BRICS_ID = "Q1764511", "Q7184", "Q18401"
item(
    G7_ID,
    "Group of Seven",
    "intergovernmental political forum",
    ("G7", "G-7", "Group of 7"),
    P31="Q1335818",
    P571=time_value("1975", 9),
    P527=[
        stmt("P527", q, start=s)
        for q, s in [
            ("Q16", "1976"),
            ("Q142", "1975"),
            ("Q183", "1975"),
            ("Q38", "1975"),
            ("Q17", "1975"),
            ("Q145", "1975"),
            ("Q30", "1975"),
        ]
    ],
)
item(
    NATO_ID,
    "NATO",
    "intergovernmental military alliance",
    ("North Atlantic Treaty Organization", "OTAN"),
    P31="Q1127126",
    P571=[
        stmt("P571", time_value("1949-04-04")),
        stmt("P571", time_value("1955"), rank="deprecated"),
    ],
)
item(
    BRICS_ID,
    "BRICS",
    "intergovernmental organization",
    ("BRIC",),
    P31="Q1335818",
    P571=[stmt("P571", time_value("2009", 9)), stmt("P571", None, snaktype="somevalue")],
)
item(
    "Q1065",
    "United Nations",
    "intergovernmental organization",
    ("UN", "U.N."),
    P571=time_value("1945-10-24"),
)
item(
    "Q41550",
    "OECD",
    "international economic organisation",
    ("Organisation for Economic Co-operation and Development",),
    P571=time_value("1961-09-30"),
)
item("Q7159", "African Union", "continental union", ("AU",), P571=time_value("2002-07-09"))

# --- countries (label, iso3, aliases, extra claims) ----------------------------------------
NATO_JOINED = {
    "1949-04-04": [
        "Q31",
        "Q16",
        "Q35",
        "Q142",
        "Q189",
        "Q38",
        "Q32",
        "Q55",
        "Q20",
        "Q45",
        "Q145",
        "Q30",
    ],
    "1952-02-18": ["Q41", "Q43"],
    "1955-05-06": ["Q183"],
    "1982-05-30": ["Q29"],
    "1999-03-12": ["Q213", "Q28", "Q36"],
    "2004-03-29": ["Q219", "Q191", "Q211", "Q37", "Q218", "Q214", "Q215"],
    "2009-04-01": ["Q222", "Q224"],
    "2017-06-05": ["Q236"],
    "2020-03-27": ["Q221"],
    "2023-04-04": ["Q33"],
    "2024-03-07": ["Q34"],
}
BRICS_JOINED = {
    "2009-06-16": ["Q155", "Q159", "Q668", "Q148"],
    "2010-12-24": ["Q258"],
    "2024-01-01": ["Q79", "Q115", "Q794", "Q878"],
    "2025-01-06": ["Q252"],
}
COUNTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Q408": ("Australia", "AUS", ("Commonwealth of Australia", "AU")),
    "Q16": ("Canada", "CAN", ("CA",)),
    "Q142": ("France", "FRA", ("French Republic",)),
    "Q183": ("Germany", "DEU", ("Federal Republic of Germany", "Deutschland")),
    "Q38": ("Italy", "ITA", ("Italian Republic",)),
    "Q17": ("Japan", "JPN", ("Nippon",)),
    "Q145": (
        "United Kingdom",
        "GBR",
        (
            "UK",
            "U.K.",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland",
        ),
    ),
    "Q30": ("United States of America", "USA", ("United States", "US", "U.S.", "USA", "America")),
    "Q159": ("Russia", "RUS", ("Russian Federation",)),
    "Q155": ("Brazil", "BRA", ("Federative Republic of Brazil",)),
    "Q668": ("India", "IND", ("Republic of India",)),
    "Q148": ("People's Republic of China", "CHN", ("China", "PRC")),
    "Q258": ("South Africa", "ZAF", ("Republic of South Africa",)),
    "Q79": ("Egypt", "EGY", ("Arab Republic of Egypt",)),
    "Q115": ("Ethiopia", "ETH", ()),
    "Q794": ("Iran", "IRN", ("Islamic Republic of Iran",)),
    "Q878": ("United Arab Emirates", "ARE", ("UAE", "Emirates")),
    "Q252": ("Indonesia", "IDN", ()),
    "Q31": ("Belgium", "BEL", ()),
    "Q35": ("Denmark", "DNK", ()),
    "Q189": ("Iceland", "ISL", ()),
    "Q32": ("Luxembourg", "LUX", ()),
    "Q55": ("Netherlands", "NLD", ("Holland",)),
    "Q20": ("Norway", "NOR", ()),
    "Q45": ("Portugal", "PRT", ()),
    "Q41": ("Greece", "GRC", ()),
    "Q43": ("Turkey", "TUR", ("Türkiye", "Turkiye")),
    "Q29": ("Spain", "ESP", ()),
    "Q213": ("Czech Republic", "CZE", ("Czechia",)),
    "Q28": ("Hungary", "HUN", ()),
    "Q36": ("Poland", "POL", ()),
    "Q219": ("Bulgaria", "BGR", ()),
    "Q191": ("Estonia", "EST", ()),
    "Q211": ("Latvia", "LVA", ()),
    "Q37": ("Lithuania", "LTU", ()),
    "Q218": ("Romania", "ROU", ()),
    "Q214": ("Slovakia", "SVK", ()),
    "Q215": ("Slovenia", "SVN", ()),
    "Q222": ("Albania", "ALB", ()),
    "Q224": ("Croatia", "HRV", ()),
    "Q236": ("Montenegro", "MNE", ()),
    "Q221": ("North Macedonia", "MKD", ("Macedonia",)),
    "Q33": ("Finland", "FIN", ()),
    "Q34": ("Sweden", "SWE", ()),
}
EXTRA: dict[str, dict[str, Any]] = {
    "Q408": {
        # a deprecated wrong capital, and two dated population figures
        "P36": [stmt("P36", "Q3114", rank="preferred"), stmt("P36", "Q3130", rank="deprecated")],
        "P1082": [
            stmt("P1082", 25422788, at="2021-08-10"),
            stmt("P1082", 26638544, at="2023-06-30", rank="preferred"),
        ],
        "P6": [
            stmt("P6", "Q1339549", start="2018-08-24", end="2022-05-23"),
            stmt("P6", "Q4773904", start="2022-05-23"),
        ],
        "P1313": "Q319145",
    },
    "Q16": {
        "P36": "Q1930",
        "P1313": "Q839078",
        "P6": [
            stmt("P6", "Q2036942", start="2015-11-04", end="2025-03-14"),
            stmt("P6", "Q23300", start="2025-03-14"),
        ],
    },
    "Q183": {
        "P36": "Q64",
        "P1313": "Q56022",
        "P1906": "Q25223",
        "P6": [
            stmt("P6", "Q567", start="2005-11-22", end="2021-12-08"),
            stmt("P6", "Q61053", start="2021-12-08", end="2025-05-06"),
            stmt("P6", "Q1174", start="2025-05-06", rank="preferred"),
        ],
        "P35": stmt("P35", "Q76658", start="2017-03-19"),
        "P1082": [stmt("P1082", 83237124, at="2022-12-31")],
    },
    "Q142": {"P36": "Q90", "P1906": "Q191954", "P35": stmt("P35", "Q3052772", start="2017-05-14")},
    "Q30": {
        # Presidents (P35) since 2017 are in fixture_data.json (Trump's two terms are two
        # statements, as on Wikidata).
        "P1906": "Q11696",
    },
    "Q155": {"P36": "Q2844"},
    "Q17": {"P36": "Q1490"},
}


def _data_statements(pid: str, values: list[Any]) -> list[Any]:
    """Statements from ``fixture_data.json``: a plain value, ``{"time": …}``, or ``{value, start, end, rank}``."""
    out: list[Any] = []
    for v in values:
        if isinstance(v, dict) and "time" in v:
            out.append(stmt(pid, time_value(v["time"])))
        elif isinstance(v, dict):
            value = time_value(v["value"]["time"]) if isinstance(v["value"], dict) else v["value"]
            out.append(
                stmt(
                    pid, value, rank=v.get("rank", "normal"), start=v.get("start"), end=v.get("end")
                )
            )
        else:
            out.append(v)
    return out


def _load_data() -> None:
    """Add the items and country statements of ``fixture_data.json`` (more real facts, as data)."""
    data = json.loads(Path(__file__).with_name("fixture_data.json").read_text(encoding="utf-8"))
    for entry in data["items"]:
        if entry["id"] in ENTITIES or entry["id"] in COUNTRIES:
            raise ValueError(f"fixture_data.json: {entry['id']} is already defined")
        claims = {pid: _data_statements(pid, vs) for pid, vs in entry.get("claims", {}).items()}
        item(
            entry["id"],
            entry["label"],
            entry.get("description", ""),
            tuple(entry.get("aliases", ())),
            **claims,
        )
    for qid, claims in data["claims"].items():
        extra = EXTRA.setdefault(qid, {})
        for pid, vs in claims.items():
            if pid in extra:
                raise ValueError(f"fixture_data.json: {qid} {pid} is already defined")
            extra[pid] = _data_statements(pid, vs)


_load_data()
for _qid, (_name, _iso3, _aliases) in COUNTRIES.items():
    _claims: dict[str, Any] = {"P31": COUNTRY, "P298": _iso3}
    _member: list[dict[str, Any]] = []
    for _when, _ids in NATO_JOINED.items():
        if _qid in _ids:
            _member.append(stmt("P463", NATO_ID, start=_when))
    for _when, _ids in BRICS_JOINED.items():
        if _qid in _ids:
            _member.append(stmt("P463", BRICS_ID, start=_when))
    if _member:
        _claims["P463"] = _member
    _claims.update(EXTRA.get(_qid, {}))
    item(_qid, _name, "country", _aliases, **_claims)

#: Search terms whose hits are listed in a fixed order (to exercise disambiguation).
SEARCH_ORDER = {"australia": ["Q3960", "Q408"]}


def _names(entity: dict[str, Any]) -> list[str]:
    out = [v["value"] for v in entity["labels"].values()]
    out += [a["value"] for lst in entity.get("aliases", {}).values() for a in lst]
    return out


def _hit(entity: dict[str, Any], text: str, match_type: str) -> dict[str, Any]:
    qid, lab = entity["id"], entity["labels"]["en"]["value"]
    desc = entity.get("descriptions", {}).get("en", {}).get("value", "")
    hit = {
        "id": qid,
        "title": qid,
        "pageid": entity["pageid"],
        "repository": "wikidata",
        "url": f"//www.wikidata.org/wiki/{qid}",
        "concepturi": f"http://www.wikidata.org/entity/{qid}",
        "display": {
            "label": {"value": lab, "language": "en"},
            "description": {"value": desc, "language": "en"},
        },
        "label": lab,
        "description": desc,
        "match": {"type": match_type, "language": "en", "text": text},
    }
    if match_type == "alias":
        hit["aliases"] = [text]
    return hit


def api_error(code: str, info: str, **extra: Any) -> Reply:
    body = {
        "error": {
            "code": code,
            "info": info,
            **extra,
            "*": "See https://www.wikidata.org/w/api.php for API usage.",
        },
        "servedby": "mw-api-int.eqiad.main-1",
    }
    return Reply.json(body, headers={"MediaWiki-API-Error": code})


def maxlag_reply(retry_after: int = 5) -> Reply:
    """The real maxlag refusal: HTTP 200, an error body, Retry-After and X-Database-Lag."""
    reply = api_error(
        "maxlag",
        "Waiting for 10.64.48.35: 6.2 seconds lagged.",
        host="10.64.48.35",
        lag=6.2,
        type="db",
    )
    reply.headers.update({"Retry-After": str(retry_after), "X-Database-Lag": "6"})
    return reply


def sparql_reply(vars_: list[str], rows: list[dict[str, Any]]) -> Reply:
    return Reply.json(
        {"head": {"vars": vars_}, "results": {"bindings": rows}},
        content_type="application/sparql-results+json;charset=utf-8",
    )


def too_many_requests(seconds: int = 2) -> Reply:
    return Reply.text(
        f"<html><body><h1>Too Many Requests - Please retry in {seconds} seconds.</h1></body></html>",
        429,
        {"Retry-After": str(seconds)},
        "text/html;charset=iso-8859-1",
    )


def banned() -> Reply:
    return Reply.text(
        "You have been banned until 2026-01-01T00:00:00Z, please respect throttling and retry-after headers.",
        403,
    )


def query_timeout() -> Reply:
    return Reply.text(
        "SPARQL-QUERY: queryStr=...\njava.util.concurrent.TimeoutException\n\tat java.util.concurrent.FutureTask.get",
        500,
    )


class WikidataFixtureServer(FixtureServer):
    """Serves ``/w/api.php`` (wbsearchentities, wbgetentities) and ``/sparql``."""

    require_user_agent = True

    def route(self, req: RecordedRequest) -> Reply:
        ua = req.headers.get("user-agent", "")
        if self.require_user_agent and (
            not ua or ua.startswith("python-httpx") or ("@" not in ua and "http" not in ua)
        ):
            return Reply.text(
                "Please set a user-agent and respect our robot policy https://w.wiki/4wJS.", 403
            )
        if req.path.endswith("/w/api.php"):
            return self.api(req)
        if req.path.endswith("/sparql"):
            return self.sparql(req)
        return Reply.text("Not found", 404)

    def api(self, req: RecordedRequest) -> Reply:
        if req.arg("format") != "json":
            return Reply.text('<?xml version="1.0"?><api/>', content_type="text/xml")
        action = req.arg("action")
        if action == "wbsearchentities":
            return self.search(req)
        if action == "wbgetentities":
            return self.getentities(req)
        return api_error("badvalue", f'Unrecognized value for parameter "action": {action}.')

    def search(self, req: RecordedRequest) -> Reply:
        text = (req.arg("search") or "").strip()
        if not text or not req.arg("language"):
            return api_error("missingparam", 'The "search" and "language" parameters must be set.')
        limit = min(int(req.arg("limit", "7") or 7), 50)
        offset = int(req.arg("continue", "0") or 0)
        key = text.casefold()
        hits: list[tuple[int, int, dict[str, Any]]] = []
        for entity in ENTITIES.values():
            for i, name in enumerate(_names(entity)):
                if name.casefold() == key or name.casefold().startswith(key):
                    exact = 0 if name.casefold() == key else 1
                    hits.append(
                        (
                            exact,
                            int(entity["id"][1:]),
                            _hit(entity, name, "label" if i == 0 else "alias"),
                        )
                    )
                    break
        hits.sort(key=lambda h: (h[0], h[1]))
        ordered = [h[2] for h in hits]
        if key in SEARCH_ORDER:
            first = [h for q in SEARCH_ORDER[key] for h in ordered if h["id"] == q]
            ordered = first + [h for h in ordered if h not in first]
        page = ordered[offset : offset + limit]
        body: dict[str, Any] = {"searchinfo": {"search": text}, "search": page}
        if offset + limit < len(ordered) and offset + limit < 50:
            body["search-continue"] = offset + limit
        body["success"] = 1
        return Reply.json(body)

    def getentities(self, req: RecordedRequest) -> Reply:
        ids = [i for i in (req.arg("ids") or "").split("|") if i]
        if len(ids) > 50:
            return api_error(
                "toomanyvalues",
                'Too many values supplied for parameter "ids". The limit is 50.',
                parameter="ids",
                limit=50,
            )
        out: dict[str, Any] = {}
        for eid in ids:
            if not re.fullmatch(r"[QPL]\d+", eid):
                return api_error(
                    "no-such-entity", f'Could not find an entity with the ID "{eid}".', id=eid
                )
            out[eid] = ENTITIES.get(eid, {"id": eid, "missing": ""})
        return Reply.json({"entities": out, "success": 1})

    def sparql(self, req: RecordedRequest) -> Reply:
        query = req.arg("query") or ""
        held = re.search(r"ps:P35\s+wd:(Q\d+)", query)
        if held:  # the countries a person heads (state P35 or government P6)
            rows = [
                {"country": {"type": "uri", "value": f"http://www.wikidata.org/entity/{e['id']}"}}
                for e in ENTITIES.values()
                if any(
                    st["rank"] != "deprecated"
                    and st["mainsnak"].get("datavalue", {}).get("value", {}).get("id")
                    == held.group(1)
                    for pid in ("P35", "P6")
                    for st in e["claims"].get(pid, [])
                )
            ]
            return sparql_reply(["country"], rows)
        m = re.search(r"ps:P463\s+wd:(Q\d+)", query)
        if not m:
            return Reply.text("MalformedQueryException: Encountered unexpected token.", 400)
        group = m.group(1)
        rows = []
        for entity in ENTITIES.values():
            for st in entity["claims"].get("P463", []):
                if (
                    st["rank"] == "deprecated"
                    or st["mainsnak"]["datavalue"]["value"]["id"] != group
                ):
                    continue
                row: dict[str, Any] = {
                    "member": {
                        "type": "uri",
                        "value": f"http://www.wikidata.org/entity/{entity['id']}",
                    }
                }
                for var, pid in (("start", "P580"), ("end", "P582")):
                    for q in st.get("qualifiers", {}).get(pid, []):
                        t = q["datavalue"]["value"]["time"].lstrip("+").replace("-00", "-01")
                        row[var] = {
                            "datatype": "http://www.w3.org/2001/XMLSchema#dateTime",
                            "type": "literal",
                            "value": t,
                        }
                rows.append(row)
        return sparql_reply(["member", "start", "end"], rows)


if __name__ == "__main__":  # pragma: no cover
    import time

    with WikidataFixtureServer() as srv:
        print(f"CLAIMTRACK_WIKIDATA_API={srv.url}/w/api.php")
        print(f"CLAIMTRACK_WIKIDATA_SPARQL={srv.url}/sparql", flush=True)
        while True:
            time.sleep(3600)
