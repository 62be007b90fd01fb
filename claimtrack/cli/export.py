"""``claimtrack export``: claims, verdicts and reviews as ClaimReview, JSON, CSV or Markdown."""

from __future__ import annotations

import os
import sys
import tempfile

import click

from claimtrack.cli.common import ARTICLE_ID, open_registry, warn_plugin_problems
from claimtrack.errors import ClaimtrackError

FORMATS = ("claimreview", "json", "jsonl", "csv", "markdown")


@click.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    default="json",
    show_default=True,
    metavar="FORMAT",
    help=f"Output format: {', '.join(FORMATS)} (or one a plugin adds).",
)
@click.option(
    "--article",
    "article_id",
    type=ARTICLE_ID,
    metavar="ID",
    help="Only claims mentioned in this article.",
)
@click.option(
    "--reviewed-only",
    is_flag=True,
    help="Only claims whose outcome is a reviewer's final verdict (not set aside).",
)
@click.option(
    "-o", "--output", "output", metavar="FILE", help="Write to FILE instead of standard output."
)
@click.pass_context
def export(
    ctx: click.Context, fmt: str, article_id: int | None, reviewed_only: bool, output: str | None
) -> None:
    """Export claims with their final outcome, verdicts and reviews.

    Every format shows the outcome ``claimtrack report`` shows. ``claimreview`` writes
    schema.org ClaimReview JSON-LD, one object per claim a reviewer gave a final verdict
    (claims set aside as not check-worthy are left out), authored by the organisation set
    in the config file: ``[export] organization_name`` and ``organization_url`` (or
    ``review_url``) are required. ``markdown`` writes a publishable fact-check report per
    article. Nothing is written if the export fails.
    """
    from claimtrack.export import get_exporter
    from claimtrack.plugins import get_plugins
    from claimtrack.services.export import export_claims

    warn_plugin_problems(ctx, get_plugins(), ("exporters",))
    exporter = get_exporter(fmt)
    exported = export_claims(
        open_registry(ctx), exporter, article_id=article_id, reviewed_only=reviewed_only
    )
    if not output or output == "-":
        sys.stdout.write(exported.text)
        return
    target = os.path.abspath(output)
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise ClaimtrackError(f"{output}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".claimtrack-export-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(exported.text)
        os.replace(tmp, target)
    except OSError as exc:
        raise ClaimtrackError(f"{output}: cannot write: {exc.strerror}") from None
    click.echo(f"Wrote {exported.claims} claim(s) as {exported.format} to {output}", err=True)
