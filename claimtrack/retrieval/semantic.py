"""The matcher's optional semantic stage: a sentence-similarity model from a plugin.

The lexical re-ranker (:mod:`.features`, :mod:`.rerank`) finds reworded claims that share
words with the fact-check. One that says the same thing in other words ("5G masts are
spreading covid" / "5G networks cause the coronavirus") needs meaning. A plugin that
implements the ``similarity_model`` hook (claimtrack-semantic does, with
all-MiniLM-L6-v2 run offline) gives a model; the matcher then adds
:data:`~.rerank.SEMANTIC_WEIGHT` times the cosine of the input and each first-stage
candidate to the raw score, and calibrates with the semantic stage's own constants
(:func:`~.rerank.calibrate_semantic`).

With no such plugin, or with it inactive (no model installed), the matcher is the
lexical one, unchanged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from claimtrack.importers.claimreview import FactCheck

if TYPE_CHECKING:
    from claimtrack.plugins import Plugins


@runtime_checkable
class SimilarityModel(Protocol):
    """What the ``similarity_model`` hook returns."""

    #: The model and its version: stored "previously checked" results are keyed by it.
    name: str

    def similarities(self, query: str, documents: Sequence[str]) -> Sequence[float]:
        """The similarity (cosine, in [-1, 1]) of ``query`` and each of ``documents``."""
        ...


_lock = threading.Lock()
#: The process's plugin manager and the model it gave, asked again when the manager
#: changes (``--plugins-dir``, or a test that reloads the plugins).
_resolved: list[tuple[Plugins, SimilarityModel | None]] = []


def active_model(plugins: Plugins | None = None) -> SimilarityModel | None:
    """The similarity model the first answering plugin gives (``similarity_model``
    hook), or None. Without ``plugins``, the process's loaded plugins are asked, once per
    plugin manager."""
    if plugins is not None:
        return _ask(plugins)
    # Loads every plugin: only when a search needs the model, not at import time.
    from claimtrack.plugins import get_plugins

    with _lock:
        current = get_plugins()
        if not _resolved or _resolved[0][0] is not current:
            _resolved[:] = [(current, _ask(current))]
        return _resolved[0][1]


def _ask(plugins: Plugins) -> SimilarityModel | None:
    try:
        answer = plugins.manager.hook.similarity_model()
    except Exception as exc:  # noqa: BLE001 - a plugin's bug must not break matching
        logging.getLogger("claimtrack.retrieval").warning(
            "similarity_model failed, matching without it: %s: %s", type(exc).__name__, exc
        )
        return None
    if answer is None:
        return None
    if not isinstance(answer, SimilarityModel):
        logging.getLogger("claimtrack.retrieval").warning(
            "similarity_model returned %s, not a model with name and similarities(): ignored",
            type(answer).__name__,
        )
        return None
    return answer


#: Every kind of quotation mark, as one: copies of one fact-check that differ only in
#: their quotes (``"…"`` / ``'…'`` / ``“…”``, common in feeds) get one embedding, so the
#: semantic stage does not tell apart what the lexical features see as the same.
_QUOTES = str.maketrans(dict.fromkeys('"“”„‟‘’‚‛`´«»', "'"))


def semantic_text(text: str) -> str:
    """``text`` as the model reads it: quotation marks unified, white space collapsed."""
    return " ".join(text.translate(_QUOTES).split())


def document_text(fact_check: FactCheck) -> str:
    """What the model compares an input with: the checked claim and the fact-check's title
    (:func:`semantic_text`)."""
    return semantic_text(f"{fact_check.claim} {fact_check.title or ''}")
