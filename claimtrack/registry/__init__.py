"""The registry: articles, claims, mentions, verdicts and reviews in one database."""

from claimtrack.registry.store import AddResult, Registry

__all__ = ["AddResult", "Registry"]
