"""A loopback stand-in for Google Fact Check Tools ``claims:search`` with fixture reviews.

Keys (``key=`` or ``X-Goog-Api-Key``): none → 403 PERMISSION_DENIED, ``bad`` → 400
API_KEY_INVALID, ``quota`` → 429 RESOURCE_EXHAUSTED; any other key is accepted. Replies
follow the discovery document's shapes; a no-match reply is ``{}``; results page through
``nextPageToken``. The reviews are fixtures written for claimtrack's tests; their publishers
and URLs are fictional (``*.example``).

``CLAIMTRACK_FACTCHECK_API={url}/v1alpha1``; ``python -m claimtrack_factcheck.fixture_server``.
"""

from __future__ import annotations

import re
from typing import Any

from claimtrack.testing import FixtureServer, RecordedRequest, Reply


def review(
    site: str, name: str | None, slug: str, rating: str, date: str | None, title: str
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "publisher": {"site": site},
        "url": f"https://{site}/fact-check/{slug}",
        "title": title,
        "textualRating": rating,
        "languageCode": "en",
    }
    if name:
        out["publisher"]["name"] = name
    if date:
        out["reviewDate"] = f"{date}T00:00:00Z"
    return out


CLAIMS: list[dict[str, Any]] = [
    {
        "text": "NATO was set up in 1955",
        "claimant": "Social media posts",
        "claimDate": "2023-04-01T00:00:00Z",
        "claimReview": [
            review(
                "factdesk.example",
                "Fact Desk",
                "nato-founded-1949",
                "False",
                "2023-04-03",
                "No, NATO was not founded in 1955",
            )
        ],
    },
    {
        "text": "Sydney is the capital of Australia",
        "claimReview": [
            review(
                "checkpoint.example",
                None,
                "sydney-capital",
                "Incorrect",
                "2022-01-10",
                "Canberra, not Sydney, is Australia's capital",
            )
        ],
    },
    {
        "text": "The G7 is home to a tenth of the world's population",
        "claimant": "Trade minister",
        "claimReview": [
            review(
                "numbers.example",
                "Numbers Check",
                "g7-population-share",
                "Mostly True",
                "2023-05-20",
                "The G7's share of world population is just under 10%",
            )
        ],
    },
    {
        "text": "Olaf Scholz is still the German Chancellor",
        "claimant": "Viral post",
        "claimDate": "2025-10-01T00:00:00Z",
        "claimReview": [
            review(
                "factdesk.example",
                "Fact Desk",
                "scholz-still-chancellor",
                "False",
                "2025-10-02",
                "Friedrich Merz has been chancellor since May 2025",
            )
        ],
    },
    {
        "text": "Trade between G7 economies grew by 4.2 percent in 2022",
        "claimant": "OECD",
        "claimReview": [
            review(
                "numbers.example",
                "Numbers Check",
                "g7-trade-2022",
                "Unproven",
                "2023-06-01",
                "What we know about G7 trade growth",
            )
        ],
    },
    {
        # The finding: a close match rated "Misattributed" (the words are real, the
        # speaker is not) must become a verdict, not "none a close match".
        "text": "Albert Einstein said insanity is doing the same thing over and over again "
        "and expecting different results",
        "claimant": "Quote websites",
        "claimDate": "2023-02-01T00:00:00Z",
        "claimReview": [
            review(
                "quotecheck.example",
                "Quote Check",
                "einstein-insanity",
                "Misattributed",
                "2023-02-14",
                "No, Einstein did not define insanity",
            )
        ],
    },
    {
        # A rating no table lists: the verdict is unverifiable and keeps the rating.
        "text": "Drinking hot water cures the common cold",
        "claimant": "Viral video",
        "claimDate": "2023-01-09T00:00:00Z",
        "claimReview": [
            review(
                "healthcheck.example",
                "Health Check",
                "hot-water-cold",
                "Zombie claim",
                "2023-01-12",
                "Hot water and colds, again",
            )
        ],
    },
    # Reworded claims (see the plugin's tests): the one matcher finds these fact-checks of
    # "a cup of hot lemon water will cure covid" and "Bill Gates ... implant microchips",
    # which the strict same-claim rule (token ratio >= 80, the same numbers) missed.
    {
        "text": "Drinking hot lemon water cures COVID-19",
        "claimant": "Facebook posts",
        "claimDate": "2023-03-01T00:00:00Z",
        "claimReview": [
            review(
                "healthcheck.example",
                "Health Check",
                "lemon-water-covid",
                "False",
                "2023-03-03",
                "No, hot lemon water does not cure COVID-19",
            )
        ],
    },
    {
        # A distractor sharing the words "hot lemon water", about another claim.
        "text": "Hot lemon water is a good source of vitamin C",
        "claimReview": [
            review(
                "healthcheck.example",
                "Health Check",
                "lemon-water-vitamin-c",
                "True",
                "2023-02-20",
                "Lemon water and vitamin C",
            )
        ],
    },
    {
        "text": "Bill Gates wants to microchip people through vaccines",
        "claimant": "Viral video",
        "claimDate": "2023-04-20T00:00:00Z",
        "claimReview": [
            review(
                "factdesk.example",
                "Fact Desk",
                "gates-microchip-vaccines",
                "False",
                "2023-04-25",
                "There are no microchips in vaccines",
            )
        ],
    },
] + [
    {
        "text": f"Trade claim number {i} about tariffs and trade",
        "claimReview": [
            review(
                "tradecheck.example",
                "Trade Check",
                f"tariffs-{i}",
                "Half True",
                "2024-01-01",
                f"Tariffs {i}",
            )
        ],
    }
    for i in range(1, 15)
]


def google_error(code: int, status: str, message: str, reason: str | None = None) -> Reply:
    details = (
        [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
                "metadata": {"service": "factchecktools.googleapis.com"},
            }
        ]
        if reason
        else []
    )
    return Reply.json(
        {"error": {"code": code, "message": message, "status": status, "details": details}}, code
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


class FactCheckFixtureServer(FixtureServer):
    #: keys seen, so tests can assert where the key travelled
    def route(self, req: RecordedRequest) -> Reply:
        if not req.path.endswith("/claims:search"):
            return google_error(404, "NOT_FOUND", "Method not found.")
        key = req.arg("key") or req.headers.get("x-goog-api-key")
        if not key:
            return google_error(403, "PERMISSION_DENIED", "The request is missing a valid API key.")
        if key == "bad":
            return google_error(
                400,
                "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key.",
                "API_KEY_INVALID",
            )
        if key == "quota":
            return google_error(
                429,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Queries'.",
                "RATE_LIMIT_EXCEEDED",
            )
        query = req.arg("query")
        if not query:
            return google_error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")
        size = int(req.arg("pageSize", "10") or 10)
        start = int(req.arg("pageToken") or "0", 36) if req.arg("pageToken") else 0
        qw = _words(query)
        hits = [
            c for c in CLAIMS if len(qw & _words(c["text"])) >= max(2, len(_words(c["text"])) // 2)
        ]
        page = hits[start : start + size]
        if not page:
            return Reply.json({})
        body: dict[str, Any] = {"claims": page}
        if start + size < len(hits):
            body["nextPageToken"] = _b36(start + size)
        return Reply.json(body)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


if __name__ == "__main__":  # pragma: no cover
    import time

    with FactCheckFixtureServer() as srv:
        print(f"CLAIMTRACK_FACTCHECK_API={srv.url}/v1alpha1", flush=True)
        while True:
            time.sleep(3600)
