"""Finding and loading plugins: the ``claimtrack`` entry-point group, one plugin at a time."""

from __future__ import annotations

import importlib.metadata
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pluggy

from claimtrack import hookspecs

ENTRY_POINT_GROUP = "claimtrack"


@dataclass
class PluginRecord:
    """A plugin as found: where it comes from and whether it loaded."""

    name: str
    distribution: str | None
    version: str | None
    module: str
    error: str | None = None
    registered: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Plugins:
    """A plugin manager plus what was found while loading it."""

    manager: pluggy.PluginManager
    records: dict[str, PluginRecord]


def _allowed() -> set[str] | None:
    value = os.environ.get("CLAIMTRACK_LOAD_PLUGINS")
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def make_plugin_manager(*, load_entrypoints: bool = True) -> Plugins:
    """A fresh plugin manager with every installed plugin that loads.

    A plugin that fails to import is recorded with its error; the others still load.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    records: dict[str, PluginRecord] = {}
    if not load_entrypoints:
        return Plugins(manager, records)
    allowed = _allowed()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if allowed is not None and ep.name not in allowed and (ep.dist is None or ep.dist.name not in allowed):
            continue
        if ep.name in records:
            continue
        record = PluginRecord(
            name=ep.name,
            distribution=ep.dist.name if ep.dist else None,
            version=ep.dist.version if ep.dist else None,
            module=ep.value,
        )
        records[ep.name] = record
        try:
            module: Any = ep.load()
            manager.register(module, name=ep.name)
        except Exception as exc:  # a broken plugin must not stop the others
            record.error = f"{type(exc).__name__}: {exc}"
    return Plugins(manager, records)


@lru_cache(maxsize=1)
def get_plugins() -> Plugins:
    """The process-wide plugin manager, loaded on first use."""
    return make_plugin_manager()


def get_extractors(plugins: Plugins | None = None) -> list[Any]:
    """Every registered extractor, tagged with the plugin that registered it."""
    plugins = plugins or get_plugins()
    found: dict[str, Any] = {}
    for impl in plugins.manager.hook.register_extractors.get_hookimpls():
        def register(extractor: Any, _plugin: str = impl.plugin_name) -> None:
            name = getattr(extractor, "name", None)
            if not isinstance(name, str) or not callable(getattr(extractor, "extract", None)):
                raise TypeError(f"plugin {_plugin} registered an invalid extractor: {extractor!r}")
            if name not in found:
                found[name] = extractor
                record = plugins.records.get(_plugin)
                if record is not None:
                    record.registered.setdefault("extractors", []).append(name)

        try:
            impl.function(register=register)
        except Exception as exc:
            record = plugins.records.get(impl.plugin_name)
            if record is not None:
                record.error = f"register_extractors: {type(exc).__name__}: {exc}"
    return list(found.values())
