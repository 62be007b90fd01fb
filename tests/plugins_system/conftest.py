"""Helpers to install tiny plugin distributions on a temporary ``sys.path``."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def write_dist(
    root: Path,
    dist: str,
    module: str,
    source: str,
    entry: str | None = None,
    version: str = "0.1.0",
) -> Path:
    """Write ``<module>.py`` and a ``<dist>-<version>.dist-info`` with a ``claimtrack`` entry point."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[claimtrack]\n{entry or dist} = {module}\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Path]]:
    """``plugin_dir(dist, module, source, entry=None)`` installs a fake plugin for this test."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    added: list[str] = []

    def install(dist: str, module: str, source: str, entry: str | None = None) -> Path:
        added.append(module)
        return write_dist(root, dist, module, source, entry)

    yield install
    for module in added:
        sys.modules.pop(module, None)
