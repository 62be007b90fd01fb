"""``claimtrack doctor``: is everything in order? One ok/FAIL line per check."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli import COMMANDS
from claimtrack.config import config_path, load_settings
from claimtrack.errors import ClaimtrackError, RegistryError
from claimtrack.plugins import get_plugins
from claimtrack.verification.api import plugin_config_classes

if TYPE_CHECKING:
    from claimtrack.plugins import Plugins


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was looked at and what was found."""

    ok: bool
    what: str
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.what}: {self.detail}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ClaimtrackError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _guarded(what: str, check: Callable[[], list[Check]]) -> list[Check]:
    """Run ``check``; an exception becomes a FAIL line, never a traceback."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - the doctor reports every failure as a line
        return [Check(False, what, _first_line(exc))]


def check_config() -> list[Check]:
    """The config file parses and every value has the right type."""

    path = config_path()
    load_settings()
    if not path.is_file():
        return [Check(True, "config", f"no file at {path}; built-in defaults")]
    return [Check(True, "config", f"{path} is valid")]


def check_database(db: str | None) -> list[Check]:
    """The database opens; its schema revision. Nothing is created or migrated."""
    import sqlalchemy as sa

    from claimtrack.registry.db import (
        create_db_engine,
        current_revision,
        default_db_path,
        describe_db_error,
        head_revision,
        resolve_url,
        sqlite_file,
    )

    url = resolve_url(db)
    shown = sa.make_url(url).render_as_string(hide_password=True)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        if path.parent.is_dir() or path == default_db_path():
            return [Check(True, "database", f"none yet at {path} (created on first use)")]
        raise RegistryError(
            f"no database at {path}: folder {path.parent} does not exist (`claimtrack db init` creates it)"
        )
    engine = create_db_engine(url)
    try:
        revision = current_revision(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise RegistryError(describe_db_error(url, exc)) from None
    finally:
        engine.dispose()
    head = head_revision()
    if revision == head:
        state = f"revision {revision}, current"
    elif revision is None:
        state = "empty: its tables are created on first use"
    else:
        state = f"revision {revision}; {head} is applied on next use (or `claimtrack db upgrade`)"
    return [Check(True, "database", f"{shown} ({state})")]


def check_plugins(plugins: Plugins) -> list[Check]:
    """Every plugin loaded; a line per plugin with a load error."""
    described = plugins.describe(COMMANDS)
    loaded = [p for p in described if not p["disabled"] and not p["error"]]
    checks = [
        Check(False, f"plugin {p['name']}", "; ".join(p["errors"])) for p in described if p["error"]
    ]
    names = ", ".join(p["name"] for p in loaded) or "none"
    checks.insert(0, Check(True, "plugins", f"{len(loaded)} loaded ({names})"))
    checks += [  # what verifiers with a status() say of their set-up
        Check(note["ok"], f"verifier {note['verifier']}", note["status"])
        for p in loaded
        for note in p["status"]
    ]
    return checks


def check_plugin_settings() -> list[Check]:
    """The plugins' settings in the config file and environment have the right types."""
    from claimtrack.services.verify import validate_plugin_settings

    validate_plugin_settings()
    return [Check(True, "plugin settings", "valid")]


def source_urls(verifier: Any) -> list[str]:
    """The http(s) URLs a verifier is configured to ask: the URL-valued fields of its plugin config."""
    import dataclasses

    from claimtrack.verification.engine import verifier_settings

    table = load_settings().section("verifiers").get(verifier.name)
    settings = verifier_settings(verifier, table if isinstance(table, dict) else None)
    urls: list[str] = []
    for cls in plugin_config_classes().get(verifier.name, []):
        config = cls.load(settings)
        for f in dataclasses.fields(config):  # type: ignore[arg-type]
            value = getattr(config, f.name)
            if (
                isinstance(value, str)
                and value.startswith(("http://", "https://"))
                and value not in urls
            ):
                urls.append(value)
    return urls


def _public(url: str) -> str:
    """``url`` without its query string, which may hold an API key."""
    return url.split("?", 1)[0].split("#", 1)[0]


async def _probe(client: Any, name: str, url: str) -> Check:
    import httpx

    what = f"source {name}"
    began = time.perf_counter()
    try:
        response = await client.head(url)
        if response.status_code in (405, 501):  # HEAD not allowed: ask for the page itself
            response = await client.get(url)
    except httpx.HTTPError as exc:
        return Check(False, what, f"{_public(url)}: {_first_line(exc) or type(exc).__name__}")
    took = time.perf_counter() - began
    ok = response.status_code < 500
    return Check(ok, what, f"{_public(url)} answered HTTP {response.status_code} in {took:.1f}s")


async def _probe_all(targets: list[tuple[str, str]], timeout: float) -> list[Check]:
    import httpx

    headers = {"User-Agent": load_settings().user_agent}
    async with httpx.AsyncClient(timeout=timeout, headers=headers, follow_redirects=True) as client:
        return list(await asyncio.gather(*(_probe(client, name, url) for name, url in targets)))


def check_sources(plugins: Plugins, timeout: float) -> list[Check]:
    """Each network verifier's sources answer a HEAD (or GET) within ``timeout`` seconds."""
    targets: list[tuple[str, str]] = []
    checks: list[Check] = []
    for name, verifier in sorted(plugins.verifiers().items()):
        if getattr(verifier, "offline", False):
            continue
        try:
            urls = source_urls(verifier)
        except Exception as exc:  # noqa: BLE001 - a broken plugin config is a FAIL line
            checks.append(Check(False, f"source {name}", _first_line(exc)))
            continue
        if not urls:
            checks.append(
                Check(True, f"source {name}", "no source URL in its settings; not checked")
            )
        targets.extend((name, url) for url in urls)
    if targets:
        checks.extend(asyncio.run(_probe_all(targets, timeout)))
    if not checks:
        checks.append(Check(True, "sources", "no verifier uses the network"))
    return checks


@click.command()
@click.option(
    "--offline", is_flag=True, help="Do not check that the verifiers' sources are reachable."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=60),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="Time allowed for each source to answer.",
)
@click.pass_context
def doctor(ctx: click.Context, offline: bool, timeout: float) -> None:
    """Check the set-up: the config file, the database (and its schema revision), the plugins
    (and their load errors, and settings) and, unless --offline, that each verifier's sources
    answer. One ok/FAIL line per check; the exit status is 1 if any check failed.

    Nothing is created or changed: a missing database is reported, not made.
    """

    root = ctx.find_root().obj or {}
    checks = _guarded("config", check_config)
    checks += _guarded("database", lambda: check_database(root.get("db")))
    try:
        plugins = get_plugins()
    except Exception as exc:  # noqa: BLE001 - e.g. the config's [plugins] table is invalid
        checks.append(Check(False, "plugins", _first_line(exc)))
        plugins = None
    if plugins is not None:
        checks += _guarded("plugins", lambda: check_plugins(plugins))
        checks += _guarded("plugin settings", check_plugin_settings)
        if offline:
            checks.append(Check(True, "sources", "not checked (--offline)"))
        else:
            checks += _guarded("sources", lambda: check_sources(plugins, timeout))
    if not checks[0].ok:  # later checks read the same config: say so once
        checks = checks[:1] + [
            Check(False, c.what, "not checked: the config file is invalid")
            if c.detail == checks[0].detail
            else c
            for c in checks[1:]
        ]
    for check in checks:
        click.echo(check.line())
    if not all(check.ok for check in checks):
        ctx.exit(1)
