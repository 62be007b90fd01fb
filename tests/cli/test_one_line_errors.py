"""Bad input through the real `claimtrack` command: one line, non-zero exit, no traceback.

Covers bad IDs, bad config values, database URLs and paths, an empty SOURCE, and the review
app without a terminal (issue 9, items 11-13).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "g7-trade-talks.txt"
HUGE = "99999999999999999999"
#: What must never reach the user: a traceback or a Python exception class name.
LEAKS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Group)\b|unexpected ")


def claimtrack(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("claimtrack")
    assert exe, "the claimtrack console script is not installed"
    return subprocess.run(
        [exe, *args],
        stdin=subprocess.DEVNULL,  # no terminal, as in a script or CI
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
        cwd=cwd,
    )


def assert_one_line_error(run: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit status 1, nothing on stdout, exactly ``Error: <message>`` on stderr."""
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.splitlines() == [f"Error: {message}"], run.stderr
    assert not LEAKS.search(run.stderr), run.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A registry with the example article (claims 1-14, article 1)."""
    path = tmp_path_factory.mktemp("errors") / "cli.db"
    run = claimtrack(
        "--db",
        str(path),
        "add",
        str(EXAMPLE),
        env={"CLAIMTRACK_CONFIG": str(path.parent / "none.toml")},
    )
    assert run.returncode == 0, run.stderr
    return str(path)


# -- IDs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", HUGE], f"no claim with id {HUGE}"),
        (["show", "-1"], "claim IDs are positive integers, got '-1'"),
        (["show", "0"], "claim IDs are positive integers, got '0'"),
        (["show", "abc"], "claim IDs are positive integers, got 'abc'"),
        (["show", "9999"], "no claim with id 9999"),
        (["review", HUGE, "--set", "supported"], f"no claim with id {HUGE}"),
        (["review", "-3", "--set", "supported"], "claim IDs are positive integers, got '-3'"),
        (["review", "--article", "-1"], "article IDs are positive integers, got '-1'"),
        (["verify", HUGE], f"no claim with id {HUGE}"),
        (["verify", "1", "-2"], "claim IDs are positive integers, got '-2'"),
        (["verify", "--article", HUGE], f"no article with id {HUGE}"),
        (["claims", "--article", "-1"], "article IDs are positive integers, got '-1'"),
        (["claims", "--article", "1.5"], "article IDs are positive integers, got '1.5'"),
        (["export", "--article", HUGE], f"no article with id {HUGE}"),
        (["report", "--article", "0"], "article IDs are positive integers, got '0'"),
    ],
)
def test_bad_ids(db: str, args: list[str], message: str) -> None:
    assert_one_line_error(claimtrack("--db", db, *args), message)


def test_huge_limit_means_no_limit(db: str) -> None:
    run = claimtrack("--db", db, "articles", "--limit", HUGE, "--json")
    assert run.returncode == 0, run.stderr
    assert '"id": 1' in run.stdout


def test_good_id_still_works(db: str) -> None:
    run = claimtrack("--db", db, "show", "+2", "--json")
    assert run.returncode == 0, run.stderr
    assert '"id": 2' in run.stdout


# -- config --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[verify]\ntimeout = "abc"\n', "[verify] timeout: expected a number, got 'abc'"),
        ('[http]\nread_timeout = "abc"\n', "[http] read_timeout: expected a number, got 'abc'"),
        ("[http]\nattempts = 0\n", "[http] attempts: must be at least 1, got 0"),
        ('[http]\ncache = "maybe"\n', "[http] cache: expected true or false, got 'maybe'"),
        (
            "[claimtrack]\nmax_bytes = -1\n",
            "[claimtrack] max_bytes: must be greater than 0, got -1",
        ),
        (
            "[claimtrack]\nhttp_timeout = true\n",
            "[claimtrack] http_timeout: expected a number, got true",
        ),
        (
            "[claimtrack]\ntiemout = 3\n",
            "[claimtrack] tiemout: unknown key (known: db, max_bytes, http_timeout, fetch_deadline, user_agent)",
        ),
        ("[plugins]\ndisabled = [1]\n", "[plugins] disabled[0]: expected a string, got 1"),
        ("[review.keys]\nquit = 5\n", "[review.keys] quit: expected a string, got 5"),
        (
            "timeout = 3\n",
            "timeout: a setting outside any table, got 3 (put it under its [section])",
        ),
    ],
)
def test_bad_config_values_name_the_key(db: str, tmp_path: Path, toml: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml, encoding="utf-8")
    # --db is given: the config file is still read and checked.
    run = claimtrack("--db", db, "articles", env={"CLAIMTRACK_CONFIG": str(config)})
    assert_one_line_error(run, f"{config}: {message}")


def test_malformed_config_file_is_reported_even_with_db(db: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[claimtrack\ndb = 'x'\n", encoding="utf-8")
    run = claimtrack("--db", db, "claims", env={"CLAIMTRACK_CONFIG": str(config)})
    assert_one_line_error(
        run,
        f"cannot read config file {config}: Expected ']' at the end of a table declaration (at line 1, column 12)",
    )


def test_bad_environment_value(db: str) -> None:
    run = claimtrack("--db", db, "articles", env={"CLAIMTRACK_HTTP_TIMEOUT": "abc"})
    assert_one_line_error(run, "CLAIMTRACK_HTTP_TIMEOUT: expected a number, got 'abc'")


def test_plugin_setting_is_checked_before_verifying(db: str, tmp_path: Path) -> None:
    """Not one error verdict per claim and exit 0: one line, exit 1, nothing recorded."""
    pytest.importorskip("claimtrack_wikidata")
    before = verdict_count(db)
    config = tmp_path / "config.toml"
    config.write_text('[verifiers.wikidata]\ntimeout = "abc"\n', encoding="utf-8")
    env = {"CLAIMTRACK_CONFIG": str(config), "CLAIMTRACK_LOAD_PLUGINS": "wikidata"}
    run = claimtrack("--db", db, "verify", "--all", env=env)
    assert_one_line_error(
        run, f"{config}: [verifiers.wikidata] timeout: expected a number, got 'abc'"
    )
    env_run = claimtrack(
        "--db",
        db,
        "verify",
        "--all",
        env={"CLAIMTRACK_LOAD_PLUGINS": "wikidata", "CLAIMTRACK_WIKIDATA_MAXLAG": "soon"},
    )
    assert_one_line_error(
        env_run,
        "wikidata setting 'maxlag' (from environment variable CLAIMTRACK_WIKIDATA_MAXLAG): "
        "'soon' is not a whole number",
    )
    assert verdict_count(db) == before


def verdict_count(db: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM verdict").fetchone()[0])


def test_valid_config_strings_are_converted(db: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[verify]\ntimeout = "30"\nsources = "missing-transcript.txt"\n', encoding="utf-8"
    )
    run = claimtrack(
        "--db", db, "verify", "--all", "--offline", env={"CLAIMTRACK_CONFIG": str(config)}
    )
    # The timeout "30" is accepted; the one source file named is read (and is missing).
    assert_one_line_error(
        run, "cannot read source document missing-transcript.txt: No such file or directory"
    )


# -- database URLs and paths ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mysql://u@localhost/x",
            "unsupported database URL scheme 'mysql'; supported: a SQLite file path, sqlite:///PATH or postgresql://USER@HOST[:PORT]/DBNAME",
        ),
        (
            "postgresql://u@127.0.0.1:99999/x",
            "invalid database URL: port 99999 is out of range (1-65535)",
        ),
        (
            "postgresql://u:secret@127.0.0.1:0/x",
            "invalid database URL: port 0 is out of range (1-65535)",
        ),
        ("postgresql://u:secret@127.0.0.1:abc/x", "invalid database URL: the port is not a number"),
    ],
)
def test_bad_database_urls(url: str, message: str) -> None:
    run = claimtrack("--db", url, "claims")
    assert_one_line_error(run, message)
    assert "secret" not in run.stderr


def test_mistyped_db_path_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "dir" / "claims.db"
    run = claimtrack("--db", str(target), "claims")
    assert_one_line_error(
        run,
        f"no database at {target}: folder {target.parent} does not exist "
        "(check the path, or create it with `claimtrack db init`)",
    )
    assert not (tmp_path / "typo").exists()
    upgrade = claimtrack("--db", str(target), "db", "upgrade")
    assert upgrade.returncode == 1 and not (tmp_path / "typo").exists()


def test_db_init_creates_folders_and_is_idempotent(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "claims.db"
    first = claimtrack("--db", str(target), "db", "init")
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"created new database at {target}\n"
    assert first.stdout.startswith(f"Database sqlite:///{target} is ready (revision ")
    again = claimtrack("--db", str(target), "db", "init")
    assert again.returncode == 0 and again.stderr == ""
    assert claimtrack("--db", str(target), "claims", "--json").stdout.strip() == "[]"


def test_new_database_in_an_existing_folder_is_announced(tmp_path: Path) -> None:
    run = claimtrack("--db", "fresh.db", "claims", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"created new database at {tmp_path / 'fresh.db'}\n"
    again = claimtrack("--db", "fresh.db", "claims", "--json", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == ""


def test_default_database_is_created_with_its_folder(tmp_path: Path) -> None:
    """The README's first command must work on a fresh machine: no --db, no data dir yet."""
    data_home = tmp_path / "fresh-home" / "data"
    run = claimtrack("check", str(EXAMPLE), "--offline", env={"XDG_DATA_HOME": str(data_home)})
    assert run.returncode == 0, run.stderr
    default = data_home / "claimtrack" / "claimtrack.db"
    assert default.is_file()
    assert run.stderr.splitlines()[0] == f"created new database at {default}"
    assert "G7 trade ministers meet in Sydney" in run.stdout


def test_empty_source(db: str) -> None:
    assert_one_line_error(
        claimtrack("--db", db, "add", ""),
        "empty SOURCE: give a file, an http(s) URL or - for standard input",
    )


# -- review without a terminal -------------------------------------------------------------


@pytest.mark.parametrize("args", [["review"], ["review", "2"], ["review", "--article", "1"]])
def test_review_app_needs_a_terminal(db: str, args: list[str]) -> None:
    run = claimtrack(
        "--db", db, *args
    )  # stdin is /dev/null, stdout a pipe; a hang would hit the timeout
    assert_one_line_error(
        run,
        "the review app needs a terminal on stdin and stdout; "
        "in scripts record a decision with `claimtrack review CLAIM_ID --set LABEL`",
    )


def test_review_set_works_without_a_terminal(db: str) -> None:
    run = claimtrack("--db", db, "review", "3", "--set", "supported", "--reviewer", "ci")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Claim 3: supported by ci")
