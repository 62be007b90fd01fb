"""Rendering a :class:`~claimtrack.report.build.Report` as a table, JSON or Markdown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from claimtrack.console import visible_controls

if TYPE_CHECKING:
    from rich.console import Console

    from claimtrack.report.build import Report

#: rich style of each final label.
LABEL_STYLES: dict[str, str] = {
    "supported": "bold green",
    "refuted": "bold red",
    "mixed": "bold yellow",
    "unverifiable": "cyan",
    "error": "magenta",
    "not_checkworthy": "dim",
    "unchecked": "dim",
}


def _evidence_text(evidence: dict[str, Any] | None) -> str:
    if not evidence:
        return ""
    return str(evidence.get("url") or evidence.get("source") or evidence.get("title") or "")


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_table(report: Report, console: Console, *, width: int = 90) -> None:
    """Print the report as a table plus a summary line. Untrusted text is shown literally."""
    from rich.text import Text

    from claimtrack.cli.common import make_table
    from claimtrack.console import literal

    if report.article is not None:
        title = literal(f"Article {report.article.id}: {report.article.title or report.article.source}", style="bold")
        console.print(title)
    table = make_table(
        console,
        ("ID", "right"),
        ("Kind", "left"),
        ("Claim and why", "left"),
        ("Verdict", "left"),
        ("Conf.", "right"),
        ("Evidence", "left"),
    )
    for index in (0, 1, 3, 4):
        table.columns[index].no_wrap = True
    table.columns[2].min_width = 28
    table.columns[5].min_width = 10
    table.columns[5].max_width = 40
    for row in report.rows:
        final = row.final
        label = Text(final.label.replace("_", " "), style=LABEL_STYLES.get(final.label, ""))
        if final.disputed:
            label.append(" (disputed)", style="bold yellow")
        if final.reviewed:
            label.append(" (reviewed)", style="italic")
        conf = f"{final.confidence:.2f}" if final.label not in ("unchecked", "error", "unverifiable") or final.reviewed else ""
        cell = literal(_shorten(row.claim.text, width))
        if final.summary and final.label != "unchecked":
            cell.append("\n").append_text(literal("→ " + _shorten(final.summary, width), style="dim"))
        table.add_row(str(row.claim.id), row.claim.kind, cell, label, conf, literal(_evidence_text(final.evidence)))
    console.print(table)
    console.print(Text(report.summary_line()))


def render_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    article = report.article
    return {
        "article": (
            {"id": article.id, "title": article.title, "source": article.source, "published": article.published}
            if article is not None
            else None
        ),
        "claims": [row.to_dict() for row in report.rows],
        "counts": report.counts,
        "disputed": report.disputed,
        "summary": report.summary_line(),
    }


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: str | None) -> str:
    """Untrusted text for a Markdown table cell: specials escaped, no newlines, controls visible."""
    flat = " ".join(visible_controls(text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def render_markdown(report: Report) -> str:
    """The report as a Markdown document (a table and the summary line)."""
    lines = []
    if report.article is not None:
        lines.append(f"# Claims in {md_escape(report.article.title or report.article.source)}")
        lines.append("")
    lines.append("| ID | Kind | Claim | Verdict | Confidence | Why | Evidence |")
    lines.append("|---:|---|---|---|---:|---|---|")
    for row in report.rows:
        final = row.final
        verdict = f"**{final.label.replace('_', ' ')}**" + (" (disputed)" if final.disputed else "") + (" (reviewed)" if final.reviewed else "")
        link = _evidence_text(final.evidence)
        url = (final.evidence or {}).get("url")
        evidence = f"<{url.replace('>', '%3E').replace(' ', '%20')}>" if url and re.match(r"https?://", str(url)) else md_escape(link)
        lines.append(
            f"| {row.claim.id} | {md_escape(row.claim.kind)} | {md_escape(row.claim.text)} | {verdict} | "
            f"{final.confidence:.2f} | {md_escape(final.summary)} | {evidence} |"
        )
    lines.append("")
    lines.append(md_escape(report.summary_line()))
    return "\n".join(lines) + "\n"
