"""The registry: articles, claims, mentions, verdicts and reviews in one database.

Persistence only: reading and writing rows, transactions and locks. What a claim matches,
what a review does to a claim's status and which fact-checks apply are decided by
:mod:`claimtrack.services`.
"""

from claimtrack.registry.store import PairClaim, Registry

__all__ = ["PairClaim", "Registry"]
