"""``claimtrack check``: add an article, verify its claims, print the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import (
    offline_option,
    open_registry,
    progress_option,
    published_option,
    source_files_option,
    timeout_option,
    verifier_option,
    warn_plugin_problems,
)
from claimtrack.cli.report import FORMATS
from claimtrack.config import load_settings
from claimtrack.plugins import get_plugins

if TYPE_CHECKING:
    from datetime import datetime


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@source_files_option
@verifier_option
@offline_option
@timeout_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Report format.",
)
@progress_option
@published_option
@click.pass_context
def check(
    ctx: click.Context,
    sources: tuple[str, ...],
    source_files: tuple[str, ...],
    verifier_names: tuple[str, ...],
    offline: bool,
    timeout: float | None,
    fmt: str,
    progress: bool | None,
    published: datetime | None,
) -> None:
    """Add articles, verify their claims and print the report: the whole job in one go.

    SOURCE is a file, a URL or - for standard input, as for `claimtrack add`. The
    built-in verifiers work offline; installed verifier plugins run too unless
    --offline is given. Claims are checked at the article's date (--published, or the
    date found in the page, URL or text); without one, time-dependent checks say so and
    never refute from today's state of the world. --published on an article already
    added gives it that date and checks its claims again.
    """
    from dataclasses import replace

    from claimtrack.cli.report import print_report
    from claimtrack.cli.verify import describe_result
    from claimtrack.services.add import add_sources
    from claimtrack.services.verify import (
        build_options,
        check_plugin_settings,
        execute,
        read_sources,
        select_verifiers,
    )

    options = build_options(sources=read_sources(source_files), timeout=timeout, progress=progress)
    plugins = get_plugins()
    check_plugin_settings(plugins)
    warn_plugin_problems(ctx, plugins, ("verifiers", "extractors"))
    verifiers = select_verifiers(plugins, verifier_names, offline=offline)
    registry = open_registry(ctx)
    added = add_sources(registry, sources, load_settings(), published=published)
    for item in added:
        result = execute(
            registry,
            plugins,
            verifiers,
            # An article re-dated by --published: its verdicts were made at the old date.
            replace(options, stale_days=0.0) if item.result.redated else options,
            article_id=item.result.article_id,
            run_options={"command": "check", "article": item.result.article_id},
        )
        if fmt == "table":
            click.echo(describe_result(result), err=True)
        for line in result.figure_lines():  # what verifiers tallied and noticed (ctx.tally)
            click.echo(line, err=True)
        print_report(registry, article_id=item.result.article_id, fmt=fmt)
