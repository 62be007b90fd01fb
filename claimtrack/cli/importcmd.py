"""``claimtrack import``: load published fact-checks."""

from __future__ import annotations

import click

from claimtrack.cli.common import json_option, open_registry
from claimtrack.config import load_settings
from claimtrack.console import print_json


@click.group(name="import")
def import_group() -> None:
    """Import published fact-checks as reviewed claims."""


@import_group.command(name="claimreview")
@click.argument("source", metavar="FILE|URL")
@json_option
@click.pass_context
def claimreview(ctx: click.Context, source: str, as_json: bool) -> None:
    """Import ClaimReview JSON-LD or a Fact Check Tools claims:search response.

    SOURCE is a JSON or JSON-LD file, an HTML page with <script type="application/ld+json">
    blocks (file or http(s) URL), or - for standard input. Each fact-check becomes a claim
    reviewed by its publisher; new articles' matching claims then show "previously
    checked by <publisher>: <rating>". Pages already imported are skipped.
    """
    from claimtrack.services.importing import import_claimreview

    settings = load_settings()
    registry = open_registry(ctx)
    result = import_claimreview(registry, source, settings)
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
            }
        )
        return
    line = (
        f"Imported {result.reviews} fact-check(s) from {result.articles} page(s): "
        f"{result.new_claims} new claim(s), {result.matched_claims} matched existing claim(s)"
    )
    if result.skipped_pages:
        line += f"; {result.skipped_pages} page(s) already imported"
    click.echo(line)
