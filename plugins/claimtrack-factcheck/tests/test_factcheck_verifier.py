"""The factcheck verifier: close matches map ratings, loose ones are evidence, keys stay secret."""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest
from factcheck_helpers import KEY, make_claim, make_ctx, run, verify

from claimtrack.retrieval import PREVIOUSLY_CHECKED
from claimtrack.testing import fast_http_options
from claimtrack_factcheck.verifier import Config, FactCheckVerifier, judge, rating_label

V = FactCheckVerifier()
#: Tries the shared client makes: a fault scripted that many times outlasts its retries.
ATTEMPTS = fast_http_options().attempts


def test_close_match_maps_rating(factcheck_server):
    v = run(verify(V, "NATO was set up in 1955, the minister said."))
    assert v.label == "refuted", v.summary
    ev = v.evidence[0]
    assert ev.url == "https://factdesk.example/fact-check/nato-founded-1949"
    assert "Fact Desk" in ev.snippet and "False" in ev.snippet and "2023-04-03" in ev.snippet
    assert KEY not in repr(v)


def test_review_with_only_site_and_no_claimant(factcheck_server):
    v = run(verify(V, "Sydney is the capital of Australia."))
    assert v.label == "refuted" and "checkpoint.example rated" in v.evidence[0].snippet


def test_mostly_true_is_supported(factcheck_server):
    v = run(verify(V, "The G7 is home to a tenth of the world's population."))
    assert v.label == "supported"


def test_close_unproven_fact_check_is_an_unverifiable_verdict(factcheck_server):
    """A close match whose rating takes no side is a verdict too: unverifiable, with the
    fact-check (publisher, rating, date) as evidence."""
    v = run(verify(V, "G7 economies saw trade grow by 4.2 percent in 2022, figures showed."))
    assert v.label == "unverifiable" and v.confidence == 0.0
    assert v.summary.startswith('Numbers Check rated "Trade between G7 economies grew')
    assert "Unproven (2023-06-01)" in v.summary
    assert v.evidence[0].url == "https://numbers.example/fact-check/g7-trade-2022"


def test_misattributed_close_match_becomes_a_verdict(factcheck_server):
    """The issue's finding: a close match rated "Misattributed" was discarded as "related
    fact-checks, none a close match"; it is a refuted verdict with the fact-check as evidence."""
    sentence = (
        '"Insanity is doing the same thing over and over again and expecting different '
        'results," Albert Einstein once said.'
    )
    v = run(verify(V, sentence))
    assert v.label == "refuted", v.summary
    assert "none of this claim" not in v.summary and "Misattributed" in v.summary
    [request] = factcheck_server.requests
    assert request.path.endswith("/v1alpha1/claims:search")
    ev = v.evidence[0]
    assert ev.url == "https://quotecheck.example/fact-check/einstein-insanity"
    assert ev.title == "Quote Check: No, Einstein did not define insanity"
    assert ev.snippet is not None and "Misattributed (2023-02-14)" in ev.snippet
    score = float(re.search(r"\[match (\d\.\d\d)\]", ev.snippet).group(1))
    assert score >= PREVIOUSLY_CHECKED


def test_unknown_rating_is_unverifiable_and_kept(factcheck_server):
    v = run(verify(V, "Drinking hot water cures the common cold, a viral video claimed."))
    assert v.label == "unverifiable" and "Zombie claim (2023-01-12)" in v.summary
    assert v.evidence[0].url == "https://healthcheck.example/fact-check/hot-water-cold"


def test_loose_match_is_evidence_only(factcheck_server):
    v = run(verify(V, "Trade claim number about tariffs and trade was checked."))
    # Each fact-check states a number ("Trade claim number 3 ...") the sentence does not.
    assert v.label == "unverifiable" and v.summary.startswith(
        "related fact-checks, none of this claim; the closest: Trade Check rated"
    )
    assert v.summary.endswith("this claim does not)"), v.summary
    assert v.evidence and all("tradecheck.example" in (e.url or "") for e in v.evidence)


@pytest.mark.parametrize(
    ("sentence", "url", "checked"),
    [
        # The strict same-claim rule scored this 75 and read "19" of "COVID-19" as a number
        # the sentence leaves out: "related, none a close match".
        (
            "A viral post says a cup of hot lemon water will cure covid.",
            "https://healthcheck.example/fact-check/lemon-water-covid",
            "Drinking hot lemon water cures COVID-19",
        ),
        # ... and this 78, under its threshold of 80.
        (
            "Vaccines are being used by Bill Gates to implant microchips in people.",
            "https://factdesk.example/fact-check/gates-microchip-vaccines",
            "Bill Gates wants to microchip people through vaccines",
        ),
    ],
)
def test_a_reworded_claim_finds_its_fact_check_first(factcheck_server, sentence, url, checked):
    """The one matcher ranks the Fact Check Tools results: a reworded claim gets the rating
    of its own fact-check, ranked above a distractor sharing its words ("hot lemon water
    is a good source of vitamin C", rated True), which stays evidence and decides nothing."""
    v = run(verify(V, sentence))
    assert v is not None and v.label == "refuted", v
    assert v.evidence[0].url == url
    assert v.summary.startswith(f'{v.evidence[0].title.split(":")[0]} rated "{checked}": False')
    assert "more)" not in v.summary  # no other fact-check of this claim backs it
    scores = [float(re.search(r"\[match (\d\.\d\d)\]", e.snippet).group(1)) for e in v.evidence]
    assert scores[0] >= PREVIOUSLY_CHECKED and scores == sorted(scores, reverse=True)
    assert 0.7 <= v.confidence <= 0.9
    if "lemon" in url:
        assert [e.url for e in v.evidence][1:] == [
            "https://healthcheck.example/fact-check/lemon-water-vitamin-c"
        ]


def test_below_the_threshold_the_verdict_says_what_was_found_and_that_it_is_another_claim():
    """A related fact-check under the one threshold: unverifiable, naming it, its score and
    the threshold, with the fact-check as evidence."""
    found = [
        {
            "text": "Hot lemon water is a good source of vitamin C",
            "claimReview": [
                {
                    "url": "https://x.example/vitamin-c",
                    "textualRating": "True",
                    "publisher": {"name": "X"},
                }
            ],
        }
    ]
    v = judge("Lemon juice from the market is a source of income for farmers", found, Config())
    assert v is not None and v.label == "unverifiable" and v.confidence == 0.0
    summary = re.sub(r"match 0\.\d\d", "match S", v.summary)
    assert summary == (
        'related fact-checks, none of this claim; the closest: X rated "Hot lemon water is a'
        f' good source of vitamin C": True (match S < {PREVIOUSLY_CHECKED:.2f}; it states'
        " 'hot', 'water', 'good', 'vitamin', 'c', this claim does not)"
    ), v.summary
    assert [e.url for e in v.evidence] == ["https://x.example/vitamin-c"]
    # Under related_threshold (0-1; above 1, a percentage, the setting's former scale): nothing.
    for floor in (0.69, 69.0):
        assert judge("Lemon juice from the market is a source of income for farmers", found,
                     Config(related_threshold=floor)) is None  # fmt: skip


def test_different_numbers_never_map():
    found = [
        {
            "text": "NATO was set up in 1955",
            "claimReview": [
                {"url": "https://x.example/a", "textualRating": "False", "publisher": {"name": "X"}}
            ],
        }
    ]
    v = judge("NATO was set up in 1949", found, Config(key="k"))
    assert v is not None and v.label == "unverifiable"
    assert v.summary == (
        'related fact-checks, none of this claim; the closest: X rated "NATO was set up in'
        ' 1955": False (it states 1955, this claim does not)'
    )


def test_no_match_is_not_applicable(factcheck_server):
    assert (
        run(verify(V, "Organisers said a multi-billion dollar package would be announced.")) is None
    )


def test_paging_with_next_page_token(factcheck_server):
    v = run(
        verify(
            V,
            "Trade claim number about tariffs and trade was checked.",
            settings={"page_size": 5, "max_pages": 3},
        )
    )
    tokens = [r.arg("pageToken") for r in factcheck_server.requests]
    assert tokens[0] is None and tokens[1] and len(factcheck_server.requests) == 3
    assert v is not None


def test_key_sent_in_header_not_url_by_default(factcheck_server, caplog):
    with caplog.at_level(logging.DEBUG):
        run(verify(V, "NATO was set up in 1955."))
    req = factcheck_server.requests[0]
    assert req.headers["x-goog-api-key"] == KEY and "key" not in req.query
    assert KEY not in caplog.text


def test_key_in_query_when_configured(factcheck_server):
    v = run(verify(V, "NATO was set up in 1955.", settings={"key_in": "query"}))
    assert factcheck_server.requests[0].arg("key") == KEY
    assert all(KEY not in (e.url or "") for e in v.evidence)


def test_no_key_says_so_once_and_stays_out(factcheck_server, monkeypatch, caplog):
    monkeypatch.delenv("CLAIMTRACK_FACTCHECK_KEY")
    state: dict = {}
    with caplog.at_level(logging.INFO):
        assert run(verify(V, "NATO was set up in 1955.", run_state=state)) is None
        assert run(verify(V, "Sydney is the capital of Australia.", run_state=state)) is None
    assert sum("no API key" in r.getMessage() for r in caplog.records) == 1
    assert factcheck_server.requests == []


def test_google_env_var_accepted(factcheck_server, monkeypatch):
    monkeypatch.delenv("CLAIMTRACK_FACTCHECK_KEY")
    monkeypatch.setenv("GOOGLE_FACTCHECK_API_KEY", "another-key-123")
    assert run(verify(V, "NATO was set up in 1955.")).label == "refuted"


def test_one_config_class_declares_settings_and_the_key_is_masked_whatever_its_env_name(
    monkeypatch,
):
    from claimtrack.verification.engine import secret_values, verifier_settings

    assert FactCheckVerifier.config is Config and FactCheckVerifier.secrets == ("key",)
    assert FactCheckVerifier.defaults["related_threshold"] == 0.2
    monkeypatch.delenv("CLAIMTRACK_FACTCHECK_KEY", raising=False)
    monkeypatch.setenv("GOOGLE_FACTCHECK_API_KEY", "google-key-7781")
    settings = verifier_settings(V, {"key_in": "query"})
    assert settings["key"] == "google-key-7781" and settings["key_in"] == "query"
    assert secret_values(V, settings) == ["google-key-7781"]  # what the engine masks
    assert "google-key-7781" not in repr(Config.load(settings))


@pytest.mark.parametrize(
    ("key", "expect"), [("bad", "API key rejected"), ("quota", "factcheck unreachable")]
)
def test_google_errors(factcheck_server, monkeypatch, caplog, key, expect):
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_KEY", key)
    state: dict = {}
    with caplog.at_level(logging.WARNING):
        a = run(verify(V, "NATO was set up in 1955.", run_state=state))
        b = run(verify(V, "Sydney is the capital of Australia.", run_state=state))
    assert a.label == b.label == "unverifiable" and expect in a.summary
    assert sum("factcheck unreachable" in r.getMessage() for r in caplog.records) == 1
    assert "bad" not in a.summary.replace("API key rejected", "") or key != "bad"


def test_timeout_and_truncated(factcheck_server, monkeypatch):
    from claimtrack.testing import Reply

    factcheck_server.script(
        "claims:search",
        *[Reply(200, b'{"claims": [{"text": "NATO', {"Content-Type": "application/json"})]
        * ATTEMPTS,
    )
    v = run(verify(V, "NATO was set up in 1955."))
    assert v.label == "unverifiable" and "malformed" in v.summary
    factcheck_server.script("claims:search", *[Reply.json({}, delay=1.0)] * ATTEMPTS)
    v = run(
        verify(
            V,
            "Sydney is the capital of Australia.",
            http_options=fast_http_options(read_timeout=0.2),
            settings={"timeout": 0.2},
        )
    )
    assert v.label == "unverifiable" and "timed out" in v.summary


def test_offline_once(monkeypatch, caplog):
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_API", "http://127.0.0.1:9/v1alpha1")
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_KEY", KEY)
    state: dict = {}

    async def go():
        async with httpx.AsyncClient(timeout=2) as http:
            return await asyncio.gather(
                *(
                    V.verify(make_claim(s), make_ctx(http, run_state=state))
                    for s in ["NATO was set up in 1955.", "Sydney is the capital of Australia."] * 3
                )
            )

    with caplog.at_level(logging.WARNING):
        verdicts = run(go())
    assert all(v.label == "unverifiable" and "factcheck unreachable" in v.summary for v in verdicts)
    assert sum("factcheck unreachable" in r.getMessage() for r in caplog.records) == 1
    assert KEY not in caplog.text


def test_rating_table():
    assert rating_label("Pants on Fire!") == "refuted"
    assert rating_label("Half-True") == "mixed"
    assert rating_label("Mostly True") == "supported"
    assert rating_label("Misattributed") == "refuted"
    assert rating_label("Engañoso") == "mixed"
    assert rating_label("Unproven") == "unverifiable"
    assert rating_label("Zombie claim") == "unverifiable"


def test_fact_check_inside_a_long_sentence_matches(factcheck_server):
    v = run(
        verify(
            V,
            "NATO, set up in 1955, held a parallel meeting of its defence ministers in Brussels on Tuesday.",
        )
    )
    assert v.label == "refuted" and "Fact Desk" in v.summary


def test_negation_never_maps():
    found = [
        {
            "text": "Sydney is the capital of Australia",
            "claimReview": [
                {"url": "https://x.example/a", "textualRating": "False", "publisher": {"name": "X"}}
            ],
        }
    ]
    v = judge("Sydney is not the capital of Australia, officials stressed.", found, Config(key="k"))
    assert v is not None and v.label == "unverifiable"
    assert (
        judge("Sydney is the capital of Australia, he claimed.", found, Config(key="k")).label
        == "refuted"
    )


def test_fact_check_from_another_time_is_evidence_only(factcheck_server):
    sentence = "German Chancellor Olaf Scholz told reporters in Berlin that the meeting mattered."
    old = run(verify(V, sentence, published="2023-05-16"))
    assert old.label == "unverifiable" and "scholz-still-chancellor" in old.evidence[0].url
    now = run(
        verify(
            V,
            "Olaf Scholz is still the German Chancellor, the post claimed.",
            published="2025-10-05",
        )
    )
    assert now.label == "refuted"


def test_a_rating_carries_over_only_when_the_claim_states_what_was_checked():
    """A high match on shared names is not the checked claim: "spoke about vaccines" says
    nothing of microchips, so the fact-check's False does not refute it."""
    found = [
        {
            "text": "Bill Gates wants to microchip people through vaccines",
            "claimReview": [
                {
                    "url": "https://factdesk.example/gates-microchips",
                    "textualRating": "False",
                    "publisher": {"name": "Fact Desk"},
                }
            ],
        }
    ]
    v = judge("Bill Gates spoke about vaccines for people in poor countries", found, Config())
    assert v is not None and v.label == "unverifiable", v
    assert "it states 'wants', 'microchip', this claim does not" in v.summary
    same = judge(
        "Vaccines are being used by Bill Gates to implant microchips in people.", found, Config()
    )
    assert same is not None and same.label == "refuted", same
