"""Python's cyclic garbage collector during bulk work: one place for how it is tuned.

Extraction, verification and imports allocate many small, short-lived objects and make no
reference cycles worth finding early; reference counting frees them. The collector's older
generations would meanwhile walk every object of the loaded libraries (SQLAlchemy,
pydantic, httpx, the plugins) again every few hundred allocations and find nothing: 12-20 %
of those commands' CPU (figures in ``benchmarks/README.md``). Each context manager here
restores the collector's state when it exits, and nests (a verification run inside another,
an import during a run in the same process).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused", "long_lived_frozen"]


class _Frozen:
    """How many :func:`long_lived_frozen` blocks are open in this process."""

    blocks = 0
    lock = threading.Lock()


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector off inside the block, and back on after unless it was off before.

    For work that keeps what it allocates until the end (an article's claims): a cycle made
    inside the block, if any, is collected after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def long_lived_frozen(young_threshold: int | None = None) -> Iterator[None]:
    """Leave the objects that exist when the block starts out of the collector's scans
    (:func:`gc.freeze`) until the last open block of the process ends (:func:`gc.unfreeze`).

    Objects made inside the block are collected as usual; ``young_threshold`` (Python's
    default is 700) makes young collections rarer for the block, for work that allocates a
    few dozen objects per item. A cycle that was already garbage is collected after.
    """
    thresholds = gc.get_threshold()
    with _Frozen.lock:
        if _Frozen.blocks == 0:
            gc.freeze()
        _Frozen.blocks += 1
    if young_threshold is not None:
        gc.set_threshold(young_threshold, *thresholds[1:])
    try:
        yield
    finally:
        if young_threshold is not None:
            gc.set_threshold(*thresholds)
        with _Frozen.lock:
            _Frozen.blocks -= 1
            if _Frozen.blocks == 0:
                gc.unfreeze()
