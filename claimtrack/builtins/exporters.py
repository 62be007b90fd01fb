"""The built-in exporters (claimreview, json, jsonl, csv, markdown), registered as a plugin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimtrack.hookspecs import hookimpl


@hookimpl
def register_exporters(register: Callable[[Any], None]) -> None:
    """Register every exporter in :mod:`claimtrack.export`."""
    from claimtrack.export import builtin_exporters

    for exporter in builtin_exporters():
        register(exporter)
