"""Aggregation, the report in three formats, untrusted text shown literally, and the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from claimtrack.models import Review
from claimtrack.registry import Registry
from claimtrack.report import build_report, render_json, render_markdown, render_table
from claimtrack.testing import add_claims
from claimtrack.verification.aggregate import aggregate

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "The [bold red]minister[/bold red] said \x1b[31m40 percent\x1b[0m rose."


def v(verifier, label, confidence=0.8, url=None):
    return {
        "verifier": verifier,
        "label": label,
        "confidence": confidence,
        "summary": f"{verifier} says {label}",
        "evidence": [{"source": verifier, "url": url}] if url else [],
    }


def test_aggregate_rules() -> None:
    assert aggregate([]).label == "unchecked"
    assert aggregate([v("a", "error")]).label == "error"
    assert aggregate([v("a", "error"), v("b", "unverifiable")]).label == "unverifiable"
    agree = aggregate(
        [v("a", "supported", 0.9, "https://a"), v("b", "supported", 0.7), v("c", "unverifiable")]
    )
    assert (agree.label, round(agree.confidence, 2), agree.disputed) == ("supported", 0.8, False)
    assert agree.evidence == {"source": "a", "url": "https://a"}
    disputed = aggregate([v("a", "supported"), v("b", "refuted")])
    assert disputed.label == "mixed" and disputed.disputed
    review = Review(claim_id=1, reviewer="ana", label="refuted", note="checked the minutes")
    over = aggregate([v("a", "supported"), v("b", "refuted")], review)
    assert (over.label, over.confidence, over.reviewed, over.disputed) == (
        "refuted",
        1.0,
        True,
        True,
    )
    # The latest verdict of a verifier counts, once.
    assert aggregate([v("a", "refuted"), v("a", "supported")]).label == "supported"


def _registry_with_hostile_claim(registry: Registry) -> int:
    (claim_id,) = add_claims(registry, [HOSTILE])
    run = registry.start_run({})
    registry.add_verdict(
        {
            "run_id": run,
            "claim_id": claim_id,
            "verifier": "x",
            "label": "refuted",
            "confidence": 0.9,
            "summary": "[link=https://evil]click[/link] \x07",
            "evidence": [{"source": "x", "url": "https://example.org/[red]"}],
        }
    )
    return claim_id


def test_table_shows_markup_and_escapes_literally(registry: Registry) -> None:
    _registry_with_hostile_claim(registry)
    out = io.StringIO()
    console = Console(
        file=out,
        width=200,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        _environ={},
    )
    render_table(build_report(registry), console)
    text = out.getvalue()
    assert "[bold red]minister[/bold red]" in text
    assert "\\x1b[31m40 percent\\x1b[0m" in text and "\x1b[31m40" not in text
    assert "[link=https://evil]click[/link] \\x07" in text and "\x07" not in text
    assert "https://example.org/[red]" in text
    assert "\x1b[1;31mrefuted" in text  # the label itself is coloured
    assert "1 claim: 1 refuted" in text


def test_markdown_and_json(registry: Registry) -> None:
    claim_id = _registry_with_hostile_claim(registry)
    report = build_report(registry)
    md = render_markdown(report)
    assert "\\[bold red\\]minister\\[/bold red\\]" in md and "\x1b" not in md
    assert "**refuted**" in md and md.rstrip().endswith("1 claim: 1 refuted")
    data = json.loads(json.dumps(render_json(report), default=str))
    assert data["claims"][0]["id"] == claim_id and data["claims"][0]["text"] == HOSTILE
    assert data["claims"][0]["verdict"]["label"] == "refuted" and data["counts"] == {"refuted": 1}


def _cli(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLAIMTRACK_LOAD_PLUGINS": "",
        "COLUMNS": "250",
        **(env or {}),
    }  # built-ins only: nothing leaves the machine
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(tmp_path / "cli.db"), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def test_check_gives_real_verdicts_offline_on_the_example(tmp_path: Path) -> None:
    result = _cli("check", "examples/g7-trade-talks.txt", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "G7: 7 stated, 7 listed" in out and "BRICS: 5 stated, but only 4 listed" in out
    assert "70 + 40 = 110, not 120" in out
    assert "supported" in out and "refuted" in out and "mixed" in out
    assert "1 supported, 1 refuted, 1 mixed" in out.splitlines()[-1]
    assert (
        "Recorded" in result.stderr and "verifying" not in result.stderr
    )  # no progress bar off a terminal
    report = _cli("report", "--article", "1", "--format", "json", tmp_path=tmp_path)
    data = json.loads(report.stdout)
    labels = {c["verdict"]["label"] for c in data["claims"]}
    assert {"supported", "refuted", "mixed"} <= labels
    md = _cli("report", "--format", "markdown", tmp_path=tmp_path)
    assert md.returncode == 0 and "| ID | Kind | Claim |" in md.stdout


def test_verify_with_a_source_document(tmp_path: Path) -> None:
    transcript = tmp_path / "transcript.txt"
    transcript.write_text(
        "MARY NG: We cannot allow supply chains to be held hostage by a single country.\n",
        encoding="utf-8",
    )
    assert _cli("add", "examples/g7-trade-talks.txt", tmp_path=tmp_path).returncode == 0
    result = _cli(
        "verify",
        "--article",
        "1",
        "--verifier",
        "quote-source",
        "--source",
        str(transcript),
        "--json",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["labels"].get("supported") == 1 and summary["recorded"] >= 2


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    cases = [
        (["verify"], "Error: nothing selected"),
        (["verify", "--all", "--verifier", "nope"], "Error: unknown verifier nope"),
        (["verify", "999"], "Error: no claim with id 999"),
        (
            ["verify", "--all", "--source", str(tmp_path / "missing.txt")],
            "Error: cannot read source document",
        ),
        (["report", "--article", "42"], "Error: no article with id 42"),
        (["plugins", "new", "Bad Name", "--dir", str(tmp_path)], "Error: invalid plugin name"),
    ]
    assert (
        _cli("db", "init", tmp_path=tmp_path).returncode == 0
    )  # else the first open says "created new database"
    for args, message in cases:
        result = _cli(*args, tmp_path=tmp_path)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith(message) and "Traceback" not in result.stderr, (
            args,
            result.stderr,
        )
        assert len(result.stderr.strip().splitlines()) == 1


def test_check_with_a_transcript_checks_the_quotes(tmp_path: Path) -> None:
    transcript = Path(__file__).parent / "data" / "g7-transcript.txt"
    result = _cli(
        "check",
        "examples/g7-trade-talks.txt",
        "--source",
        str(transcript),
        "--format",
        "json",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    claims = {c["text"][:20]: c for c in json.loads(result.stdout)["claims"]}
    ng = claims['"We cannot allow sup']["verdict"]
    # The quote part is supported; the claim is only as good as its unchecked parts allow.
    ng_quote = next(p for p in ng["parts"] if p["kind"] == "quote")
    assert ng_quote["label"] == "supported"
    assert "verbatim in g7-transcript.txt" in ng_quote["summary"]
    assert ng["label"] != "supported" or all(p["label"] == "supported" for p in ng["parts"])
    scholz = claims["German Chancellor Ol"]["verdict"]
    assert scholz["label"] == "mixed" and "where the source has" in scholz["summary"]


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    assert _cli("add", "examples/g7-trade-talks.txt", tmp_path=tmp_path).returncode == 0
    leader, follower = pty.openpty()
    env = {**os.environ, "CLAIMTRACK_LOAD_PLUGINS": "", "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(tmp_path / "cli.db"), "verify", "--all"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert (
        "verifying" in text and "errors" in text and "/" in text
    )  # bar, M/N done, errors, elapsed
    assert "Recorded" in proc.stdout.decode() and "verifying" not in proc.stdout.decode()


IMPORT_DATA = ROOT / "tests" / "export" / "data"
PRIOR = "previously checked by Example Fact Check: False"


def test_report_shows_previously_checked_through_the_cli(tmp_path: Path) -> None:
    """An imported ClaimReview, then a new article making the same claim: every format says so."""
    imported = _cli(
        "import", "claimreview", str(IMPORT_DATA / "factcheck_page.html"), tmp_path=tmp_path
    )
    assert imported.returncode == 0, imported.stderr
    article = tmp_path / "rome.txt"
    article.write_text(
        "Rome budget row deepens\n\n"
        "Italy's unemployment rate fell to 3.5% in 2023. The opposition disagreed with the minister.\n",
        encoding="utf-8",
    )
    added = _cli("add", str(article), "--json", tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    article_id = str(json.loads(added.stdout)[0]["article_id"])

    for columns in ("250", "80"):
        table = _cli("report", "--article", article_id, tmp_path=tmp_path, env={"COLUMNS": columns})
        assert table.returncode == 0, table.stderr
        assert PRIOR in table.stdout, table.stdout
        assert "\x1b" not in table.stdout  # a pipe: no colour codes
        assert all(len(line) <= int(columns) for line in table.stdout.splitlines()[:-1]), (
            table.stdout
        )

    data = json.loads(
        _cli("report", "--article", article_id, "--format", "json", tmp_path=tmp_path).stdout
    )
    [claim] = [c for c in data["claims"] if "unemployment" in c["text"]]
    [prior] = claim["previously_checked"]
    assert prior["description"] == PRIOR
    assert (prior["publisher"], prior["rating"], prior["label"]) == (
        "Example Fact Check",
        "False",
        "refuted",
    )
    assert prior["url"] == "https://factcheck.example/2024/italy-unemployment"
    assert all(c["previously_checked"] == [] for c in data["claims"] if c is not claim)

    md = _cli("report", "--article", article_id, "--format", "markdown", tmp_path=tmp_path).stdout
    assert "| Previously checked |" in md and PRIOR in md


def test_table_layout_at_80_columns_and_in_chunks(registry: Registry) -> None:
    """Many rows (several output batches), a narrow console, NO_COLOR and a terminal."""
    texts = [
        f"In {1990 + i % 30} the unemployment rate of Italy rose to {i % 97}.{i % 10} percent, report {i} says."
        for i in range(1200)
    ]
    ids = add_claims(registry, [HOSTILE, *texts])
    run = registry.start_run({})
    for claim_id in ids[1::3]:
        registry.add_verdict(
            {
                "run_id": run,
                "claim_id": claim_id,
                "verifier": "x",
                "label": "supported",
                "confidence": 0.7,
                "summary": "matches the series " * 10,
                "evidence": [
                    {"source": "x", "url": f"https://stats.example/series/{claim_id}/" + "p" * 60}
                ],
            }
        )
    report = build_report(registry)
    out = io.StringIO()
    render_table(report, Console(file=out, width=80, force_terminal=False))
    text = out.getvalue()
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines[:-1]), [line for line in lines if len(line) > 80][
        :3
    ]
    assert lines[0].split() == [
        "ID",
        "Kind",
        "Claim",
        "and",
        "why",
        "Verdict",
        "Conf.",
    ]  # evidence goes under the claim
    assert sum(
        1 for line in lines if line.lstrip().startswith(tuple(f"{i}  " for i in ids))
    ) >= len(ids)
    assert (
        "report 1199 says." in text
        and "[bold red]minister[/bold red]" in text
        and "\x1b" not in text
    )
    assert f"↗ https://stats.example/series/{ids[1]}/" in text
    assert any(
        line.strip().startswith("→ matches the series") and line.endswith("…") for line in lines
    )
    assert lines[-1] == "1201 claims: 400 supported, 801 unchecked"
    wide = io.StringIO()
    render_table(report, Console(file=wide, width=160, force_terminal=False))
    assert wide.getvalue().splitlines()[0].split()[-1] == "Evidence"
    # A terminal with NO_COLOR: no colours (rich's rule), still no raw escapes from the claims.
    plain = io.StringIO()
    render_table(
        report,
        Console(
            file=plain,
            width=100,
            force_terminal=True,
            color_system="truecolor",
            _environ={"NO_COLOR": "1"},
        ),
    )
    assert (
        "\x1b[31m40" not in plain.getvalue() and "\\x1b[31m40 percent\\x1b[0m" in plain.getvalue()
    )
    assert "\x1b[1;31m" not in plain.getvalue() and "\x1b[32m" not in plain.getvalue()


def test_the_report_shows_each_part_with_its_verdict(registry: Registry) -> None:
    """A quoted head of state with only the office checked: the claim is not supported,
    and every format lists both parts with their verdicts (part texts literal)."""
    from claimtrack.extraction.parts import Part

    office = Part("office-1", "office", "Macron is President of France", {})
    quote = Part("quote-1", "quote", "Macron said “[bold]no limits[/bold]\x1b[31m”", {})
    (claim_id,) = add_claims(
        registry,
        [
            {
                "text": "President Macron said 'no limits'.",
                "kind": "quote",
                "values": {"parts": [office.to_dict(), quote.to_dict()]},
            }
        ],
    )
    run = registry.start_run({})
    registry.add_verdict(
        {
            "run_id": run,
            "claim_id": claim_id,
            "verifier": "wikidata",
            "part": "office-1",
            "label": "supported",
            "confidence": 0.9,
            "summary": "holds the office",
        }
    )
    report = build_report(registry)
    out = io.StringIO()
    render_table(report, Console(file=out, width=120, force_terminal=False))
    table = out.getvalue()
    assert "unverifiable" in table and "supported  " not in table.splitlines()[1]
    assert "→ 1 of 2 parts checked: office supported; quote unchecked" in table
    assert "◦ office: Macron is President of France  supported 0.90" in table
    assert "◦ quote: Macron said “[bold]no limits[/bold]\\x1b[31m”  unchecked" in table
    markdown = render_markdown(report)
    assert "| Parts |" in markdown.splitlines()[0]
    assert (
        "office: Macron is President of France → **supported** 0.90 (holds the office)<br>"
        in markdown
    )
    assert (
        "quote: Macron said “\\[bold\\]no limits\\[/bold\\]\\\\x1b\\[31m” → **unchecked**"
        in markdown
    )
    (row,) = render_json(report)["claims"]
    assert row["verdict"]["label"] == "unverifiable"
    assert [(p["id"], p["label"]) for p in row["verdict"]["parts"]] == [
        ("office-1", "supported"),
        ("quote-1", "unchecked"),
    ]


_WORD = st.text(alphabet="abc…é", max_size=30) | st.text(alphabet="ab—→漢字😀", max_size=30)


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(_WORD, max_size=14),
    spaces=st.sampled_from([" ", " ", "  "]),
    width=st.integers(min_value=1, max_value=16),
)
@example(words=["a", "ab", "ab"], spaces=" ", width=4)  # a line exactly as wide as the column
@example(words=["a", "abcdefgh", "ab"], spaces=" ", width=4)  # a word folded from a line's end
def test_the_table_wraps_as_word_by_word(words: list[str], spaces: str, width: int) -> None:
    """The table's wrap (str.rfind over one-cell text with single spaces) gives the lines
    the word-by-word wrap gives, for any text: wide characters, long words, runs of spaces."""
    from claimtrack.report.render import _cells, _wrap, _wrap_words

    text = spaces.join(words)
    lines = _wrap(text, width)
    assert lines == _wrap_words(text, width)
    assert all(_cells(line) <= width for line in lines if len(line) > 1)
