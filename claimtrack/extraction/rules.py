"""Sentence-level rules: boilerplate that is never a claim, and signals that lower a score.

:func:`non_claim` recognises headings, bylines, datelines, agency credits, initials lines,
tag lists, navigation, "Previous/Next post", comment-form text and captions.
:func:`dateline_end` finds a "SYDNEY (Reuters) -" prefix so the claim span can skip it.
:func:`penalties` lists opinion, question, prediction and greeting signals with their
log-odds weights.
"""

from __future__ import annotations

import re
from itertools import islice

from claimtrack.extraction.hints import contains_any, folded, words

_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Reporting by|Editing by|Words by)\s+[A-Z][\w.'’-]*"
    r"(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}\s*[.;]?$"
)
_CREDIT = re.compile(
    r"^\(?(?:[A-Z]{2,}|AFP|Reuters|AP|dpa|Xinhua|Bloomberg|PA)(?:\s*[,/&]\s*(?:[A-Z]{2,}|AFP|Reuters|AP|dpa|Xinhua|Bloomberg|PA|[a-z]{2,3}))*\)?\.?$"
)
_INITIALS = re.compile(r"^\(?[a-z]{1,4}(?:\s*[/,]\s*[a-z]{1,4})+\)?\s*(?:\([A-Za-z,\s]+\))?\.?$")
_TRAILING_CREDIT = re.compile(
    r"^(?:\w{1,4}/\w{1,4}\s*)?\((?:AP|AFP|Reuters|dpa|[A-Z]{2,6})(?:,\s*(?:AP|AFP|Reuters|dpa|[A-Z]{2,6}))*\)\.?$"
)
_REPORTING = re.compile(
    r"^\(?(?:Additional )?(?:Reporting|Writing|Editing|Compiled|Produced|Research) by\b",
    re.IGNORECASE,
)
_TAGS = re.compile(
    r"^(?:Tags?|Topics?|Related(?: topics| articles| stories)?|Categories|Filed under|"
    r"Keywords|More on|Read more|See also|Share(?: this)?|Follow us)\b\s*:?",
    re.IGNORECASE,
)
_NAV = re.compile(
    r"^(?:Previous|Next|Older|Newer)\s+(?:post|article|story|entry)\b|"
    r"^(?:Home|Menu|Skip to (?:main )?content|Sign in|Log in|Subscribe|Newsletter|Advertisement|Back to top)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(  # matched against the lowercased sentence
    r"leave a (?:comment|reply)|your email address will not be published|required fields are marked|"
    r"post comment|save my name, email|notify me of (?:new|follow-up)|comments? (?:are|is) closed|"
    r"cancel reply|sign up for our newsletter|all rights reserved|cookie|terms of (?:use|service)|privacy policy|"
    r"click here|share (?:this|on)|copyright|©|sign up (?:for|to)|delivered to your inbox|stay tuned|follow us on|"
    r"download (?:our|the) app|read the full|most read|recommended for you",
)
_CAPTION = re.compile(
    r"^(?:Photo|Image|Picture|Video|Caption|Credit|Source|"
    r"File photo|Image credit|Photograph|Illustration)s?\b\s*(?:credit)?\s*[:|/-]",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(
    r"\((?:Photo|Image|Picture)s?:?[^)]*\)\s*$|\b(?:Photo|Image)\s*(?:credit)?:\s*[^.]*$|"
    r"/\s*(?:Getty Images|Reuters|AFP|AP)\s*$",
    re.IGNORECASE,
)
_DATELINE_DAY = r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
_DATELINE = re.compile(
    rf"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?{_DATELINE_DAY}"
    r"(?:\s*\([A-Za-z ,&/]+\)\s*|\s+)[-\u2013\u2014]+\s+(?=[\"\u201cA-Z0-9])"
)
_AGENCY_DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)*,?\s*{_DATELINE_DAY}\s*)?"
    r"\((?:AP|AFP|Reuters|dpa|Xinhua|Bloomberg|CNN|BBC)\)\s*[-\u2013\u2014]+\s*"
)
_DATE_LINE = re.compile(
    r"^(?:[A-Z][a-z]+day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|\d{4}-\d\d-\d\d)"
    r"(?:,?\s+\d{1,2}[:.]\d\d.*)?$"
)
_TIMESTAMP = re.compile(
    r"^(?:(?:Published|Updated|Posted|Last updated)\b|\d{1,2}:\d\d\s*(?:am|pm)?\b)", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_BULLET = re.compile(r"^(?:[-*>\u2022\u2013]|\d{1,2}[.)])\s+(?=\S)")

_OPINION = re.compile(
    r"\b(?:i|we)\s+(?:think|believe|feel|hope|guess|suppose|want|wish|love|like)\b|\bin my (?:view|opinion)\b|"
    r"\b(?:should|ought to|must|need to|needs to|have to)\b|\bit(?:'s| is) time\b|"
    r"\b(?:wonderful|terrible|great|awful|disgraceful|shameful|fantastic|beautiful|amazing|horrible|stupid|ridiculous|brilliant|sad)\b",
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|would|could|might|may|expects?|expected to|"
    r"is likely to|are likely to|is set to|are set to|plans? to|going to|forecasts?)\b",
)
_GREETING = re.compile(
    r"^(?:thank you|thanks|good (?:morning|evening|afternoon|night)|hello|"
    r"hi|welcome|congratulations|happy \w+day|dear \w+)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"^(?:I|I'm|I've|I'd|My)\b")
# One of these literals is in every match of the pattern named (a cheap test first).
COMMENT_LITERALS = (
    "leave a ",
    "your email address",
    "required fields",
    "comment",
    "save my name",
    "notify me of ",
    "cancel reply",
    "sign up ",
    "all rights reserved",
    "cookie",
    "terms of ",
    "privacy policy",
    "click here",
    "share ",
    "copyright",
    "©",
    "delivered to your inbox",
    "stay tuned",
    "follow us on",
    "download ",
    "read the full",
    "most read",
    "recommended for you",
)
#: :data:`_CAPTION_TAIL`, case-insensitively, or its "/" form.
CAPTION_TAIL_LITERALS = ("photo", "image", "picture")
#: Words of which :data:`_OPINION` and :data:`_PREDICTION` match one (see ``hints.words``).
OPINION_WORDS = frozenset(
    {
        "think",
        "believe",
        "feel",
        "hope",
        "guess",
        "suppose",
        "want",
        "wish",
        "love",
        "like",
        "view",
        "opinion",
        "should",
        "ought",
        "must",
        "need",
        "needs",
        "have",
        "time",
        "wonderful",
        "terrible",
        "great",
        "awful",
        "disgraceful",
        "shameful",
        "fantastic",
        "beautiful",
        "amazing",
        "horrible",
        "stupid",
        "ridiculous",
        "brilliant",
        "sad",
    }
)
PREDICTION_WORDS = frozenset(
    {
        "will",
        "won",
        "would",
        "could",
        "might",
        "may",
        "expect",
        "expects",
        "expected",
        "likely",
        "set",
        "plan",
        "plans",
        "going",
        "forecast",
        "forecasts",
    }
)

#: Log-odds added to a sentence's score for each signal.
PENALTIES: dict[str, float] = {
    "opinion": -1.2,
    "question": -2.0,
    "prediction": -0.6,
    "greeting": -3.0,
    "first person": -0.4,
    "too short": -1.5,
}


def non_claim(sentence: str, standalone: bool) -> str | None:
    """Why ``sentence`` is boilerplate and not a claim, or ``None`` if it may be one.

        ``standalone`` says the segmenter found it as a line without terminal punctuation;
    such a line is a heading unless it is a list item ("- ", "• ", "1. ").
    """
    s = sentence.strip()
    if _BYLINE.match(s):
        return "byline"
    if _TAGS.match(s):
        return "tag list"
    if _NAV.match(s):
        return "navigation"
    if len(s) < 200 and _comment(s.lower()):
        return "comment form or site boilerplate"
    if _CAPTION.match(s) or _caption_tail(s):
        return "caption or image credit"
    if _CREDIT.match(s) or _TRAILING_CREDIT.match(s) or _INITIALS.match(s) or _REPORTING.match(s):
        return "agency or author credit"
    if (_TIMESTAMP.match(s) or _DATE_LINE.match(s)) and len(s) < 80:
        return "timestamp"
    if _DATELINE.match(s) and not _DATELINE.sub("", s).strip():
        return "dateline"
    if s.startswith("#") or (standalone and not _BULLET.match(s)):
        return "heading"
    return None


def _comment(low: str) -> bool:
    return contains_any(low, COMMENT_LITERALS) and _COMMENT.search(low) is not None


def _caption_tail(s: str) -> bool:
    if "/" not in s and not contains_any(folded(s), CAPTION_TAIL_LITERALS):
        return False
    return _CAPTION_TAIL.search(s) is not None


def bullet_end(sentence: str) -> int:
    """Length of a leading list marker ("- ", "* ", "• ", "1. "), else 0."""
    m = _BULLET.match(sentence)
    return m.end() if m else 0


def dateline_end(sentence: str) -> int:
    """Length of a leading dateline ("SYDNEY (Reuters) - ", "PARIS, France -"), else 0."""
    m = _AGENCY_DATELINE.match(sentence) or _DATELINE.match(sentence)
    if m is None:
        return 0
    head = sentence[: m.end()]
    if "(" not in head and not any(w.isupper() and len(w) > 1 for w in _WORD.findall(head)):
        return 0
    return m.end()


def penalties(sentence: str) -> list[tuple[str, float]]:
    """The score-lowering signals of ``sentence`` as ``(reason, log-odds)`` pairs."""
    out: list[tuple[str, float]] = []
    s = sentence.strip()
    low = s.lower()
    if _GREETING.match(s):
        out.append(("greeting", PENALTIES["greeting"]))
    if s.rstrip("\"'\u201d)").endswith("?"):
        out.append(("question", PENALTIES["question"]))
    found = words(low)
    if not OPINION_WORDS.isdisjoint(found) and _OPINION.search(low):
        out.append(("opinion", PENALTIES["opinion"]))
    if not PREDICTION_WORDS.isdisjoint(found) and _PREDICTION.search(low):
        out.append(("prediction", PENALTIES["prediction"]))
    if _FIRST_PERSON.match(s):
        out.append(("first person", PENALTIES["first person"]))
    if len(list(islice(_WORD.finditer(s), 4))) < 4:
        out.append(("too short", PENALTIES["too short"]))
    return out
