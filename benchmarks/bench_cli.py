"""Whole-process start-up of the CLI, against ``python -c "import rich, click"`` in the same run.

Each repeat runs every case once, in a rotating order (so no case always runs first or
last on a shared machine), as separate processes through the installed ``claimtrack``
script: ``--help``, ``--version``, and ``claims --limit 1`` and ``report`` on a small
registry (one real article, added before timing; no migration is due). Prints the min and
median wall time and CPU time (user + system) of each, its ratio to the reference (min to
min, median to median), the target (``--help`` and ``--version``: min wall time <= 1.2x the
reference's), and which heavy modules each command imported (read from ``sys.modules``
after it ran). CPU time is printed because wall time on a shared machine varies by 2x.

Run: ``python benchmarks/bench_cli.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "g7-trade-talks.txt"
#: Goal of issue 13: `claimtrack --help` within 1.2x of importing rich and click.
TARGET = 1.2
TARGETS = {"--help": TARGET, "--version": TARGET}
HEAVY = ("alembic", "sqlalchemy", "sqlmodel", "pydantic", "httpx", "trafilatura", "pluggy")
_PROBE = """
import contextlib, io, sys
from claimtrack.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(" ".join(m for m in {heavy!r} if m in sys.modules) or "none")
"""


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def heavy_modules(args: list[str], env: dict[str, str]) -> str:
    code = _PROBE.format(heavy=HEAVY)
    # Twice: the first run of this interpreter and path fills the plugin-command cache
    # (claimtrack.cli.command_index), as a user's first `--help` does; the second is measured.
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
        )
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    entry = shutil.which("claimtrack")
    prog = [entry] if entry else [sys.executable, "-m", "claimtrack"]
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        # Away from the user's config and data: only the given registry is read.
        env = {
            **os.environ,
            "CLAIMTRACK_CONFIG": str(Path(tmp) / "none.toml"),
            "XDG_DATA_HOME": str(Path(tmp) / "data"),
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
        }
        env.pop("CLAIMTRACK_DB", None)
        db = str(Path(tmp) / "registry.db")
        subprocess.run(
            [*prog, "--db", db, "add", str(ARTICLE)], env=env, check=True, capture_output=True
        )
        cases: dict[str, list[str]] = {
            'python -c "import rich, click"': [sys.executable, "-c", "import rich, click"],
            "--help": [*prog, "--help"],
            "--version": [*prog, "--version"],
            "claims --limit 1": [*prog, "--db", db, "claims", "--limit", "1"],
            "report": [*prog, "--db", db, "report"],
        }
        names = list(cases)
        for name in names:  # warm the OS file cache and the .pyc files
            run_once(cases[name], env)
        walls: dict[str, list[float]] = {name: [] for name in names}
        cpus: dict[str, list[float]] = {name: [] for name in names}
        for i in range(args.repeats):
            order = names[i % len(names) :] + names[: i % len(names)]
            for name in order:
                wall, cpu = run_once(cases[name], env)
                walls[name].append(wall)
                cpus[name].append(cpu)
        loaded = {name: heavy_modules(cases[name][len(prog) :], env) for name in names[1:]}

    ref = names[0]
    ref_wall, ref_cpu = min(walls[ref]), min(cpus[ref])
    ref_wall_med, ref_cpu_med = statistics.median(walls[ref]), statistics.median(cpus[ref])
    print(
        f"{args.repeats} repeats, alternating; times in ms (min / median); ratio = to the reference"
    )
    print(
        f"{'case':32} {'wall min':>8} {'median':>8} {'ratio':>11} {'cpu min':>8} {'median':>8} "
        f"{'ratio':>11}  target"
    )
    for name in names:
        w, c = walls[name], cpus[name]
        wall_ratio = f"{min(w) / ref_wall:.2f}/{statistics.median(w) / ref_wall_med:.2f}"
        cpu_ratio = f"{min(c) / ref_cpu:.2f}/{statistics.median(c) / ref_cpu_med:.2f}"
        target = TARGETS.get(name)
        if name == ref:
            verdict = "reference"
        elif target is None:
            verdict = "(no target)"
        else:
            ratio = min(w) / ref_wall  # the goal is on wall time, min against min
            verdict = f"<= {target}: {'OK' if ratio <= target else 'OVER TARGET'}"
        print(
            f"{name:32} {min(w) * 1e3:8.1f} {statistics.median(w) * 1e3:8.1f} {wall_ratio:>11} "
            f"{min(c) * 1e3:8.1f} {statistics.median(c) * 1e3:8.1f} {cpu_ratio:>11}  {verdict}"
        )
    print("heavy modules each command imported (" + ", ".join(HEAVY) + "):")
    for name, modules in loaded.items():
        print(f"  {name:30} {modules}")


if __name__ == "__main__":
    main()
