"""claimtrack: track and check factual claims in news, from the terminal."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
