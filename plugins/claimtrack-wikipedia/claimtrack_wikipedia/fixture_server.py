"""A loopback stand-in for Wikipedia: Action API ``list=search``, REST page summaries and
core REST ``search/page``, with fixture pages written for claimtrack's tests.

Covers: standard summaries, a ``disambiguation`` page (HTTP 200), a ``no-extract`` page,
302 redirects with ``Location``, 301 for titles with spaces, the 404 problem JSON, search
paged with ``continue``, zero hits, the ``badvalue`` error with ``MediaWiki-API-Error``,
and ``limit`` > 100 → 400 on ``search/page``.

``CLAIMTRACK_WIKIPEDIA_API={url}/w/api.php``, ``CLAIMTRACK_WIKIPEDIA_REST={url}/api/rest_v1``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

from claimtrack.testing import FixtureServer, RecordedRequest, Reply

SUMMARY_TYPE = (
    'application/json; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/Summary/1.5.0"'
)

#: title: (type, wikibase item, description, extract)
PAGES: dict[str, tuple[str, str, str, str]] = {
    "Group of Seven": (
        "standard",
        "Q1764511",
        "Intergovernmental political forum",
        (
            "The Group of Seven (G7) is an intergovernmental political and economic forum consisting of "
            "Canada, France, Germany, Italy, Japan, the United Kingdom and the United States. It is "
            "organized around shared values of pluralism and representative government. As of 2020, its "
            "members accounted for about 45 percent of the gross world product."
        ),
    ),
    "OECD": (
        "standard",
        "Q41550",
        "International economic organisation",
        (
            "The Organisation for Economic Co-operation and Development (OECD) is an intergovernmental "
            "organisation with 38 member countries, founded in 1961 to stimulate economic progress and "
            "world trade. Trade between member economies is tracked in its annual trade statistics."
        ),
    ),
    "Asia-Pacific Economic Cooperation": (
        "standard",
        "Q170481",
        "Forum for 21 Pacific Rim member economies",
        (
            "Asia-Pacific Economic Cooperation (APEC) is an inter-governmental forum for 21 member "
            "economies in the Pacific Rim that promotes free trade throughout the Asia-Pacific region. "
            "Trade ministers of the region meet every year."
        ),
    ),
    "Australian Bureau of Statistics": (
        "standard",
        "Q1143034",
        "Australian government agency",
        (
            "The Australian Bureau of Statistics (ABS) is the independent statutory agency of the "
            "Australian Government responsible for statistical collection and analysis. It estimated "
            "the population of Australia at about 26 million people in 2022."
        ),
    ),
    "Sydney": (
        "standard",
        "Q3130",
        "City in New South Wales, Australia",
        (
            "Sydney is the capital city of the state of New South Wales and the most populous city in "
            "Australia. It is not the national capital; that is Canberra."
        ),
    ),
    "Mercury": (
        "disambiguation",
        "Q213939",
        "Topics referred to by the same term",
        "Mercury commonly refers to: Mercury (planet), Mercury (element), Mercury (mythology).",
    ),
    "Trade talks (stub)": ("no-extract", "Q999001", "", ""),
}
#: redirect title → target
REDIRECTS = {
    "G7": "Group of Seven",
    "Group of 7": "Group of Seven",
    "ABS": "Australian Bureau of Statistics",
    "Organisation for Economic Co-operation and Development": "OECD",
}


def summary(title: str) -> dict[str, Any]:
    kind, qid, desc, extract = PAGES[title]
    key = title.replace(" ", "_")
    return {
        "type": kind,
        "title": key,
        "displaytitle": title,
        "namespace": {"id": 0, "text": ""},
        "wikibase_item": qid,
        "titles": {"canonical": key, "normalized": title, "display": title},
        "pageid": 1000 + len(key),
        "lang": "en",
        "dir": "ltr",
        "revision": "1244644008",
        "tid": "cc9499ab-2553-11f1-b86f-cfa91db6b75a",
        "timestamp": "2025-10-01T12:00:00Z",
        "description": desc,
        "description_source": "local",
        "content_urls": {
            "desktop": {
                "page": f"https://en.wikipedia.org/wiki/{quote(key)}",
                "revisions": f"https://en.wikipedia.org/wiki/{quote(key)}?action=history",
            },
            "mobile": {"page": f"https://en.m.wikipedia.org/wiki/{quote(key)}"},
        },
        "extract": extract,
        "extract_html": f"<p>{extract}</p>" if extract else "",
    }


def not_found(title: str) -> Reply:
    return Reply.json(
        {
            "type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
            "title": "Not found.",
            "method": "get",
            "detail": "Page or revision not found.",
            "uri": f"/en.wikipedia.org/v1/page/summary/{quote(title)}",
        },
        404,
        content_type="application/problem+json",
    )


def api_error(code: str, info: str) -> Reply:
    return Reply.json(
        {
            "error": {
                "code": code,
                "info": info,
                "*": "See https://en.wikipedia.org/w/api.php for API usage.",
            },
            "servedby": "mw-api-ext.eqiad.main-1",
        },
        headers={"MediaWiki-API-Error": code},
    )


def _score(title: str, terms: list[str]) -> int:
    text = (title + " " + PAGES[title][3]).casefold()
    return sum(1 for t in terms if t in text)


class WikipediaFixtureServer(FixtureServer):
    def route(self, req: RecordedRequest) -> Reply:
        req.path = unquote(req.path)  # as the real server sees it
        ua = req.headers.get("user-agent", "")
        if not ua or ua.startswith("python-httpx"):
            return Reply.text(
                "Please set a user-agent and respect our robot policy https://w.wiki/4wJS.", 403
            )
        if req.path.endswith("/w/api.php"):
            return self.api(req)
        if req.path.endswith("/w/rest.php/v1/search/page"):
            return self.rest_search(req)
        m = re.search(r"/api/rest_v1/page/summary/(.+)$", req.path)
        if m:
            return self.page_summary(m.group(1), req)
        return Reply.text("not found", 404)

    def hits(self, query: str) -> list[str]:
        terms = [t.casefold() for t in re.findall(r"\w+", query) if len(t) > 1]
        scored = [(s, t) for t in PAGES if (s := _score(t, terms)) > 0]
        return [t for s, t in sorted(scored, key=lambda x: (-x[0], x[1]))]

    def api(self, req: RecordedRequest) -> Reply:
        if req.arg("format") != "json":
            return Reply.text('<?xml version="1.0"?><api/>', content_type="text/xml")
        if req.arg("action") != "query" or req.arg("list") != "search":
            return api_error(
                "badvalue", f'Unrecognized value for parameter "action": {req.arg("action")}.'
            )
        try:
            limit = int(req.arg("srlimit", "10") or 10)
        except ValueError:
            return api_error("badinteger", 'Invalid value for parameter "srlimit".')
        if limit > 500:
            return api_error("badvalue", "srlimit may not be over 500 (set to 501) for users.")
        offset = int(req.arg("sroffset", "0") or 0)
        hits = self.hits(req.arg("srsearch") or "")
        page = hits[offset : offset + limit]
        body: dict[str, Any] = {"batchcomplete": ""}
        if offset + limit < len(hits):
            body["continue"] = {"sroffset": offset + limit, "continue": "-||"}
        body["query"] = {
            "searchinfo": {"totalhits": len(hits)},
            "search": [
                {
                    "ns": 0,
                    "title": t,
                    "pageid": 1000 + len(t),
                    "size": 5000,
                    "wordcount": 800,
                    "snippet": f'…<span class="searchmatch">{t}</span>…',
                    "timestamp": "2025-10-01T12:00:00Z",
                }
                for t in page
            ],
        }
        return Reply.json(body)

    def rest_search(self, req: RecordedRequest) -> Reply:
        limit = int(req.arg("limit", "50") or 50)
        if limit > 100:
            return Reply.json(
                {
                    "messageTranslations": {"en": "Invalid limit"},
                    "httpCode": 400,
                    "httpReason": "Bad Request",
                },
                400,
            )
        pages = [
            {
                "id": 1000 + len(t),
                "key": t.replace(" ", "_"),
                "title": t,
                "excerpt": PAGES[t][3][:120],
                "matched_title": None,
                "description": PAGES[t][2] or None,
                "thumbnail": None,
            }
            for t in self.hits(req.arg("q") or "")[:limit]
        ]
        return Reply.json({"pages": pages})

    def page_summary(self, raw: str, req: RecordedRequest) -> Reply:
        if " " in raw:
            return Reply(301, b"", {"Location": f"{self.url}{req.path.replace(' ', '_')}"})
        title = raw.replace("_", " ")
        if title in REDIRECTS and req.arg("redirect") != "false":
            target = REDIRECTS[title].replace(" ", "_")
            return Reply(
                302,
                b"",
                {
                    "Location": f"{self.url}/api/rest_v1/page/summary/{quote(target)}",
                    "Content-Type": SUMMARY_TYPE,
                },
            )
        if title not in PAGES:
            return not_found(raw)
        return Reply.json(
            summary(title), content_type=SUMMARY_TYPE, headers={"ETag": '"1244644008/cc9499ab"'}
        )


if __name__ == "__main__":  # pragma: no cover
    import time

    with WikipediaFixtureServer() as srv:
        print(f"CLAIMTRACK_WIKIPEDIA_API={srv.url}/w/api.php")
        print(f"CLAIMTRACK_WIKIPEDIA_REST={srv.url}/api/rest_v1", flush=True)
        while True:
            time.sleep(3600)
