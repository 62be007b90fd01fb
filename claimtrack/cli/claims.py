"""``claimtrack claims`` and ``claimtrack show``."""

from __future__ import annotations

from typing import Any

import click

from claimtrack.cli.common import (
    ARTICLE_ID,
    CLAIM_ID,
    LIMIT,
    IdCommand,
    json_option,
    make_table,
    open_reader,
    open_registry,
    published_text,
    shorten,
)
from claimtrack.console import LABEL_STYLES, literal, make_console, print_json, write_json_array
from claimtrack.errors import ClaimtrackError
from claimtrack.labels import CLAIM_STATUSES, DECISIVE_LABELS
from claimtrack.rows import claim_to_dict, mention_to_dict

#: Claims ``claims --search`` shows unless given ``--limit`` or ``--all``.
SEARCH_PAGE = 20


@click.command()
@click.option(
    "--article",
    "article_id",
    type=ARTICLE_ID,
    metavar="ID",
    help="Only claims mentioned in this article.",
)
@click.option(
    "--kind", help="Only claims of this kind (statistic, temporal, quote, membership, …)."
)
@click.option(
    "--status",
    type=click.Choice(CLAIM_STATUSES, case_sensitive=False),
    help="Only claims with this status (not_checkworthy: set aside, as its outcome shows).",
)
@click.option("--search", "-s", metavar="TEXT", help="Full-text search in the claim text.")
@click.option(
    "--limit",
    type=LIMIT,
    default=None,
    help=f"Show at most N claims (0: all). With --search: the first {SEARCH_PAGE} by default.",
)
@click.option("--all", "show_all", is_flag=True, help="Show every claim found by --search.")
@json_option
@click.pass_context
def claims(
    ctx: click.Context,
    article_id: int | None,
    kind: str | None,
    status: str | None,
    search: str | None,
    limit: int | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """List claims, in id order. Every claim is listed (streamed as it is read), except with
    --search: its first page, and how many more there are (--limit N or --all for more).
    --json writes one JSON array."""
    import sys

    if show_all and limit is not None:
        raise click.UsageError("use --limit N or --all, not both")
    if limit is None:
        limit = SEARCH_PAGE if search and not show_all else 0
    registry = open_reader(ctx)
    filters: dict[str, Any] = {
        "article_id": article_id,
        "kind": kind,
        "status": status,
        "search": search,
    }
    pages = registry.claim_pages(**filters, limit=limit or None)
    shown = 0
    if as_json:
        shown = write_json_array(
            claim_to_dict(c) | {"speaker": page.speakers.get(c.id)}
            for page in pages
            for c in page.claims
        )
        sys.stdout.write("\n")
        more = _more(registry, filters, limit, shown)
        if more:
            click.echo(f"… {more:,} more; --limit N or --all", err=True)
        return
    console = make_console()
    # A table per page: printed as the claims are read, never all of them in memory.
    for page in pages:
        table = make_table(
            console,
            ("ID", "right"),
            ("Kind", "left"),
            ("Score", "right"),
            ("Status", "left"),
            ("Claim", "left"),
        )
        for claim in page.claims:
            table.add_row(
                str(claim.id),
                literal(claim.kind),
                f"{claim.score:.2f}",
                claim.status,
                literal(shorten(claim.text, 100)),
            )
        console.print(table)
        shown += len(page.claims)
    more = _more(registry, filters, limit, shown)
    console.print(
        f"{shown:,} claim(s)" + (f" … {more:,} more; --limit N or --all" if more else ""),
        markup=False,
    )


def _more(registry: Any, filters: dict[str, Any], limit: int, shown: int) -> int:
    """How many claims beyond the ``shown`` ones match (counted only when a limit cut the list)."""
    if not limit or shown < limit:
        return 0
    return max(0, int(registry.count_claims(**filters)) - shown)


def _value_lines(values: dict[str, Any]) -> list[tuple[str, str]]:
    """A claim's structured values as short labelled lines: its own fields, each relation, entities.

    ``kinds`` (the same fields per kind found) is left to ``--json``.
    """
    import json

    def compact(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    lines = [
        (key, compact(value))
        for key, value in values.items()
        if key not in ("kinds", "relations", "entities", "parts")
        and value not in (None, [], {}, "")
    ]
    for relation in values.get("relations") or []:
        fields = ", ".join(
            f"{k}={compact(v)}" for k, v in relation.items() if k not in ("relation", "text")
        )
        lines.append((f"relation {relation.get('relation', '?')}", fields))
    if values.get("entities"):
        lines.append(("entities", ", ".join(map(str, values["entities"]))))
    return lines


def _verdict_lines(result: Any) -> list[Any]:
    """The claim's outcome ("Verdict: unverifiable (verifiers)" and its summary), then each
    part with its verdict. Summaries and part texts come from articles and sources: literal."""
    from rich.text import Text

    final = result.final
    lines = [
        Text("Verdict: ", style="bold")
        .append(result.describe(), style=LABEL_STYLES.get(result.label, ""))
        .append(f" {result.confidence:.2f}" if final and final.label in DECISIVE_LABELS else "")
    ]
    if final is not None and final.summary and result.label != "unchecked":
        lines.append(Text("  ").append_text(literal(final.summary, style="dim")))
    parts = result.parts
    if parts:
        lines.append(Text(f"Parts ({len(parts)}):", style="bold"))
    for part in parts:
        conf = f" {part.confidence:.2f}" if part.label in DECISIVE_LABELS else ""
        line = Text("  ◦ ").append(f"{part.id} ", style="dim").append_text(literal(part.kind))
        line.append(": ").append_text(literal(part.text)).append("  ")
        label = part.label + (" (disputed)" if part.disputed else "")
        line.append(label + conf, style=LABEL_STYLES.get(part.label, ""))
        lines.append(line)
        if part.summary and part.label != "unchecked" and part.summary != final.summary:
            lines.append(Text("      ").append_text(literal(part.summary, style="dim")))
    return lines


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-delimited paragraph of ``text`` around ``[start, end)``."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2, len(text) if right < 0 else right)


@click.command(cls=IdCommand)
@click.argument("claim_id", type=CLAIM_ID)
@json_option
@click.pass_context
def show(ctx: click.Context, claim_id: int, as_json: bool) -> None:
    """Show a claim, its verdict and its parts' verdicts, its values and every mention,
    highlighted in its paragraph."""
    from rich.panel import Panel
    from rich.text import Text

    from claimtrack.outcome import outcome
    from claimtrack.services.match import PriorCheckIndex, prior_check_to_dict

    registry = open_registry(ctx)
    claim = registry.claim(claim_id)
    if claim is None:
        raise ClaimtrackError(f"no claim with id {claim_id}")
    mentions = registry.mentions(claim_id)
    result = outcome(claim, registry.verdicts(claim_id), registry.reviews(claim_id))
    index = PriorCheckIndex.load(registry)
    prior = index.lookup(claim) if index else []
    related = index.related(claim) if index else []
    if as_json:
        assert result.final is not None
        print_json(
            claim_to_dict(claim)
            | {
                "verdict": result.final.to_dict() | result.to_dict(),
                "mentions": [mention_to_dict(m, a) for m, a in mentions],
                "previously_checked": [prior_check_to_dict(p) for p in prior],
                "possibly_related": [prior_check_to_dict(p, related=True) for p in related],
            }
        )
        return
    console = make_console()
    plain = console.no_color or not console.is_terminal
    header = Text.assemble(
        ("Claim ", "bold"),
        (str(claim.id), "bold"),
        "  ",
        literal(claim.kind),
        f"  score {claim.score:.2f}  {claim.status}",
    )
    console.print(header)
    console.print(literal(claim.text))
    for line in _verdict_lines(result):
        console.print(line)
    for name, value in _value_lines(claim.values):
        console.print(Text(f"{name}: ", style="dim").append(literal(value)))
    for check in prior:
        line = Text("⚑ ", style="yellow").append_text(literal(check.describe(), style="yellow"))
        if check.url:
            line.append("  ").append_text(literal(check.url, style="underline"))
        console.print(line)
    for check in related:
        line = Text(f"possibly related ({check.score or 0:.2f}): ", style="dim")
        line.append_text(literal(f"{check.publisher}: {check.rating} — {check.claim_text}"))
        if check.url:
            line.append("  ").append_text(literal(check.url, style="underline"))
        console.print(line)
    for mention, article in mentions:
        lo, hi = _paragraph_bounds(article.text, mention.start, mention.end)
        body = Text()
        body.append_text(literal(article.text[lo : mention.start]))
        marked = literal(article.text[mention.start : mention.end], style="bold reverse")
        if plain:
            marked = Text("»").append_text(marked).append("«")
        body.append_text(marked)
        body.append_text(literal(article.text[mention.end : hi]))
        title = literal(f"article {article.id}: {shorten(article.title or article.source, 60)}")
        title.append(f" — {published_text(article)}")
        if mention.speaker:
            title.append(" — speaker: ").append_text(literal(mention.speaker))
        console.print(Panel(body, title=title, title_align="left"))
