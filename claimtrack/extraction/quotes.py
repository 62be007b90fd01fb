"""Direct quotes and their speakers.

A speaker is found from "…," X said / said X / X says / X told Y / X said: "…" /
according to X. Pronoun speakers ("he said") and quotes with no attribution take the
speaker of the previous sentence, passed in by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.extraction.hints import contains_any, words

_VERBS = (
    r"said|says|say|told|added|stated|declared|warned|insisted|"
    r"explained|noted|wrote|tweeted|claimed|argued|asked|announced|replied|recalled|continued"
)
_NAME = (
    r"(?:(?:[A-Z][a-z]+\.?\s+)*?)"  # optional titles, e.g. "German Chancellor", "Mr."
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|der|den|bin|al|da|del|la|le|of|for|the)\s+){0,2}[A-Z][\w'’-]*){0,3}"
)
_ROLE_NOUNS = (
    "spokesman|spokeswoman|spokesperson|official|minister|president|ministry|statement|source|analyst|economist|"
    "police|report|study|agency|government|company|prime minister|bank|court|army|office|department|committee|"
    "union|council|commission|organisation|organization|group|researchers|officials"
)
_ROLE = (
    rf"(?:[Tt]he|[Aa]n?)\s+(?:[a-z-]+\s+){{0,3}}?(?:{_ROLE_NOUNS})"
    rf"(?:\s+(?:of|for|at)\s+(?:the\s+)?[\w'’-]+(?:\s+[A-Z][\w'’-]*){{0,3}})?"
)
_PRONOUN = r"he|she|they|He|She|They|I|we|We"
_QUOTE = re.compile(r"\u201c(?P<a>[^\u201d]{3,})\u201d|\"(?P<b>[^\"]{3,})\"")

_AFTER = re.compile(
    rf"[\s,\u2014-]*(?:(?P<v1>{_VERBS})\s+(?P<s1>(?:the\s+)?{_NAME}|{_ROLE})|(?P<s2>(?:the\s+)?{_NAME}|{_ROLE}|{_PRONOUN})\s+(?P<v2>{_VERBS}))\b"
)
_BEFORE = re.compile(
    rf"(?P<s>{_NAME}|{_ROLE}|{_PRONOUN})\s+(?:{_VERBS})(?:\s+[A-Za-z ]{{1,40}}?)?\s*[:,]?\s*$"
)
_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+(?P<s>(?:the\s+)?{_NAME}|{_ROLE})")
_REPORTED = re.compile(
    rf"(?:^|[,;]\s*|\b(?:and|but)\s+)(?P<s>(?:the\s+)?{_NAME}|{_ROLE})(?:,\s+[^,]{{1,60}},)?"
    rf"\s+(?:{_VERBS})\s+(?:on\s+\w+\s+)?(?:that\s+)?(?=[a-zA-Z])"
)
_GROUPS = (
    r"(?:[a-z]+\s+)?(?:officials|organisers|organizers|police|analysts|"
    r"experts|economists|researchers|sources|authorities|"
    r"witnesses|residents|scientists|diplomats|prosecutors|investigators)"
)
_TRAILING = re.compile(
    rf",\s+(?P<s>(?:the\s+)?{_NAME}|{_ROLE}|{_GROUPS}|{_PRONOUN})\s+(?:{_VERBS})(?:\s+on\s+\w+|\s+in\s+a\s+statement)?\s*[.!]?$"
)
_VERB_HINT = re.compile(rf"\b(?:{_VERBS})\b")
#: :data:`_VERB_HINT` matches one of these words (see ``hints.words``).
VERB_WORDS = frozenset(_VERBS.split("|"))
#: One of these is in every match of :data:`_QUOTE`.
QUOTE_LITERALS = ("\u201c", '"')
_TOLD = re.compile(
    rf"\btold\s+(?P<t>(?:the\s+)?{_NAME}|(?:the\s+)?[a-z ]{{2,30}}?)\s*(?:[,.]|that|on|in|$)"
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
_NOT_NAMES = frozenset(
    {"The", "It", "This", "That", "There", "But", "And", "In", "On", "At", "A", "An"}
)


@dataclass
class QuoteMatch:
    """A quote or attributed statement in one sentence."""

    quote: str | None
    speaker: str | None
    direct: bool
    pronoun: bool = False
    addressee: str | None = None
    via: str = ""


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().rstrip(",.")
    return name or None


def find_quote(sentence: str, previous_speaker: str | None = None) -> QuoteMatch | None:
    """The quote of ``sentence`` and who said it, or ``None`` if it has neither.

    ``previous_speaker`` resolves "he said" and unattributed quote continuations.
    """
    quotes = (
        [m for m in _QUOTE.finditer(sentence) if len((m.group("a") or m.group("b")).split()) >= 3]
        if contains_any(sentence, QUOTE_LITERALS)
        else []
    )
    speaker: str | None = None
    via = ""
    if quotes:
        last = quotes[-1]
        after = _AFTER.match(sentence, last.end())
        before = _BEFORE.search(sentence, 0, quotes[0].start())
        if after:
            speaker, via = after.group("s1") or after.group("s2"), "said"
        elif before:
            speaker, via = before.group("s"), "said"
    acc = _ACCORDING.search(sentence) if "ccording to" in sentence else None
    if speaker is None and acc:
        speaker, via = acc.group("s"), "according to"
    attributed = (
        not VERB_WORDS.isdisjoint(words(sentence.lower()))
        and _VERB_HINT.search(sentence) is not None
    )
    if speaker is None and not quotes and attributed:
        trailing = _TRAILING.search(sentence) if "," in sentence else None
        if trailing:
            speaker, via = trailing.group("s"), "said"
    if speaker is None and not quotes and attributed:
        rep = _REPORTED.search(sentence)
        if rep and rep.group("s") not in _NOT_NAMES:
            speaker, via = rep.group("s"), "said"
    if not quotes and speaker is None:
        return None
    speaker = _clean(speaker)
    pronoun = bool(speaker and speaker.lower() in _PRONOUNS)
    if (speaker is None or pronoun) and previous_speaker:
        speaker, via = previous_speaker, via or "previous sentence"
        pronoun = False
    told = _TOLD.search(sentence) if "told" in sentence else None
    text = " ".join((m.group("a") or m.group("b")).strip(" ,") for m in quotes) or None
    return QuoteMatch(
        quote=text,
        speaker=None if pronoun else speaker,
        direct=bool(quotes),
        pronoun=pronoun,
        addressee=_clean(told.group("t")) if told else None,
        via=via,
    )
