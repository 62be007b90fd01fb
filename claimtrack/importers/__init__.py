"""Importing published fact-checks into the registry (``claimtrack import``)."""

from __future__ import annotations
