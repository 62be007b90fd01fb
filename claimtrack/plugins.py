"""Finding, loading and collecting plugins.

Plugins come from the ``claimtrack`` entry-point group; claimtrack's own plugins (the
default extractor, the built-in verifiers) are registered there too and load the same way.

Loading is isolated per plugin, because pluggy's own ``load_setuptools_entrypoints`` stops
at the first broken import and its hook loop stops at the first exception:

* each entry point is imported on its own; an import error is recorded on the plugin's
  :class:`PluginRecord` (with its traceback) and the others still load;
* a hook implementation whose name is no hook (``register_verifier`` for
  ``register_verifiers``) is rejected when its plugin is registered, as pytest does
  (pluggy's ``check_pending``): otherwise it would silently never be called. The plugin is
  then reported as failed to load;
* each hook implementation is called on its own with a ``register`` callback owned by
  claimtrack, which validates every item, reports (not shadows) a duplicate name and tags
  the item with the plugin that registered it. Plugins load built-ins first, then by
  entry-point name; on a duplicate name the first one keeps it.

Selecting plugins:

* ``CLAIMTRACK_LOAD_PLUGINS=a,b`` loads only the named third-party plugins (entry-point
  or distribution names); an empty value loads none. Built-in plugins always load unless
  disabled by name.
* ``[plugins] disabled = ["name", ...]`` in the config file (or
  ``CLAIMTRACK_DISABLE_PLUGINS=a,b``) disables plugins, built-in ones included.

Plugins from a directory (as datasette's ``--plugins-dir``): ``claimtrack --plugins-dir DIR``
or ``CLAIMTRACK_PLUGINS_DIR=DIR`` imports each ``DIR/*.py`` (but ``_*.py``) as a plugin
named after the file, after the entry points, with no packaging. They obey the disable list
(not ``CLAIMTRACK_LOAD_PLUGINS``: naming the directory is the choice) and fail to load like
any other plugin.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.util
import inspect
import logging
import os
import sys
import traceback
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from claimtrack import hookspecs
from claimtrack.config import load_settings
from claimtrack.contracts import (
    ExporterProtocol,
    ExtractorProtocol,
    VerifierProtocol,
    check_item,
)

if TYPE_CHECKING:
    import importlib.metadata

    import click

ENTRY_POINT_GROUP = "claimtrack"
#: The environment variable naming a directory of single-file plugins.
PLUGINS_DIR_ENV = "CLAIMTRACK_PLUGINS_DIR"
#: The distribution that ships the built-in plugins.
BUILTIN_DISTRIBUTION = "claimtrack"
#: Register hooks and the kind of item each one collects.
REGISTER_HOOKS: dict[str, str] = {
    "register_verifiers": "verifiers",
    "register_extractors": "extractors",
    "register_exporters": "exporters",
}


@dataclass
class PluginRecord:
    """A plugin as found: where it comes from, whether it loaded, what it registered."""

    name: str
    distribution: str | None
    version: str | None
    module: str
    error: str | None = None
    errors: list[str] = field(default_factory=list)
    registered: dict[str, list[str]] = field(default_factory=dict)
    hooks: list[str] = field(default_factory=list)
    builtin: bool = False
    disabled: bool = False
    #: Why the plugin did not load (``ImportError: ...``); None when it loaded.
    load_error: str | None = None
    #: Tracebacks of the exceptions behind :attr:`errors`, for ``--debug``.
    tracebacks: list[str] = field(default_factory=list)
    #: The file of a plugin loaded from a plugins directory; None for entry points.
    source: str | None = None

    def add_error(self, message: str, *, exc: BaseException | None = None) -> None:
        """Record a problem; the first one is also :attr:`error`. ``exc``: its exception."""
        self.errors.append(message)
        if self.error is None:
            self.error = message
        if exc is not None:
            self.tracebacks.append("".join(traceback.format_exception(exc)))

    def failed_to_load(self, reason: str, *, exc: BaseException | None = None) -> None:
        """Record that the plugin was not loaded, and why."""
        self.load_error = reason
        self.add_error(f"cannot load plugin: {reason}", exc=exc)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``claimtrack plugins --json``."""
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "module": self.module,
            "source": self.source,
            "builtin": self.builtin,
            "disabled": self.disabled,
            "hooks": sorted(self.hooks),
            "verifiers": self.registered.get("verifiers", []),
            "extractors": self.registered.get("extractors", []),
            "exporters": self.registered.get("exporters", []),
            "commands": self.registered.get("commands", []),
            "error": self.error,
            "errors": list(self.errors),
        }


@dataclass
class Plugins:
    """A plugin manager plus what was found while loading it.

    Items registered through the hooks are collected once per kind, on first use.
    ``origins[(kind, name)]`` is the plugin that registered each item.
    """

    manager: pluggy.PluginManager
    records: dict[str, PluginRecord]
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    _collected: dict[str, dict[str, Any]] = field(default_factory=dict)

    def record(self, plugin_name: str) -> PluginRecord:
        """The record of ``plugin_name``, created for plugins registered directly (tests, ``-p``)."""
        record = self.records.get(plugin_name)
        if record is None:
            plugin = self.manager.get_plugin(plugin_name)
            module = getattr(plugin, "__name__", None) or type(plugin).__name__
            record = PluginRecord(
                name=plugin_name, distribution=None, version=None, module=str(module)
            )
            self.records[plugin_name] = record
        return record

    def register(self, plugin: Any, name: str | None = None) -> str:
        """Register a plugin object (a module or any object with ``@hookimpl`` methods).

        :raises pluggy.PluginValidationError: an implementation names no hook (or takes
            arguments its hook does not have); the plugin is not registered.
        """
        registered = self.manager.register(plugin, name=name)
        assert registered is not None
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            unknown = sorted(
                c.name for c in self.manager.get_hookcallers(plugin) or [] if not c.has_spec()
            )
            self.manager.unregister(plugin)
            hooks = sorted(
                n
                for n, c in vars(self.manager.hook).items()
                if not n.startswith("_") and c.has_spec()
            )
            raise pluggy.PluginValidationError(
                plugin, _unknown_hooks(unknown, hooks) if unknown else str(exc)
            ) from None
        self._collected.clear()
        record = self.record(registered)
        record.hooks = [caller.name for caller in self.manager.get_hookcallers(plugin) or []]
        return registered

    async def ask(self, hook: str, /, **kwargs: Any) -> AsyncGenerator[tuple[str, Any], None]:
        """Call ``hook`` on each plugin that implements it, in pluggy's order, and yield
        ``(plugin name, answer)``, awaiting an answer that is awaitable.

        Stop iterating once an answer suits you (a ``firstresult`` hook's answers are
        alternatives). An implementation that raises answers None and is logged: another
        plugin's bug must not break the caller. Only loaded plugins answer, so the disable
        list and ``CLAIMTRACK_LOAD_PLUGINS`` apply.
        """
        caller = getattr(self.manager.hook, hook)
        for impl in reversed(_impls(self, hook)):
            try:
                answer = impl.function(
                    **{arg: kwargs[arg] for arg in impl.argnames if arg in kwargs}
                )
                if inspect.isawaitable(answer):
                    answer = await answer
            except Exception as exc:  # noqa: BLE001 - isolated like the register hooks
                logging.getLogger("claimtrack.plugins").info(
                    "%s of plugin %s failed: %s: %s",
                    caller.name,
                    impl.plugin_name,
                    type(exc).__name__,
                    exc,
                )
                answer = None
            yield impl.plugin_name, answer

    def collect(self, kind: str) -> dict[str, Any]:
        """Every item of ``kind`` (``verifiers``, ``extractors``, ``exporters``) by name."""
        if kind not in self._collected:
            hook = next(h for h, k in REGISTER_HOOKS.items() if k == kind)
            self._collected[kind] = _collect(self, hook, kind)
        return self._collected[kind]

    def verifiers(self) -> dict[str, VerifierProtocol]:
        """Registered verifiers by name."""
        return self.collect("verifiers")

    def extractors(self) -> dict[str, ExtractorProtocol]:
        """Registered extractors by name."""
        return self.collect("extractors")

    def exporters(self) -> dict[str, ExporterProtocol]:
        """Registered exporters by name."""
        return self.collect("exporters")

    def commands(self, reserved: Iterable[str] = ()) -> dict[str, click.Command]:
        """Commands added by ``register_commands``; names in ``reserved`` are refused."""
        if "commands" not in self._collected:
            self._collected["commands"] = _collect_commands(self, set(reserved))
        return self._collected["commands"]

    def describe(self, reserved_commands: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Every plugin as JSON-ready dicts, after collecting everything it registers.

        ``reserved_commands`` are the built-in command names (plugins may not take them).
        """
        for kind in REGISTER_HOOKS.values():
            self.collect(kind)
        # Listing must not fail on a plugin's commands (their problems are recorded).
        with contextlib.suppress(Exception):
            self.commands(reserved_commands)
        described = []
        for r in sorted(self.records.values(), key=lambda r: (not r.builtin, r.name)):
            item = r.to_dict()
            item["status"] = self.statuses(r.name)
            described.append(item)
        return described

    def statuses(self, plugin: str) -> list[dict[str, Any]]:
        """What the verifiers of ``plugin`` say of their set-up: for each one with a
        ``status()`` method (optional; e.g. ``inactive: no model server``), ``{"verifier",
        "ok", "status"}``. A ``status()`` that raises gives ``ok`` false and its message."""
        found = []
        for name, item in sorted(self.collect("verifiers").items()):
            status = getattr(item, "status", None)
            if self.origins.get(("verifiers", name)) != plugin or not callable(status):
                continue
            try:
                said = status()
            except Exception as exc:  # noqa: BLE001 - a plugin's problem, shown as its status
                found.append({"verifier": name, "ok": False, "status": _one_line(exc)})
                continue
            if said:
                found.append({"verifier": name, "ok": True, "status": " ".join(str(said).split())})
        return found


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# -- loading -------------------------------------------------------------------------------


def _unknown_hooks(names: list[str], hooks: list[str]) -> str:
    """E.g. ``unknown hook 'register_verifier' (did you mean 'register_verifiers'?)``."""
    parts, guessed = [], True
    for name in names:
        close = difflib.get_close_matches(name, hooks, n=1)
        guessed = guessed and bool(close)
        parts.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    message = f"unknown hook{'s' if len(parts) > 1 else ''} {', '.join(parts)}"
    return message if guessed else f"{message}; the hooks are {', '.join(hooks)}"


def _names(value: str | None) -> set[str] | None:
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _allowed() -> set[str] | None:
    """The ``CLAIMTRACK_LOAD_PLUGINS`` allow-list; None when unset (load all)."""
    return _names(os.environ.get("CLAIMTRACK_LOAD_PLUGINS"))


def _disabled() -> set[str]:
    """Plugins disabled by ``CLAIMTRACK_DISABLE_PLUGINS`` or ``[plugins] disabled``."""
    disabled = _names(os.environ.get("CLAIMTRACK_DISABLE_PLUGINS")) or set()
    try:
        configured = load_settings().section("plugins").get("disabled", [])
    except Exception:  # noqa: BLE001 - a bad config file is reported by the command that needs it
        configured = []
    if isinstance(configured, str):
        configured = [configured]
    return disabled | {str(name) for name in configured}


@dataclass(frozen=True)
class _Found:
    """An entry point and its distribution's name and version."""

    entry_point: importlib.metadata.EntryPoint
    distribution: str | None
    version: str | None


def _entry_points() -> list[_Found]:
    # Deferred: importing importlib.metadata (email, zipfile, csv) is a large part of a
    # command's start-up, and `claimtrack --version` loads no plugins at all.
    import importlib.metadata

    seen: set[tuple[str, str]] = set()
    # Each `dist.name`/`dist.version` parses the METADATA file again: read it once per
    # distribution (the entry points of one distribution share its object).
    about: dict[int, tuple[str | None, str | None]] = {}
    found = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        # An editable install can expose the same entry point twice.
        if (ep.name, ep.value) in seen:
            continue
        seen.add((ep.name, ep.value))
        dist = ep.dist
        if dist is None:
            found.append(_Found(ep, None, None))
            continue
        if id(dist) not in about:
            metadata = dist.metadata
            about[id(dist)] = (metadata["Name"], metadata["Version"])
        found.append(_Found(ep, *about[id(dist)]))
    # A stable order: built-ins first, then by name. On a duplicate item name the plugin
    # loaded first keeps it, so this order decides, not the order of sys.path.
    return sorted(
        found,
        key=lambda f: (f.distribution != BUILTIN_DISTRIBUTION, f.entry_point.name),
    )


#: Set by ``claimtrack --plugins-dir``; takes precedence over ``CLAIMTRACK_PLUGINS_DIR``.
_plugins_dir_option: Path | None = None


def set_plugins_dir(path: str | os.PathLike[str] | None) -> None:
    """Load single-file plugins from ``path`` (``--plugins-dir``); None: back to the environment.

    Forgets the process-wide plugin manager so that the next :func:`get_plugins` sees it.
    """
    global _plugins_dir_option  # noqa: PLW0603 - the --plugins-dir option is process-wide
    _plugins_dir_option = Path(path) if path is not None else None
    get_plugins.cache_clear()


def plugins_dir() -> Path | None:
    """The directory of single-file plugins: ``--plugins-dir``, else ``CLAIMTRACK_PLUGINS_DIR``."""
    if _plugins_dir_option is not None:
        return _plugins_dir_option
    value = os.environ.get(PLUGINS_DIR_ENV, "").strip()
    return Path(value) if value else None


def _load_file_plugins(plugins: Plugins, directory: Path, block: set[str]) -> None:
    """Import each ``directory/*.py`` (not ``_*.py``) and register it as plugin ``<stem>``."""
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.py")):
        name = path.stem
        if name.startswith("_"):
            continue
        record = PluginRecord(
            name=name, distribution=None, version=None, module=path.name, source=str(path.resolve())
        )
        if name in block:
            record.disabled = True
            plugins.records.setdefault(name, record)
            continue
        if name in plugins.records:
            other = plugins.records[name]
            record.name = f"{name} ({path.name})"
            record.failed_to_load(
                f"plugin name {name!r} is already used by {other.source or other.distribution or other.module}"
            )
            plugins.records[record.name] = record
            continue
        plugins.records[name] = record
        # A private module name: a file called json.py must not shadow the json module.
        module_name = f"_claimtrack_plugins_dir_{name}"
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot import {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module  # dataclasses and typing look modules up here
            spec.loader.exec_module(module)
            plugins.register(module, name=name)
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the others
            sys.modules.pop(module_name, None)
            record.failed_to_load(f"{type(exc).__name__}: {exc}", exc=exc)


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    allowed: Iterable[str] | None = None,
    disabled: Iterable[str] | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> Plugins:
    """A fresh plugin manager with every installed plugin that loads.

    :param load_entrypoints: False gives an empty manager, for tests that register their
        own plugin objects with :meth:`Plugins.register`.
    :param allowed: third-party plugins to load (default: ``CLAIMTRACK_LOAD_PLUGINS``).
    :param disabled: plugins not to load (default: environment and config file).
    :param directory: a directory of single-file plugins (default: :func:`plugins_dir`).
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    plugins = Plugins(manager, {})
    if not load_entrypoints:
        return plugins
    allow = set(allowed) if allowed is not None else _allowed()
    block = set(disabled) if disabled is not None else _disabled()
    for found in _entry_points():
        ep, dist = found.entry_point, found.distribution
        record = PluginRecord(
            name=ep.name,
            distribution=dist,
            version=found.version,
            module=ep.value,
            builtin=dist == BUILTIN_DISTRIBUTION,
        )
        names = {ep.name, dist} - {None}
        if names & block:
            record.disabled = True
            plugins.records.setdefault(ep.name, record)
            continue
        if allow is not None and not record.builtin and not names & allow:
            continue
        if ep.name in plugins.records:
            other = plugins.records[ep.name]
            record.name = f"{ep.name} ({dist})"
            record.failed_to_load(
                f"entry point name {ep.name!r} is already used by {other.distribution or other.module}"
            )
            plugins.records[record.name] = record
            continue
        plugins.records[ep.name] = record
        try:
            module: Any = ep.load()
            plugins.register(module, name=ep.name)
        except Exception as exc:  # noqa: BLE001 - one broken plugin must not stop the others
            record.failed_to_load(f"{type(exc).__name__}: {exc}", exc=exc)
    folder = Path(directory) if directory is not None else plugins_dir()
    if folder is not None:
        _load_file_plugins(plugins, folder, block)
    return plugins


@lru_cache(maxsize=1)
def get_plugins() -> Plugins:
    """The process-wide plugin manager, loaded on first use."""
    return make_plugin_manager()


# -- collecting ----------------------------------------------------------------------------


def _validate(kind: str, item: Any) -> str:
    """The item's name, or a ``TypeError`` saying how it fails its contract
    (:func:`claimtrack.contracts.check_item`)."""
    return check_item(kind, item)


def _call_impl(impl: pluggy.HookImpl, kwargs: dict[str, Any]) -> None:
    # Pass only the arguments the implementation names, as pluggy does.
    impl.function(**{arg: kwargs[arg] for arg in impl.argnames if arg in kwargs})


def _impls(plugins: Plugins, hook: str) -> list[pluggy.HookImpl]:
    caller = getattr(plugins.manager.hook, hook)
    # get_hookimpls() is in registration order (pluggy *calls* them in reverse); call them
    # in that order so that on a duplicate name the first plugin loaded keeps it.
    return [i for i in caller.get_hookimpls() if not (i.hookwrapper or i.wrapper)]


def _collect(plugins: Plugins, hook: str, kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for impl in _impls(plugins, hook):
        plugin_name = impl.plugin_name
        record = plugins.record(plugin_name)

        def register(item: Any, _plugin: str = plugin_name, _record: PluginRecord = record) -> None:
            try:
                name = _validate(kind, item)
            except TypeError as exc:
                _record.add_error(f"{hook}: invalid {kind[:-1]}: {exc}")
                return
            if name in found:
                owner = plugins.origins.get((kind, name), "?")
                _record.add_error(
                    f"{hook}: {kind[:-1]} name {name!r} is already registered by plugin {owner!r}; ignored"
                )
                return
            found[name] = item
            plugins.origins[(kind, name)] = _plugin
            _record.registered.setdefault(kind, []).append(name)

        try:
            _call_impl(impl, {"register": register})
        except Exception as exc:  # noqa: BLE001 - a failing hook loses only its own items
            record.add_error(f"{hook}: {type(exc).__name__}: {exc}", exc=exc)
    return found


def _collect_commands(plugins: Plugins, reserved: set[str]) -> dict[str, click.Command]:
    import click

    found: dict[str, click.Command] = {}
    for impl in _impls(plugins, "register_commands"):
        record = plugins.record(impl.plugin_name)
        group = click.Group("claimtrack")
        try:
            _call_impl(impl, {"cli": group})
        except Exception as exc:  # noqa: BLE001 - isolated like the other hooks
            record.add_error(f"register_commands: {type(exc).__name__}: {exc}", exc=exc)
            continue
        for name, command in group.commands.items():
            if name in reserved or name in found:
                owner = (
                    "claimtrack"
                    if name in reserved
                    else plugins.origins.get(("commands", name), "?")
                )
                record.add_error(
                    f"register_commands: command {name!r} is already provided by {owner}; ignored"
                )
                continue
            found[name] = command
            plugins.origins[("commands", name)] = impl.plugin_name
            record.registered.setdefault("commands", []).append(name)
    return found


def get_verifiers(plugins: Plugins | None = None) -> list[VerifierProtocol]:
    """Every registered verifier (validated, de-duplicated)."""
    return list((plugins or get_plugins()).verifiers().values())


def get_extractors(plugins: Plugins | None = None) -> list[ExtractorProtocol]:
    """Every registered extractor (validated, de-duplicated)."""
    return list((plugins or get_plugins()).extractors().values())


def get_exporters(plugins: Plugins | None = None) -> list[ExporterProtocol]:
    """Every registered exporter (validated, de-duplicated)."""
    return list((plugins or get_plugins()).exporters().values())


def plugin_commands(reserved: Iterable[str] = ()) -> dict[str, click.Command]:
    """Commands added by plugins, for the CLI; loading problems never break the CLI."""
    try:
        return get_plugins().commands(reserved)
    except Exception:  # noqa: BLE001 - a plugin problem must never break the CLI
        return {}


__all__ = [
    "ENTRY_POINT_GROUP",
    "PLUGINS_DIR_ENV",
    "PluginRecord",
    "Plugins",
    "get_exporters",
    "get_extractors",
    "get_plugins",
    "get_verifiers",
    "make_plugin_manager",
    "plugin_commands",
    "plugins_dir",
    "set_plugins_dir",
]
