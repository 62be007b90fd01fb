"""A fixture run: ``claimtrack check`` with the factcheck verifier against its loopback server.

The issue's finding, end to end: a close published fact-check rated "Misattributed" becomes
the claim's verdict (refuted, the fact-check as evidence with its publisher and date), and
one with a rating no table lists becomes unverifiable with the rating kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from factcheck_helpers import KEY

from claimtrack.testing import CliRunner
from claimtrack_factcheck.fixture_server import FactCheckFixtureServer

ARTICLE = """# Motivation week at the city library

By Sam Reed
Published March 3, 2023

The city library opened its motivation week on Monday with a talk by a local coach.

"Insanity is doing the same thing over and over again and expecting different results," \
Albert Einstein once said, the coach told an audience of 200 people.

Drinking hot water cures the common cold, a viral video shared by the coach claimed.
"""


def test_check_turns_a_close_fact_check_into_a_verdict(
    factcheck_server: FactCheckFixtureServer, tmp_path: Path
) -> None:
    article = tmp_path / "library.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cli = CliRunner(
        tmp_path / "cli",
        env={
            "CLAIMTRACK_FACTCHECK_API": f"{factcheck_server.url}/v1alpha1",
            "CLAIMTRACK_FACTCHECK_KEY": KEY,
        },
    )
    result = cli.run(
        "check", article, "--verifier", "factcheck", "--format", "json", "--no-progress"
    )
    assert result.exit_code == 0, str(result)
    claims = {c["text"][:20]: c for c in json.loads(result.stdout)["claims"]}

    quote = claims['"Insanity is doing t']
    [verdict] = quote["verdicts"]
    assert (verdict["verifier"], verdict["label"]) == ("factcheck", "refuted")
    assert verdict["summary"] == (
        'Quote Check rated "Albert Einstein said insanity is doing the same thing over and '
        'over again and expecting different results": Misattributed (2023-02-14)'
    )
    evidence = verdict["evidence"][0]
    assert evidence["url"] == "https://quotecheck.example/fact-check/einstein-insanity"
    assert evidence["title"] == "Quote Check: No, Einstein did not define insanity"
    assert "Misattributed (2023-02-14) [match " in evidence["snippet"]
    # the claim's outcome is that verdict
    assert (quote["verdict"]["label"], quote["verdict"]["decided_by"]) == ("refuted", "verifiers")

    cold = claims["Drinking hot water c"]
    [verdict] = cold["verdicts"]
    assert verdict["label"] == "unverifiable" and "Zombie claim" in verdict["summary"]
    assert verdict["evidence"][0]["url"] == "https://healthcheck.example/fact-check/hot-water-cold"
    assert KEY not in result.stdout + result.stderr
