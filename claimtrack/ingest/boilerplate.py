"""Recognising web boilerplate in text: tag lists, post navigation, comment forms, cookie notices.

Text copied from a web page carries the page's furniture along with the article. These
lines are not part of the article and must never become claims, so they are removed before
the article is stored (HTML goes through trafilatura first, then through the same filter).
"""

from __future__ import annotations

import re

_LINE_PATTERNS = [
    r"(tags?|topics?|filed under|categories|category|keywords)\s*:.*",
    r"(posted|published) in\s*:.*",
    r"(leave|post|add|write) a (comment|reply)\b.*",
    r"(\d+\s+)?comments?\s*(\(\d+\))?:?",
    r"your email address will not be published\b.*",
    r"required fields are marked\b.*",
    r"(name|e-?mail|website|comment)\s*\*?\s*:?\s*\*?",
    r"save my name,? email,? and website\b.*",
    r"(submit|post) comment",
    r"you must be logged in to post a comment\b.*",
    r"(share|share this|share this (article|story|post)|share on \w+|follow us\b.*|tweet|email|print)\s*:?",
    r"(sign up|subscribe)\b.{0,80}(newsletter|inbox|updates)\b.*",
    r"(advertisement|sponsored( content)?|skip to (main )?content|back to top|menu|search|home)",
    r".*\b(we|this (site|website)) uses? cookies\b.*",
    r".*\b(accept (all )?cookies|cookie (policy|settings|preferences))\b.*",
    r"(©|\(c\)|copyright)\s.*",
    r"all rights reserved\.?",
    r"read more\s*:?.*",
    # A navigation bar: short items separated by pipes or bullets ("World | Business | Markets").
    r"[\w&'’ -]{1,24}(\s*[|•·]\s*[\w&'’ -]{1,24}){2,}",
]
_NAV_HEADINGS = [
    r"(previous|next|prev|older|newer)\s+(post|article|story|entry)\b\s*:?\s*(?P<headline>.*)",
    r"(related|more)\s+(articles|stories|posts|content|coverage|news|reading)\s*:?",
    r"(you may also like|recommended( for you)?|most (read|popular)|trending( now)?|read next|see also)\s*:?",
]
_LINE = re.compile("|".join(f"(?:{p})" for p in _LINE_PATTERNS), re.IGNORECASE)
_NAV = re.compile("|".join(f"(?:{p})" for p in _NAV_HEADINGS), re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _is_headline_like(line: str) -> bool:
    """A short line without sentence punctuation: a link title in a list of links."""
    return bool(line) and len(line) <= 160 and not _SENTENCE_END.search(line)


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines, and the link titles listed under navigation headings.

    Paragraph structure (blank lines) is kept; runs of blank lines collapse to one.
    """
    kept: list[str] = []
    in_nav_list = False
    for raw in text.splitlines():
        line = raw.strip()
        bare = line.lstrip("#*-•>|· ").strip()
        if not line:
            in_nav_list = False
            kept.append("")
            continue
        if nav := _NAV.fullmatch(bare):
            # "Previous post: <headline>" carries its headline on the same line; a bare
            # heading ("Related articles") is followed by headline lines.
            in_nav_list = not nav.groupdict().get("headline")
            continue
        if in_nav_list and _is_headline_like(bare):
            continue
        in_nav_list = False
        if _LINE.fullmatch(bare):
            continue
        kept.append(raw.rstrip())
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return cleaned.strip()
