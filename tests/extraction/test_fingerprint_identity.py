"""The claim fingerprint's fast path gives exactly the fingerprints of the original code.

Fingerprints are stored (``claim.fingerprint``) and ``add`` and ``import claimreview`` join
claims by them, so a faster :func:`~claimtrack.extraction.matching.fingerprint` must never
give another value. :func:`reference_fingerprint` below is the code as it was before the
fast path (every regex with ``IGNORECASE``, the country and phrase patterns always run),
kept here on purpose: the property tests compare the two on generated texts built from
the fragments the rules look at (numbers, currencies, spelled numbers, fractions,
percent phrases, country names and adjectives, acronyms, apostrophes) and on the
non-ASCII letters that ignoring case treats specially (dotless i, long s, Kelvin sign).
The pinned values were computed with the code before the change.
"""

from __future__ import annotations

import hashlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extraction import matching
from claimtrack.extraction.matching import (
    _ACRONYM,
    _COUNTRY,
    _NUMBER,
    _PHRASES,
    DIRECTIONS,
    NEGATIONS,
    STOPWORDS,
    SYNONYMS,
    _country_name,
    _number_token,
    fingerprint,
)

_TOKEN = re.compile(r"n't|[a-z0-9]+(?:\.[0-9]+)?")


def reference_tokens(text: str) -> tuple[str, ...]:
    """``_tokens`` before the fast path."""
    text = _COUNTRY.sub(_country_name, text.replace("\u2019", "'"))
    if not (text.isupper() and len(text.split()) > 2):
        text = _ACRONYM.sub(
            lambda m: m.group(0) + "org" if m.group(0).lower() in STOPWORDS else m.group(0), text
        )
    text = text.lower().replace("n't", " n't")
    text = _NUMBER.sub(_number_token, text)
    for rx, repl in _PHRASES:
        text = rx.sub(repl, text)
    return tuple(SYNONYMS.get(t, t) for t in _TOKEN.findall(text))


def reference_fingerprint(text: str) -> str:
    """``fingerprint`` before the fast path (``canonical`` inlined, uncached)."""
    tokens = [t for t in reference_tokens(text) if t not in STOPWORDS]
    counted = [t for t in tokens if t in NEGATIONS or t in DIRECTIONS]
    canonical = " ".join(
        sorted([*{t for t in tokens if t not in NEGATIONS and t not in DIRECTIONS}, *counted])
    )
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()


PINNED = {
    "Unemployment in France fell to 7.1 percent in 2022, the statistics office said.": (
        "fdd316dfe122ffb7d8860911590c6755cfe53d4a"
    ),
    "The French government spent $1.4 billion, a third of its budget, on 12,000 new teachers.": (
        "2fab5d6e7e05234d66f795b1cb8b36f1804e360b"
    ),
    "Inflation in the U.S. rose by 50 basis points to 3.5% per cent in March.": (
        "256ebc395731a62ef5cac4f2f2509e025606ed8d"
    ),
    "The WHO says Britain didn\u2019t cut the minimum wage by two percentage points.": (
        "778057c0aeca9785c0408ae056af2eb285b419d5"
    ),
    "Sixty-five thousand Syrians arrived in Germany in one week.": (
        "0ecc3b162082a9746e918bd24fa035a20a33c2f3"
    ),
    "Les Décodeurs: la dette a augmenté de 3 milliards d\u2019euros en 2019.": (
        "839049ada1ad51de6785e30f58b659584f9f97b5"
    ),
}

FRAGMENTS = [
    "7.1", "12,000", "1,234,567", "3.5", "2019", "0.5", "42", ".5", "5.", "1.2.3",
    "$", "US$", "us$", "A$", "C$", "€", "£", "¥", "$5", "US$ 3", "€12bn", "£3 million",
    "5m", "6k", "7 mn", "2bn", "100 thousand", "Hundred", "BILLION", "trillion",
    "one", "two", "Twenty", "twenty-one", "sixty five", "ninety-nine", "a dozen", "zero",
    "a third", "an eighth", "one quarter", "half", "Quarters", "thirds", "A Fifth",
    "a thirds", "an eighths", "One Quarters", "sixty-six", "twenty_one",
    "per cent", "Per  Cent", "percent", "%", "percentage points", "Percentage-Point",
    "basis points", "basis-point", "bps", "perhaps", "basis",
    "France", "French", "Frenchs", "U.S.", "U.K.", "US", "UK", "USA", "America", "Americans",
    "Britain", "Great Britain", "Britons", "German", "Germany", "Syrians", "China", "Chinese",
    "xFrance", "Francex", "Ca", "Ch",
    "WHO", "IS", "AND", "NATO", "IT", "can't", "didn\u2019t", "won't", "isn't", "n't",
    "not", "never", "rose", "fell", "more", "fewer", "above", "before",
    "the", "a", "of", "in", "said", "government", "jobs", "budget",
    "us$5", "us$ 12", "a$3", "c$ 4.5",
    "ſix", "ſeventy", "thouſand", "fıve", "baſis points", "per ſent", "percentage pointſ", "5\u212a",
    "ı", "ſ", "\u212a", "İ", "é", "ß", "ﬁ", "\u00a0", "\u2009", "–", "—",
    ",", ".", ";", "(", ")", "-", "'", '"', "\n", "\t",
]  # fmt: skip


@st.composite
def claim_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=16))
    seps = draw(st.lists(st.sampled_from(["", " ", "  ", "-", ", "]), min_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    return text.upper() if draw(st.booleans()) and draw(st.booleans()) else text


@settings(max_examples=1500, deadline=None)
@given(text=claim_like())
def test_fingerprint_equals_reference_on_claim_like_text(text: str) -> None:
    matching._tokens.cache_clear()
    matching.canonical.cache_clear()
    assert fingerprint(text) == reference_fingerprint(text)


@settings(max_examples=800, deadline=None)
@given(
    text=st.text(max_size=120) | st.text(alphabet="0123456789 ,.$%aeinorstuhPpFfUuSs", max_size=60)
)
def test_fingerprint_equals_reference_on_any_text(text: str) -> None:
    matching._tokens.cache_clear()
    matching.canonical.cache_clear()
    assert fingerprint(text) == reference_fingerprint(text)


def test_pinned_fingerprints_unchanged() -> None:
    for text, expected in PINNED.items():
        assert reference_fingerprint(text) == expected
        assert fingerprint(text) == expected
