"""The plain exporters: JSON, JSON Lines, CSV and a publishable Markdown report.

Text from articles (claims, sentences, snippets) is written unchanged in JSON, where
control characters are ``\\u`` escapes, and with control characters made visible
(``\\x1b``) in CSV and Markdown, which people open in terminals and editors. Markdown
also escapes its own syntax so an article's ``[bold red]`` or ``*`` stays literal text.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING, Any, TextIO

from claimtrack.console import dumps_indented, visible_controls
from claimtrack.models import claim_to_dict, mention_to_dict

if TYPE_CHECKING:
    from claimtrack.export import ExportRow

_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dump_json(data: Any, *, indent: int | None = None) -> str:
    """JSON with every control character escaped (C0 by json itself, C1 and DEL here)."""
    if indent == 2:
        text = dumps_indented(data)  # the same document, made ten times faster
    else:
        text = json.dumps(data, indent=indent, ensure_ascii=False, default=_default)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def row_json(row: ExportRow) -> dict[str, Any]:
    """The JSON form of one claim: text, outcome, its parts with their verdicts, reviews,
    verdicts (each with the part it is on, None for the whole claim), mentions, prior checks."""
    claim = row.claim
    outcome = row.outcome
    human = outcome.decided_by in ("review", "fact_check")
    return {
        **{k: v for k, v in claim_to_dict(claim).items() if k not in ("created_at", "updated_at")},
        "verdict": row.label,
        "verdict_source": row.label_source,
        "set_aside": outcome.set_aside,
        "reviewed_by": outcome.decider if human else None,
        "reviewed_at": outcome.decided_at if human else None,
        "explanation": row.explanation,
        "parts": [p.to_dict() for p in outcome.parts],
        "mentions": [mention_to_dict(mention, article) for mention, article in row.mentions],
        "verdicts": [
            {
                "verifier": v.verifier,
                "verifier_version": v.verifier_version,
                "part": getattr(v, "part", "") or None,
                "label": v.label,
                "confidence": v.confidence,
                "summary": v.summary,
                "evidence": v.evidence,
                "error": v.error,
                "created_at": v.created_at,
            }
            for v in row.verdicts
        ],
        "reviews": [
            {"reviewer": r.reviewer, "label": r.label, "note": r.note, "created_at": r.created_at}
            for r in row.reviews
        ],
        "previously_checked": [
            {
                "publisher": p.publisher,
                "rating": p.rating,
                "label": p.label,
                "url": p.url,
                "claim_id": p.claim_id,
            }
            for p in row.prior
        ],
    }


class JsonExporter:
    """``--format json``: one JSON array."""

    name = "json"
    version = "1.0"
    suffix = ".json"
    description = "JSON array of claims with verdicts, reviews and mentions"
    #: Rows may come as an iterator: the array is written as they come.
    streams = True

    def export(self, rows: Iterable[ExportRow], out: TextIO) -> int:
        """Write every row as one indented JSON array, a few hundred rows at a time (the
        same text as one ``dump_json`` of them all); returns how many."""
        count = 0
        it = iter(rows)
        while chunk := list(islice(it, 200)):
            text = dump_json([row_json(r) for r in chunk], indent=2)  # "[\n  {…},\n  {…}\n]"
            out.write(("," if count else "[") + text[1:-2])
            count += len(chunk)
        out.write("\n]\n" if count else "[]\n")
        return count


class JsonLinesExporter:
    """``--format jsonl``: one JSON object per line."""

    name = "jsonl"
    version = "1.0"
    suffix = ".jsonl"
    description = "JSON Lines, one claim per line"
    streams = True

    def export(self, rows: Iterable[ExportRow], out: TextIO) -> int:
        """Write one compact JSON object per row; returns how many."""
        count = 0
        for row in rows:
            out.write(dump_json(row_json(row)))
            out.write("\n")
            count += 1
        return count


CSV_COLUMNS = (
    "claim_id",
    "claim",
    "kind",
    "score",
    "status",
    "verdict",
    "verdict_source",
    "set_aside",
    "reviewed_by",
    "reviewed_at",
    "explanation",
    "article_id",
    "article_title",
    "article_url",
    "published",
    "evidence_urls",
    "previously_checked",
    "parts",
)


#: What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell: control characters visible, and a leading ``'`` before anything a
    spreadsheet could run as a formula (``= + - @``, tab, carriage return)."""
    text = str(value)
    shown = visible_controls(text)
    if text.startswith(FORMULA_STARTS) or shown.startswith(FORMULA_STARTS):
        return "'" + shown
    return shown


class CsvExporter:
    """``--format csv``: one row per claim, for spreadsheets."""

    name = "csv"
    version = "1.0"
    suffix = ".csv"
    description = "CSV, one claim per row"
    streams = True

    def export(self, rows: Iterable[ExportRow], out: TextIO) -> int:
        """Write a header and one line per claim; returns how many."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        count = 0
        for row in rows:
            count += 1
            outcome = row.outcome
            human = outcome.decided_by in ("review", "fact_check")
            article = row.article
            values = (
                row.claim.id,
                row.claim.text,
                row.claim.kind,
                f"{row.claim.score:.4f}",
                row.claim.status,
                row.label or "",
                row.label_source or "",
                "yes" if outcome.set_aside else "",
                outcome.decider if human else "",
                outcome.decided_at.isoformat() if human and outcome.decided_at else "",
                row.explanation,
                article.id if article else "",
                (article.title or "") if article else "",
                article.source if article else "",
                article.published.isoformat() if article and article.published else "",
                " ".join(dict.fromkeys(str(e["url"]) for e in row.evidence if e.get("url"))),
                "; ".join(p.describe() for p in row.prior),
                "; ".join(part_line(p) for p in outcome.parts),
            )
            writer.writerow([csv_cell(v) for v in values])
        return count


def part_line(part: Any) -> str:
    """One part and its verdict on a line: "office: <its text> = supported 0.90"."""
    conf = f" {part.confidence:.2f}" if part.checked else ""
    return f"{part.kind}: {part.text} = {part.label}{conf}"


def md_escape(value: str | None) -> str:
    """Literal text in Markdown: one line, control characters visible, syntax escaped."""
    flat = " ".join(visible_controls(value or "").split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    # A paragraph starting like a heading, quote or list item would become one.
    return _MD_LINE_START.sub(_escape_marker, escaped)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():  # "1." → "1\." (a backslash before a digit is not an escape)
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def _md_url(url: str) -> str:
    return (
        visible_controls(url)
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _md_link(title: str | None, url: str | None) -> str:
    if url and str(url).startswith(("http://", "https://")):
        return f"[{md_escape(title or url)}]({_md_url(str(url))})"
    return md_escape(title or url or "")


class MarkdownExporter:
    """``--format markdown``: a publishable fact-check report per article."""

    name = "markdown"
    version = "1.0"
    suffix = ".md"
    description = "Markdown fact-check report, one section per article"

    def export(self, rows: list[ExportRow], out: TextIO) -> int:
        """Group rows by article (first mention) and write a report for each; returns how many claims."""
        groups: dict[int | None, list[ExportRow]] = {}
        for row in rows:
            groups.setdefault(row.article.id if row.article else None, []).append(row)
        if not groups:
            out.write("# Fact-check report\n\nNo claims to report.\n")
            return 0
        first = True
        for group in groups.values():
            article = group[0].article
            if not first:
                out.write("\n---\n\n")
            first = False
            title = (
                article.title
                if article and article.title
                else (article.source if article else "Claims without an article")
            )
            out.write(f"# Fact-check: {md_escape(title)}\n\n")
            if article is not None:
                meta = [f"Source: {_md_link(article.source, article.source)}"]
                if article.published:
                    meta.append(f"Published: {article.published.date().isoformat()}")
                if article.author:
                    meta.append(f"By {md_escape(article.author)}")
                out.write(" · ".join(meta) + "\n\n")
            counts: dict[str, int] = {}
            for row in group:
                key = (
                    "not check-worthy"
                    if row.outcome.set_aside
                    else (row.label or "not checked yet")
                )
                counts[key] = counts.get(key, 0) + 1
            out.write(
                f"{len(group)} claim(s): "
                + ", ".join(
                    f"{n} {label}"
                    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                )
                + ".\n\n"
            )
            for number, row in enumerate(group, 1):
                out.write(f"## {number}. {md_escape(row.claim.text)}\n\n")
                if row.speaker:
                    out.write(f"Said by {md_escape(row.speaker)}.\n\n")
                out.write(outcome_line(row) + "\n\n")
                if row.explanation:
                    out.write(f"{md_escape(row.explanation)}\n\n")
                if row.outcome.parts:
                    out.write("Parts:\n\n")
                    out.writelines(f"- {_md_part(part)}\n" for part in row.outcome.parts)
                    out.write("\n")
                for prior in row.prior:
                    line = md_escape(prior.describe())
                    if prior.url:
                        line += f" ({_md_link('source', prior.url)})"
                    out.write(f"*{line}*\n\n")
                evidence = row.evidence
                if evidence:
                    out.write("Evidence:\n\n")
                    for item in evidence[:5]:
                        line = _md_link(item.get("title") or item.get("source"), item.get("url"))
                        if item.get("snippet"):
                            line += f": “{md_escape(str(item['snippet']))}”"
                        out.write(f"- {line}\n")
                    out.write("\n")
        return len(rows)


def _md_part(part: Any) -> str:
    """A part in the Markdown report: "office: <text> — **supported** (0.90): <summary>"."""
    line = f"{md_escape(part.kind)}: {md_escape(part.text)} — **{part.label}**"
    if part.checked:
        line += f" ({part.confidence:.2f})"
    if part.summary and part.checked:
        line += f": {md_escape(part.summary)}"
    return line


def outcome_line(row: ExportRow) -> str:
    """The bold verdict line of one claim in the Markdown report, from its outcome."""
    outcome = row.outcome
    when = f", {outcome.decided_at.date().isoformat()}" if outcome.decided_at else ""
    if outcome.set_aside:
        return f"**Not check-worthy** (set aside by {md_escape(outcome.decider)}{when})"
    rating = outcome.rating
    if rating is None:
        return "**Verdict: not checked yet**"
    if outcome.decided_by == "review":
        return f"**Verdict: {rating[1]}** (reviewed by {md_escape(outcome.decider)}{when})"
    if outcome.decided_by == "fact_check":
        return f"**Verdict: {rating[1]}** (published fact-check by {md_escape(outcome.decider)})"
    return f"**Automated verdict: {rating[1]}** (not yet reviewed)"
