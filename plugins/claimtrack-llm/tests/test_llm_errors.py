"""Every failure of the model server: a per-claim unverifiable (or error) with one line."""

from __future__ import annotations

import pytest
from llm_helpers import check, event_claim, one

from claimtrack.testing import Fault, fast_http_options

CHAT = "/v1/chat/completions"
ATTEMPTS = fast_http_options().attempts


def test_429_with_retry_after_is_retried(llm_server):
    llm_server.fail(CHAT, Fault.http(429, retry_after=0))
    verdict = one(check(event_claim()))
    assert verdict.label == "supported"
    assert [r.fault for r in llm_server.chat_requests()] == ["status", None]


def test_429_that_lasts_leaves_the_claim_unverifiable(llm_server):
    llm_server.rules.append(("Toronto", "http429"))
    verdict = one(check(event_claim()))
    assert verdict.label == "unverifiable"
    assert verdict.error == "llm unreachable: HTTP 429"
    assert len(llm_server.chat_requests()) == ATTEMPTS


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("http500", "llm unreachable: HTTP 500"),
        (
            "context",
            (
                "llm: the prompt does not fit the model's context "
                "(HTTP 400: This model's maximum context length is 8192 tokens.)"
            ),
        ),
        (
            "notjson",
            "llm: the model's answer is not JSON ('I think the claim is probably true, but I cannot say for sure.')",
        ),
        ("schema", "llm: the model's answer does not follow the schema (label: Field required)"),
        ("stream", "llm: the server streamed its answer (text/event-stream) though stream=false"),
    ],
)
def test_a_bad_answer_is_unverifiable_with_a_one_line_reason(llm_server, behaviour, reason):
    llm_server.rules.append(("Toronto", behaviour))
    verdict = one(check(event_claim()))
    assert verdict.label == "unverifiable"
    assert verdict.error == reason and "\n" not in reason


def test_a_prompt_too_long_for_the_context(llm_server):
    llm_server.context_tokens = 50
    verdict = one(check(event_claim()))
    assert verdict.label == "unverifiable"
    assert "maximum context length is 50 tokens" in verdict.error
    assert "context_length_exceeded" not in verdict.summary


def test_a_rejected_key_is_said_once_and_never_shown(llm_server):
    llm_server.api_key = "right-key"
    state: dict = {}
    settings = {"api_key": "sk-wrong-0123456789"}
    first = one(check(event_claim(), settings=settings, run_state=state))
    second = one(check(event_claim(), settings=settings, run_state=state))
    assert first.label == second.label == "unverifiable"
    assert first.error.startswith("llm unreachable: API key rejected (HTTP 401")
    assert "sk-wrong" not in first.error + first.summary
    assert len(llm_server.chat_requests()) == 1  # the second claim was not sent


def test_the_right_key_is_sent_as_a_bearer_token(llm_server):
    llm_server.api_key = "right-key"
    assert one(check(event_claim(), settings={"api_key": "right-key"})).label == "supported"


def test_a_timeout(llm_server):
    llm_server.rules.append(("Toronto", "slow"))
    llm_server.slow_seconds = 2.0
    verdict = one(check(event_claim(), settings={"timeout": 0.3}))
    assert verdict.label == "unverifiable"
    assert verdict.error == "llm unreachable: timed out (ReadTimeout)"


def test_a_bad_setting_is_an_error_verdict(llm_server):
    verdict = one(check(event_claim(), settings={"json_mode": "yaml"}))
    assert verdict.label == "error"
    assert "json_mode must be one of json_schema, json_object, none" in verdict.error
