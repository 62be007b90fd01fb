"""``claimtrack import claimreview``: published fact-checks become reviewed claims."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from seed import add_article

from claimtrack.errors import ClaimtrackError
from claimtrack.importers.claimreview import label_for_rating, parse_fact_checks
from claimtrack.registry import Registry
from claimtrack.services.match import previously_checked
from claimtrack.testing.server import FixtureServer

DATA = Path(__file__).parent / "data"


def run_cli(
    registry: Registry, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", registry.url, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


def parse(name: str):  # type: ignore[no-untyped-def]
    return parse_fact_checks((DATA / name).read_text(encoding="utf-8"), source=name)


def test_html_page_with_graph_and_http_context() -> None:
    [check] = parse("factcheck_page.html")  # the NewsArticle block is ignored
    assert check.claim == "Italy's unemployment rate fell to 3.5% in 2023."
    assert (check.publisher, check.publisher_url) == (
        "Example Fact Check",
        "https://factcheck.example",
    )
    assert (check.rating, check.label) == ("False", "refuted")
    assert (check.rating_value, check.best_rating, check.worst_rating) == (
        1.0,
        5.0,
        1.0,
    )  # numbers given as strings
    assert check.url == "https://factcheck.example/2024/italy-unemployment"
    assert (
        check.claimant == "A. Minister"
        and check.claim_date == "2024-05-10"
        and check.date == "2024-05-12"
    )
    assert check.appearances == ("https://news.example/g7-trade", "https://video.example/clip")


def test_single_object_and_array() -> None:
    [flat] = parse("claimreview_single.json")
    assert (flat.claim, flat.publisher, flat.label, flat.claimant) == (
        "The world is flat",
        "Example Fact Check",
        "refuted",
        "Flat World Society",
    )
    canberra, g7 = parse("claimreview_array.json")
    assert (canberra.rating, canberra.label) == ("Correct", "supported")
    assert (g7.rating, g7.label) == ("2/5", "refuted")  # numeric rating only: 2 on 1..5


def test_fact_check_tools_response() -> None:
    snopes, politifact, fullfact = parse("factcheck_tools_search.json")
    assert (snopes.claim, snopes.publisher, snopes.rating, snopes.label) == (
        "Vaccines cause autism",
        "Snopes",
        "False",
        "refuted",
    )
    assert snopes.claimant == "Random blog" and snopes.date == "2021-02-01T00:00:00Z"
    assert (politifact.publisher, politifact.label) == (
        "politifact.com",
        "refuted",
    )  # only publisher.site given
    assert (fullfact.claim, fullfact.label, fullfact.claimant) == (
        "Half of all statistics are made up on the spot",
        "mixed",
        None,
    )


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        ("False", "refuted"),
        ("Pants on Fire!", "refuted"),
        ("Mostly False", "refuted"),
        ("Incorrect", "refuted"),
        ("Not true", "refuted"),
        ("Half True", "mixed"),
        ("Misleading", "mixed"),
        ("Missing context", "mixed"),
        ("Mostly True", "supported"),
        ("TRUE", "supported"),
        ("Correct attribution", "supported"),
        ("Unproven", "unverifiable"),
        ("Satire", "unverifiable"),
        ("Falso", "refuted"),
        ("something new", "unverifiable"),
    ],
)
def test_rating_labels(rating: str, label: str) -> None:
    assert label_for_rating(rating) == label


def test_numeric_rating_fallback() -> None:
    assert label_for_rating(None, 5, 5, 1) == "supported"
    assert label_for_rating("", 3, 5, 1) == "mixed"
    assert label_for_rating(None, 1, 5, 1) == "refuted"
    assert label_for_rating(None, 9, 10, 0) == "supported"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"@type": "ClaimReview", ',
            "x: malformed JSON-LD: Expecting property name enclosed in double quotes at line 1 column 26",
        ),
        (
            "<html><body>no data</body></html>",
            'x: no <script type="application/ld+json"> block in this HTML page',
        ),
        ('{"@type": "NewsArticle"}', "x: no ClaimReview or Fact Check Tools claims found"),
        ("{}", "x: no ClaimReview or Fact Check Tools claims found"),
        ('{"claims": []}', "x: the claims:search response has no claims with reviews"),
        (
            '{"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}}',
            "x: ClaimReview without claimReviewed: nothing to import",
        ),
    ],
)
def test_bad_input_messages(text: str, message: str) -> None:
    with pytest.raises(ClaimtrackError) as info:
        parse_fact_checks(text, source="x")
    assert str(info.value) == message


def test_import_stores_reviewed_claims(registry: Registry) -> None:
    result = run_cli(registry, "import", "claimreview", str(DATA / "factcheck_page.html"))
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == "Imported 1 fact-check(s) from 1 page(s): 1 new claim(s), 0 matched existing claim(s)\n"
    )
    [claim] = registry.claims()
    assert claim.status == "reviewed"
    assert claim.values["claimreview"][0]["publisher"] == "Example Fact Check"
    assert claim.values["claimreview"][0]["rating"] == "False"
    assert (
        claim.values["claimreview"][0]["url"] == "https://factcheck.example/2024/italy-unemployment"
    )
    [review] = registry.reviews(claim.id)
    assert (review.reviewer, review.label) == ("Example Fact Check", "refuted")
    assert review.note == "False (https://factcheck.example/2024/italy-unemployment)"
    [(mention, article)] = registry.mentions(claim.id)
    assert article.source == "https://factcheck.example/2024/italy-unemployment"
    assert article.text[mention.start : mention.end] == claim.text
    assert mention.speaker == "A. Minister"
    again = run_cli(registry, "import", "claimreview", str(DATA / "factcheck_page.html"))
    assert again.stdout.endswith("; 1 already imported, skipped\n")
    assert registry.counts()["review"] == 1


def test_import_fact_check_tools_from_stdin(registry: Registry) -> None:
    result = run_cli(
        registry,
        "import",
        "claimreview",
        "-",
        "--json",
        stdin=(DATA / "factcheck_tools_search.json").read_text(),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (
        summary["fact_checks"],
        summary["articles"],
        summary["new_claims"],
        summary["matched_claims"],
    ) == (3, 3, 2, 1)
    vaccines = next(c for c in registry.claims() if c.text == "Vaccines cause autism")
    assert [(p["publisher"], p["rating"]) for p in vaccines.values["claimreview"]] == [
        ("Snopes", "False"),
        ("politifact.com", "Pants on Fire"),
    ]
    assert sorted(r.reviewer for r in registry.reviews(vaccines.id)) == ["Snopes", "politifact.com"]
    assert vaccines.status == "reviewed"
    # The fact-checks' own dates are stored as the imported articles' dates, from metadata.
    dated = [a for a, _n in registry.articles() if a.published is not None]
    assert dated and {a.published_source for a in dated} == {"metadata"}


def test_import_from_url(registry: Registry) -> None:
    with FixtureServer() as server:
        server.text(
            "/fc/italy",
            (DATA / "factcheck_page.html").read_bytes(),
            content_type="text/html; charset=utf-8",
        )
        server.text("/gone", "not here", status=404)
        ok = run_cli(registry, "import", "claimreview", f"{server.url}/fc/italy")
        assert ok.returncode == 0, ok.stderr
        gone = run_cli(registry, "import", "claimreview", f"{server.url}/gone")
    assert registry.counts()["claim"] == 1
    assert (
        gone.returncode == 1
        and gone.stderr.strip() == f"Error: {server.url}/gone: HTTP 404 Not Found"
    )


def test_import_json_response_from_url(registry: Registry) -> None:
    """A Fact Check Tools response served as application/json is accepted; an image is not."""
    with FixtureServer() as server:
        server.json(
            "/v1alpha1/claims:search",
            json.loads((DATA / "factcheck_tools_search.json").read_text()),
        )
        server.text("/logo.png", b"\x89PNG\r\n", content_type="image/png")
        ok = run_cli(registry, "import", "claimreview", f"{server.url}/v1alpha1/claims:search")
        image = run_cli(registry, "import", "claimreview", f"{server.url}/logo.png")
    assert ok.returncode == 0, ok.stderr
    assert registry.counts()["claim"] == 2
    assert image.returncode == 1 and "unsupported content type 'image/png'" in image.stderr


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "malformed_page.html",
            "malformed JSON-LD (JSON-LD block 1): Expecting property name enclosed in double quotes",
        ),
        ("missing.json", "missing.json: no such file"),
    ],
)
def test_bad_files_write_nothing(registry: Registry, source: str, expected: str) -> None:
    before = registry.counts()
    result = run_cli(registry, "import", "claimreview", str(DATA / source))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("Error: ")
    assert expected in result.stderr
    assert registry.counts() == before


def test_new_matching_claim_shows_previously_checked(registry: Registry, tmp_path: Path) -> None:
    assert (
        run_cli(registry, "import", "claimreview", str(DATA / "factcheck_page.html")).returncode
        == 0
    )
    article = tmp_path / "rome.txt"
    article.write_text(
        "Rome budget row deepens\n\n"
        "Italy's unemployment rate fell to 3.5% in 2023. The opposition disagreed with the minister.\n",
        encoding="utf-8",
    )
    added = run_cli(registry, "add", str(article), "--json")
    assert added.returncode == 0, added.stderr
    article_id = json.loads(added.stdout)[0]["article_id"]
    matched = [c for c in registry.claims(article_id=article_id) if "unemployment" in c.text]
    assert matched, "the extractor should keep the statistic"
    [prior] = previously_checked(registry, matched[0].id)
    assert prior.describe() == "previously checked by Example Fact Check: False"
    exported = json.loads(
        run_cli(registry, "export", "-f", "json", "--article", str(article_id)).stdout
    )
    assert exported[0]["previously_checked"][0]["publisher"] == "Example Fact Check"


async def test_review_app_shows_previously_checked(registry: Registry) -> None:
    from claimtrack.review.app import ReviewApp, screen_text
    from claimtrack.services.importing import store_fact_checks

    store_fact_checks(registry, parse("claimreview_single.json"), source="test")
    # A new article says the same thing in another word order: the registry matches it.
    seeded = add_article(
        registry,
        ["Odd club meets.", "Flat is the world."],
        [("Flat is the world.", "other", 0.6, None)],
        source="https://news.example/club",
        title="Club",
    )
    [claim_id] = seeded.claim_ids
    assert [c.describe() for c in previously_checked(registry, claim_id)] == [
        "previously checked by Example Fact Check: False"
    ]
    app = ReviewApp(registry, reviewer="tester", keys={}, article_id=seeded.article_id)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
    assert "previously checked by Example Fact Check: False" in screen
    assert "»Flat is the world.«" in screen or "Flat is the world." in screen
