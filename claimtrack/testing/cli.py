"""Run the real ``claimtrack`` command in isolation, as pytest's ``pytester`` runs pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CliResult:
    """What one ``claimtrack`` run did: its arguments, exit code and output."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return (
            f"claimtrack {' '.join(self.args)} -> exit {self.exit_code}\n"
            f"--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
        )


class CliRunner:
    """Runs ``python -m claimtrack`` in a subprocess with its own database, config file and
    caches under ``root``, so runs never touch the user's files nor another runner's.

    Inherited ``CLAIMTRACK_*`` variables are dropped; ``env`` (here or per :meth:`run`)
    adds variables. Output is plain (``NO_COLOR``) and 200 columns wide.
    """

    def __init__(self, root: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        #: The SQLite database every run uses (``CLAIMTRACK_DB``).
        self.db_path = self.root / "claimtrack.db"
        #: The config file every run reads (``CLAIMTRACK_CONFIG``); see :meth:`write_config`.
        self.config_path = self.root / "config.toml"
        #: The HTTP cache directory (``CLAIMTRACK_CACHE_DIR``).
        self.cache_dir = self.root / "cache"
        self.env = dict(env or {})

    def write_config(self, text: str) -> Path:
        """Write the config file the runs read (TOML text) and return its path."""
        self.config_path.write_text(text, encoding="utf-8")
        return self.config_path

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of a run: ours without ``CLAIMTRACK_*``, plus the isolated paths."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
        env.update(
            {
                "CLAIMTRACK_DB": str(self.db_path),
                "CLAIMTRACK_CONFIG": str(self.config_path),
                "CLAIMTRACK_CACHE_DIR": str(self.cache_dir),
                "XDG_DATA_HOME": str(self.root / "data"),
                "XDG_CACHE_HOME": str(self.root / "xdg-cache"),
                "XDG_CONFIG_HOME": str(self.root / "xdg-config"),
                "NO_COLOR": "1",
                "COLUMNS": "200",
                "PYTHONIOENCODING": "utf-8",
            }
        )
        env.update(self.env)
        env.update(extra or {})
        return env

    def run(
        self,
        *args: str | os.PathLike[str],
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        timeout: float = 300.0,
    ) -> CliResult:
        """Run ``claimtrack ARGS`` (in ``cwd``, default :attr:`root`) and wait for it."""
        argv = tuple(str(a) for a in args)
        done = subprocess.run(
            [sys.executable, "-m", "claimtrack", *argv],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.environment(env),
            cwd=str(cwd if cwd is not None else self.root),
            timeout=timeout,
            check=False,
        )
        return CliResult(argv, done.returncode, done.stdout, done.stderr)

    __call__ = run
