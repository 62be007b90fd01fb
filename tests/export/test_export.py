"""``claimtrack export``: ClaimReview JSON-LD validated property by property, and the other formats."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from seed import PUBLISHED, Seeded

from claimtrack.importers.claimreview import parse_fact_checks
from claimtrack.registry import Registry
from claimtrack.services.review import add_review
from claimtrack.verification.api import CLAIMREVIEW_RATINGS

ORG = ("Example Fact Check", "https://factcheck.example")


def run_cli(
    registry: Registry, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", registry.url, *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def org_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[export]\norganization_name = "{ORG[0]}"\norganization_url = "{ORG[1]}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    return config


@pytest.fixture
def reviewed(registry: Registry, seeded: Seeded) -> Seeded:
    stat, quote, members = seeded.claim_ids
    add_review(
        registry, stat, "refuted", reviewer="tester", note="The ministry's own figure is 7.7%."
    )
    add_review(registry, members, "mixed", reviewer="tester")
    add_review(registry, quote, "not_checkworthy", reviewer="tester")
    return seeded


def validate_claimreview(obj: dict, *, local: bool = False) -> None:
    """Google's required and recommended ClaimReview properties (sources.md §4b)."""
    # required
    assert obj["@context"] in ("https://schema.org", "http://schema.org")
    assert obj["@type"] == "ClaimReview"
    assert isinstance(obj["claimReviewed"], str) and obj["claimReviewed"].strip()
    assert re.match(r"^https?://", obj["url"])
    rating = obj["reviewRating"]
    assert rating["@type"] == "Rating"
    assert isinstance(rating["alternateName"], str) and rating["alternateName"]
    # recommended
    assert rating["bestRating"] == 5 and rating["worstRating"] == 1
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert obj["author"]["@type"] == "Organization" and obj["author"]["name"]
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", obj["datePublished"])
    item = obj["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", item["datePublished"])
    appearances = (
        item["appearance"] if isinstance(item["appearance"], list) else [item["appearance"]]
    )
    assert appearances
    for appearance in appearances:
        assert appearance["@type"] == "NewsArticle"
        if local:  # an article added from a file has no URL to give
            assert "url" not in appearance and appearance["headline"]
        else:
            assert re.match(r"^https?://", appearance["url"])


def test_claimreview_export_is_valid(
    registry: Registry, reviewed: Seeded, org_config: Path
) -> None:
    result = run_cli(registry, "export", "--format", "claimreview")
    assert result.returncode == 0, result.stderr
    objects = json.loads(result.stdout)
    stat, _quote, members = reviewed.claim_ids
    # one object per claim with a final verdict; "not check-worthy" is not a verdict
    assert [o["claimReviewed"] for o in objects] == [
        registry.claim(stat).text,
        registry.claim(members).text,
    ]
    for obj in objects:
        validate_claimreview(obj)
        assert obj["author"] == {"@type": "Organization", "name": ORG[0], "url": ORG[1]}
        assert obj["itemReviewed"]["datePublished"] == PUBLISHED.date().isoformat()
        assert obj["itemReviewed"]["appearance"]["url"] == "https://news.example/g7-trade"
    refuted, mixed = objects
    assert (
        refuted["reviewRating"]["ratingValue"] == 1
        and refuted["reviewRating"]["alternateName"] == "False"
    )
    assert refuted["url"] == f"{ORG[1]}/claims/{stat}"
    assert refuted["reviewBody"] == "The ministry's own figure is 7.7%."
    assert (
        mixed["reviewRating"]["ratingValue"] == 3
        and mixed["reviewRating"]["alternateName"] == "Mixture"
    )


def test_claimreview_round_trips_through_the_importer(
    registry: Registry, reviewed: Seeded, org_config: Path
) -> None:
    out = io.StringIO()
    from claimtrack.export import get_exporter
    from claimtrack.services.export import collect_rows

    get_exporter("claimreview").export(collect_rows(registry), out)
    checks = parse_fact_checks(out.getvalue(), source="export")
    assert [(c.publisher, c.label, c.rating) for c in checks] == [
        (ORG[0], "refuted", "False"),
        (ORG[0], "mixed", "Mixture"),
    ]


@pytest.mark.parametrize("label", ["supported", "refuted", "mixed", "unverifiable"])
def test_every_label_has_its_rating(
    registry: Registry, seeded: Seeded, label: str, org_config: Path
) -> None:
    from claimtrack.export.claimreview import ClaimReviewExporter
    from claimtrack.services.export import collect_rows

    add_review(registry, seeded.claim_ids[0], label, reviewer="tester")
    exporter = ClaimReviewExporter()
    [row] = [r for r in collect_rows(registry) if r.final_review]
    obj = exporter.to_jsonld(row, exporter.organization())
    validate_claimreview(obj)
    value, name = CLAIMREVIEW_RATINGS[label]
    assert obj["reviewRating"]["alternateName"] == name
    assert obj["reviewRating"].get("ratingValue") == value


def test_latest_decision_wins_and_review_url_template(
    registry: Registry, seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[export]\norganization_name = "X"\nreview_url = "https://x.example/fc/{claim_id}.html"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    stat = seeded.claim_ids[0]
    add_review(registry, stat, "supported", reviewer="a")
    add_review(registry, stat, "refuted", reviewer="a")
    add_review(registry, stat, "note", reviewer="a", note="later note")
    result = run_cli(registry, "export", "-f", "claimreview")
    [obj] = json.loads(result.stdout)
    assert obj["reviewRating"]["alternateName"] == "False"
    assert obj["url"] == f"https://x.example/fc/{stat}.html"
    assert obj["author"] == {"@type": "Organization", "name": "X"}


def test_json_and_jsonl(registry: Registry, reviewed: Seeded) -> None:
    data = json.loads(run_cli(registry, "export", "--format", "json").stdout)
    assert [d["id"] for d in data] == reviewed.claim_ids
    first = data[0]
    assert (
        first["verdict"] == "refuted"
        and first["verdict_source"] == "review"
        and first["reviewed_by"] == "tester"
    )
    assert first["verdicts"][0]["verifier"] == "worldbank"
    assert first["mentions"][0]["article_id"] == reviewed.article_id
    assert data[2]["verdict"] == "mixed"  # reviewed as mixed
    lines = run_cli(registry, "export", "--format", "jsonl", "--reviewed-only").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        reviewed.claim_ids[0],
        reviewed.claim_ids[2],
    ]


def test_unreviewed_claims_carry_the_verifiers_label(registry: Registry, seeded: Seeded) -> None:
    data = json.loads(run_cli(registry, "export", "-f", "json").stdout)
    assert [(d["verdict"], d["verdict_source"]) for d in data] == [
        ("refuted", "verifiers"),
        (None, None),
        ("mixed", "verifiers"),
    ]


def test_csv(registry: Registry, reviewed: Seeded) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli(registry, "export", "-f", "csv").stdout)))
    assert [r["claim_id"] for r in rows] == [str(i) for i in reviewed.claim_ids]
    assert (
        rows[0]["verdict"] == "refuted"
        and rows[0]["article_url"] == "https://news.example/g7-trade"
    )
    assert (
        rows[0]["evidence_urls"]
        == "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS?locations=IT"
    )


def test_markdown_report(registry: Registry, reviewed: Seeded) -> None:
    text = run_cli(
        registry, "export", "-f", "markdown", "--article", str(reviewed.article_id)
    ).stdout
    assert text.startswith("# Fact-check: G7 trade talks open in Apulia\n")
    assert (
        "Source: [https://news.example/g7-trade](https://news.example/g7-trade) · Published: 2024-05-10"
        in text
    )
    assert (
        "## 1. Unemployment in Italy fell to 3.5% in 2023, according to the finance ministry."
        in text
    )
    assert "**Verdict: False** (reviewed by tester," in text
    assert "The ministry's own figure is 7.7%." in text
    assert (
        "- [Unemployment, total (% of labor force) - Italy]"
        "(https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS?locations=IT): “2023: 7.7”" in text
    )
    assert "**Verdict: Mixture**" in text
    assert "3 claim(s): 1 mixed, 1 not check-worthy, 1 refuted." in text


def test_markdown_escaping() -> None:
    from claimtrack.export.formats import md_escape

    assert md_escape("70 + 40 = 110 (so far)") == "70 + 40 = 110 (so far)"
    assert (
        md_escape("[bold red]x[/] *y* _z_ <b>") == "\\[bold red\\]x\\[/\\] \\*y\\* \\_z\\_ \\<b\\>"
    )
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("a\nb\x1b[31m") == "a b\\\\x1b\\[31m"


def test_output_file(
    registry: Registry, reviewed: Seeded, tmp_path: Path, org_config: Path
) -> None:
    target = tmp_path / "out.jsonld"
    result = run_cli(registry, "export", "-f", "claimreview", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
    # two ClaimReviews written: the set-aside claim is not one
    assert result.stderr.strip() == f"Wrote 2 claim(s) as claimreview to {target}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "yaml"],
            "Error: unknown export format 'yaml'; available: claimreview, csv, json, jsonl, markdown",
        ),
        (["--article", "999"], "Error: no article with id 999"),
    ],
)
def test_bad_export_requests_write_nothing(
    registry: Registry, reviewed: Seeded, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out.txt"
    result = run_cli(registry, "export", *args, "-o", str(target))
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert result.stdout == ""
    assert not target.exists()


def test_missing_output_directory(registry: Registry, reviewed: Seeded, tmp_path: Path) -> None:
    result = run_cli(registry, "export", "-o", str(tmp_path / "nope" / "out.json"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_exporters_are_registered_through_the_hook() -> None:
    from claimtrack.plugins import make_plugin_manager

    plugins = make_plugin_manager()
    names = {getattr(e, "name", None) for e in plugins.exporters().values()}
    assert {"claimreview", "json", "jsonl", "csv", "markdown"} <= names


def test_example_article_claimreview(registry: Registry, org_config: Path) -> None:
    """The README's example article, added from its file, reviewed from the command line."""
    example = Path(__file__).parents[2] / "examples" / "g7-trade-talks.txt"
    added = run_cli(registry, "add", str(example), "--json")
    assert added.returncode == 0, added.stderr
    article_id = json.loads(added.stdout)[0]["article_id"]
    claims = registry.claims(article_id=article_id)
    members = [c for c in claims if c.text.startswith("The G7, a group of seven countries")]
    assert members, [c.text for c in claims]
    assert (
        run_cli(
            registry,
            "review",
            str(members[0].id),
            "--set",
            "supported",
            "--note",
            "Seven named, seven members.",
        ).returncode
        == 0
    )
    assert run_cli(registry, "review", str(claims[-1].id), "--set", "unverifiable").returncode == 0
    result = run_cli(registry, "export", "--format", "claimreview", "--article", str(article_id))
    assert result.returncode == 0, result.stderr
    objects = json.loads(result.stdout)
    assert len(objects) == 2
    for obj in objects:
        validate_claimreview(obj, local=True)
        assert obj["itemReviewed"]["datePublished"] == "2023-05-16"
        assert (
            obj["itemReviewed"]["appearance"]["headline"]
            == "G7 trade ministers meet in Sydney as talks resume"
        )
    assert [o["reviewRating"]["alternateName"] for o in objects] == ["True", "Unverifiable"]
    assert "ratingValue" not in objects[1]["reviewRating"]
