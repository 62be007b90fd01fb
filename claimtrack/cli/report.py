"""``claimtrack report``: claims and their final verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import ARTICLE_ID, open_registry
from claimtrack.console import make_console

if TYPE_CHECKING:
    from claimtrack.registry import Registry

FORMATS = ("table", "json", "markdown")


def print_report(
    registry: Registry, *, article_id: int | None, fmt: str, claim_ids: list[int] | None = None
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
    print_report(open_registry(ctx), article_id=article_id, fmt=fmt)
