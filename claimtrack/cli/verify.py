"""``claimtrack verify``: run the verifiers on stored claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import (
    ARTICLE_ID,
    CLAIM_ID,
    IdCommand,
    json_option,
    offline_option,
    open_registry,
    progress_option,
    source_files_option,
    timeout_option,
    verifier_option,
    warn_plugin_problems,
)
from claimtrack.console import print_json
from claimtrack.errors import ClaimtrackError
from claimtrack.plugins import get_plugins

if TYPE_CHECKING:
    from claimtrack.verification.engine import RunResult


def describe_result(result: RunResult) -> str:
    """One line about a run, e.g. ``Verified 12 claim × verifier pairs in 0.4s: 2 supported…``."""
    labels = ", ".join(
        f"{n} {label}" for label, n in sorted(result.labels.items(), key=lambda kv: -kv[1])
    )
    line = (
        f"Recorded {result.done} verdict{'s' if result.done != 1 else ''} in {result.elapsed:.1f}s"
    )
    if labels:
        line += f": {labels}"
    extras = []
    if result.already_done:
        extras.append(f"{result.already_done} already done")
    if result.elsewhere:
        extras.append(f"{result.elsewhere} done by another run")
    if result.not_applicable:
        extras.append(f"{result.not_applicable} not applicable")
    if result.network.requests:
        extras.append(f"{result.network.requests} HTTP requests, {result.network.retries} retries")
    if extras:
        line += " (" + "; ".join(extras) + ")"
    return line


@click.command(cls=IdCommand)
@click.argument("claim_ids", nargs=-1, type=CLAIM_ID, metavar="[CLAIM_ID]...")
@click.option(
    "--article",
    "article_id",
    type=ARTICLE_ID,
    metavar="ID",
    help="Verify the claims of this article.",
)
@click.option("--all", "all_claims", is_flag=True, help="Verify every claim.")
@click.option(
    "--stale",
    type=click.FloatRange(min=0),
    metavar="DAYS",
    help="Redo pairs whose newest verdict is older than DAYS (every claim unless others are selected).",
)
@verifier_option
@source_files_option
@click.option(
    "--retry-errors",
    is_flag=True,
    help="Also redo pairs whose verdict is an error, or unverifiable because the source failed.",
)
@offline_option
@timeout_option
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    metavar="N",
    help="HTTP requests in flight at most (default 32).",
)
@click.option(
    "--per-host",
    type=click.IntRange(min=1),
    metavar="N",
    help="HTTP requests in flight per host at most (default 8).",
)
@click.option("--no-cache", is_flag=True, help="Do not use the HTTP response cache.")
@progress_option
@json_option
@click.pass_context
def verify(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    article_id: int | None,
    all_claims: bool,
    stale: float | None,
    verifier_names: tuple[str, ...],
    source_files: tuple[str, ...],
    retry_errors: bool,
    offline: bool,
    timeout: float | None,
    concurrency: int | None,
    per_host: int | None,
    no_cache: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Verify claims with every applicable verifier.

    Select claims by CLAIM_ID, --article, --all or --stale. Pairs of claim and verifier
    that already have a verdict are skipped, so an interrupted run picks up where it
    stopped. Verdicts are stored as they arrive.
    """
    from claimtrack.services.verify import (
        build_options,
        check_plugin_settings,
        check_selection,
        execute,
        read_sources,
        select_verifiers,
    )

    if not (claim_ids or article_id is not None or all_claims or stale is not None):
        raise ClaimtrackError(
            "nothing selected: give CLAIM_ID..., --article ID, --all or --stale DAYS"
        )
    options = build_options(
        sources=read_sources(source_files),
        stale=stale,
        retry_errors=retry_errors,
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        no_cache=no_cache,
        progress=progress,
    )
    plugins = get_plugins()
    check_plugin_settings(plugins)
    warn_plugin_problems(ctx, plugins)
    verifiers = select_verifiers(plugins, verifier_names, offline=offline)
    registry = open_registry(ctx)
    check_selection(registry, claim_ids=list(claim_ids), article_id=article_id)
    result = execute(
        registry,
        plugins,
        verifiers,
        options,
        claim_ids=list(claim_ids) or None,
        article_id=article_id,
        run_options={
            "command": "verify",
            "claims": list(claim_ids),
            "article": article_id,
            "stale": stale,
        },
    )
    if as_json:
        print_json(result.to_dict())
    else:
        click.echo(describe_result(result))
        for line in result.figure_lines():  # what verifiers tallied and noticed (ctx.tally)
            click.echo(line)
