"""One request to an OpenAI-compatible server (``POST {base_url}/chat/completions``) and
the reading of its answer, through the core's shared client (retries, limits, cache)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimtrack.verification.api import VerifyContext, from_cache
from claimtrack.verification.sources import (
    SourceError,
    UnexpectedResponse,
    fetch,
    mark_unreachable,
    read_json,
    shape_errors,
)
from claimtrack_llm import budget
from claimtrack_llm.config import Config

#: The name failures are reported under ("llm unreachable: …").
SOURCE = "llm"
#: Statuses that, still there after the shared client's retries, mean the server is down
#: for the run (as for any source: see claimtrack's fetch).
DOWN_STATUSES = (408, 429, 500, 502, 503, 504)
#: The core's POST cache: a temperature-0 request is cached by a hash of its body.
CACHE_EXTENSION = "claimtrack_cache"


class CitationModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passage: str
    quote: str


class Answer(BaseModel):
    """The model's answer, as :data:`claimtrack_llm.prompt.SCHEMA` describes it."""

    model_config = ConfigDict(extra="forbid")
    label: Literal["supported", "refuted", "unverifiable"]
    confidence: float = Field(ge=0, le=1)
    rationale: str
    citations: list[CitationModel]


@dataclass(frozen=True)
class Reply:
    answer: Answer
    cached: bool
    prompt_tokens: int
    completion_tokens: int


def _error_message(response: Any) -> str:
    """The error an OpenAI-compatible server gave, in one line."""
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict):
        return " ".join(str(err.get("message") or err.get("code") or "").split())[:200]
    if isinstance(err, str):
        return " ".join(err.split())[:200]
    return " ".join(json.dumps(body).split())[:200]


def _is_context_length(response: Any, message: str) -> bool:
    text = (message + " " + response.text[:2000]).casefold()
    return "context_length_exceeded" in text or "context length" in text or "context size" in text


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def parse_answer(content: str) -> Answer:
    """The answer in the model's message ``content`` (a JSON object; with ``json_mode``
    none it may be fenced or follow a sentence), or :class:`SourceError` saying why not."""
    text = content.strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    elif not text.startswith("{") and "{" in text:
        text = text[text.index("{") : text.rindex("}") + 1]
    try:
        data = json.loads(text)
    except ValueError:
        shown = " ".join(content.split())[:80]
        raise SourceError(f"the model's answer is not JSON ({shown!r})") from None
    try:
        return Answer.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "answer"
        raise UnexpectedResponse(
            f"the model's answer does not follow the schema ({where}: {first['msg']})"
        ) from None


async def ask(ctx: VerifyContext, config: Config, body: dict[str, Any]) -> Reply:
    """Send ``body`` and read the answer. Counts the request, its tokens and cache hits
    with ``ctx.tally``. Raises :class:`SourceError` for a bad answer to this request and
    :class:`SourceUnreachable` when the server is down or refuses the key."""
    headers = {"Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    extensions = {CACHE_EXTENSION: True} if config.temperature == 0 else {}
    response = await fetch(
        ctx,
        SOURCE,
        f"{config.endpoint}/chat/completions",
        method="POST",
        json=body,
        headers=headers,
        timeout=config.timeout,
        redact=(config.api_key,),
        extensions=extensions,
        # Every status comes back here so the request is counted; the ones that mean "down"
        # (still 429/5xx after the client's retries) are then reported as fetch would.
        accept=(400, 401, 403, 404, 413, 422, *DOWN_STATUSES),
    )
    cached = from_cache(response)
    usage: dict[str, Any] = {}
    if response.headers.get("content-type", "").startswith("application/json"):
        try:
            got = json.loads(response.content).get("usage")
            usage = got if isinstance(got, dict) else {}
        except (ValueError, AttributeError):
            usage = {}
    prompt_tokens = _int(usage.get("prompt_tokens"))
    completion_tokens = _int(usage.get("completion_tokens"))
    if not cached:
        ctx.tally(requests=1, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
        budget.spend(ctx, config, prompt_tokens + completion_tokens)
    else:
        ctx.tally(cache_hits=1)
        budget.refund(ctx, config)
    status = response.status_code
    if status in DOWN_STATUSES:
        raise mark_unreachable(ctx, SOURCE, f"HTTP {status}")
    if status in (401, 403):
        message = _error_message(response).replace(config.api_key or "\0", "***")
        raise mark_unreachable(ctx, SOURCE, f"API key rejected (HTTP {status}: {message})")
    if status >= 400:
        message = _error_message(response)
        if _is_context_length(response, message):
            raise SourceError(
                f"the prompt does not fit the model's context (HTTP {status}: {message})",
                "context_length_exceeded",
            )
        raise SourceError(f"HTTP {status}: {message}", str(status))
    ctype = response.headers.get("content-type", "")
    if "text/event-stream" in ctype or response.content.lstrip().startswith(b"data:"):
        raise SourceError("the server streamed its answer (text/event-stream) though stream=false")
    data = read_json(response, expect=dict, source=SOURCE)
    with shape_errors(SOURCE):
        choice = data["choices"][0]
        content = choice["message"]["content"]
        finish = choice.get("finish_reason")
    if finish == "length":
        raise SourceError(f"the answer was cut off at max_tokens={config.max_tokens}")
    if not isinstance(content, str) or not content.strip():
        raise UnexpectedResponse("the model gave an empty answer")
    return Reply(parse_answer(content), cached, prompt_tokens, completion_tokens)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
