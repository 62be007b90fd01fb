"""The default claim extractor, registered as a plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl


@hookimpl
def register_extractors(register: Callable[[Any], None]) -> None:
    from claimtrack.extraction.default import DefaultExtractor

    register(DefaultExtractor())
