"""The names and one-line help of the commands plugins add, cached for ``claimtrack --help``.

Listing plugin commands means loading every plugin (entry points, pluggy, each plugin's
module), which costs more than the rest of ``--help``. So the list is kept in a small JSON
file in the cache directory, and reused while nothing that decides it has changed:

* the interpreter and every ``sys.path`` folder's modification time (installing, upgrading
  or removing a distribution adds or removes its ``*.dist-info`` folder there);
* the files of the plugins loaded when the list was made (an edited editable plugin);
* the plugins directory (``--plugins-dir``, ``CLAIMTRACK_PLUGINS_DIR``) and its ``*.py`` files;
* ``CLAIMTRACK_LOAD_PLUGINS``, ``CLAIMTRACK_DISABLE_PLUGINS`` and the config file (its
  ``disabled`` list).

Anything else (a plugin whose command list depends on the time of day) is not seen; the
list is only for help text, and running a command always loads the plugins for real.
A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path

#: Bumped when the file's layout changes.
_FORMAT = 1
_ENV = ("CLAIMTRACK_LOAD_PLUGINS", "CLAIMTRACK_DISABLE_PLUGINS", "CLAIMTRACK_CONFIG")


def _cache_file() -> Path:
    # One file per interpreter and import path: `python -m claimtrack`, the `claimtrack`
    # script and another virtualenv see different plugins, and must not evict each other.
    where = zlib.crc32("\0".join([sys.executable, *sys.path]).encode("utf-8", "replace"))
    name = f"plugin-commands-{where:08x}.json"
    if env := os.environ.get("CLAIMTRACK_CACHE_DIR"):
        return Path(env).expanduser() / name
    import platformdirs

    return Path(platformdirs.user_cache_dir("claimtrack", appauthor=False)) / name


def _mtime(path: str | Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _plugins_dir() -> str | None:
    # The option set by --plugins-dir lives in claimtrack.plugins; read it only if that
    # module is loaded already (importing it is what this cache avoids).
    plugins = sys.modules.get("claimtrack.plugins")
    if plugins is not None:
        found = plugins.plugins_dir()
        return str(found) if found is not None else None
    return os.environ.get("CLAIMTRACK_PLUGINS_DIR", "").strip() or None


def _config_file() -> str:
    if env := os.environ.get("CLAIMTRACK_CONFIG"):
        return env
    import platformdirs

    return str(Path(platformdirs.user_config_dir("claimtrack", appauthor=False)) / "config.toml")


def _stamp(files: list[str]) -> list[object]:
    """What the plugin command list depends on (see the module docstring)."""
    stamp: list[object] = [_FORMAT, sys.executable, sys.version]
    stamp += [(entry, _mtime(entry or ".")) for entry in sys.path]
    stamp += [(name, os.environ.get(name)) for name in _ENV]
    config = _config_file()
    stamp.append((config, _mtime(config)))
    folder = _plugins_dir()
    if folder is not None:
        stamp.append((folder, _mtime(folder)))
        try:
            found = sorted(p for p in os.listdir(folder) if p.endswith(".py"))
        except OSError:
            found = []
        stamp += [(name, _mtime(os.path.join(folder, name))) for name in found]
    stamp += [(file, _mtime(file)) for file in files]
    return stamp


def cached_summaries() -> dict[str, str] | None:
    """The plugin commands' one-line help by name, if the cached list is still valid."""
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
        files = [str(f) for f in data["files"]]
        if data["stamp"] != json.loads(json.dumps(_stamp(files))):
            return None
        return {str(name): str(help) for name, help in data["commands"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def plugin_summaries(builtins: dict[str, str]) -> dict[str, str]:
    """The plugin commands' one-line help by name: from the cache, else by loading the
    plugins (and then caching what they gave). ``builtins``: the built-in commands' names,
    which plugins may not take."""
    cached = cached_summaries()
    if cached is not None:
        return cached
    from claimtrack.plugins import get_plugins, plugin_commands

    commands = {
        name: command.get_short_help_str() for name, command in plugin_commands(builtins).items()
    }
    try:
        files = sorted(
            {
                str(getattr(module, "__file__", None))
                for module in get_plugins().manager.get_plugins()
                if getattr(module, "__file__", None)
            }
        )
        path = _cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps({"stamp": _stamp(files), "files": files, "commands": commands}),
            encoding="utf-8",
        )
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - the cache is an optimisation; help must print
        pass
    return commands
