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
