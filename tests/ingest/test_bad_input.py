"""Bad input: one line on stderr, a non-zero exit, and nothing written. Run through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.ingest.document import Document
from claimtrack.registry import Registry
from claimtrack.services.add import store_article


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args],
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def seeded_db(tmp_path: Path) -> str:
    """A registry with one article already in it, so 'nothing written' is a real check."""
    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    registry = Registry.open(url)
    store_article(registry, Document(source="seed.txt", text="A seed article.\n\nIt has text."), [])
    registry.close()
    return url


def counts(url: str) -> dict[str, int]:
    registry = Registry.open(url)
    try:
        return registry.counts()
    finally:
        registry.close()


def assert_clean_failure(run: subprocess.CompletedProcess[str], expect: str) -> None:
    assert run.returncode != 0, run.stdout
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: ") and expect in lines[0], lines[0]
    assert "Traceback" not in run.stderr


def check_rejected(url: str, expect: str, *args: str, env: dict[str, str] | None = None) -> None:
    before = counts(url)
    assert_clean_failure(run_cli("--db", url, "add", *args, env=env), expect)
    assert counts(url) == before


def test_empty_file(tmp_path: Path, seeded_db: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    check_rejected(seeded_db, "input is empty", str(path))
    path.write_bytes(b"  \n\n\t \n")
    check_rejected(seeded_db, "input is empty", str(path))


def test_binary_file(tmp_path: Path, seeded_db: str) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    check_rejected(seeded_db, "binary file", str(path))


def test_over_size_cap(tmp_path: Path, seeded_db: str) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The economy grew by 3 percent in 2022. " * 100)
    check_rejected(
        seeded_db, "over the 1,000-byte limit", str(path), env={"CLAIMTRACK_MAX_BYTES": "1000"}
    )


def test_over_size_cap_on_stdin(seeded_db: str) -> None:
    before = counts(seeded_db)
    run = run_cli(
        "--db", seeded_db, "add", "-", env={"CLAIMTRACK_MAX_BYTES": "100"}, stdin=b"word " * 100
    )
    assert_clean_failure(run, "over the 100-byte limit")
    assert counts(seeded_db) == before


def test_malformed_html_without_text(tmp_path: Path, seeded_db: str) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><head><title>x</title><body><div><<<>>><script>var a = '</div>")
    check_rejected(seeded_db, "no article text found", str(path))


def test_missing_path_and_directory(tmp_path: Path, seeded_db: str) -> None:
    check_rejected(seeded_db, "no such file", str(tmp_path / "nope.txt"))
    check_rejected(seeded_db, "is a directory", str(tmp_path))


def test_one_bad_source_stores_none(tmp_path: Path, seeded_db: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The economy grew by 3 percent in 2022, the statistics office said.\n")
    check_rejected(seeded_db, "no such file", str(good), str(tmp_path / "nope.txt"))


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://127.0.0.1/a.txt", "unsupported URL scheme 'ftp'"),
    ],
)
def test_unsupported_schemes(seeded_db: str, url: str, expect: str) -> None:
    check_rejected(seeded_db, expect, url)


@pytest.mark.parametrize(
    ("path", "expect"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
        ("/loop/0", "too many redirects (more than 5)"),
        ("/slow", "timed out after 1 s"),
        ("/image.png", "unsupported content type 'image/png'"),
        ("/huge", "over the 100,000-byte limit"),
        ("/huge-chunked", "over the 100,000-byte limit"),
        ("/empty", "input is empty"),
    ],
)
def test_bad_urls(article_server, seeded_db: str, path: str, expect: str) -> None:
    env = {"CLAIMTRACK_HTTP_TIMEOUT": "1", "CLAIMTRACK_MAX_BYTES": "100000"}
    check_rejected(seeded_db, expect, article_server.url(path), env=env)


def test_unreachable_url(seeded_db: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    check_rejected(seeded_db, "cannot fetch", f"http://127.0.0.1:{port}/article.html")


def test_unreadable_database_path(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The economy grew by 3 percent in 2022.\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    run = run_cli("--db", str(blocker / "sub" / "claimtrack.db"), "add", str(article))
    assert_clean_failure(run, "no database at")  # folders are made only by `db init`
    run = run_cli("--db", str(blocker / "sub" / "claimtrack.db"), "db", "init")
    assert_clean_failure(run, "cannot create database directory")
    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"this is not a database" * 100)
    run = run_cli("--db", str(not_a_db), "claims")
    assert_clean_failure(run, "cannot open database")
    assert not_a_db.read_bytes() == b"this is not a database" * 100


def test_usage_errors_exit_2(seeded_db: str) -> None:
    run = run_cli("--db", seeded_db, "add")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    run = run_cli("no-such-command")
    assert run.returncode == 2 and "No such command" in run.stderr
