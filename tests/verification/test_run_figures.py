"""``ctx.tally`` and ``ctx.notice``: a verifier's figures for the run, printed once after it."""

from __future__ import annotations

import asyncio
import json
import textwrap
from pathlib import Path
from typing import ClassVar

import pytest

from claimtrack.registry import Registry
from claimtrack.testing import add_claims, fast_http_options
from claimtrack.testing.cli import CliRunner
from claimtrack.verification.api import RunFigures, Verdict, Verifier
from claimtrack.verification.engine import VerifyOptions, load_targets, verify_targets

EXAMPLE_ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "g7-trade-talks.txt"
KEY = "sk-test-0123456789abcdef"


def test_counters_add_up_in_first_tallied_order() -> None:
    figures = RunFigures()
    figures.tally({"requests": 1, "prompt_tokens": 1200})
    figures.tally({"requests": 2, "completion_tokens": 210, "prompt_tokens": 34})
    figures.tally({"cache_hits": 2, "budget_left": 0})
    assert figures.counters == {
        "requests": 3,
        "prompt_tokens": 1234,
        "completion_tokens": 210,
        "cache_hits": 2,
        "budget_left": 0,
    }
    assert figures.counter_line() == (
        "3 requests, 1,234 prompt tokens, 210 completion tokens, 2 cache hits, 0 budget left"
    )
    assert RunFigures().counter_line() is None
    zero = RunFigures()
    zero.tally({"requests": 0})
    assert zero.counter_line() is None  # all counters 0: nothing to say
    for bad in (True, 1.5, "3"):
        with pytest.raises(TypeError, match="whole number"):
            figures.tally({"requests": bad})  # type: ignore[dict-item]


def test_notices_once_with_counters_filled_in() -> None:
    figures = RunFigures()
    for _ in range(3):
        figures.notice("budget reached (max_requests=3); {not_asked} claims not asked")
    figures.notice("literal {braces} and {} stay")
    figures.tally({"not_asked": 1234})
    assert figures.notice_lines() == [
        "budget reached (max_requests=3); 1,234 claims not asked",
        "literal {braces} and {} stay",
    ]


class Counting(Verifier):
    """Tallies per claim from many tasks at once; notices the same thing every time."""

    name = "counting"
    version = "1"
    secrets: ClassVar[tuple[str, ...]] = ("api_key",)

    async def verify(self, claim, ctx):  # type: ignore[no-untyped-def]
        ctx.tally(requests=1, prompt_tokens=617)
        await asyncio.sleep(0.01)  # the others tally meanwhile
        ctx.tally(completion_tokens=105, cache_hits=0)
        ctx.notice(f"key {ctx.settings['api_key']} in use; {{requests}} requests")
        return Verdict.unverifiable("counted")


class Quiet(Verifier):
    name = "quiet"
    version = "1"

    def verify(self, claim, ctx):  # type: ignore[no-untyped-def]
        ctx.tally(requests=0)  # a synchronous verifier, in a worker thread
        return Verdict.unverifiable("nothing")


def test_the_run_collects_them_per_verifier(tmp_path: Path) -> None:
    registry = Registry.open(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        ids = add_claims(registry, [f"Claim number {n} is here." for n in range(12)])
        options = VerifyOptions(
            http=fast_http_options(),
            progress=False,
            verifier_settings={"counting": {"api_key": KEY}},
        )
        result = asyncio.run(
            verify_targets(
                registry, [Counting(), Quiet()], load_targets(registry, claim_ids=ids), options
            )
        )
    finally:
        registry.close()
    assert result.done == 24
    assert result.figures == {
        "counting": {
            "requests": 12,
            "prompt_tokens": 7404,
            "completion_tokens": 1260,
            "cache_hits": 0,
        },
        "quiet": {"requests": 0},
    }
    assert result.figure_lines() == [
        "counting: 12 requests, 7,404 prompt tokens, 1,260 completion tokens, 0 cache hits",
        "counting: key *** in use; 12 requests",  # once, masked, filled in
    ]
    data = result.to_dict()
    assert data["figures"]["counting"]["requests"] == 12
    assert data["notices"] == {"counting": ["key *** in use; 12 requests"]}
    assert KEY not in json.dumps(data)


PLUGIN = textwrap.dedent(
    """
    from claimtrack import Verdict, Verifier, hookimpl


    class Budgeted(Verifier):
        name = "budgeted"
        version = "1"
        offline = True

        async def verify(self, claim, ctx):
            asked = ctx.run_state.setdefault("asked", [])
            if len(asked) >= 3:
                ctx.tally(not_asked=1)
                ctx.notice("budget reached (max_requests=3); {not_asked} claims not asked")
                return Verdict.unverifiable("budget reached")
            left = (3 if not asked else 0) - 1  # the budget, counted down
            asked.append(claim.id)
            ctx.tally(requests=1, prompt_tokens=411, completion_tokens=70, budget_left=left)
            return Verdict.unverifiable("asked")


    @hookimpl
    def register_verifiers(register):
        register(Budgeted())
    """
)


@pytest.fixture
def runner(tmp_path: Path) -> tuple[CliRunner, Path]:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "budgeted.py").write_text(PLUGIN, encoding="utf-8")
    return CliRunner(tmp_path / "run", env={"CLAIMTRACK_LOAD_PLUGINS": ""}), plugins


def test_verify_prints_them_once_after_the_run(runner: tuple[CliRunner, Path]) -> None:
    cli, plugins = runner
    assert cli.run("add", EXAMPLE_ARTICLE).exit_code == 0
    claims = len(json.loads(cli.run("claims", "--json").stdout))
    assert claims > 3
    done = cli.run("--plugins-dir", plugins, "verify", "--all", "--verifier", "budgeted")
    assert done.exit_code == 0, done
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Recorded {claims} verdicts")
    assert lines[1:] == [
        (
            "budgeted: 3 requests, 1,233 prompt tokens, 210 completion tokens, 0 budget left, "
            f"{claims - 3} not asked"
        ),
        f"budgeted: budget reached (max_requests=3); {claims - 3} claims not asked",
    ]
    again = cli.run(
        "--plugins-dir",
        plugins,
        "verify",
        "--all",
        "--stale",
        "0",
        "--verifier",
        "budgeted",
        "--json",
    )
    data = json.loads(again.stdout)
    assert data["figures"]["budgeted"]["requests"] == 3
    assert data["notices"]["budgeted"] == [
        f"budget reached (max_requests=3); {claims - 3} claims not asked"
    ]


def test_check_prints_them_on_stderr(runner: tuple[CliRunner, Path]) -> None:
    cli, plugins = runner
    done = cli.run(
        "--plugins-dir",
        plugins,
        "check",
        EXAMPLE_ARTICLE,
        "--verifier",
        "budgeted",
        "--format",
        "json",
    )
    assert done.exit_code == 0, done
    json.loads(done.stdout)  # the report alone on stdout
    assert "budgeted: 3 requests, 1,233 prompt tokens" in done.stderr
    assert done.stderr.count("budget reached (max_requests=3)") == 1
