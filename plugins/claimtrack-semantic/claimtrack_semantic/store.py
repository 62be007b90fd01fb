"""Fact-check embeddings kept on disk, so each fact-check is embedded once, not once per
process.

Embedding one fact-check costs about 10 ms of CPU; a search reads 30 candidates. Kept in
memory only, every new ``claimtrack match`` or ``report`` process would pay that again for
the same fact-checks. The store is an SQLite file in claimtrack's cache directory
(``$CLAIMTRACK_CACHE_DIR``, else the user cache directory), one row per text: the SHA-256
of the model's name and the text, and the float32 vector. It holds no text, only hashes
and vectors of public fact-checks; deleting it loses nothing but time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from claimtrack_semantic.encoder import Array

_log = logging.getLogger("claimtrack.semantic")


def default_path(model: str) -> Path:
    """``<cache dir>/semantic-<model>.sqlite`` (the cache dir: ``$CLAIMTRACK_CACHE_DIR``,
    else the user cache directory's ``claimtrack``)."""
    if env := os.environ.get("CLAIMTRACK_CACHE_DIR"):
        folder = Path(env).expanduser()
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("claimtrack", appauthor=False))
    safe = "".join(c if c.isalnum() or c in "-." else "_" for c in model)
    return folder / f"semantic-{safe}.sqlite"


class EmbeddingStore:
    """Vectors by text, in an SQLite file. A store that cannot be opened or written (a
    read-only cache directory) is said once and then left out: embeddings stay in memory."""

    def __init__(self, path: Path, model: str, dim: int) -> None:
        self.path = path
        self.model = model
        self.dim = dim
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vector (key BLOB PRIMARY KEY, v BLOB)")
            conn.commit()
            self._conn = conn
        except (OSError, sqlite3.Error) as exc:
            _log.warning(
                "claimtrack-semantic: embedding cache %s unusable (%s): kept in memory", path, exc
            )

    def key(self, text: str) -> bytes:
        """The row key of ``text``: SHA-256 of the model's name and the text."""
        return hashlib.sha256(f"{self.model}\0{text}".encode()).digest()

    def get(self, texts: Sequence[str]) -> dict[str, Array]:
        """The stored vectors of those of ``texts`` that have one."""
        if self._conn is None or not texts:
            return {}
        keys = {self.key(t): t for t in texts}
        found: dict[str, Array] = {}
        items = list(keys)
        with self._lock:
            try:
                for start in range(0, len(items), 500):
                    chunk = items[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, blob in self._conn.execute(
                        f"SELECT key, v FROM vector WHERE key IN ({marks})", chunk
                    ):
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.shape == (self.dim,):
                            found[keys[key]] = vector
            except sqlite3.Error as exc:
                self._give_up(exc)
        return found

    def put(self, items: Iterable[tuple[str, Array]]) -> None:
        """Store vectors by text (one transaction)."""
        if self._conn is None:
            return
        rows = [(self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in items]
        if not rows:
            return
        with self._lock:
            try:
                with self._conn:
                    self._conn.executemany("INSERT OR REPLACE INTO vector VALUES (?, ?)", rows)
            except sqlite3.Error as exc:
                self._give_up(exc)

    def _give_up(self, exc: sqlite3.Error) -> None:
        _log.warning(
            "claimtrack-semantic: embedding cache %s unusable (%s): kept in memory", self.path, exc
        )
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
