"""The built-in quote check: a quote against a source document the user gives.

``claimtrack verify --source transcript.txt`` (or ``[verifiers.quote-source] source =
"transcript.txt"`` in the config file) names the documents. For each quote the verifier
finds the closest passage (rapidfuzz partial alignment, after normalising case, quote
marks, dashes and spacing) and reports:

* **exact** (similarity 100): ``supported``;
* **close** (>= :data:`CLOSE` ): ``mixed``, listing the word differences;
* **absent**: ``refuted``, with the closest passage and its similarity as evidence.

With no source document the check does not apply (``None``), so nothing is recorded.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, ClassVar

from claimtrack.verification.api import (
    ClaimInfo,
    Evidence,
    Verdict,
    Verifier,
    VerifyContext,
)

#: Similarity (0-100) from which a passage counts as the quote with small differences.
CLOSE = 85.0
_QUOTED = re.compile(r"\u201c([^\u201d]{3,})\u201d|\"([^\"]{3,})\"")
_TRANSLATE = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SPEAKER_LINE = re.compile(r"^\s*([A-Z][A-Za-z .'\u2019-]{1,60}?)\s*:", re.MULTILINE)


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with quotes, dashes and runs of spaces unified, and for each of
    its characters the offset of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        out.append(ch.lower())
        index.append(i)
    return "".join(out), index


def _core(quote: str) -> str:
    return quote.strip().strip(" ,.;:!?\"'").strip()


def quote_text(claim: ClaimInfo) -> str | None:
    """The quoted words of a claim: from its values, else from quotation marks."""
    values = claim.values or {}
    candidates = [values.get("quote")]
    kinds = values.get("kinds")
    if isinstance(kinds, dict) and isinstance(kinds.get("quote"), dict):
        candidates.append(kinds["quote"].get("quote"))
    for value in candidates:
        if isinstance(value, str) and len(value.split()) >= 3:
            return value
    found = [m.group(1) or m.group(2) for m in _QUOTED.finditer(claim.sentence)]
    joined = " ".join(q.strip(" ,") for q in found if len(q.split()) >= 3)
    return joined or None


def differences(quote: str, passage: str, limit: int = 4) -> list[str]:
    """Word-level differences, e.g. ``"held" where the source has "taken"``."""
    a = _core(quote).translate(_TRANSLATE).split()
    b = _core(passage).translate(_TRANSLATE).split()

    def strip(word: str) -> str:
        return word.lower().strip(".,;:!?\"'()")

    matcher = difflib.SequenceMatcher(
        a=[strip(w) for w in a], b=[strip(w) for w in b], autojunk=False
    )
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        said, source = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            out.append(f'"{said}" where the source has "{source}"')
        elif op == "delete":
            out.append(f'"{said}" is not in the source')
        else:
            out.append(f'the source also has "{source}"')
    return out[:limit]


def best_passage(quote: str, text: str) -> tuple[float, int, int]:
    """(similarity 0-100, start, end) of the passage of ``text`` closest to ``quote``."""
    from rapidfuzz import fuzz

    q, _ = normalise(_core(quote))
    t, index = normalise(text)
    if not q or not t:
        return 0.0, 0, 0
    found = fuzz.partial_ratio_alignment(q, t)
    if found is None:
        return 0.0, 0, 0
    start = index[found.dest_start] if found.dest_start < len(index) else len(text)
    end = index[found.dest_end - 1] + 1 if found.dest_end > 0 else start
    # Widen to whole words.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return float(found.score), start, end


def _speaker_before(text: str, start: int) -> str | None:
    found = None
    for m in _SPEAKER_LINE.finditer(text, 0, start):
        found = m.group(1).strip()
    return found


class QuoteSourceVerifier(Verifier):
    """Direct quotes against the source documents of the run (``verify --source``)."""

    name: ClassVar[str] = "quote-source"
    version: ClassVar[str] = "1.0"
    kinds: ClassVar[tuple[str, ...]] = ()
    offline: ClassVar[bool] = True
    defaults: ClassVar[dict[str, Any]] = {"source": None}

    def applies_to(self, claim: ClaimInfo) -> bool:
        if claim.parts:
            return bool(claim.parts_of("quote"))
        return quote_text(claim) is not None

    def _documents(self, ctx: VerifyContext) -> dict[str, str]:
        docs = dict(ctx.sources)
        configured = ctx.settings.get("source")
        if configured and "config_docs" not in ctx.run_state:
            paths = [configured] if isinstance(configured, str) else list(configured)
            loaded = {}
            for path in paths:
                p = Path(str(path)).expanduser()
                loaded[p.name] = p.read_text(encoding="utf-8", errors="replace")
            ctx.run_state["config_docs"] = loaded
        docs.update(ctx.run_state.get("config_docs", {}))
        return docs

    async def verify(self, claim: ClaimInfo, ctx: VerifyContext) -> Verdict | list[Verdict] | None:
        """One verdict per quote part of the claim (``Verdict.on(part)``), each quote
        searched in the source documents; a claim with no parts is checked as a whole (its
        quoted words). A claim whose parts hold no quote is not one this check can judge:
        a verdict on the whole claim would also rate its other parts."""
        docs = self._documents(ctx)
        if not docs:
            return None
        if not claim.parts:
            quote = quote_text(claim)
            speaker = claim.speaker or (claim.values or {}).get("speaker")
            return None if quote is None else _check(quote, speaker, docs)
        verdicts = []
        for part in claim.parts_of("quote"):
            words = part.values.get("quote")
            if not isinstance(words, str) or len(words.split()) < 3:
                continue  # too short to tell a quote from a phrase: left unchecked
            speaker = part.values.get("speaker") or claim.speaker
            verdicts.append(_check(words, speaker, docs).on(part))
        return verdicts or None


def _check(quote: str, speaker: Any, docs: dict[str, str]) -> Verdict:
    """``quote`` (attributed to ``speaker``) against the closest passage of ``docs``."""
    best: tuple[float, str, int, int] | None = None
    for name, text in docs.items():
        score, start, end = best_passage(quote, text)
        if best is None or score > best[0]:
            best = (score, name, start, end)
    assert best is not None
    score, name, start, end = best
    text = docs[name]
    passage = text[start:end].strip()
    evidence = [Evidence(source=f"source document {name}", title=name, snippet=passage)]
    in_source = _speaker_before(text, start)
    attributed = ""
    if speaker and in_source:
        from rapidfuzz import fuzz

        if fuzz.token_set_ratio(str(speaker).lower(), in_source.lower()) < 80:
            attributed = f"; the source gives it to {in_source}, not {speaker}"
    if score >= 99.999:
        if attributed:
            return Verdict.mixed(f"quote found verbatim in {name}{attributed}", 0.7, evidence)
        return Verdict.supported(f"quote found verbatim in {name}", 0.95, evidence)
    if score >= CLOSE:
        diffs = differences(quote, passage)
        if not diffs and not attributed:
            return Verdict.supported(
                f"quote found in {name}, apart from punctuation", 0.9, evidence
            )
        detail = "; ".join(diffs) if diffs else "same words"
        return Verdict.mixed(
            f"close to {name} ({score:.0f}% similar): {detail}{attributed}",
            round(0.5 + (score - CLOSE) / 100, 3),
            evidence,
        )
    return Verdict.refuted(
        f"not found in {name}; the closest passage is {score:.0f}% similar", 0.5, evidence
    )
