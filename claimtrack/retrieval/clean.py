"""Input cleaning for real-world claim text: posts, headlines, pasted quotes.

:func:`clean` turns a social post or a pasted sentence into plain text that a ranker
can compare with a fact-checked claim:

- HTML entities are decoded and the text is NFKC-normalised; curly quotes, primes and
  dashes become their ASCII forms, emoji and other symbols become spaces;
- URLs (``https://…``, ``www.…``, ``pic.twitter.com/…``) are removed, also when glued to
  the word before them (``#Tag https://t.co/x`` pasted without a space);
- an embedded-post signature at the end, ``— Name (@handle) Month D, YYYY``, is removed;
  its name, handle and date are kept apart in :class:`Cleaned`;
- hashtags and @mentions become words: ``#AustralianFires`` -> ``Australian Fires``,
  ``@realDonaldTrump`` -> ``real Donald Trump``, ``#covid_19`` -> ``covid 19``;
- shouted text (mostly upper case) is lower-cased, except short acronyms (``FBI``);
- whitespace is collapsed.

Cleaning is idempotent (``clean(clean(t).text).text == clean(t).text``) and keeps every
ordinary word of the input.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass

from claimtrack.retrieval.terms import STOPWORDS

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
#: English month names, as signatures (and :func:`~.matcher.search_text`) write them.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = "|".join(MONTHS)
_URL = re.compile(
    r"(?:https?://|www\.|pic\.twitter\.com/)\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ly|co)/\S*",
    re.IGNORECASE,
)
#: ``- Name (@handle) Month D, YYYY`` at the end (the dash is ASCII by then; NFKC has
#: already turned any exotic dash into one of the forms translated above).
_SIGNATURE = re.compile(
    rf"""(?:^|\s)-{{1,2}}\s*(?P<name>[^()\n]{{0,80}}?)\s*
    \(@(?P<handle>\w{{1,30}})\)\s*
    (?P<date>(?:{_MONTH})\s+\d{{1,2}},\s+\d{{4}})?\s*["']?\s*$""",
    re.VERBOSE,
)
_TAG = re.compile(r"(?<![\w#@])[#@]+(?P<body>\w+)")
_CAMEL = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)
_SPACE = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Upper-case words up to this length stay upper case in shouted text: acronyms.
ACRONYM_MAX = 3


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned text of one input and what was taken out of it.

    ``author``/``handle``/``date`` come from an embedded-post signature (``None`` without
    one); ``date`` is the day the post was published, usable for date distance.
    """

    text: str
    author: str | None = None
    handle: str | None = None
    date: dt.date | None = None


def _symbols_to_space(text: str) -> str:
    """Emoji, pictographs, control and private-use characters become spaces."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat[0] == "C" and ch not in "\n\t") or cat in ("So", "Sk", "Cs", "Co"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalise(text: str) -> str:
    """Decode HTML entities, NFKC-normalise, ASCII quotes/dashes, drop symbols."""
    # Unescape to a fixed point so that cleaning stays idempotent ("&amp;lt;").
    while (unescaped := html.unescape(text)) != text:
        text = unescaped
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _symbols_to_space(text)


def split_tag(body: str) -> str:
    """Words of a hashtag or handle body: camel case, digits and underscores split."""
    return _CAMEL.sub(" ", body.replace("_", " ")).strip()


def _tag_words(match: re.Match[str]) -> str:
    return " " + split_tag(match.group("body")) + " "


def _parse_date(text: str | None) -> dt.date | None:
    """``Month D, YYYY`` as a date (month names in English, whatever the locale)."""
    if not text:
        return None
    month, day, year = text.replace(",", " ").split()
    try:
        return dt.date(int(year), MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None


def _unshout(text: str) -> str:
    """Lower-case mostly-upper-case text but for acronyms ("FBI" stays, "THE" does not)."""
    letters = _LETTERS.findall(text)
    if len(letters) < 8 or sum(c.isupper() for c in letters) < 0.6 * len(letters):
        return text

    def fold(m: re.Match[str]) -> str:
        word = m.group()
        acronym = len(word) <= ACRONYM_MAX and word.isupper() and word.lower() not in STOPWORDS
        return word if acronym else word.lower()

    return _WORD.sub(fold, text)


def clean(text: str) -> Cleaned:
    """Clean one post or sentence; see the module docstring for what is done."""
    text = _URL.sub(" ", normalise(text))
    author = handle = None
    date = None
    sig = _SIGNATURE.search(text)
    if sig:
        author = sig.group("name").strip(" -\"'") or None
        handle = sig.group("handle")
        date = _parse_date(sig.group("date"))
        text = text[: sig.start()]
    text = _TAG.sub(_tag_words, text)
    text = text.replace("#", " ").replace("@", " ")
    text = _unshout(text)
    text = _SPACE.sub(" ", text).strip(" -")
    return Cleaned(text=text, author=author, handle=handle, date=date)
