"""The review app: "possibly related" fact-checks below the threshold, confirmed with one key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from seed import add_article

from claimtrack.config import load_settings
from claimtrack.importers.claimreview import read_fact_checks
from claimtrack.outcome import outcome
from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp, screen_text
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import CONFIRMED_NOTE, PriorCheckIndex, previously_checked

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
NATO = "https://truthmeter.example/nato-founded"
SENTENCE = "NATO defence ministers met in Brussels, 75 years after the alliance was founded."


async def test_a_possibly_related_fact_check_is_confirmed_with_one_key(registry: Registry) -> None:
    store_fact_checks(registry, read_fact_checks(str(FEED), load_settings()), source="feed")
    seeded = add_article(
        registry,
        [SENTENCE],
        [(SENTENCE, "other", 0.8, None)],
        source="https://news.example/nato",
        title="NATO",
    )
    [claim_id] = seeded.claim_ids
    claim = registry.claim(claim_id)
    assert claim is not None
    # Below the threshold: not previously checked, but offered as possibly related.
    assert previously_checked(registry, claim_id) == []
    [related] = PriorCheckIndex.load(registry).related(claim)
    assert related.url == NATO and related.score is not None and related.score < 0.7

    app = ReviewApp(registry, reviewer="tester", keys={}, article_id=seeded.article_id)
    async with app.run_test(size=(180, 40)) as pilot:
        await pilot.pause()
        before = screen_text(app)
        assert "Possibly related fact-checks" in before
        assert "1  0.57  Truth Meter: True" in before
        assert "previously checked by Truth Meter" not in before
        await pilot.press("c")
        await pilot.pause()
        after = screen_text(app)
    assert "previously checked by Truth Meter: True" in after
    assert "Possibly related fact-checks" not in after

    # Stored as a review decision: a note naming the fact-check, which decides nothing.
    [review] = registry.reviews(claim_id)
    assert (review.reviewer, review.label, review.note) == ("tester", "note", CONFIRMED_NOTE + NATO)
    stored = registry.claim(claim_id)
    assert stored is not None and stored.status == "open"
    assert outcome(stored, [], [review]).decided_by is None
    # Shown afterwards as previously checked, everywhere.
    [prior] = previously_checked(registry, claim_id)
    assert (prior.url, prior.confirmed, prior.describe()) == (
        NATO,
        True,
        "previously checked by Truth Meter: True",
    )

    # ... and through the commands a reviewer runs next: `show` (text and JSON) and `report`.
    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", registry.url, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "250"},
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = cli("show", str(claim_id))
    assert f"previously checked by Truth Meter: True  {NATO}" in shown
    assert "possibly related" not in shown
    as_json = json.loads(cli("show", str(claim_id), "--json"))
    assert [(p["url"], p["confirmed"]) for p in as_json["previously_checked"]] == [(NATO, True)]
    assert as_json["possibly_related"] == [] or all(
        p["url"] != NATO for p in as_json["possibly_related"]
    )
    report = json.loads(cli("report", "--article", str(seeded.article_id), "--format", "json"))
    [row] = [r for r in report["claims"] if r["id"] == claim_id]
    assert [(p["url"], p["description"]) for p in row["previously_checked"]] == [
        (NATO, "previously checked by Truth Meter: True")
    ]
