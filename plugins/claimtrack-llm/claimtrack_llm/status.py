"""The llm verifier's one status line, for ``claimtrack plugins`` and ``claimtrack doctor``."""

from __future__ import annotations

import httpx

from claimtrack.verification.api import VerifierError, configured_settings
from claimtrack_llm.config import Config

#: Seconds ``GET {base_url}/models`` may take.
STATUS_TIMEOUT = 3.0


def describe() -> str:
    """``inactive: …`` until ``base_url`` is set; else what ``GET {base_url}/models``
    says. A server that does not answer, or refuses the key, raises :class:`VerifierError`."""
    config = Config.load(configured_settings("verifiers", "llm"))
    if not config.base_url:
        return "inactive: no model server (set CLAIMTRACK_LLM_BASE_URL)"
    problem = config.problem()
    if problem:
        raise VerifierError(problem)
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    url = f"{config.endpoint}/models"
    try:
        response = httpx.get(url, headers=headers, timeout=STATUS_TIMEOUT)
    except httpx.HTTPError as exc:
        raise VerifierError(f"{url}: {type(exc).__name__}") from None
    if response.status_code in (401, 403):
        raise VerifierError(f"{url}: HTTP {response.status_code} (API key rejected)")
    if response.status_code != 200:
        raise VerifierError(f"{url}: HTTP {response.status_code}")
    try:
        served = [str(m["id"]) for m in response.json()["data"]]
    except (ValueError, KeyError, TypeError):
        raise VerifierError(f"{url}: not an OpenAI-compatible model list") from None
    listed = ", ".join(served[:5]) + (f" and {len(served) - 5} more" if len(served) > 5 else "")
    if config.model and config.model not in served:
        raise VerifierError(f"model {config.model!r} is not served at {config.endpoint} ({listed})")
    model = config.model or "(no model set: the server's default)"
    return f"model {model} at {config.endpoint} (serves {listed or 'no model'})"
