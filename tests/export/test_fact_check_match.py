"""Is this published fact-check a check of this claim? "previously checked" in reports,
exports and the review app asks the one matcher (:class:`claimtrack.retrieval.Matcher`)
with its one threshold; the ``factcheck`` verifier ranks Fact Check Tools results with the
same scorer (:func:`claimtrack.retrieval.rank_fact_checks`), maps a rating only when the
checked claim's numbers and negation agree, and the label is the rating table's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seed import add_article

from claimtrack.config import load_settings
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
#: (news sentence, fact-checked claim, the factcheck verifier's label, why not close)
PAIRS = [
    (QUOTE, EINSTEIN, "refuted", None),
    (
        "NATO was set up in 1949, officials said.",
        "NATO was set up in 1955",
        "unverifiable",
        "(it states 1955, this claim does not)",
    ),
    (
        "Sydney is not the capital of Australia, officials stressed.",
        "Sydney is the capital of Australia",
        "unverifiable",
        "(one of the two is negated)",
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


@pytest.mark.parametrize(("sentence", "checked", "label", "why_not"), PAIRS)
def test_the_factcheck_verifier_judges_close_matches(
    sentence: str, checked: str, label: str, why_not: str | None
) -> None:
    url = "https://quotecheck.example/fact-check/1"
    # the factcheck verifier: the pair in Fact Check Tools' shape
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
    assert verdict is not None and verdict.label == label
    said = f'Quote Check rated "{checked}": Misattributed (2023-02-14)'
    if why_not is None:
        assert verdict.summary == said
    else:
        assert verdict.summary == (
            f"related fact-checks, none of this claim; the closest: {said} {why_not}"
        )
    assert [e.url for e in verdict.evidence] == [url]
