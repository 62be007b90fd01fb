"""claimtrack-llm: an evidence-grounded verdict from any OpenAI-compatible model server.

Evidence first (Wikipedia passages, earlier fact-checks, the article's own text, source
documents), then a JSON verdict from the model, whose citations are checked before the
verdict is believed. Inactive until ``base_url`` is set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl

__version__ = "0.1.0"


@hookimpl
def register_verifiers(register: Callable[[Any], None]) -> None:
    from claimtrack_llm.verifier import LLMVerifier

    register(LLMVerifier())
