"""Verifying stored claims: choosing verifiers, building the engine's options, running it.

``claimtrack verify``, ``claimtrack check`` and the review app's re-verify key
(:mod:`claimtrack.services.rerun`) all go through these functions, so a verifier runs
with the same configuration (``[verify]``, ``[http]``, ``[verifiers.*]``) whoever asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.config import ConfigError, Settings, config_path, load_settings
from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.ingest.decode import decode_bytes
from claimtrack.retrieval import Matcher, MatchInputError
from claimtrack.verification.api import (
    Passage,
    SettingError,
    load_config,
    plugin_config_classes,
)
from claimtrack.verification.engine import (
    DEFAULT_CALL_TIMEOUT,
    LEASE_SECONDS,
    RunResult,
    VerifyOptions,
    load_targets,
    run_verification,
)
from claimtrack.verification.http import HttpOptions

if TYPE_CHECKING:
    from claimtrack.plugins import Plugins
    from claimtrack.registry import Registry


def read_sources(paths: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Source documents for the quote check: file name -> text (one-line error if unreadable)."""
    docs: dict[str, str] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read source document {raw}: {exc.strerror or exc}") from None
        docs[path.name] = decode_bytes(data, name=str(raw))
    return docs


def select_verifiers(
    plugins: Plugins, names: tuple[str, ...] | list[str], *, offline: bool = False
) -> list[Any]:
    """The registered verifiers to run: all, or those named (unknown names are an error)."""
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


def validate_plugin_settings(settings: Settings | None = None) -> None:
    """Check each loaded plugin's settings against its :class:`~claimtrack.verification.api.PluginConfig`:
    the ``[verifiers.<name>]``, ``[extractors.<name>]`` and ``[exporters.<name>]`` tables of
    the config file, and the ``CLAIMTRACK_<NAME>_*`` environment variables. Call it after the
    plugins are loaded, so that a bad value is one error up front rather than one error
    verdict per claim.
    """
    settings = settings or load_settings()
    path = config_path()
    for name, classes in sorted(plugin_config_classes().items()):
        for cls in classes:
            for section in ("verifiers", "extractors", "exporters"):
                table = settings.section(section).get(name)
                for key, value in table.items() if isinstance(table, dict) else ():
                    try:
                        load_config(cls, {key: value}, name=name, env={})
                    except SettingError as exc:
                        shown = str(value).lower() if isinstance(value, bool) else repr(value)
                        raise ConfigError(
                            f"{path}: [{section}.{name}] {key}: expected {exc.expected}, got {shown}"
                        ) from None
            load_config(cls, {}, name=name)  # the environment; its SettingError names the variable


def check_plugin_settings(plugins: Plugins) -> None:
    """Collect every plugin's verifiers and extractors (importing their modules), then check
    their settings up front (:func:`validate_plugin_settings`)."""
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


def check_selection(
    registry: Registry, *, claim_ids: list[int] | None = None, article_id: int | None = None
) -> None:
    """:class:`ClaimtrackError` naming the claims or the article that do not exist."""
    if claim_ids:
        missing = [i for i in claim_ids if registry.claim(i) is None]
        if missing:
            raise ClaimtrackError(f"no claim with id {', '.join(map(str, missing))}")
    if article_id is not None and registry.article(article_id) is None:
        raise ClaimtrackError(f"no article with id {article_id}")


def verifier_origins(plugins: Plugins) -> dict[str, str]:
    """Verifier name -> the plugin that registered it."""
    return {name: plugin for (kind, name), plugin in plugins.origins.items() if kind == "verifiers"}


def fact_check_search(registry: Registry) -> Callable[[str, int], list[Passage]]:
    """The run's earlier fact-check search (``VerifyContext.earlier_fact_checks``):
    ``(text, top) -> list[Passage]``, for the engine's ``fact_checks``.

    One :class:`~claimtrack.retrieval.Matcher` over the registry's imported fact-checks,
    made on first use (a registry without fact-checks costs one count, then nothing);
    only matches at or above the calibrated threshold
    (:attr:`~claimtrack.retrieval.Match.previously_checked`) are returned. Each
    fact-check keeps one passage id (``registry:<n>``) for the run. Safe to call from
    worker threads.
    """
    lock = threading.Lock()
    state: dict[str, Any] = {}
    ids: dict[str, str] = {}

    def search(text: str, top: int) -> list[Passage]:
        with lock:
            if "matcher" not in state:
                matcher = Matcher.for_registry(registry)
                state["matcher"], state["size"] = matcher, len(matcher)
        if not state["size"]:
            return []
        try:
            matches = state["matcher"].search(text, top)
        except MatchInputError:
            return []  # not one claim (empty, far too long): nothing to look up
        found = []
        for match in matches:
            if not match.previously_checked:
                continue
            check = match.fact_check
            key = check.url or f"{check.publisher}\n{check.claim}"
            with lock:
                pid = ids.setdefault(key, f"registry:{len(ids) + 1}")
            rating = check.rating or check.label or "unrated"
            publisher = check.publisher or "unknown publisher"
            dated = f" ({check.date})" if check.date else ""
            found.append(
                Passage(
                    id=pid,
                    source="registry",
                    title=check.title or f"Fact-check by {publisher}",
                    url=check.url or "",
                    text=f"Checked claim: {check.claim}\nRating: {rating}\n"
                    f"Publisher: {publisher}{dated}",
                )
            )
        return found

    return search


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
    targets = load_targets(registry, claim_ids=claim_ids, article_id=article_id)
    return run_verification(
        registry,
        verifiers,
        targets,
        options,
        origins=verifier_origins(plugins),
        plugins=plugins,
        run_options=run_options,
        fact_checks=fact_check_search(registry),
    )
