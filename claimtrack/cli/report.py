"""``claimtrack report``: claims and their final verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import ARTICLE_ID, open_registry
from claimtrack.console import make_console

if TYPE_CHECKING:
    from claimtrack.registry import Registry
    from claimtrack.registry.lite import SqliteReader

FORMATS = ("table", "json", "markdown")


def print_report(
    registry: Registry | SqliteReader,
    *,
    article_id: int | None,
    fmt: str,
    claim_ids: list[int] | None = None,
) -> None:
    """Print the report in ``fmt`` on stdout, streamed: rows are read while they are printed."""
    import sys

    from claimtrack.report import render_table, stream_report, write_json, write_markdown

    report = stream_report(registry, article_id=article_id, claim_ids=claim_ids)
    if fmt == "json":
        write_json(report, sys.stdout)
    elif fmt == "markdown":
        write_markdown(report, sys.stdout)
    else:
        render_table(report, make_console())


@click.command()
@click.option(
    "--article",
    "article_id",
    type=ARTICLE_ID,
    metavar="ID",
    help="Only the claims of this article.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def report(ctx: click.Context, article_id: int | None, fmt: str) -> None:
    """Show claims with their final verdict, confidence and top evidence.

    Each claim's verdicts are combined (a claim one verifier supports and another
    refutes is marked disputed); a human review overrides them. Ends with the counts
    per verdict.
    """
    print_report(_open(ctx), article_id=article_id, fmt=fmt)


def _open(ctx: click.Context) -> Registry | SqliteReader:
    """A SQLite registry whose schema is current and that has no fact-checks to look claims
    up in is read with the standard library's ``sqlite3`` (no SQLAlchemy, SQLModel or
    pydantic to import); anything else through the registry (the "previously checked"
    lookups need the matcher)."""
    from claimtrack.registry.lite import open_reader

    root = ctx.find_root()
    reader = open_reader(root.obj.get("db") if isinstance(root.obj, dict) else None)
    if reader is not None:
        if not reader.has_fact_checks():
            return reader
        reader.close()
    return open_registry(ctx)
