"""`claimtrack add` shows extraction and matching progress on a terminal's stderr, and nowhere else."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from claimtrack.testing.articles import dense_article

ENV = {**os.environ, "CLAIMTRACK_LOAD_PLUGINS": "", "COLUMNS": "120", "TERM": "xterm"}


def _add_on_a_terminal(
    tmp_path: Path, *extra: str
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run ``claimtrack add`` with stderr on a pseudo-terminal and stdout on a pipe."""
    import pty

    article = tmp_path / "big.txt"
    article.write_text(dense_article(300_000, seed=4), encoding="utf-8")
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:  # drain the terminal while the command runs, or a full buffer blocks it
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimtrack",
                "--db",
                str(tmp_path / "p.db"),
                "add",
                str(article),
                *extra,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            env=ENV,
            timeout=300,
            check=False,
        )
    finally:
        os.close(follower)
        reader.join(10)
        os.close(leader)
    return proc, b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal_not_on_stdout(tmp_path: Path) -> None:
    proc, terminal = _add_on_a_terminal(tmp_path)
    assert proc.returncode == 0, terminal
    out = proc.stdout.decode()
    assert out.startswith("Added article 1:") and len(out.splitlines()) == 1
    assert "extracting big.txt" in terminal and "matching big.txt" in terminal
    assert "100%" in terminal and " claims" in terminal
    claims = out.split("(", 1)[1].split(" claims")[0]
    assert f"{int(claims):,}/{int(claims):,} claims" in terminal


def test_no_progress_when_asked_or_piped(tmp_path: Path) -> None:
    proc, terminal = _add_on_a_terminal(tmp_path, "--no-progress")
    assert proc.returncode == 0 and "extracting" not in terminal and "matching" not in terminal
    article = tmp_path / "small.txt"
    article.write_text(dense_article(20_000, seed=1), encoding="utf-8")
    piped = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(tmp_path / "q.db"), "add", str(article)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    # The only stderr line is the notice of the new database: no progress on a pipe.
    assert (
        piped.stderr.startswith("created new database at") and len(piped.stderr.splitlines()) == 1
    )
    assert "extracting" not in piped.stdout
