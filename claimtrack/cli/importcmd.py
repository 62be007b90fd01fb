"""``claimtrack import``: load published fact-checks."""

from __future__ import annotations

import click

from claimtrack.cli.common import json_option, open_registry
from claimtrack.config import load_settings
from claimtrack.console import print_json
from claimtrack.errors import ClaimtrackError


@click.group(name="import")
def import_group() -> None:
    """Import published fact-checks as reviewed claims."""


@import_group.command(name="claimreview")
@click.argument("source", metavar="FILE|URL")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Fact-checks stored per transaction.",
)
@json_option
@click.pass_context
def claimreview(ctx: click.Context, source: str, batch_size: int, as_json: bool) -> None:
    """Import ClaimReview JSON-LD, feeds of them, or a Fact Check Tools claims:search response.

    SOURCE is a file, an http(s) URL or - for standard input: a JSON array, JSON lines,
    an @graph wrapper, a DataFeed (dataFeedElement -> item ClaimReviews), one ClaimReview,
    or an HTML page with <script type="application/ld+json"> blocks. Files and standard
    input are streamed and stored in batches (--batch-size), one transaction each.

    Each fact-check becomes a claim reviewed by its publisher; new articles' matching
    claims then show "previously checked by <publisher>: <rating>". Fact-checks already
    stored (same review URL and claim) are skipped, so an interrupted import resumes
    when run again.

    Bad items (an invalid JSON line, a ClaimReview without claimReviewed) are skipped and
    the rest is imported; they are named by line on stderr and the exit status is 1. A
    syntax error in a JSON array or object stops the import there: the fact-checks before
    it are kept (exit status 1).
    """
    from claimtrack.services.importing import import_claimreview

    settings = load_settings()
    registry = open_registry(ctx)
    result = import_claimreview(registry, source, settings, batch=batch_size)
    if as_json:
        print_json(
            {
                "source": source,
                "fact_checks": result.fact_checks,
                "articles": result.articles,
                "new_claims": result.new_claims,
                "matched_claims": result.matched_claims,
                "reviews": result.reviews,
                "skipped_pages": result.skipped_pages,
                "duplicates": result.duplicates,
                "bad_items": result.bad_count,
                "bad": [{"line": b.line, "message": b.message} for b in result.bad_items],
                "bad_items_policy": "skipped, the rest imported",
            }
        )
    else:
        line = (
            f"Imported {result.reviews} fact-check(s) from {result.articles} page(s): "
            f"{result.new_claims} new claim(s), {result.matched_claims} matched existing claim(s)"
        )
        if result.duplicates:
            line += f"; {result.duplicates} already imported, skipped"
        if result.bad_count:
            line += f"; {result.bad_count} bad item(s) skipped, the rest imported"
        click.echo(line)
    if result.bad_count:
        shown = "; ".join(b.describe() for b in result.bad_items[:3])
        more = result.bad_count - min(3, len(result.bad_items))
        name = "<stdin>" if source == "-" else source
        raise ClaimtrackError(
            f"{name}: {result.bad_count} bad item(s) skipped, the rest imported: {shown}"
            + (f"; and {more} more" if more else "")
        )
