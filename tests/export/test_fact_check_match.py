"""Is this published fact-check a check of this claim? "previously checked" in reports,
exports and the review app asks the one matcher (:class:`claimtrack.retrieval.Matcher`)
with its one threshold; the ``factcheck`` verifier still judges Fact Check Tools results
with the strict same-claim rule (``match_fact_check``), and the label is the rating table's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seed import add_article

from claimtrack.config import load_settings
from claimtrack.extraction.matching import FACT_CHECK_THRESHOLD, match_fact_check
from claimtrack.importers.claimreview import FactCheck, label_for_rating, read_fact_checks
from claimtrack.registry import Registry
from claimtrack.retrieval import PREVIOUSLY_CHECKED
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import PriorCheckIndex, find_fact_checks
from claimtrack_factcheck.verifier import Config, judge

EXAMPLE_FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
EINSTEIN = (
    "Albert Einstein said insanity is doing the same thing over and over again and "
    "expecting different results"
)
QUOTE = (
    '"Insanity is doing the same thing over and over again and expecting different '
    'results," Albert Einstein once said.'
)
#: (news sentence, fact-checked claim, close?)
PAIRS = [
    (QUOTE, EINSTEIN, True),
    (
        "NATO, set up in 1955, held a parallel meeting of its defence ministers in Brussels.",
        "NATO was set up in 1955",
        True,
    ),
    ("NATO was set up in 1949, officials said.", "NATO was set up in 1955", False),
    (
        "Sydney is not the capital of Australia, officials stressed.",
        "Sydney is the capital of Australia",
        False,
    ),
]


#: (news sentence, fact-checked claim, where the one matcher puts the fact-check)
RETRIEVAL = [
    (QUOTE, EINSTEIN, "previously checked"),
    (
        "NATO, set up in 1955, held a parallel meeting of its defence ministers in Brussels.",
        "NATO was set up in 1955",
        "possibly related",
    ),
    ("Defence ministers met in Brussels on Tuesday.", "NATO was set up in 1955", "unrelated"),
]


@pytest.mark.parametrize(("sentence", "checked", "expected"), RETRIEVAL)
def test_previously_checked_uses_the_matcher_and_its_one_threshold(
    registry: Registry, sentence: str, checked: str, expected: str
) -> None:
    # Background: the example feed, so that word frequencies mean something.
    feed = read_fact_checks(str(EXAMPLE_FEED), load_settings())
    store_fact_checks(registry, feed, source=str(EXAMPLE_FEED))
    url = "https://quotecheck.example/fact-check/1"
    check = FactCheck(
        claim=checked,
        publisher="Quote Check",
        rating="Misattributed",
        label=label_for_rating("Misattributed"),
        url=url,
    )
    assert store_fact_checks(registry, [check], source=url).reviews == 1
    seeded = add_article(
        registry,
        [sentence],
        [(sentence, "quote", 0.9, None)],
        source="https://news.example/a",
        title="A",
    )
    [claim_id] = seeded.claim_ids
    claim = registry.claim(claim_id)
    assert claim is not None
    index = PriorCheckIndex.load(registry)
    found = [(p.publisher, p.rating, p.label, p.url) for p in index.lookup(claim)]
    related = [p.url for p in index.related(claim)]
    mine = ("Quote Check", "Misattributed", "refuted", url)
    assert (mine in found) == (expected == "previously checked")
    assert (url in related) == (expected == "possibly related")
    if expected != "unrelated":
        [match] = [m for m in find_fact_checks(registry, sentence) if m.fact_check.url == url]
        assert match.previously_checked == (expected == "previously checked")
        assert match.score >= PREVIOUSLY_CHECKED or not match.previously_checked


@pytest.mark.parametrize(("sentence", "checked", "close"), PAIRS)
def test_the_factcheck_verifier_judges_close_matches(
    sentence: str, checked: str, close: bool
) -> None:
    match = match_fact_check(sentence, checked)
    assert match.close == close and (match.score >= FACT_CHECK_THRESHOLD or not close)
    url = "https://quotecheck.example/fact-check/1"
    # the factcheck verifier: the same pair in Fact Check Tools' shape
    response = [
        {
            "text": checked,
            "claimReview": [
                {
                    "publisher": {"name": "Quote Check", "site": "quotecheck.example"},
                    "url": url,
                    "textualRating": "Misattributed",
                    "reviewDate": "2023-02-14T00:00:00Z",
                }
            ],
        }
    ]
    verdict = judge(sentence, response, Config(key="k"))
    assert verdict is not None
    if close:
        assert verdict.label == "refuted" and "Misattributed (2023-02-14)" in verdict.summary
    else:
        assert (verdict.label, verdict.summary) == (
            "unverifiable",
            "related fact-checks, none a close match",
        )
