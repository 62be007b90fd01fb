"""The names plugin authors import from the top-level package."""

from __future__ import annotations

import subprocess
import sys

import claimtrack


def test_public_names_resolve_to_their_modules() -> None:
    from claimtrack.hookspecs import hookimpl
    from claimtrack.verification.api import Verdict, Verifier

    assert claimtrack.hookimpl is hookimpl
    assert claimtrack.Verdict is Verdict and claimtrack.Verifier is Verifier
    assert set(claimtrack.__all__) == {"__version__", *claimtrack._PUBLIC}
    for name in claimtrack.__all__:
        assert getattr(claimtrack, name) is not None
    assert set(dir(claimtrack)) >= {"Verdict", "hookimpl", "__version__"}


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        claimtrack.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_claimtrack_loads_nothing_heavy() -> None:
    code = "import sys, claimtrack; print(sorted(m for m in ('httpx', 'sqlalchemy', 'pluggy') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_all_lists_every_lazy_name() -> None:
    assert sorted(claimtrack.__all__) == sorted(["__version__", *claimtrack._PUBLIC])


def _claimtrack_imports(source: str) -> set[tuple[str, str]]:
    """``(module, name)`` for each ``from claimtrack.<module> import name`` in ``source``."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimtrack."):
            found.update((node.module or "", alias.name) for alias in node.names)
    return found


def test_what_first_party_plugins_and_the_template_import_is_public() -> None:
    """A plugin needs nothing outside ``claimtrack.__all__`` (the test kit,
    ``claimtrack.testing``, the text helpers, ``claimtrack.text``, and the plugin manager a
    plugin's tests load are public modules of their own)."""
    import importlib
    from pathlib import Path

    from claimtrack.verification.template import render

    root = Path(__file__).resolve().parents[2] / "plugins"
    sources = [p.read_text(encoding="utf-8") for p in root.glob("claimtrack-*/claimtrack_*/*.py")]
    sources += [text for path, text in render("demo").items() if path.endswith(".py")]
    imported = set().union(*map(_claimtrack_imports, sources))
    imported = {
        (m, n)
        for m, n in imported
        if m not in ("claimtrack.testing", "claimtrack.plugins", "claimtrack.text")
    }
    assert imported, "no claimtrack imports found: the plugin sources moved?"
    missing = sorted(f"{m}.{n}" for m, n in imported if n not in claimtrack.__all__)
    assert missing == [], f"add these to claimtrack.__all__: {missing}"
    for module, name in imported:
        assert getattr(claimtrack, name) is getattr(importlib.import_module(module), name)
