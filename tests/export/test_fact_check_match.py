"""One matcher and one threshold for "is this published fact-check a check of this claim?"
(issue 11, part 4): the "previously checked" lookup of reports and exports and the
``factcheck`` verifier agree on every pair, and the label is the rating table's.
"""

from __future__ import annotations

import pytest
from seed import add_article

from claimtrack.extraction.matching import FACT_CHECK_THRESHOLD, match_fact_check
from claimtrack.importers.claimreview import FactCheck, label_for_rating
from claimtrack.registry import Registry
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import PriorCheckIndex
from claimtrack_factcheck.verifier import Config, judge

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


@pytest.mark.parametrize(("sentence", "checked", "close"), PAIRS)
def test_previously_checked_and_the_factcheck_verifier_agree(
    registry: Registry, sentence: str, checked: str, close: bool
) -> None:
    match = match_fact_check(sentence, checked)
    assert match.close == close and (match.score >= FACT_CHECK_THRESHOLD or not close)

    # "previously checked": an imported fact-check, then an article repeating the claim
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
    found = PriorCheckIndex.load(registry).lookup(claim)
    assert [(p.publisher, p.rating, p.label) for p in found] == (
        [("Quote Check", "Misattributed", "refuted")] if close else []
    )

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
