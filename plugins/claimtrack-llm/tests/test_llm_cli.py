"""The real ``claimtrack check``/``verify`` with the llm verifier, the fixture model and
the Wikipedia fixture: citations in the report, the POST cache, the budget, the key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack_llm.fixture_server import MODEL, LLMFixtureServer

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLE = EXAMPLES / "apec-trade-ministers.txt"
TEN = EXAMPLES / "ten-meetings.txt"
KEY = "sk-llm-test-4f9a1c77e2"

wikipedia_fixture = pytest.importorskip("claimtrack_wikipedia.fixture_server")


@pytest.fixture
def servers() -> Iterator[tuple[LLMFixtureServer, dict[str, str]]]:
    with (
        LLMFixtureServer(rules=[("Brussels", "phantom")], api_key=KEY) as llm,
        wikipedia_fixture.WikipediaFixtureServer() as wp,
    ):
        yield (
            llm,
            {
                "CLAIMTRACK_LOAD_PLUGINS": "claimtrack-llm,claimtrack-wikipedia",
                "CLAIMTRACK_WIKIPEDIA_API": f"{wp.url}/w/api.php",
                "CLAIMTRACK_WIKIPEDIA_REST": f"{wp.url}/api/rest_v1",
                "CLAIMTRACK_LLM_BASE_URL": llm.base_url,
                "CLAIMTRACK_LLM_MODEL": MODEL,
                "CLAIMTRACK_LLM_API_KEY": KEY,
            },
        )


def llm_verdicts(report: dict) -> dict[int, dict]:
    """Claim id -> the llm verifier's verdict, from ``report --format json``."""
    return {c["id"]: v for c in report["claims"] for v in c["verdicts"] if v["verifier"] == "llm"}


def test_check_cites_passages_and_drops_a_fabricated_citation(cli_runner, servers):
    _, env = servers
    checked = cli_runner.run("check", ARTICLE, env=env)
    assert checked.exit_code == 0, checked
    report = json.loads(cli_runner.run("report", "--format", "json", env=env).stdout)
    found = llm_verdicts(report)
    event, first, first_wrong, phantom = found[1], found[2], found[3], found[4]
    assert event["label"] == "supported" and event["part"] == "event-1"
    assert (
        event["evidence"][0]["url"]
        == "https://en.wikipedia.org/wiki/Asia-Pacific_Economic_Cooperation"
    )
    assert "Cites P" in event["summary"] and "\u201c" in event["summary"]
    assert first["label"] == "supported" and first["part"] == "first_since-1"
    assert "founded in 1961" in first["evidence"][0]["snippet"]
    assert first_wrong["label"] == "refuted" and "1961, not 1965" in first_wrong["summary"]
    assert phantom["label"] == "unverifiable"
    assert phantom["summary"].endswith("citation failed: cites passage 'P99', which was not given")
    assert "supported" in checked.stdout and "refuted" in checked.stdout
    assert "Cites P" in checked.stdout  # the citations are in the table too


def test_a_second_identical_run_sends_no_model_request(cli_runner, servers):
    llm, env = servers
    assert cli_runner.run("check", ARTICLE, env=env).exit_code == 0
    sent = len(llm.chat_requests())
    assert sent >= 4
    again = cli_runner.run("verify", "--all", "--stale", "0", env=env)
    assert again.exit_code == 0, again
    assert len(llm.chat_requests()) == sent
    figures = f"llm: 0 requests, 0 prompt tokens, 0 completion tokens, {sent} cache hits"
    assert figures in (again.stdout + again.stderr).splitlines(), again


def test_the_budget_stops_the_model_and_says_so_once(cli_runner, servers):
    llm, env = servers
    result = cli_runner.run("check", TEN, env={**env, "CLAIMTRACK_LLM_MAX_REQUESTS": "3"})
    assert result.exit_code == 0, result
    assert len(llm.chat_requests()) == 3
    report = json.loads(cli_runner.run("report", "--format", "json", env=env).stdout)
    found = llm_verdicts(report)
    assert len(found) == 10
    budget = [v for v in found.values() if v["summary"] == "budget reached (max_requests=3)"]
    assert len(budget) == 7
    assert all(v["label"] == "unverifiable" for v in budget)
    lines = (result.stdout + result.stderr).splitlines()
    # Said once for the run; each claim's row in the report shows its recorded reason.
    said = [
        line
        for line in lines
        if line.startswith("llm:") and "budget reached (max_requests=3)" in line
    ]
    rows = [line for line in lines if line.strip() == "→ budget reached (max_requests=3)"]
    assert len(rows) == 7, result
    assert said == [
        (
            "llm: budget reached (max_requests=3): the model was not asked for 7 claim part(s), "
            "recorded as unverifiable: budget reached"
        )
    ], result
    assert any(
        line.startswith("llm: 3 requests, ") and line.endswith(", 0 budget left, 7 budget reached")
        for line in lines
    ), result


def test_the_key_never_reaches_the_database_cache_logs_or_exports(cli_runner, servers, tmp_path):
    llm, env = servers
    checked = cli_runner.run("--debug", "check", ARTICLE, env=env)
    assert checked.exit_code == 0, checked
    assert all(r.headers.get("authorization") == f"Bearer {KEY}" for r in llm.chat_requests())
    exported = [
        cli_runner.run("export", "--format", fmt, "-o", tmp_path / f"out.{fmt}", env=env)
        for fmt in ("json", "csv")
    ]
    assert all(e.exit_code == 0 for e in exported), exported
    places = [cli_runner.db_path, *Path(cli_runner.cache_dir).rglob("*"), *tmp_path.glob("out.*")]
    files = [p for p in places if Path(p).is_file()]
    assert any("cache" in str(p) for p in files)  # the run did write a cache
    for path in files:
        assert KEY.encode() not in Path(path).read_bytes(), path
    for result in (checked, *exported):
        assert KEY not in result.stdout + result.stderr


def test_plugins_says_inactive_until_base_url_is_set(cli_runner, servers):
    llm, env = servers
    inactive = cli_runner.run("plugins", env={"CLAIMTRACK_LOAD_PLUGINS": "claimtrack-llm"})
    assert "inactive: no model server (set CLAIMTRACK_LLM_BASE_URL" in inactive.stdout, inactive
    active = cli_runner.run("plugins", "--json", env=env)
    (llm_plugin,) = [p for p in json.loads(active.stdout) if p["name"] == "llm"]
    assert llm_plugin["status"] == [
        {
            "verifier": "llm",
            "ok": True,
            "status": f"model {MODEL} at {llm.base_url} (serves {MODEL})",
        }
    ]
    doctor = cli_runner.run("doctor", env={**env, "CLAIMTRACK_LLM_API_KEY": "wrong"})
    print(doctor.stdout)
    assert "verifier llm" in doctor.stdout and "API key rejected" in doctor.stdout, doctor
    assert doctor.exit_code == 1


def test_a_token_budget_is_checked_before_each_request(cli_runner, servers):
    llm, env = servers
    result = cli_runner.run(
        "check",
        TEN,
        env={**env, "CLAIMTRACK_LLM_MAX_TOKENS_TOTAL": "1", "CLAIMTRACK_LLM_CONCURRENCY": "1"},
    )
    assert result.exit_code == 0, result
    assert len(llm.chat_requests()) == 1  # the first request spends it all
    lines = (result.stdout + result.stderr).splitlines()
    assert any(line.endswith(", 0 tokens left, 9 budget reached") for line in lines), result
    said = [line for line in lines if line.startswith("llm:") and "(max_tokens_total=1)" in line]
    assert len(said) == 1, result
