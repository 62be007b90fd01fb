"""``claimtrack export``: claims, verdicts and reviews as ClaimReview, JSON, CSV or Markdown."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any, TextIO, cast

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
    import shutil

    from claimtrack.export import get_exporter
    from claimtrack.plugins import get_plugins
    from claimtrack.services.export import export_to

    warn_plugin_problems(ctx, get_plugins(), ("exporters",))
    exporter = get_exporter(fmt)
    registry = open_registry(ctx)
    options: dict[str, Any] = {"article_id": article_id, "reviewed_only": reviewed_only}
    if not output or output == "-":
        # Written to a spool first (a temporary file past 16 MB): nothing reaches stdout
        # if the export fails, and memory stays flat.
        with tempfile.SpooledTemporaryFile(
            max_size=16 << 20, mode="w+", encoding="utf-8", newline=""
        ) as spool:
            export_to(registry, exporter, cast(TextIO, spool), **options)
            spool.seek(0)
            shutil.copyfileobj(spool, sys.stdout)
        return
    target = os.path.abspath(output)
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise ClaimtrackError(f"{output}: directory {directory} does not exist")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".claimtrack-export-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = export_to(registry, exporter, handle, **options)
        os.replace(tmp, target)
    except OSError as exc:
        raise ClaimtrackError(f"{output}: cannot write: {exc.strerror}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)  # the export failed: nothing is left behind
    click.echo(f"Wrote {count} claim(s) as {exporter.name} to {output}", err=True)
