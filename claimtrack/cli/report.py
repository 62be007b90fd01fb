"""``claimtrack report``: claims and their final verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import ARTICLE_ID, open_registry
from claimtrack.console import make_console, print_json

if TYPE_CHECKING:
    from claimtrack.registry import Registry

FORMATS = ("table", "json", "markdown")


def print_report(
    registry: Registry, *, article_id: int | None, fmt: str, claim_ids: list[int] | None = None
) -> None:
    """Build the report and print it in ``fmt`` on stdout."""
    from claimtrack.report import (
        build_report,
        render_json,
        render_markdown,
        render_table,
    )

    report = build_report(registry, article_id=article_id, claim_ids=claim_ids)
    if fmt == "json":
        print_json(render_json(report))
    elif fmt == "markdown":
        click.echo(render_markdown(report), nl=False)
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
