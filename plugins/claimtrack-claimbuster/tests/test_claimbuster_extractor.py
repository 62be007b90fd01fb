"""The claimbuster extractor against the loopback ClaimBuster API."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import datetime

import httpx

from claimtrack.extraction import ArticleContext, extract_claims
from claimtrack_claimbuster.extractor import ClaimBusterExtractor, Config, score

TEXT = (
    "Founded in 1949, NATO now has 31 members after Finland joined last month. "
    "I think these talks will be remembered as a turning point. "
    "Will the agreement hold? "
    "Trade between the seven economies grew by 4.2 percent in 2022, to $5.6 trillion."
)
CTX = ArticleContext(published=datetime(2023, 5, 16), url=None, title=None)
X = ClaimBusterExtractor()


def test_scores_combined_with_own_model(claimbuster_server):
    claims = X.extract(TEXT, CTX)
    assert claims, "expected scored sentences"
    own = {c.text: c.score for c in extract_claims(TEXT, CTX)}
    for c in claims:
        assert TEXT[c.start : c.end] == c.text
        cb = c.values["claimbuster_score"]
        assert abs(c.score - round(0.5 * cb + 0.5 * own[c.text], 4)) < 1e-6
        assert c.reasons[0].startswith("ClaimBuster ")
    nato = next(c for c in claims if c.text.startswith("Founded"))
    assert nato.checkworthy and nato.values["claimbuster_score"] >= 0.8
    assert all(r.headers["x-api-key"] == "cb-test-key" for r in claimbuster_server.requests)


def test_weight_setting(claimbuster_server, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_WEIGHT", "1")
    claims = X.extract(TEXT, CTX)
    assert all(c.score == c.values["claimbuster_score"] for c in claims)


def test_settings_come_from_the_context_claimtrack_hands_over(claimbuster_server, monkeypatch):
    """``[extractors.claimbuster]`` reaches the extractor as ``context.settings``; the key
    is a secret: out of the config's repr."""
    monkeypatch.delenv("CLAIMTRACK_CLAIMBUSTER_KEY")
    assert X.extract(TEXT, CTX) == []  # no key anywhere
    settings = {"key": "cb-test-key", "weight": 1}
    claims = X.extract(TEXT, replace(CTX, settings=settings))
    assert claims and all(c.score == c.values["claimbuster_score"] for c in claims)
    assert "cb-test-key" not in repr(Config.load(settings))


def test_text_is_url_encoded(claimbuster_server):
    with httpx.Client() as client:
        s = score(client, Config.load(), "Is 50/50 a fair split? Yes, 100% of 2 said so.")
    raw = claimbuster_server.requests[-1].raw
    assert "%2F" in raw and "%3F" in raw and s is not None


def test_merged_with_builtin_keeps_highest(claimbuster_server):
    from claimtrack.extraction.default import DefaultExtractor

    merged = extract_claims(TEXT, CTX, [DefaultExtractor(), X])
    nato = next(c for c in merged if c.text.startswith("Founded"))
    assert "claimbuster_score" in nato.values and any(
        r.startswith("ClaimBuster") for r in nato.reasons
    )


def test_no_key_stays_out_of_the_way(claimbuster_server, monkeypatch, caplog):
    monkeypatch.delenv("CLAIMTRACK_CLAIMBUSTER_KEY")
    with caplog.at_level(logging.INFO):
        assert X.extract(TEXT, CTX) == []
        assert X.extract(TEXT, CTX) == []
    assert sum("no API key" in r.getMessage() for r in caplog.records) == 1
    assert claimbuster_server.requests == []


def test_wrong_key_said_once(claimbuster_server, monkeypatch, caplog):
    monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_KEY", "wrong")
    with caplog.at_level(logging.WARNING):
        assert X.extract(TEXT, CTX) == []
        assert X.extract(TEXT, CTX) == []
    assert (
        sum("claimbuster unreachable: API key rejected" in r.getMessage() for r in caplog.records)
        == 1
    )
    assert "wrong" not in caplog.text.replace("unreachable", "")


def test_5xx_empty_results_and_slow(claimbuster_server):
    claims = X.extract(
        "The boom was 5 percent. There is nothing 7 here. Prices rose 3 percent in 2021.", CTX
    )
    texts = [c.text for c in claims]
    assert any("3 percent" in t for t in texts)
    assert not any("boom" in t or "nothing" in t for t in texts)
    t0 = time.monotonic()
    assert (
        X.extract("The slow figure was 12 percent in 2020. It rose 4 percent in 2021.", CTX) == []
    )  # timeout: stop
    assert time.monotonic() - t0 < 3


def test_offline_once_and_fast(monkeypatch, caplog):
    monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_API", "http://127.0.0.1:9/claimbuster/api/v2")
    monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_KEY", "cb-test-key")
    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING):
        assert X.extract(TEXT, CTX) == []
        assert X.extract(TEXT, CTX) == []
    assert time.monotonic() - t0 < 3
    assert sum("claimbuster unreachable" in r.getMessage() for r in caplog.records) == 1


def test_config_kept_between_articles_follows_changes(claimbuster_server, monkeypatch):
    """The config is loaded once per run, but a changed variable or setting is seen."""
    extractor = ClaimBusterExtractor()
    half = extractor.extract(TEXT, CTX)
    assert half and extractor.extract(TEXT, CTX) == half
    monkeypatch.setenv("CLAIMTRACK_CLAIMBUSTER_WEIGHT", "1")
    whole = extractor.extract(TEXT, CTX)
    assert whole and all(c.score == c.values["claimbuster_score"] for c in whole)
    monkeypatch.delenv("CLAIMTRACK_CLAIMBUSTER_KEY")
    assert extractor.extract(TEXT, CTX) == []
    assert extractor.extract(TEXT, replace(CTX, settings={"key": "cb-test-key"})) == whole
