"""A fast, regex-based sentence segmenter that keeps exact character spans.

Rules, in order:

* Text is cut into lines first. A line that does not end in terminal punctuation
  (``. ! ? :`` optionally followed by closing quotes/brackets) is its own segment and is
  flagged ``standalone`` (a heading, byline, credit, tag list …), unless it is long and
  the next line starts in lower case, which means a hard-wrapped paragraph continues.
* Inside a paragraph, a boundary is terminal punctuation, optional closing quotes or
  brackets, whitespace, then something that can start a sentence (not a lower-case letter).
* No boundary after a list number opening a segment ("1. The …"), titles ("Mr.",
  "Dr.", "Gen."), initials ("J. K. Rowling"),
  "No."/"Nos."/"Art." before a number, months ("Jan. 5"), "e.g."/"i.e."/"vs.", nor inside
  a double-quoted passage that closes in the same paragraph. After acronyms such as
  "U.S." or company suffixes ("Inc.") a boundary is kept only before a common
  sentence opener ("The", "He", "But" …).
* Decimals ("3.5") and thousands separators never split (a boundary needs whitespace).

Spans are half-open ``(start, end)`` offsets with surrounding whitespace trimmed, so
``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Segment(NamedTuple):
    """One sentence or line: exact offsets and whether it was a line of its own."""

    start: int
    end: int
    standalone: bool


_LINE = re.compile(r"[^\n]+")
#: A line at least this long that runs on into a lower-case line is a hard-wrapped paragraph.
_WRAP_WIDTH = 40
_LINE_END = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*\s*$|["\u201d]\s*$""")
_BOUNDARY = re.compile(
    r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[^\s"'\u201c\u2018(\[a-z])"""
)
_WORD_BEFORE = re.compile(r"""(\S+?)[.!?]+["'\u201d\u2019)\]]*$""")
_NEXT_WORD = re.compile(r"""\s+["'\u201c\u2018(\[]?([^\s]+)""")

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "sen",
        "rep",
        "gov",
        "pres",
        "supt",
        "insp",
        "det",
        "rev",
        "fr",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "messrs",
        "mmes",
        "hon",
        "amb",
        "atty",
        "gens",
        "sens",
        "reps",
        "govs",
    ]
)
_BEFORE_NUMBER = frozenset(
    ["no", "nos", "art", "arts", "vol", "vols", "fig", "figs", "p", "pp", "ch", "sec", "para", "op"]
)
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_NEVER = frozenset(["e.g", "i.e", "vs", "v", "cf", "approx", "ca", "al"])
_SUFFIXES = frozenset(["inc", "ltd", "co", "corp", "plc", "llc", "bros", "dept", "univ", "est"])
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "their",
        "our",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "when",
        "while",
        "after",
        "before",
        "as",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "to",
        "of",
        "however",
        "meanwhile",
        "still",
        "also",
        "last",
        "next",
        "on",
        "one",
        "two",
        "some",
        "many",
        "most",
        "all",
        "no",
        "not",
        "officials",
        "police",
        "authorities",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "prime",
    ]
)


def _no_boundary(text: str, start: int, pos: int, end_of_match: int) -> bool:
    """Whether the candidate boundary ending at ``end_of_match`` must be rejected."""
    before = _WORD_BEFORE.search(text, max(start, pos - 40), end_of_match)
    if before is None:
        return False
    word = before.group(1).lstrip("\"'(\u201c\u2018[")
    if text[pos] != ".":
        return False
    low = word.lower()
    nxt = _NEXT_WORD.match(text, end_of_match)
    next_word = nxt.group(1) if nxt else ""
    if low in _TITLES or low in _NEVER:
        return True
    if word.isdigit() and len(word) <= 2 and before.start(1) == start:
        return True  # a list number: "1. The G7 …"
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. K. Rowling", "George W. Bush"
    if low in _BEFORE_NUMBER or low in _MONTHS:
        return next_word[:1].isdigit()
    if "." in word or low in _SUFFIXES:
        # an acronym ("U.S.", "a.m.") or company suffix ("Inc."): split only before an opener
        opener = next_word.strip("\"'\u201c\u2018(,").lower()
        return opener not in _OPENERS
    return False


class _Quotes:
    """Open double quotes in the current segment, counted incrementally.

    Counting from the segment start at every candidate boundary, and looking for the
    closing quote by slicing to the paragraph end, made long paragraphs quadratic; this
    counts each character once and knows where the paragraph's last closing quotes are.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.curly = 0  # opening minus closing curly quotes since the segment start
        self.straight = 0  # straight double quotes since the segment start
        self.counted_to = start
        self.last_curly_close = text.rfind("\u201d", start, end)
        self.last_straight = text.rfind('"', start, end)

    def restart(self, seg_start: int) -> None:
        """A new segment starts at ``seg_start``."""
        self.curly = self.straight = 0
        self.counted_to = seg_start

    def inside_closed_passage(self, pos: int) -> bool:
        """Whether ``pos`` sits inside a double-quoted passage that closes in the paragraph."""
        text, begin = self.text, self.counted_to
        self.curly += text.count("\u201c", begin, pos) - text.count("\u201d", begin, pos)
        self.straight += text.count('"', begin, pos)
        self.counted_to = pos
        if self.curly > 0:
            return self.last_curly_close >= pos
        if self.straight % 2 == 1:
            return self.last_straight > pos
        return False


def _split_paragraph(text: str, start: int, end: int, out: list[Segment]) -> None:
    """Append the sentence segments of ``text[start:end]`` to ``out``."""
    seg_start = start
    quotes = _Quotes(text, start, end)
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        if _no_boundary(text, seg_start, m.start(), cut):
            continue
        if quotes.inside_closed_passage(m.start()):
            continue
        out.append(Segment(seg_start, cut, False))
        seg_start = cut
        while seg_start < end and text[seg_start].isspace():
            seg_start += 1
        quotes.restart(seg_start)
    if seg_start < end:
        stripped_end = end
        while stripped_end > seg_start and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end > seg_start:
            out.append(Segment(seg_start, stripped_end, False))


def segments(text: str) -> list[Segment]:
    """Split ``text`` into sentence and line segments with exact offsets."""
    out: list[Segment] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    para_start: int | None = None
    for i, (line_start, line_end) in enumerate(lines):
        ls, le = line_start, line_end  # trimmed below
        while ls < le and text[ls].isspace():
            ls += 1
        while le > ls and text[le - 1].isspace():
            le -= 1
        if ls == le:
            continue
        if para_start is None:
            para_start = ls
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        continues = False
        if nxt is not None and not _LINE_END.search(text, ls, le):
            next_text = text[nxt[0] : nxt[1]].lstrip()
            gap = text[le : nxt[0]]
            continues = (
                gap.count("\n") == 1
                and next_text[:1].islower()
                and " " in next_text.strip()
                and le - ls >= _WRAP_WIDTH
            )
        if continues:
            continue
        if para_start == ls and not _LINE_END.search(text, ls, le):
            out.append(Segment(ls, le, True))
        else:
            _split_paragraph(text, para_start, le, out)
        para_start = None
    return out


def split_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of every sentence or line segment of ``text``."""
    return [(s.start, s.end) for s in segments(text)]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (convenience wrapper over :func:`split_spans`)."""
    return [text[s:e] for s, e in split_spans(text)]
