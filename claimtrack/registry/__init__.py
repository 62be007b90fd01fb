"""The registry: articles, claims, mentions, verdicts and reviews in one database.

Persistence only: reading and writing rows, transactions and locks. What a claim matches,
what a review does to a claim's status and which fact-checks apply are decided by
:mod:`claimtrack.services`.

:class:`Registry` (SQLAlchemy and the table classes) is loaded on first use, so that
:mod:`claimtrack.registry.lite`, which reads a SQLite registry with the standard library
for read commands, loads neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimtrack.registry.store import PairClaim, Registry

__all__ = ["PairClaim", "Registry"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'claimtrack.registry' has no attribute {name!r}")
    from claimtrack.registry import store

    value = getattr(store, name)
    globals()[name] = value
    return value
