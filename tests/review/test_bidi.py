"""Bidirectional-text controls never reach the terminal raw.

U+202E RIGHT-TO-LEFT OVERRIDE and its kin (embeddings U+202A–202D, isolates U+2066–2069,
the marks U+200E, U+200F, U+061C) make a terminal show text in another order than it is
("Trojan Source"). Every command that prints article text, claims, quotes, speakers,
verdict summaries, errors, evidence or notes shows them escaped (``\\u202e``), as it shows
ANSI escapes; JSON output keeps the data exact but writes them as ``\\u`` escapes.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seed import add_verdict

from claimtrack.cli import cli
from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp, screen_text
from claimtrack.services.review import add_review
from claimtrack.testing import add_claims

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
#: Any text, controls and format characters included (not surrogates, not NUL).
ANY = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=6
)
HOSTILE = st.lists(st.one_of(st.sampled_from(BIDI), ANY), min_size=1, max_size=12).map("".join)


def escaped(char: str) -> str:
    return f"\\u{ord(char):04x}"


def assert_no_raw_bidi(output: str, where: str) -> None:
    raw = sorted({escaped(c) for c in output if c in BIDI})
    assert not raw, f"{where} printed raw bidi controls: {', '.join(raw)}"


def store(registry: Registry, n: int, text: str) -> tuple[int, int]:
    """An article, a quote claim, a speaker, a verdict with evidence, an error and a note, all
    carrying ``text``. Returns the article and claim ids."""
    claim_text = f'"Exports {text} rose," the minister said. #{n}'
    (claim_id,) = add_claims(
        registry,
        [{"text": claim_text, "kind": "quote", "speaker": f"minister {text}"}],
        source=f"bidi-{n}.txt",
        title=f"Title {text}",
    )
    evidence = [
        {
            "source": f"src {text}",
            "title": f"title {text}",
            "url": f"https://example.org/{text}",
            "snippet": f"snippet {text}",
        }
    ]
    add_verdict(registry, claim_id, "checker", "refuted", 0.9, f"summary {text}", evidence)
    run = registry.start_run({"test": True})
    registry.add_verdict(
        {
            "run_id": run,
            "claim_id": claim_id,
            "verifier": "broken",
            "verifier_version": "1",
            "label": "error",
            "confidence": 0.0,
            "summary": "",
            "error": f"error {text}",
            "evidence": [],
        }
    )
    add_review(registry, claim_id, "mixed", reviewer="tester", note=f"note {text}")
    article_id = registry.mentions(claim_id)[0][1].id
    assert article_id is not None
    return article_id, claim_id


def test_bidi_controls_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    db = tmp_path / "bidi.db"
    registry = Registry.open(f"sqlite:///{db}")
    runner = CliRunner()
    counter = itertools.count()
    # A wide terminal, with colour: the path a person at a terminal gets (no wrapping splits an escape).
    env = {"COLUMNS": "4000", "FORCE_COLOR": "1", "NO_COLOR": None}

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(
            cli, ["--db", str(db), *args], env=env, input=stdin, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        assert_no_raw_bidi(result.output, " ".join(args))
        return result.output

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(text=HOSTILE, bidi=st.sampled_from(BIDI))
    def check(text: str, bidi: str) -> None:
        text = f"{text}{bidi}"  # at least one
        article_id, claim_id = store(registry, next(counter), text)
        claim_text = registry.claim(claim_id).text
        aid, cid = str(article_id), str(claim_id)

        shown = run("show", cid)
        for char in set(claim_text) & set(BIDI):
            assert escaped(char) in shown  # shown escaped, not dropped
        run("claims", "--article", aid)
        run("articles")
        report = run("report", "--article", aid)
        assert visible(f"⚠ broken error: error {text}") in report
        run("report", "--article", aid, "--format", "markdown")
        # score takes plain sentences (it refuses input that looks binary).
        sentence = "".join(c for c in text if c in BIDI or c.isalnum() or c == " ")
        run("score", "-", stdin=f"Exports {sentence} rose by 4% in 2023.\n")

        # JSON: the same data, only written with escapes.
        assert json.loads(run("claims", "--article", aid, "--json"))[0]["text"] == claim_text
        assert (
            json.loads(run("show", cid, "--json"))["mentions"][0]["speaker"] == f"minister {text}"
        )
        data = json.loads(run("report", "--article", aid, "--format", "json"))
        assert data["claims"][0]["verdicts"][-1]["error"] == f"error {text}"

    check()
    registry.close()


def visible(text: str) -> str:
    from claimtrack.console import visible_controls

    return " ".join(visible_controls(text).split())


async def test_review_app_shows_bidi_controls_escaped(registry: Registry) -> None:
    text = "a" + "b".join(BIDI) + "c"
    article_id, claim_id = store(registry, 0, text)
    app = ReviewApp(
        registry, reviewer="tester", keys={}, article_id=article_id, start_claim=claim_id
    )
    async with app.run_test(size=(400, 60)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
    assert_no_raw_bidi(screen, "review app")
    shown = "a" + "b".join(escaped(c) for c in BIDI) + "c"
    for where in ("Exports", "minister", "summary", "snippet", "error", "note"):
        assert f"{where} {shown}" in screen, where
