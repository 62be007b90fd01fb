"""`claimtrack plugins new NAME`: the generated package builds, installs, is listed, runs,
and passes its own tests untouched.

The package is built as a third party's would be: ``pip wheel`` with build isolation, so
pip fetches the template's own build requirements (``[build-system] requires``) from the
configured index. The wheel is installed into a throw-away virtualenv, never into the
shared environment. That virtualenv sees the environment running this test (where the
claimtrack under test is installed) through a ``.pth`` file, not through
``system_site_packages``: inside a virtualenv that would give the *base* interpreter's
site-packages (an old setuptools, no ``wheel``, maybe another claimtrack or none).
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import claimtrack
from claimtrack.registry import Registry
from claimtrack.testing import FixtureServer, add_claims, extracted_claim


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=240, **kw)


def site_dirs() -> list[str]:
    """The site-packages directories of the environment running this test."""
    dirs = [
        *site.getsitepackages(),
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
    ]
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(dirs) if os.path.isdir(d)]


def make_venv(env_dir: Path) -> str:
    """A virtualenv without the system site-packages that sees this test's environment."""
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    # addsitedir, not bare paths: it also runs the .pth files there (editable installs).
    lines = "".join(f"import site; site.addsitedir({d!r})\n" for d in site_dirs())
    (Path(purelib) / "_claimtrack_test_env.pth").write_text(lines, encoding="utf-8")
    return str(python)


def test_generated_plugin_installs_lists_runs_and_passes_its_tests(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMTRACK_LOAD_PLUGINS": "claimtrack-tide-gauge"}
    made = run(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "plugins",
            "new",
            "tide-gauge",
            "--dir",
            str(tmp_path),
        ],
        env=env,
    )
    assert made.returncode == 0, made.stderr
    package = tmp_path / "claimtrack-tide-gauge"
    assert made.stdout.splitlines()[-1] == (
        f"Next: cd {package} && pip install -e '.[test]' && python -m pytest"
    )
    module = (package / "claimtrack_tide_gauge.py").read_text(encoding="utf-8")
    assert "fetch_json(" in module and "class Config(PluginConfig" in module
    assert sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()) == [
        ".gitignore",
        "CHANGELOG.md",
        "README.md",
        "claimtrack_tide_gauge.py",
        "pyproject.toml",
        "tests/test_claimtrack_tide_gauge.py",
    ]
    assert (
        run(
            [
                sys.executable,
                "-m",
                "claimtrack",
                "plugins",
                "new",
                "tide-gauge",
                "--dir",
                str(tmp_path),
            ]
        ).returncode
        == 1
    )

    # Built with its declared build requirements, in pip's isolated build environment.
    dist = tmp_path / "dist"
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--wheel-dir",
            str(dist),
            str(package),
        ],
        env=env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(dist.glob("claimtrack_tide_gauge-0.1.0-*.whl"))

    python = make_venv(tmp_path / "venv")
    installed = run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], env=env)
    assert installed.returncode == 0, installed.stderr
    shown = run(
        [
            python,
            "-c",
            "import claimtrack, claimtrack_tide_gauge as m; print(claimtrack.__file__); print(m.__file__)",
        ],
        env=env,
        cwd=tmp_path,
    )
    core, plugin = shown.stdout.splitlines()
    assert core == claimtrack.__file__, "the virtualenv must use the claimtrack under test"
    assert Path(plugin).is_relative_to(tmp_path / "venv"), plugin

    # Its own tests pass, untouched.
    tests = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package, env=env)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "10 passed" in tests.stdout
    for fault in ("server_error", "timeout", "bad_json"):  # the fault tests are among them
        assert f"test_{fault}_is_unverifiable_with_the_reason" in (
            package / "tests" / "test_claimtrack_tide_gauge.py"
        ).read_text(encoding="utf-8")

    # Listed.
    listed = run([python, "-m", "claimtrack", "plugins", "--json"], env=env)
    plugins = {p["name"]: p for p in json.loads(listed.stdout)}
    assert plugins["tide-gauge"]["distribution"] == "claimtrack-tide-gauge"
    assert (
        plugins["tide-gauge"]["verifiers"] == ["tide-gauge"]
        and plugins["tide-gauge"]["error"] is None
    )

    # Run by the engine, configured through the environment.
    db = tmp_path / "t.db"
    registry = Registry.open(f"sqlite:///{db}")
    # The values the real extractor gives the sentence: one statistic part.
    claim = extracted_claim("The tide gauge in Sydney recorded 26 million readings in 2023.")
    assert [p.id for p in claim.parts] == ["statistic-1"]
    add_claims(registry, [{"text": claim.text, "kind": claim.kind, "values": claim.values}])
    registry.close()
    with FixtureServer() as server:
        server.json("/lookup", {"value": 25_900_000, "url": "https://example.org/au"})
        verify_env = {**env, "CLAIMTRACK_TIDE_GAUGE_BASE_URL": server.url}
        ran = run(
            [
                python,
                "-m",
                "claimtrack",
                "--db",
                str(db),
                "verify",
                "--all",
                "--verifier",
                "tide-gauge",
                "--json",
            ],
            env=verify_env,
        )
        assert ran.returncode == 0, ran.stderr
        assert json.loads(ran.stdout)["labels"] == {"supported": 1}
        assert server.count("/lookup") == 1
    registry = Registry.open(f"sqlite:///{db}")
    try:
        (verdict,) = [v for vs in registry.verdicts_for([1]).values() for v in vs]
        assert verdict.part == "statistic-1"  # the verdict names the part it checked
    finally:
        registry.close()
