"""One claim, many mentions: normalised fingerprints and fuzzy matching of claim texts.

``canonical(text)`` lowercases, writes numbers as digits ("eight" -> "8",
"1.4 billion" -> "1400000000", "a third" -> "0.333"), drops punctuation and stopwords
and sorts the tokens, so reordered or reworded sentences with the same content words
agree. ``fingerprint`` is a 40-character SHA-1 of that canonical form (it fits the
registry's 64-character column).

``same_claim(a, b)`` is true when the token similarity (rapidfuzz) reaches
:data:`MATCH_THRESHOLD` **and** both texts state the same numbers, the same years and
the same polarity (a negation in one but not the other never matches).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from rapidfuzz import fuzz

from claimtrack.extraction.numbers import FRACTIONS, SCALES, UNITS, parse_number

#: Minimum similarity (0-100) for two texts to match: the mean of rapidfuzz's
#: ``token_set_ratio`` and ``token_sort_ratio`` of their canonical forms.
MATCH_THRESHOLD: float = 80.0

STOPWORDS = frozenset(
    """a an the of to in on at by for with from and or as is are was were be been being it its this that
    these those there their his her he she they we you i has have had do does did which who whom whose
    about into than then so such also just very over after before during while said says say told
    according per cent percent % some any more most other will would can could may might should s""".split()
)
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot n't denied denies deny".split())

_WORD_NUMBER = "|".join(sorted([w for w in UNITS if " " not in w] + list(FRACTIONS), key=len, reverse=True))
_SCALE = "|".join(s for s in SCALES if len(s) > 2)
_NUMBER = re.compile(
    rf"(?<![\w.])(?:\$|€|£)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s*(?:{_SCALE}|bn|mn|m|k)\b)?"
    rf"|\b(?:(?:a|an|one)\s+(?:{'|'.join(FRACTIONS)})s?\b|(?:{_WORD_NUMBER})(?:[- ](?:{_WORD_NUMBER}))*(?:\s+(?:{_SCALE}))*\b)",
    re.I,
)
_TOKEN = re.compile(r"n't|[a-z0-9]+(?:\.[0-9]+)?")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")


def _number_token(match: re.Match[str]) -> str:
    raw = match.group(0)
    value = parse_number(raw.lstrip("$€£").strip())
    if value is None:
        return raw
    return f" {value:.6g} " if value % 1 else f" {int(value)} "


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    text = text.lower().replace("\u2019", "'").replace("n't", " n't")
    text = _NUMBER.sub(_number_token, text)
    return tuple(_TOKEN.findall(text))


def canonical(text: str) -> str:
    """Sorted content tokens of ``text`` with numbers normalised (see module doc)."""
    return " ".join(sorted({t for t in _tokens(text) if t not in STOPWORDS}))


def fingerprint(text: str) -> str:
    """A 40-hex-digit fingerprint of :func:`canonical`; equal for reordered sentences."""
    return hashlib.sha1(canonical(text).encode("utf-8")).hexdigest()


def numbers(text: str) -> frozenset[str]:
    """The numbers (years included) ``text`` states, normalised."""
    return frozenset(t for t in _tokens(text) if t[0].isdigit())


def years(text: str) -> frozenset[str]:
    """The four-digit years ``text`` mentions."""
    return frozenset(t for t in numbers(text) if _YEAR.match(t))


def negated(text: str) -> bool:
    """Whether ``text`` contains a negation word."""
    return any(t in NEGATIONS for t in _tokens(text))


#: How many of a claim's words are used to look up candidate matches.
CANDIDATE_TERMS = 6
_TERM = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def candidate_terms(text: str) -> list[str]:
    """The words that find candidate matches for ``text``: its longest content words.

    A reworded claim keeps most of its long words (names, places, measures) but may drop
    any one of them, so a candidate needs to share only one of these terms; the fuzzy
    :func:`same_claim` then decides. Longest first, at most :data:`CANDIDATE_TERMS`.
    """
    words = {w for w in _TERM.findall(text.casefold()) if w not in STOPWORDS}
    return sorted(words, key=lambda w: (-len(w), w))[:CANDIDATE_TERMS]


def similarity(a: str, b: str) -> float:
    """Similarity of two claim texts in [0, 1]: 0 when numbers, years or polarity differ."""
    if numbers(a) != numbers(b) or negated(a) != negated(b):
        return 0.0
    ca, cb = canonical(a), canonical(b)
    return (fuzz.token_set_ratio(ca, cb) + fuzz.token_sort_ratio(ca, cb)) / 200.0


def same_claim(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` state the same claim (threshold :data:`MATCH_THRESHOLD`)."""
    return similarity(a, b) * 100.0 >= MATCH_THRESHOLD
