"""Reading articles from files, standard input and URLs.

:class:`Document` and :func:`read_source` are loaded on first use: a module that needs only
``claimtrack.ingest.decode``, ``.dates`` or ``.document`` (the registry, the report, the
fact-check importers) must not load httpx and trafilatura with ``.sources``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.ingest.document import Document
    from claimtrack.ingest.sources import read_source

_PUBLIC = {"Document": "claimtrack.ingest.document", "read_source": "claimtrack.ingest.sources"}

__all__ = ["Document", "read_source"]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'claimtrack.ingest' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
