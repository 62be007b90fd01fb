"""Content words of a text, stemmed, and a safe SQLite FTS5 query built from them.

Words are split as FTS5's ``unicode61`` tokenizer splits them (runs of letters and digits;
an apostrophe separates) and stemmed with the original Porter algorithm (Snowball's
``porter``), which is the algorithm of FTS5's ``porter`` tokenizer: the re-ranker's terms
are the index's terms, so the index's document frequencies apply to them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

#: English function words and filler that say nothing about which claim a text makes.
#: Negations ("not", "no", "never") are kept out of this list: the re-ranker reads them.
_STOPWORDS = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just let me more most my myself of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves s t ll re ve d m via amp rt u ur im dont doesnt didnt cant
    didn doesn isn aren wasn weren hasn haven hadn shouldn wouldn couldn wont isnt arent
    wasnt werent theyre youre thats whats heres theres lets says said say
    saying tell told just like get got gets go going gone know also even still really
    now today yesterday breaking watch look see please read pic
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS.split())
#: Words that flip a claim; a query and a fact-check that disagree on them differ.
_NEGATIONS = (
    "not no never none nobody nothing neither nor without cannot can't won't don't doesn't "
    "didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't "
    "n't"
)
NEGATIONS: frozenset[str] = frozenset(_NEGATIONS.split())
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_NEGATION = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("porter")


def _fold(text: str) -> str:
    """Lower case without diacritics, as ``unicode61 remove_diacritics 2`` reads text."""
    if text.isascii():  # nothing to decompose: most text, and the per-character pass is slow
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text``: runs of letters and digits, diacritics removed."""
    return _TOKEN.findall(_fold(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of one lower-case word (as FTS5's ``porter`` tokenizer stems it)."""
    return str(_STEMMER.stemWord(word))


def content_words(text: str) -> list[str]:
    """Words of ``text`` that are not stopwords, in order."""
    return [w for w in words(text) if w not in STOPWORDS]


def content_terms(text: str) -> frozenset[str]:
    """Stemmed content words of ``text``: what the overlap features compare."""
    return frozenset(stem(w) for w in content_words(text))


def negated(text: str) -> bool:
    """Whether ``text`` contains a negation word (an odd or even count alike)."""
    return any(
        w in NEGATIONS or w.endswith("n't")
        for w in _NEGATION.findall(text.lower().replace("’", "'"))
    )


#: At most this many query words reach FTS5: a longer text is not a single claim, and an
#: OR of hundreds of terms would only be slow.
MAX_QUERY_TERMS = 64


def fts_words(text: str, max_terms: int = MAX_QUERY_TERMS) -> list[str]:
    """The distinct content words of ``text`` that a query uses, first ``max_terms`` ones."""
    seen: dict[str, None] = {}
    for w in content_words(text):
        if len(seen) >= max_terms:
            break
        seen.setdefault(w, None)
    return list(seen)


def fts_query(text: str, max_terms: int = MAX_QUERY_TERMS) -> str:
    """An FTS5 MATCH expression: the distinct content words of ``text`` OR-ed together.

    Every word is a double-quoted FTS5 string of letters and digits only, so nothing in
    the input (quotes, ``NEAR``, ``AND``, ``*``, ``-``, ``:``, ``^``, parentheses) can be
    read as query syntax. Returns ``""`` when ``text`` has no content word.
    """
    return " OR ".join(f'"{w}"' for w in fts_words(text, max_terms))
