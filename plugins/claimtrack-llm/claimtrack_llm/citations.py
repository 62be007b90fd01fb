"""Checking a model's citations: each must name a passage it was given and quote it exactly
(after normalising whitespace and quotation marks)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

#: Quotation-mark variants folded to their ASCII forms before comparing.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_SPACE = re.compile(r"\s+")
#: A quote shorter than this (after normalising) proves nothing: "the" occurs everywhere.
MIN_QUOTE_CHARS = 8


def normalise(text: str) -> str:
    """``text`` with Unicode compatibility forms folded (NFKC), quotation marks as ``'``
    and ``"``, and every run of whitespace as one space, trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Citation:
    """A citation as the model gave it."""

    passage: str
    quote: str


@dataclass(frozen=True)
class CheckedCitation:
    citation: Citation
    #: None when the citation holds; else why not, in a few words.
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_citation(citation: Citation, passages: Mapping[str, str]) -> CheckedCitation:
    """Whether ``citation`` names one of ``passages`` (id -> text) and quotes it."""
    text = passages.get(citation.passage)
    if text is None:
        return CheckedCitation(citation, f"cites passage {citation.passage!r}, which was not given")
    quote = normalise(citation.quote).strip("\"'")
    quote = _SPACE.sub(" ", quote).strip()
    if len(quote) < MIN_QUOTE_CHARS:
        return CheckedCitation(
            citation, f"quote from {citation.passage} too short to check ({quote!r})"
        )
    if quote not in normalise(text):
        shown = quote if len(quote) <= 80 else quote[:77] + "..."
        return CheckedCitation(citation, f"quote {shown!r} is not in passage {citation.passage}")
    return CheckedCitation(citation)


def check_citations(
    citations: list[Citation], passages: Mapping[str, str]
) -> list[CheckedCitation]:
    """:func:`check_citation` for each, in order."""
    return [check_citation(c, passages) for c in citations]
