"""``claimtrack review CLAIM_ID --set LABEL [--note TEXT]`` through the real console entry point."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from seed import Seeded

from claimtrack.registry import Registry


def run_cli(registry: Registry, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", registry.url, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_set_label_with_note(registry: Registry, seeded: Seeded) -> None:
    stat = seeded.claim_ids[0]
    result = run_cli(registry, "review", str(stat), "--set", "refuted", "--note", "7.7% per ISTAT")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Claim {stat}: refuted by tester (review 1); status reviewed\n"
    [review] = registry.reviews(stat)
    assert (review.reviewer, review.label, review.note) == ("tester", "refuted", "7.7% per ISTAT")


def test_reviewer_from_env_config_and_option(registry: Registry, seeded: Seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stat = seeded.claim_ids[0]
    config = tmp_path / "c.toml"
    config.write_text('[review]\nreviewer = "configured"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CLAIMTRACK_REVIEWER"}
    env["CLAIMTRACK_CONFIG"] = str(config)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            registry.url,
            "review",
            str(stat),
            "--set",
            "mixed",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    run_cli(registry, "review", str(stat), "--set", "mixed", CLAIMTRACK_REVIEWER="from-env")
    run_cli(registry, "review", str(stat), "--set", "mixed", "--reviewer", "from-option")
    assert [r.reviewer for r in registry.reviews(stat)] == ["configured", "from-env", "from-option"]


def test_note_alone_and_not_checkworthy(registry: Registry, seeded: Seeded) -> None:
    quote = seeded.claim_ids[1]
    assert run_cli(registry, "review", str(quote), "--note", "ask the desk").returncode == 0
    assert registry.claim(quote).status == "open"  # a note decides nothing
    assert run_cli(registry, "review", str(quote), "--set", "not-checkworthy").returncode == 0
    assert registry.claim(quote).status == "not_checkworthy"
    assert [r.label for r in registry.reviews(quote)] == ["note", "not_checkworthy"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["1", "--set", "true"],
            1,
            (
                "Error: unknown review label 'true'; "
                "expected one of supported, refuted, mixed, unverifiable, not_checkworthy, note"
            ),
        ),
        (["999", "--set", "refuted"], 1, "Error: no claim with id 999"),
        (["1", "--set", "note"], 1, "Error: --set note needs --note TEXT"),
    ],
)
def test_bad_decisions_write_nothing(
    registry: Registry, seeded: Seeded, args: list[str], code: int, message: str
) -> None:
    result = run_cli(registry, "review", *args)
    assert result.returncode == code
    assert result.stderr.strip() == message
    assert registry.counts()["review"] == 0


def test_set_needs_a_claim_id(registry: Registry, seeded: Seeded) -> None:
    result = run_cli(registry, "review", "--set", "refuted")
    assert result.returncode == 2
    assert "--set and --note need a CLAIM_ID" in result.stderr


def test_unknown_claim_for_the_app(registry: Registry, seeded: Seeded) -> None:
    result = run_cli(registry, "review", "999")
    assert (result.returncode, result.stderr.strip()) == (1, "Error: no claim with id 999")


def test_help_stays_light() -> None:
    code = (
        "import sys\n"
        "from claimtrack.cli import main\n"
        "for args in (['--help'], ['review', '--help'], ['export', '--help'], ['import', 'claimreview', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('textual', 'sqlalchemy', 'httpx') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "HEAVY []" in result.stdout, result.stdout[-500:]
    assert "claimtrack review [OPTIONS] [CLAIM_ID]" in result.stdout
