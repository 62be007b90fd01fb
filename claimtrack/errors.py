"""Exceptions that carry a message meant for the user."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """An error the CLI reports as one line on stderr, with exit status 1.

    Raise it (or a subclass) for anything the user can fix: bad input, an unreachable
    URL, a database that cannot be opened. The message must read well on its own.
    """

    exit_code: int = 1


class InputError(ClaimtrackError):
    """A source given to ``claimtrack add`` cannot be read as an article."""


class FetchError(InputError):
    """A URL could not be fetched."""


class RegistryError(ClaimtrackError):
    """The registry database cannot be opened or written."""
