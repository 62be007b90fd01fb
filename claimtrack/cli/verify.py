"""``claimtrack verify``: run the verifiers on stored claims."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.common import (
    ARTICLE_ID,
    CLAIM_ID,
    IdCommand,
    json_option,
    open_registry,
    warn_plugin_problems,
)

if TYPE_CHECKING:
    from claimtrack.plugins import Plugins
    from claimtrack.registry import Registry
    from claimtrack.verification.engine import RunResult, VerifyOptions


def read_sources(paths: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Source documents for the quote check: file name -> text (one-line error if unreadable)."""
    from claimtrack.errors import InputError

    docs: dict[str, str] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read source document {raw}: {exc.strerror or exc}") from None
        from claimtrack.ingest.decode import decode_bytes

        docs[path.name] = decode_bytes(data, name=str(raw))
    return docs


def select_verifiers(
    plugins: Plugins, names: tuple[str, ...] | list[str], *, offline: bool = False
) -> list[Any]:
    """The registered verifiers to run: all, or those named (unknown names are an error)."""
    from claimtrack.errors import ClaimtrackError

    available = plugins.verifiers()
    if names:
        unknown = [n for n in names if n not in available]
        if unknown:
            known = ", ".join(sorted(available)) or "none"
            raise ClaimtrackError(f"unknown verifier {', '.join(unknown)}; installed: {known}")
        chosen = [available[n] for n in names]
    else:
        chosen = list(available.values())
    if offline:
        chosen = [v for v in chosen if getattr(v, "offline", False)]
    if not chosen:
        raise ClaimtrackError("no verifier to run (see `claimtrack plugins`)")
    return chosen


def check_plugin_settings(plugins: Plugins) -> None:
    """Collect every plugin's verifiers and extractors (importing their modules), then check
    their settings up front (:func:`claimtrack.config.validate_plugin_settings`)."""
    from claimtrack.config import validate_plugin_settings

    plugins.verifiers()
    plugins.extractors()
    validate_plugin_settings()


def build_options(
    *,
    sources: dict[str, str],
    stale: float | None = None,
    retry_errors: bool = False,
    timeout: float | None = None,
    concurrency: int | None = None,
    per_host: int | None = None,
    no_cache: bool = False,
    progress: bool | None = None,
) -> VerifyOptions:
    """Engine options from the config file (``[verify]``, ``[http]``, ``[verifiers.*]``) and the command line."""
    from claimtrack.config import load_settings
    from claimtrack.verification.engine import (
        DEFAULT_CALL_TIMEOUT,
        LEASE_SECONDS,
        VerifyOptions,
    )
    from claimtrack.verification.http import HttpOptions

    settings = load_settings()
    verify_cfg = settings.section("verify")
    http = HttpOptions.from_settings(
        settings.section("http"),
        max_in_flight=concurrency,
        per_host=per_host,
        cache=False if no_cache else None,
        user_agent=settings.user_agent,
        read_timeout=settings.http_timeout
        if "read_timeout" not in settings.section("http")
        else None,
    )
    configured_sources = verify_cfg.get("sources") or []
    if isinstance(configured_sources, str):
        configured_sources = [configured_sources]
    docs = read_sources(list(configured_sources)) if configured_sources else {}
    docs.update(sources)
    return VerifyOptions(
        call_timeout=float(timeout or verify_cfg.get("timeout") or DEFAULT_CALL_TIMEOUT),
        lease_seconds=float(verify_cfg.get("lease_seconds") or LEASE_SECONDS),
        stale_days=stale,
        retry_errors=retry_errors,
        http=http,
        sources=docs,
        verifier_settings={
            k: v for k, v in settings.section("verifiers").items() if isinstance(v, dict)
        },
        progress=progress,
    )


def execute(
    registry: Registry,
    plugins: Plugins,
    verifiers: list[Any],
    options: VerifyOptions,
    *,
    claim_ids: list[int] | None = None,
    article_id: int | None = None,
    run_options: dict[str, Any] | None = None,
) -> RunResult:
    """Load the targets and run the engine."""
    from claimtrack.verification.engine import load_targets, run_verification

    targets = load_targets(registry, claim_ids=claim_ids, article_id=article_id)
    origins = {
        name: plugin for (kind, name), plugin in plugins.origins.items() if kind == "verifiers"
    }
    return run_verification(
        registry,
        verifiers,
        targets,
        options,
        origins=origins,
        plugins=plugins,
        run_options=run_options,
    )


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
@click.option(
    "--verifier",
    "verifier_names",
    multiple=True,
    metavar="NAME",
    help="Run only this verifier (repeatable).",
)
@click.option(
    "--source",
    "source_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A source document for the quote check (repeatable).",
)
@click.option(
    "--retry-errors",
    is_flag=True,
    help="Also redo pairs whose verdict is an error, or unverifiable because the source failed.",
)
@click.option("--offline", is_flag=True, help="Run only verifiers that need no network.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    metavar="SECONDS",
    help="Time limit of one verifier call (default 60).",
)
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
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: on a terminal).",
)
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
    from claimtrack.console import print_json
    from claimtrack.errors import ClaimtrackError
    from claimtrack.plugins import get_plugins

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
    if claim_ids:
        missing = [i for i in claim_ids if registry.claim(i) is None]
        if missing:
            raise ClaimtrackError(f"no claim with id {', '.join(map(str, missing))}")
    if article_id is not None and registry.article(article_id) is None:
        raise ClaimtrackError(f"no article with id {article_id}")
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
