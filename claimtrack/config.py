"""Settings from the environment and the config file.

Precedence, highest first: command-line options, ``CLAIMTRACK_*`` environment variables,
the TOML config file (``CLAIMTRACK_CONFIG`` or ``<user config dir>/claimtrack/config.toml``),
built-in defaults. Secrets (API keys) are read here and handed to plugins; they are never
written to the registry, logs or reports.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError

APP_NAME = "claimtrack"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Seconds a whole ``claimtrack add URL`` download may take, however the server paces it.
DEFAULT_FETCH_DEADLINE = 60.0
USER_AGENT = f"claimtrack/{__version__} (https://github.com/claimtrack/claimtrack; claimtrack@users.noreply.github.com)"


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


class ConfigError(ClaimtrackError):
    """A config file or ``CLAIMTRACK_*`` value that cannot be used; the message names the key."""


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only with a config file to read

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None


# -- validation ------------------------------------------------------------------------------
#
# The schema of the sections claimtrack itself reads. Tables of other names are left to
# plugins, and [verifiers|extractors|exporters.<name>] tables are checked against the
# plugin's own config class once plugins are loaded
# (claimtrack.services.verify.validate_plugin_settings).

#: Largest whole number a setting may have (beyond it, counts and sizes overflow the database
#: or the OS); seconds are capped too, as a timer of centuries is a typo.
MAX_INT = 2**31 - 1
MAX_BYTES_LIMIT = 2**40
MAX_SECONDS = 1e9


def _not_bool(value: Any) -> Any:
    # TOML's true/false must not pass as 1/0.
    if isinstance(value, bool):
        raise ValueError("bool")
    return value


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _schema() -> Any:
    """The pydantic model of the config file (built on first use: pydantic is not imported by --help)."""
    from typing import Annotated

    from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

    Seconds = Annotated[
        float, BeforeValidator(_not_bool), Field(gt=0, le=MAX_SECONDS, allow_inf_nan=False)
    ]
    Bytes = Annotated[int, BeforeValidator(_not_bool), Field(gt=0, le=MAX_BYTES_LIMIT)]
    Names = Annotated[list[str], BeforeValidator(_listify)]

    class Section(BaseModel):
        model_config = ConfigDict(extra="allow")

    class Core(BaseModel):
        model_config = ConfigDict(extra="forbid")
        db: str | None = None
        max_bytes: Bytes | None = None
        http_timeout: Seconds | None = None
        fetch_deadline: Seconds | None = None
        user_agent: str | None = None

    class Verify(Section):
        timeout: Seconds | None = None
        sources: Names | None = None

    class Review(Section):
        reviewer: str | None = None
        keys: dict[str, str | list[str]] | None = None

    class Export(Section):
        organization_name: str | None = None
        organization_url: str | None = None
        review_url: str | None = None

    class Plugins(Section):
        disabled: Names | None = None

    class ConfigFile(Section):
        claimtrack: Core | None = None
        verify: Verify | None = None
        review: Review | None = None
        export: Export | None = None
        plugins: Plugins | None = None
        verifiers: dict[str, dict[str, Any]] | None = None
        extractors: dict[str, dict[str, Any]] | None = None
        exporters: dict[str, dict[str, Any]] | None = None

    return SimpleNamespace(file=ConfigFile, core=Core, seconds=Seconds, size=Bytes)


@lru_cache(maxsize=1)
def _http_schema() -> Any:
    """[http]: the fields of :class:`~claimtrack.verification.http.HttpOptions`, typed from it."""
    import dataclasses
    import typing
    from typing import Annotated

    from pydantic import BeforeValidator, ConfigDict, Field, create_model

    from claimtrack.verification.http import HttpOptions

    hints = typing.get_type_hints(HttpOptions)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(HttpOptions):
        kind = hints[f.name]
        if kind is int:
            kind = Annotated[int, BeforeValidator(_not_bool), Field(ge=1, le=MAX_INT)]
        elif kind is float:
            # A timeout of 0 fails every request; waits and TTLs may be 0.
            low = Field(gt=0) if f.name.endswith("timeout") else Field(ge=0)
            kind = Annotated[
                float, BeforeValidator(_not_bool), low, Field(le=MAX_SECONDS, allow_inf_nan=False)
            ]
        elif kind == Path | None:
            kind = str | None
        fields[f.name] = (kind | None, None)
    return create_model("HttpSection", __config__=ConfigDict(extra="forbid"), **fields)


_TYPE_TAG = re.compile(r"str|int|float|bool|list\[.*\]|dict\[.*\]|[\w-]+\[.*\]")
_EXPECTED = {
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _describe(error: Any, where: str, known: list[str] | None = None) -> str:
    """One line for the first pydantic error: ``<where> <key>: expected …, got …``."""
    # Union members add their type names to the location ("str", "list[str]"); keep the keys.
    keys: list[str] = []
    for part in error["loc"]:
        if isinstance(part, int) and keys:
            keys[-1] += f"[{part}]"  # an item of a list
        elif not _TYPE_TAG.fullmatch(str(part)):
            keys.append(str(part))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        what = "unknown key"
        if known:
            what += f" (known: {', '.join(known)})"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values()), "?")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        what = (
            f"must be {bound} {limit:,}" if isinstance(limit, int) else f"must be {bound} {limit}"
        )
        what += f", got {value!r}"
    elif kind == "value_error" and isinstance(value, bool):
        what = f"expected a number, got {str(value).lower()}"
    elif kind in _EXPECTED:
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        what = f"expected {_EXPECTED[kind]}, got {shown}"
    else:
        what = str(error.get("msg", "invalid value")).lower()
    return f"{where}{_key_path(keys)}: {what}"


def _key_path(keys: list[str]) -> str:
    if len(keys) < 2:
        return "".join(f" {k}" for k in keys)
    return f" [{'.'.join(keys[:-1])}] {keys[-1]}"


def validate_config(raw: dict[str, Any], path: Path | str) -> dict[str, Any]:
    """Check the config file's values against the schema and return them converted (``"10"``
    for a number becomes 10). :class:`ConfigError` names the first bad key, e.g.
    ``config.toml: [verify] timeout: expected a number, got 'abc'``.
    """
    if not raw:
        return {}  # no file: nothing to check, and pydantic is not imported
    from pydantic import ValidationError

    where = f"{path}:"
    for key, value in raw.items():
        if not isinstance(value, dict):
            raise ConfigError(
                f"{where} {key}: a setting outside any table, got {value!r} (put it under its [section])"
            )
    schema = _schema()
    try:
        data: dict[str, Any] = schema.file.model_validate(raw).model_dump(exclude_unset=True)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        core = list(schema.core.model_fields)
        raise ConfigError(
            _describe(error, where, core if error["loc"][0] == "claimtrack" else None)
        ) from None
    if "http" in raw:
        http = _http_schema()
        try:
            data["http"] = http.model_validate(raw["http"]).model_dump(exclude_unset=True)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            raise ConfigError(
                _describe({**error, "loc": ("http", *error["loc"])}, where, list(http.model_fields))
            ) from None
    return data


def _env_value(name: str, value: str, kind: Any) -> Any:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors(include_url=False)[0], name)) from None


@lru_cache(maxsize=1)
def _load(env_key: tuple[tuple[str, str], ...]) -> Settings:
    env = dict(env_key)
    path = config_path()
    raw = validate_config(_read_config_file(path), path)
    core = raw.get("claimtrack") or {}
    db = env.get("CLAIMTRACK_DB") or core.get("db")
    max_bytes = core.get("max_bytes") or DEFAULT_MAX_BYTES
    if env.get("CLAIMTRACK_MAX_BYTES"):
        max_bytes = _env_value("CLAIMTRACK_MAX_BYTES", env["CLAIMTRACK_MAX_BYTES"], _schema().size)
    timeout = core.get("http_timeout") or 10.0
    if env.get("CLAIMTRACK_HTTP_TIMEOUT"):
        timeout = _env_value(
            "CLAIMTRACK_HTTP_TIMEOUT", env["CLAIMTRACK_HTTP_TIMEOUT"], _schema().seconds
        )
    deadline = core.get("fetch_deadline") or DEFAULT_FETCH_DEADLINE
    if env.get("CLAIMTRACK_FETCH_DEADLINE"):
        deadline = _env_value(
            "CLAIMTRACK_FETCH_DEADLINE", env["CLAIMTRACK_FETCH_DEADLINE"], _schema().seconds
        )
    return Settings(
        db=str(db) if db else None,
        max_bytes=int(max_bytes),
        http_timeout=float(timeout),
        fetch_deadline=float(deadline),
        user_agent=str(core.get("user_agent") or USER_AGENT),
        raw=raw,
    )


def load_settings() -> Settings:
    """Read settings from the environment and the config file (cached per environment)."""
    relevant = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("CLAIMTRACK_")))
    return _load(relevant)
