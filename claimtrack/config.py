"""Settings from the environment and the config file.

Precedence, highest first: command-line options, ``CLAIMTRACK_*`` environment variables,
the TOML config file (``CLAIMTRACK_CONFIG`` or ``<user config dir>/claimtrack/config.toml``),
built-in defaults. Secrets (API keys) are read here and handed to plugins; they are never
written to the registry, logs or reports.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError

APP_NAME = "claimtrack"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds a whole ``claimtrack add URL`` download may take, however the server paces it.
DEFAULT_FETCH_DEADLINE = 60.0
USER_AGENT = (
    f"claimtrack/{__version__} (https://github.com/claimtrack/claimtrack; claimtrack@users.noreply.github.com)"
)


def user_data_dir() -> Path:
    """The per-user directory where the default registry lives."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    """Where the config file is read from."""
    if env := os.environ.get("CLAIMTRACK_CONFIG"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build one with :func:`load_settings`."""

    db: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    http_timeout: float = 10.0
    fetch_deadline: float = DEFAULT_FETCH_DEADLINE
    user_agent: str = USER_AGENT
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """A table of the config file, e.g. ``section("plugins")``; empty if absent."""
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ClaimtrackError(f"cannot read config file {path}: {exc}") from None


def _number(name: str, value: Any, kind: type[int] | type[float]) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ClaimtrackError(f"{name} must be a number, got {value!r}") from None
    if number <= 0:
        raise ClaimtrackError(f"{name} must be positive, got {value!r}")
    return number


@lru_cache(maxsize=1)
def _load(env_key: tuple[tuple[str, str], ...]) -> Settings:
    env = dict(env_key)
    raw = _read_config_file(config_path())
    core = raw.get("claimtrack", {}) if isinstance(raw.get("claimtrack"), dict) else {}
    db = env.get("CLAIMTRACK_DB") or core.get("db")
    max_bytes = env.get("CLAIMTRACK_MAX_BYTES") or core.get("max_bytes") or DEFAULT_MAX_BYTES
    timeout = env.get("CLAIMTRACK_HTTP_TIMEOUT") or core.get("http_timeout") or 10.0
    deadline = env.get("CLAIMTRACK_FETCH_DEADLINE") or core.get("fetch_deadline") or DEFAULT_FETCH_DEADLINE
    return Settings(
        db=str(db) if db else None,
        max_bytes=_number("max_bytes", max_bytes, int),
        http_timeout=_number("http_timeout", timeout, float),
        fetch_deadline=_number("fetch_deadline", deadline, float),
        user_agent=str(core.get("user_agent") or USER_AGENT),
        raw=raw,
    )


def load_settings() -> Settings:
    """Read settings from the environment and the config file (cached per environment)."""
    relevant = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("CLAIMTRACK_")))
    return _load(relevant)
