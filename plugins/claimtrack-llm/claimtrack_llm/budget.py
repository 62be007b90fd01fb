"""A run's budget of model requests and tokens (``max_requests``, ``max_tokens_total``) and
the figures ``verify`` prints for it (``ctx.tally``)."""

from __future__ import annotations

from typing import Any

from claimtrack.verification.api import VerifyContext
from claimtrack_llm.config import Config

_KEY = "llm.budget"


def _account(ctx: VerifyContext, config: Config) -> dict[str, Any]:
    account: dict[str, Any] | None = ctx.run_state.get(_KEY)
    if account is None:
        account = ctx.run_state[_KEY] = {"requests": 0, "tokens": 0, "said": False}
        # The run's figures line, in this order: "llm: 3 requests, 2,110 prompt tokens,
        # 160 completion tokens, 0 cache hits, 0 budget left, 7 budget reached".
        ctx.tally(requests=0, prompt_tokens=0, completion_tokens=0, cache_hits=0)
        if config.max_requests:
            ctx.tally(budget_left=config.max_requests)
        if config.max_tokens_total:
            ctx.tally(tokens_left=config.max_tokens_total)
    return account


def reserve(ctx: VerifyContext, config: Config) -> str | None:
    """Take one request from the run's budget, or say why there is none left (``budget
    reached (max_requests=3)``; said once per run with ``ctx.notice``)."""
    account = _account(ctx, config)
    reason = None
    if config.max_requests and account["requests"] >= config.max_requests:
        reason = f"budget reached (max_requests={config.max_requests})"
    elif config.max_tokens_total and account["tokens"] >= config.max_tokens_total:
        reason = f"budget reached (max_tokens_total={config.max_tokens_total})"
    if reason is None:
        account["requests"] += 1
        if config.max_requests:
            ctx.tally(budget_left=-1)
        return None
    ctx.tally(budget_reached=1)
    if not account["said"]:
        account["said"] = True
        ctx.notice(
            f"{reason}: the model was not asked for {{budget_reached}} claim part(s), "
            "recorded as unverifiable: budget reached"
        )
    return reason


def refund(ctx: VerifyContext, config: Config) -> None:
    """Give back a reserved request that the cache answered."""
    _account(ctx, config)["requests"] -= 1
    if config.max_requests:
        ctx.tally(budget_left=1)


def spend(ctx: VerifyContext, config: Config, tokens: int) -> None:
    """Count ``tokens`` (prompt and completion) of a request the server answered."""
    account = _account(ctx, config)
    if config.max_tokens_total:
        left = max(0, config.max_tokens_total - account["tokens"])
        ctx.tally(tokens_left=-min(tokens, left))
    account["tokens"] += tokens
