"""The tutorial in docs/plugins.md is tested code: its module and tests are extracted and run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _block(marker: str) -> str:
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        if block.startswith(marker):
            return block
    raise AssertionError(f"no python block starting with {marker!r} in {DOC}")


def test_tutorial_plugin_and_its_tests_pass(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "claimtrack_population.py").write_text(
        _block("# claimtrack_population.py"), encoding="utf-8"
    )
    info = site / "claimtrack_population-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: claimtrack-population\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[claimtrack]\npopulation = claimtrack_population\n", encoding="utf-8"
    )
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    (project / "tests" / "test_population.py").write_text(
        _block("# tests/test_population.py"), encoding="utf-8"
    )
    (project / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
        "CLAIMTRACK_LOAD_PLUGINS": "claimtrack-population",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        check=False,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
