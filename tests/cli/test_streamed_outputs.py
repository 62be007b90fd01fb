"""Streamed outputs (issue 13): ``claims`` and ``report`` read claims a page at a time.

``claims --search`` shows its first page and how many more there are; ``--limit N`` and
``--all`` show more. JSON written as it is read is valid JSON with the same content as the
whole-list forms; article text stays literal. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from claimtrack.models import Article, Claim, Mention, Review, VerdictRow, VerificationRun
from claimtrack.registry import Registry
from claimtrack.registry.store import STREAM_BATCH
from claimtrack.report import build_report, render_json, render_markdown
from claimtrack.testing.cli import CliRunner

#: More claims than one page of the streamed reads, so that every output spans pages.
N_CLAIMS = STREAM_BATCH * 2 + 345
#: Claims whose text has the word "unemployment" (every 50th).
SEARCHED = len(range(0, N_CLAIMS, 50))
MARKUP = "[bold red]not markup[/bold red] \x1b[31mred\x1b[0m"
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def seed(url: str) -> None:
    """``N_CLAIMS`` claims in one article, a speaker on every 7th, verdicts on every 3rd,
    a review on every 10th; claim 2 carries rich markup and an ANSI escape."""
    registry = Registry.open(url)
    texts = []
    for i in range(N_CLAIMS):
        topic = "unemployment" if i % 50 == 0 else ("inflation", "exports", "wages")[i % 3]
        texts.append(
            f"In {1990 + i % 30} the {topic} figure of region {i} rose to {i % 97} percent"
        )
    texts[1] = f"The claim {MARKUP} says 5 percent"
    starts = [0]
    for text in texts:
        starts.append(starts[-1] + len(text) + 2)
    with registry.engine.begin() as conn:
        conn.execute(
            sa.insert(VerificationRun.__table__),  # type: ignore[attr-defined]
            [{"id": 1, "started_at": NOW, "finished_at": NOW, "status": "finished", "options": {}}],
        )
        conn.execute(
            sa.insert(Article.__table__),  # type: ignore[attr-defined]
            [
                {
                    "id": 1,
                    "source": "https://news.example/1",
                    "title": "Figures",
                    "retrieved_at": NOW,
                    "content_hash": "0" * 64,
                    "text": "\n\n".join(texts),
                }
            ],
        )
        conn.execute(
            sa.insert(Claim.__table__),  # type: ignore[attr-defined]
            [
                {
                    "id": i + 1,
                    "text": text,
                    "fingerprint": f"fp-{i}",
                    "kind": "statistic",
                    "score": (i % 100) / 100,
                    "values": {"n": i},
                    "status": "open",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i, text in enumerate(texts)
            ],
        )
        conn.execute(
            sa.insert(Mention.__table__),  # type: ignore[attr-defined]
            [
                {
                    "claim_id": i + 1,
                    "article_id": 1,
                    "sentence": text,
                    "start": starts[i],
                    "end": starts[i] + len(text),
                    "speaker": f"Speaker {i}" if i % 7 == 0 else None,
                }
                for i, text in enumerate(texts)
            ],
        )
        conn.execute(
            sa.insert(VerdictRow.__table__),  # type: ignore[attr-defined]
            [
                {
                    "claim_id": i + 1,
                    "run_id": 1,
                    "verifier": "worldbank",
                    "verifier_version": "1",
                    "part": "",
                    "label": "refuted" if i % 2 else "supported",
                    "confidence": 0.8,
                    "summary": f"checked {i} {MARKUP}",
                    "evidence": [{"source": "wb", "url": f"https://wb.example/{i}"}],
                    "error": None,
                    "duration_ms": 1.0,
                    "created_at": NOW,
                }
                for i in range(1, N_CLAIMS, 3)
            ],
        )
        conn.execute(
            sa.insert(Review.__table__),  # type: ignore[attr-defined]
            [
                {
                    "claim_id": i + 1,
                    "reviewer": "ed",
                    "label": "refuted",
                    "note": "seen",
                    "created_at": NOW,
                }
                for i in range(0, N_CLAIMS, 10)
            ],
        )
    registry.close()


@pytest.fixture
def seeded(db_url: str) -> str:
    seed(db_url)
    return db_url


def _json_form(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def test_pages_and_counts_match_the_whole_list(seeded: str) -> None:
    registry = Registry.open(seeded)
    try:
        pages = list(registry.claim_pages(batch=7, search="unemployment"))
        assert all(len(p.claims) <= 7 for p in pages) and len(pages) == -(-SEARCHED // 7)
        ids = [c.id for p in pages for c in p.claims]
        assert ids == sorted(ids) == [c.id for c in registry.claims(search="unemployment")]
        assert registry.count_claims(search="unemployment") == SEARCHED
        assert registry.count_claims() == N_CLAIMS
        assert registry.count_claims(search="!!!") == 0
        assert list(registry.claim_pages(search="!!!")) == []
        first = next(registry.claim_pages(limit=3))
        assert [c.id for c in first.claims] == [1, 2, 3] and first.speakers == {1: "Speaker 0"}
        # The streamed records are the whole-list ones, a batch at a time.
        whole = registry.claim_records()
        parts = list(registry.claim_record_batches(batch=500))
        assert len(parts) == -(-N_CLAIMS // 500)
        assert [c.id for p in parts for c in p.claims] == [c.id for c in whole.claims]
        assert sum(len(p.verdicts) for p in parts) == len(whole.verdicts)
        assert (
            sum(len(p.reviews) for p in parts) == len(whole.reviews) == len(range(0, N_CLAIMS, 10))
        )
    finally:
        registry.close()


def test_search_shows_the_first_page_and_how_many_more(cli_runner: CliRunner, seeded: str) -> None:
    db = ("--db", seeded)
    page = cli_runner.run(*db, "claims", "--search", "unemployment")
    assert page.exit_code == 0, page
    more = SEARCHED - 20
    assert page.stdout.rstrip().endswith(f"20 claim(s) … {more:,} more; --limit N or --all"), page
    assert page.stdout.count("unemployment") == 20
    limited = cli_runner.run(*db, "claims", "--search", "unemployment", "--limit", "5")
    assert limited.stdout.rstrip().endswith(
        f"5 claim(s) … {SEARCHED - 5:,} more; --limit N or --all"
    )
    everything = cli_runner.run(*db, "claims", "--search", "unemployment", "--all")
    assert everything.stdout.rstrip().endswith(f"{SEARCHED} claim(s)"), everything
    assert everything.stdout.count("unemployment") == SEARCHED
    as_json = cli_runner.run(*db, "claims", "--search", "unemployment", "--json")
    assert len(json.loads(as_json.stdout)) == 20
    assert as_json.stderr.strip() == f"… {more:,} more; --limit N or --all"
    both = cli_runner.run(*db, "claims", "--search", "unemployment", "--all", "--limit", "3")
    assert both.exit_code != 0 and "Traceback" not in both.stderr
    assert "--limit N or --all, not both" in both.stderr
    # Without --search every claim is listed, streamed, and nothing is said to be left out.
    listed = cli_runner.run(*db, "claims")
    assert listed.stdout.rstrip().endswith(f"{N_CLAIMS:,} claim(s)"), listed.stdout[-300:]


def test_streamed_json_is_valid_and_the_same_as_the_whole_list(
    cli_runner: CliRunner, seeded: str
) -> None:
    from claimtrack.models import claim_to_dict

    result = cli_runner.run("--db", seeded, "claims", "--json")
    assert result.exit_code == 0, result
    streamed = json.loads(result.stdout)
    registry = Registry.open(seeded)
    try:
        claims = registry.claims()
        speakers = registry.speakers([c.id for c in claims])
        whole = [claim_to_dict(c) | {"speaker": speakers.get(c.id or 0)} for c in claims]
        assert streamed == _json_form(whole)
        assert streamed[1]["text"] == f"The claim {MARKUP} says 5 percent"

        report = cli_runner.run("--db", seeded, "report", "--format", "json")
        assert report.exit_code == 0, report
        assert json.loads(report.stdout) == _json_form(render_json(build_report(registry)))
        assert len(json.loads(report.stdout)["claims"]) == N_CLAIMS
        markdown = cli_runner.run("--db", seeded, "report", "--format", "markdown")
        assert markdown.stdout == render_markdown(build_report(registry))
        rows = [line for line in markdown.stdout.splitlines() if line.startswith("| ")]
        assert len(rows) == N_CLAIMS + 1  # the header and a row per claim
        assert "\x1b" not in markdown.stdout and "\\x1b" in markdown.stdout
    finally:
        registry.close()


def test_streamed_tables_show_article_text_literally(cli_runner: CliRunner, seeded: str) -> None:
    table = cli_runner.run("--db", seeded, "report")
    assert table.exit_code == 0, table
    assert "[bold red]not markup[/bold red]" in table.stdout
    assert "\x1b" not in table.stdout and "\\x1b[31mred" in table.stdout
    assert table.stdout.rstrip().splitlines()[-1].startswith(f"{N_CLAIMS} claims: ")
    listed = cli_runner.run("--db", seeded, "claims", "--search", "markup")
    assert "[bold red]not markup[/bold red]" in listed.stdout and "\x1b" not in listed.stdout


def test_a_streamed_read_keeps_no_writer_waiting(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    seed(url)
    reader, writer = Registry.open(url), Registry.open(url)
    try:
        pages = reader.claim_pages(batch=10)
        next(pages)  # the read transaction is open, its cursor half-way
        done = threading.Event()

        def write() -> None:
            with writer.engine.begin() as conn:
                conn.execute(sa.update(Claim.__table__).values(status="reviewed"))  # type: ignore[attr-defined]
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        assert done.wait(10), "the writer waited for the streamed read"
        thread.join()
        # The read goes on in its own snapshot: the claims as they were when it began.
        assert {c.status for p in pages for c in p.claims} == {"open"}
    finally:
        reader.close()
        writer.close()


def test_streamed_exports_are_the_whole_list(cli_runner: CliRunner, seeded: str) -> None:
    from claimtrack.export.formats import dump_json, row_json
    from claimtrack.services.export import collect_rows

    registry = Registry.open(seeded)
    try:
        whole = json.loads(dump_json([row_json(r) for r in collect_rows(registry)], indent=2))
    finally:
        registry.close()
    exported = cli_runner.run("--db", seeded, "export", "--format", "json")
    assert exported.exit_code == 0, exported
    assert json.loads(exported.stdout) == whole and len(whole) == N_CLAIMS
    lines = cli_runner.run("--db", seeded, "export", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == whole
    table = cli_runner.run("--db", seeded, "export", "--format", "csv").stdout
    assert table.count("\n") == N_CLAIMS + 1 and "[bold red]not markup[/bold red]" in table


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"search": "unemployment"},
        {"search": "percent rose", "kind": "statistic"},
        {"search": "figure", "status": "open", "article_id": 1},
        {"status": "reviewed"},
        {"kind": "quote"},
        {"article_id": 2},
        {"search": "!!!"},
    ],
    ids=repr,
)
def test_the_stdlib_reader_reads_what_the_registry_reads(
    tmp_path: Any, filters: dict[str, Any]
) -> None:
    """`claims` on a current SQLite registry reads with sqlite3 (claimtrack.registry.lite):
    the claims the filters select (worked out here from every claim the ORM loads), with the
    ORM's types, and the same pages, speakers and counts as the registry's own reads."""
    import re

    from sqlmodel import Session, select

    from claimtrack.models import claim_to_dict
    from claimtrack.registry.claim_list import ClaimRow
    from claimtrack.registry.lite import open_reader

    url = f"sqlite:///{tmp_path / 'r.db'}"
    seed(url)
    registry = Registry.open(url)
    reader = open_reader(url)
    assert reader is not None
    try:
        with Session(registry.engine) as session:
            every = list(session.exec(select(Claim).order_by(Claim.id)))  # type: ignore[arg-type]
            in_article = {m.claim_id for m in session.exec(select(Mention))}
        words = {w.lower() for w in re.findall(r"\w+", filters.get("search") or "")}
        expected = [
            c
            for c in every
            if (not filters.get("search") or words)
            and words <= {w.lower() for w in re.findall(r"\w+", c.text)}
            and (filters.get("kind") in (None, c.kind))
            and (filters.get("status") in (None, c.status))
            and ("article_id" not in filters or (filters["article_id"] == 1 and c.id in in_article))
        ]
        assert expected or filters in (
            {"search": "!!!"},
            {"kind": "quote"},
            {"article_id": 2},
            {"status": "reviewed"},
        )
        assert [claim_to_dict(c) for c in registry.claims(**filters)] == [
            claim_to_dict(c) for c in expected
        ]
        assert [c.id for c in registry.claims(**filters, limit=3, offset=2)] == [
            c.id for c in expected[2:5]
        ]
        assert [c.id for c in registry.claims(**filters, offset=N_CLAIMS - 2)] == [
            c.id for c in expected[N_CLAIMS - 2 :]
        ]
        for limit in (None, 3):
            pages = list(reader.claim_pages(**filters, limit=limit, batch=500))
            rows = [c for p in pages for c in p.claims]
            assert all(isinstance(c, ClaimRow) for c in rows)
            assert [claim_to_dict(c) for c in rows] == [claim_to_dict(c) for c in expected[:limit]]
            theirs = list(registry.claim_pages(**filters, limit=limit, batch=500))
            assert [p.speakers for p in pages] == [p.speakers for p in theirs]
            assert [p.claims for p in pages] == [p.claims for p in theirs]
        assert reader.count_claims(**filters) == registry.count_claims(**filters) == len(expected)
    finally:
        reader.close()
        registry.close()


def test_the_stdlib_reader_reads_one_snapshot_and_keeps_no_writer_waiting(tmp_path: Any) -> None:
    from claimtrack.registry.lite import open_reader

    url = f"sqlite:///{tmp_path / 'r.db'}"
    seed(url)
    reader, writer = open_reader(url), Registry.open(url)
    assert reader is not None
    try:
        pages = reader.claim_pages(batch=10)
        next(pages)
        done = threading.Event()

        def write() -> None:
            with writer.engine.begin() as conn:
                conn.execute(sa.update(Claim.__table__).values(status="reviewed"))  # type: ignore[attr-defined]
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        assert done.wait(10), "the writer waited for the streamed read"
        thread.join()
        assert {c.status for p in pages for c in p.claims} == {"open"}
        assert reader.count_claims(status="reviewed") == N_CLAIMS
    finally:
        reader.close()
        writer.close()


def test_the_stdlib_reader_reads_only_a_current_sqlite_file(tmp_path: Any, db_url: str) -> None:
    """Anything but an existing SQLite file at the shipped revision is the Registry's to
    open (it creates, migrates and reports errors as for every command)."""
    from claimtrack.registry.claim_list import ClaimRow
    from claimtrack.registry.lite import open_reader, sqlite_path

    assert open_reader(str(tmp_path / "missing.db")) is None
    assert not (tmp_path / "missing.db").exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database, " * 100)
    assert open_reader(str(garbage)) is None
    assert sqlite_path(f"sqlite:///{tmp_path}/a%20b.db") == tmp_path / "a b.db"
    assert sqlite_path(f"sqlite:///{tmp_path}/r.db?timeout=5") is None
    assert sqlite_path("postgresql://u@h/db") is None
    # The rows it reads have the claim table's columns, in its order.
    assert ClaimRow._fields == tuple(Claim.__table__.columns.keys())  # type: ignore[attr-defined]
    Registry.open(db_url).close()
    reader = open_reader(db_url)
    assert (reader is not None) == db_url.startswith("sqlite")
    if reader is not None:
        reader.close()


@pytest.mark.parametrize(
    "filters",
    [{}, {"article_id": 1}, {"article_id": 2}, {"claim_ids": [2, 3, 700, 701, 2345, 9999]}],
    ids=repr,
)
def test_report_batches_read_what_the_orm_reads(db_url: str, filters: dict[str, Any]) -> None:
    """The report's plain-SQL reads (claimtrack.registry.report_records, run by the registry
    and, on SQLite, by the stdlib reader) give the claims, latest verdicts, reviews and
    speakers the ORM loads, with the ORM's values and types."""
    from sqlmodel import Session, select

    from claimtrack.models import claim_to_dict, latest_calls
    from claimtrack.registry.lite import open_reader
    from claimtrack.registry.report_records import ReviewRecord, VerdictRecord

    seed(db_url)
    registry = Registry.open(db_url)
    try:
        with Session(registry.engine) as session:
            claims = list(session.exec(select(Claim).order_by(Claim.id)))  # type: ignore[arg-type]
            verdicts = latest_calls(session.exec(select(VerdictRow).order_by(VerdictRow.id)))  # type: ignore[arg-type]
            reviews = list(session.exec(select(Review).order_by(Review.id)))  # type: ignore[arg-type]
            mentions = list(session.exec(select(Mention).order_by(Mention.id)))  # type: ignore[arg-type]
        wanted = {
            c.id
            for c in claims
            if filters.get("article_id", 1) == 1 and c.id in filters.get("claim_ids", [c.id])
        }
        batches = list(registry.report_batches(**filters, batch=500))
        assert all(0 < len(b.claims) <= 500 for b in batches)
        got = [c for b in batches for c in b.claims]
        assert [claim_to_dict(c) for c in got] == [
            claim_to_dict(c) for c in claims if c.id in wanted
        ]
        for record_type, rows, theirs in (
            (VerdictRecord, [v for b in batches for v in b.verdicts], verdicts),
            (ReviewRecord, [r for b in batches for r in b.reviews], reviews),
        ):
            assert rows == [
                record_type(*(getattr(row, name) for name in record_type._fields))
                for row in theirs
                if row.claim_id in wanted
            ]
        speakers: dict[int, str] = {}
        for mention in mentions:
            if mention.speaker and mention.claim_id in wanted:
                speakers.setdefault(mention.claim_id, mention.speaker)
        assert {k: v for b in batches for k, v in b.speakers.items()} == speakers
        reader = open_reader(db_url)
        if db_url.startswith("sqlite"):
            assert reader is not None
            try:
                assert list(reader.report_batches(**filters, batch=500)) == batches
                article = registry.article(1)
                assert article is not None and reader.article(2) is None
                assert reader.article(1) == tuple(
                    getattr(article, name)
                    for name in ("id", "title", "source", "published", "published_source")
                )
            finally:
                reader.close()
        else:
            assert reader is None
    finally:
        registry.close()
