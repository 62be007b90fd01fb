"""A loopback stand-in for the ClaimBuster API v2 (``/score/text/<text>``, GET and POST).

``x-api-key`` must be ``cb-test-key`` (missing → 401, wrong → 403, statuses [U] in the
reference); a sentence containing ``slow`` is answered after 2 s, one containing ``boom``
gets a 500, ``nothing`` gets ``results: []``. Scores are a deterministic fixture formula.

``CLAIMTRACK_CLAIMBUSTER_API={url}/claimbuster/api/v2``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from claimtrack.testing import FixtureServer, RecordedRequest, Reply

VALID_KEYS = {"cb-test-key"}
WORDS = (
    "percent",
    "million",
    "billion",
    "founded",
    "capital",
    "members",
    "population",
    "chancellor",
    "president",
)


def fixture_score(text: str) -> float:
    t = text.casefold()
    if t.rstrip().endswith("?"):
        return 0.05
    s = 0.15 + (0.45 if re.search(r"\d", t) else 0) + (0.2 if any(w in t for w in WORDS) else 0)
    s += 0.1 if re.search(r"\b(is|was|has|are)\b", t) else 0
    return round(min(s, 0.95), 4)


class ClaimBusterFixtureServer(FixtureServer):
    def route(self, req: RecordedRequest) -> Reply:
        req.path = unquote(req.path)  # as the real server sees it
        key = req.headers.get("x-api-key")
        if not key:
            return Reply.json({"message": "Missing API key"}, 401)
        if key not in VALID_KEYS:
            return Reply.json({"message": "Invalid API key"}, 403)
        m = re.search(r"/score/text/(.*)$", req.path)
        if not m:
            return Reply.json({"message": "Not found"}, 404)
        text = m.group(1)
        if req.method == "POST":
            try:
                text = json.loads(req.body or b"{}").get("input_text", "")
            except ValueError:
                return Reply.json({"message": "Bad JSON"}, 400)
        if "boom" in text:
            return Reply.text("Internal Server Error", 500)
        reply = Reply.json(
            {
                "version": "2",
                "results": []
                if "nothing" in text
                else [{"text": text, "index": 0, "score": fixture_score(text)}],
            }
        )
        if "slow" in text:
            reply.delay = 2.0
        return reply


if __name__ == "__main__":  # pragma: no cover
    import time

    with ClaimBusterFixtureServer() as srv:
        print(f"CLAIMTRACK_CLAIMBUSTER_API={srv.url}/claimbuster/api/v2", flush=True)
        while True:
            time.sleep(3600)
