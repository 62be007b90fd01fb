"""Generated garbage IDs and config values through the CLI entry point (`claimtrack.cli.main`,
what the console script calls): exit 1 with exactly one line, or success — never a traceback."""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.cli import main
from claimtrack.registry import Registry

LEAKS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Group)\b|unexpected ")
_files = itertools.count()


def run_main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code
    return int(code or 0), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("garbage") / "empty.db"
    Registry.open(str(path)).close()
    return str(path)


ids = st.one_of(
    st.integers(max_value=0).map(str),
    st.integers(min_value=2**63).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    # Anything but option-like words ("--json" is an option, not an ID).
    st.text(min_size=0, max_size=30).filter(
        lambda s: not s.startswith("-") or s[1:].strip().isdigit()
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=ids,
    command=st.sampled_from(
        [
            ["show"],
            ["verify"],
            ["review", "--set", "supported", "--"],
            ["claims", "--article"],
            ["export", "--article"],
        ]
    ),
)
def test_garbage_ids(empty_db: str, value: str, command: list[str]) -> None:
    if command[-1] == "--":  # review ID --set: put the ID first
        args = ["review", value, "--set", "supported"]
    else:
        args = [*command, value]
    code, out, err = run_main("--db", empty_db, *args)
    assert code == 1, (args, code, out, err)
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("Error: "), err
    assert re.match(
        r"Error: (no (claim|article) with id \d+|(claim|article) IDs are positive integers, got )",
        err,
    ), err
    assert not LEAKS.search(err), err


def toml_value(value: Any) -> str:
    """``value`` as a TOML value (strings via JSON escapes, which TOML basic strings share)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=20),
)
config_values = st.one_of(scalars, st.lists(scalars, max_size=3))
config_keys = st.sampled_from(
    [
        ("claimtrack", "max_bytes"),
        ("claimtrack", "http_timeout"),
        ("claimtrack", "user_agent"),
        ("claimtrack", "db_url"),
        ("verify", "timeout"),
        ("verify", "sources"),
        ("http", "read_timeout"),
        ("http", "attempts"),
        ("http", "cache"),
        ("http", "cache_dir"),
        ("http", "wait_jitter"),
        ("review", "reviewer"),
        ("export", "organization_url"),
        ("plugins", "disabled"),
    ]
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=config_keys, value=config_values)
def test_garbage_config_values(
    empty_db: str, tmp_path_factory: pytest.TempPathFactory, key: tuple[str, str], value: Any
) -> None:
    section, name = key
    # A new file name each time: settings are cached per CLAIMTRACK_CONFIG value.
    config = Path(str(tmp_path_factory.getbasetemp())) / f"garbage-{next(_files)}.toml"
    config.write_text(f"[{section}]\n{name} = {toml_value(value)}\n", encoding="utf-8")
    saved = os.environ.get("CLAIMTRACK_CONFIG")
    os.environ["CLAIMTRACK_CONFIG"] = str(config)
    try:
        code, out, err = run_main("--db", empty_db, "articles", "--json")
    finally:
        if saved is None:
            os.environ.pop("CLAIMTRACK_CONFIG", None)
        else:
            os.environ["CLAIMTRACK_CONFIG"] = saved
    if code == 0:
        assert json.loads(out) == [] and err == ""
        return
    assert code == 1, (code, out, err)
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"Error: {config}: [{section}] {name}"), err
    assert not LEAKS.search(err), err
