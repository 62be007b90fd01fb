"""``claimtrack match`` and ``find_fact_checks`` over the fact-checks a registry imported.

Runs on a SQLite file and, when configured, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimtrack
from claimtrack.config import load_settings
from claimtrack.importers.claimreview import FactCheck, read_fact_checks
from claimtrack.registry import Registry
from claimtrack.registry.db import _alembic_config, current_revision, head_revision
from claimtrack.retrieval import Matcher, MatchInputError
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import find_fact_checks

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
LEMON = "https://factcheck.example/2024/lemon-water-covid"
G7 = "https://truthmeter.example/g7-population"
EIFFEL = "https://factcheck.example/2023/eiffel-tower-sold"
#: Reworded claims from the example feed, as posts put them, and the fact-check of each.
REWORDED = [
    ("BREAKING: hot lemon water kills the coronavirus, doctors say #covid https://t.co/x", LEMON),
    ("Half of the people on Earth live in the G7 — Ann Poster (@annp) June 3, 2024", G7),
    ("A con man sold the Eiffel Tower as scrap metal back in 1925?!", EIFFEL),
]


def cli(db: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["COLUMNS"] = "250"  # one table row per match
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", db, *args],
        capture_output=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def imported(registry: Registry) -> Registry:
    """A registry with the docs' example feed imported through the CLI."""
    done = cli(registry.url, "import", "claimreview", str(FEED))
    assert done.returncode == 0, done.stderr
    return registry


@pytest.fixture
def sqlite_imported(tmp_path: Path) -> str:
    """A SQLite registry with the example feed (bad-input runs need one database only)."""
    db = str(tmp_path / "fc.db")
    done = cli(db, "import", "claimreview", str(FEED))
    assert done.returncode == 0, done.stderr
    return db


def test_stdin_gives_json_lines_in_input_order_right_fact_check_first(imported: Registry) -> None:
    lines = "\n".join(text for text, _ in REWORDED) + "\n"
    done = cli(imported.url, "match", "-", "--top", "3", stdin=lines.encode())
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["text"] for r in records] == [text for text, _ in REWORDED]
    for record, (_, url) in zip(records, REWORDED, strict=True):
        assert 1 <= len(record["matches"]) <= 3
        best = record["matches"][0]
        assert best["url"] == url
        assert set(best) == {"claim", "url", "publisher", "rating", "label", "date", "score"}
        assert best["score"] >= claimtrack.PREVIOUSLY_CHECKED
        scores = [m["score"] for m in record["matches"]]
        assert scores == sorted(scores, reverse=True)
    lemon = records[0]["matches"][0]
    assert (lemon["publisher"], lemon["rating"], lemon["label"], lemon["date"]) == (
        "Example Fact Check",
        "False",
        "refuted",
        "2020-03-18",
    )


def test_single_text_table_shows_markup_literally_and_json(sqlite_imported: str) -> None:
    text = "Does hot lemon water cure the [bold red]coronavirus[/]?"
    table = cli(sqlite_imported, "match", text, "--top", "2")
    assert table.returncode == 0, table.stderr
    out = table.stdout.decode()
    assert "Example Fact Check" in out and "refuted" in out and "2020-03-18" in out
    as_json = json.loads(cli(sqlite_imported, "match", text, "--json", "--top", "1").stdout)
    assert as_json["text"] == text
    [best] = as_json["matches"]
    assert best["url"] == LEMON


def test_article_text_in_the_table_is_never_markup(tmp_path: Path) -> None:
    registry = Registry.open(str(tmp_path / "cheese.db"))
    store_fact_checks(
        registry,
        [
            FactCheck(
                claim="The [bold]moon[/bold] is made of green cheese.",
                publisher="[red]Cheese Check[/red]",
                rating="False",
                label="refuted",
                url="https://cheese.example/1",
            )
        ],
        source="test",
    )
    registry.close()
    done = cli(str(tmp_path / "cheese.db"), "match", "Is the moon made of green cheese?")
    out = done.stdout.decode()
    assert "[red]Cheese" in out and "[bold]moon" in out.replace("\n", "")


def test_add_and_show_say_previously_checked(sqlite_imported: str, tmp_path: Path) -> None:
    article = tmp_path / "viral.txt"
    article.write_text(
        "Viral claims spread\n\nA viral post says half of the world population lives in the "
        "G7 countries. Ministers met in Rome on Tuesday.\n",
        encoding="utf-8",
    )
    added = cli(sqlite_imported, "add", str(article))
    assert added.returncode == 0, added.stderr
    assert "1 previously checked)" in added.stdout.decode()
    shown = json.loads(cli(sqlite_imported, "show", "3", "--json").stdout)
    assert [p["url"] for p in shown["previously_checked"]] == [G7]
    assert all(p["url"] != G7 for p in shown["possibly_related"])
    assert all(p["score"] < claimtrack.PREVIOUSLY_CHECKED for p in shown["possibly_related"])
    text = cli(sqlite_imported, "show", "3").stdout.decode()
    assert "previously checked by Truth Meter: Pants on Fire" in text


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("",), None, "Error: nothing to match: the text is empty"),
        (("-",), b"", "Error: stdin: no claim to match"),
        (("-",), b"", "Error: stdin: no claim to match"),
        (("-",), b"\n  \n", "Error: stdin: no claim to match"),
        (
            ("-",),
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00",
            "Error: stdin line 1: looks like binary",
        ),
        (("-",), b"ok claim\n\xff\xfe\xfa bad\n", "Error: stdin line 2: is not UTF-8"),
        (
            ("-",),
            b"Hot lemon water cures covid\n" + b"word " * 10_000 + b"\n",
            "Error: stdin line 2: text too long to match: 10000 words",
        ),
        ((" ".join(["word"] * 10_000),), None, "Error: text too long to match: 10000 words"),
    ],
)
def test_bad_input_is_one_line_naming_the_line(
    sqlite_imported: str, args: tuple[str, ...], stdin: bytes | None, message: str
) -> None:
    done = cli(sqlite_imported, "match", *args, stdin=stdin)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith(message), err
    assert "Traceback" not in err
    if args == ("-",) and stdin and stdin.startswith(b"Hot lemon"):
        # The lines before the bad one were written, in order.
        [first] = done.stdout.decode().splitlines()
        assert json.loads(first)["matches"][0]["url"] == LEMON


def test_api_stays_correct_as_fact_checks_are_added(registry: Registry) -> None:
    assert find_fact_checks(registry, "hot lemon water cures covid") == []
    feed = read_fact_checks(str(FEED), load_settings())
    store_fact_checks(registry, feed[:4], source="part 1")
    assert [m.fact_check.url for m in find_fact_checks(registry, "lemon water covid", 1)] == [LEMON]
    moon = "Apollo 11 was staged in a film studio"
    assert all(m.fact_check.url != feed[7].url for m in find_fact_checks(registry, moon))
    store_fact_checks(registry, feed[4:], source="part 2")
    [best] = find_fact_checks(registry, moon, top=1)
    assert best.fact_check.url == feed[7].url
    with registry.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM fact_check")).scalar_one() == len(feed)
    with pytest.raises(MatchInputError):
        find_fact_checks(registry, "  ")
    assert "find_fact_checks" in claimtrack.__all__
    assert claimtrack.find_fact_checks is find_fact_checks


def test_a_failed_import_leaves_neither_claims_nor_index(registry: Registry) -> None:
    feed = read_fact_checks(str(FEED), load_settings())
    broken = [*feed[:2], FactCheck(claim="x" * 10, publisher="P", rating="r", label="nope")]
    with pytest.raises(Exception, match="unknown review label"):
        store_fact_checks(registry, broken, source="broken")
    assert registry.counts()["claim"] == 0
    assert find_fact_checks(registry, "hot lemon water covid") == []


def test_the_migration_backfills_fact_checks_imported_before_it(registry: Registry) -> None:
    feed = read_fact_checks(str(FEED), load_settings())
    store_fact_checks(registry, feed, source="feed")
    with registry.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0005")
    assert current_revision(registry.engine) == "0005"
    with registry.engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    assert current_revision(registry.engine) == head_revision()
    [best] = find_fact_checks(registry, "hot lemon water kills the coronavirus", top=1)
    assert best.fact_check.url == LEMON and best.fact_check.publisher == "Example Fact Check"


@pytest.fixture(scope="module")
def feed_matcher() -> Matcher:
    matcher = Matcher()
    matcher.add(read_fact_checks(str(FEED), load_settings()))
    return matcher


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_gets_ranked_matches_or_a_clear_error(feed_matcher: Matcher, text: str) -> None:
    try:
        found = feed_matcher.search(text, 3)
    except MatchInputError as exc:
        assert not text.strip() and "empty" in str(exc)
        return
    assert len(found) <= 3
    assert all(0.0 <= m.score <= 1.0 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


@pytest.mark.parametrize(
    "query", ["hot lemon water coronavirus cures", "NATO founded 1949 countries", "moon studio"]
)
def test_postgresql_bm25_is_fts5_bm25(query: str) -> None:
    """The BM25 that PostgreSQL's first stage computes equals SQLite FTS5's ``bm25()``."""
    from claimtrack.retrieval.index import FactCheckIndex
    from claimtrack.retrieval.store import _stems, bm25
    from claimtrack.retrieval.terms import fts_words, stem

    feed = read_fact_checks(str(FEED), load_settings())
    index = FactCheckIndex()
    index.add(feed)
    columns = [_stems(f.claim, f.title or "", f.claimant or "") for f in feed]
    average = sum(len(t) for c in columns for t in c) / len(feed)
    terms = [stem(w) for w in fts_words(query)]
    frequencies = index.document_frequencies(terms)
    found = index.candidates(query, 5)
    assert found
    for cand in found:
        fc = cand.fact_check
        mine = bm25(
            terms,
            _stems(fc.claim, fc.title or "", fc.claimant or ""),
            frequencies,
            len(feed),
            average,
        )
        assert mine == pytest.approx(cand.bm25, rel=1e-9)


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the Eiffel Tower was busy.",
        "NATO met on Tuesday.",
        "Unemployment in Spain is high.",
    ],
)
def test_a_sentence_naming_what_a_fact_check_names_is_not_previously_checked(
    feed_matcher: Matcher, sentence: str
) -> None:
    """A high score from a shared rare name is not enough: the sentence must state enough
    of the fact-checked claim (CLAIM_COVERAGE_MIN)."""
    from claimtrack.retrieval.rerank import CLAIM_COVERAGE_MIN

    [best] = feed_matcher.search(sentence, 1)
    assert best.score >= claimtrack.PREVIOUSLY_CHECKED
    assert best.features.claim_coverage < CLAIM_COVERAGE_MIN
    assert not best.previously_checked


def test_many_stdin_lines_come_back_in_order(sqlite_imported: str) -> None:
    """A bulk run: 300 claims, shuffled reworded posts and blank lines among unrelated text,
    one JSON line each, in input order, each with its own right fact-check when it has one."""
    import random

    rng = random.Random(7)
    texts = [
        rng.choice(REWORDED)[0]
        if i % 3 == 0
        else f"Claim number {i} about the harvest in {1900 + i}"
        for i in range(300)
    ]
    stdin = "\n\n".join(texts) + "\n"  # blank lines between claims are skipped
    done = cli(sqlite_imported, "match", "-", "--top", "1", stdin=stdin.encode())
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["text"] for r in records] == texts
    urls = dict(REWORDED)
    for record in records:
        if record["text"] in urls:
            assert record["matches"][0]["url"] == urls[record["text"]]
