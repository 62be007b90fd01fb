"""The llm verifier's settings (``[verifiers.llm]`` or ``CLAIMTRACK_LLM_<FIELD>``)."""

from __future__ import annotations

from dataclasses import dataclass

from claimtrack.verification.api import PluginConfig, setting

JSON_MODES = ("json_schema", "json_object", "none")


@dataclass(frozen=True)
class Config(PluginConfig, plugin="llm"):
    """Where the model is and what a run may spend.

    ``base_url`` is the OpenAI-compatible API root (``http://127.0.0.1:8080/v1`` for
    llama.cpp's server, ``http://127.0.0.1:11434/v1`` for Ollama); empty: inactive.
    """

    base_url: str = ""
    model: str = ""
    api_key: str = setting("", secret=True)
    temperature: float = 0.0
    #: Completion tokens per request.
    max_tokens: int = 400
    #: Requests in flight at once (the core's per-host limit applies on top).
    concurrency: int = 2
    #: Seconds per request.
    timeout: float = 120.0
    #: Model requests per run (0: no limit); cache hits do not count.
    max_requests: int = 0
    #: Prompt plus completion tokens per run (0: no limit), checked before each request.
    max_tokens_total: int = 0
    json_mode: str = "json_schema"
    #: Evidence passages per request, and characters per passage.
    max_passages: int = 8
    max_passage_chars: int = 1200
    #: Part kinds checked (comma-separated); a claim with no parts is checked as a whole.
    parts: str = "event,first_since,last_in,comparison,quote"

    def problem(self) -> str | None:
        """What is wrong with these settings, in one line, or None."""
        if self.json_mode not in JSON_MODES:
            return f"json_mode must be one of {', '.join(JSON_MODES)}, not {self.json_mode!r}"
        if not self.base_url.startswith(("http://", "https://")):
            return f"base_url must be an http(s) URL, not {self.base_url!r}"
        if self.concurrency < 1:
            return "concurrency must be at least 1"
        return None

    @property
    def part_kinds(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.parts.split(",") if k.strip())

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/")
