"""Exports show a claim's parts with their verdicts, and never rate a claim on a part
nobody checked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimtrack.export import get_exporter
from claimtrack.extraction.parts import Part
from claimtrack.registry import Registry
from claimtrack.services.export import export_claims
from claimtrack.services.review import add_review
from claimtrack.testing import add_claims

OFFICE = Part(
    "office-1", "office", "Emmanuel Macron is President of France", {"person": "Emmanuel Macron"}
)
QUOTE = Part(
    "quote-1", "quote", "Emmanuel Macron said “knows no limits”", {"speaker": "Emmanuel Macron"}
)
TEXT = "President Emmanuel Macron said support for Ukraine 'knows no limits'."


@pytest.fixture(autouse=True)
def _org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[export]\norganization_name = "Example Fact Check"\n'
        'organization_url = "https://factcheck.example"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))


def _claim(registry: Registry) -> int:
    (claim_id,) = add_claims(
        registry,
        [{"text": TEXT, "kind": "quote", "values": {"parts": [OFFICE.to_dict(), QUOTE.to_dict()]}}],
    )
    return claim_id


def _verdict(
    registry: Registry, claim_id: int, verifier: str, part: str, label: str = "supported"
) -> None:
    run = registry.start_run({"test": True})
    registry.add_verdict(
        {
            "run_id": run,
            "claim_id": claim_id,
            "verifier": verifier,
            "part": part,
            "label": label,
            "confidence": 0.9,
            "summary": f"{verifier}: {part} {label}",
            "evidence": [{"source": verifier, "url": f"https://example.org/{verifier}"}],
        }
    )
    registry.finish_run(run)


def _export(registry: Registry, fmt: str) -> str:
    return export_claims(registry, get_exporter(fmt)).text


def test_a_claim_with_an_unchecked_part_is_never_rated_true(registry: Registry) -> None:
    claim_id = _claim(registry)
    _verdict(registry, claim_id, "wikidata", "office-1")

    # ClaimReview: only a reviewer's verdict is published, and this claim has none.
    assert json.loads(_export(registry, "claimreview")) == []
    (row,) = json.loads(_export(registry, "json"))
    assert row["verdict"] == "unverifiable" and row["verdict_source"] == "verifiers"
    assert [(p["id"], p["label"]) for p in row["parts"]] == [
        ("office-1", "supported"),
        ("quote-1", "unchecked"),
    ]
    assert [(v["verifier"], v["part"]) for v in row["verdicts"]] == [("wikidata", "office-1")]
    assert row["explanation"] == (
        "office: wikidata: office-1 supported; 1 of 2 parts checked: office supported; quote unchecked"
    )
    (line,) = csv.DictReader(io.StringIO(_export(registry, "csv")))
    assert line["verdict"] == "unverifiable"
    assert line["parts"] == (
        "office: Emmanuel Macron is President of France = supported 0.90; "
        "quote: Emmanuel Macron said “knows no limits” = unchecked"
    )
    markdown = _export(registry, "markdown")
    assert "**Automated verdict: Unverifiable** (not yet reviewed)" in markdown
    assert "True" not in markdown
    assert (
        "- office: Emmanuel Macron is President of France — **supported** (0.90): wikidata: office-1 supported"
        in markdown
    )
    assert "- quote: Emmanuel Macron said “knows no limits” — **unchecked**" in markdown

    # Once the quote is checked too, the claim is supported; still not in ClaimReview
    # until a reviewer decides, and then rated as the reviewer decided.
    _verdict(registry, claim_id, "quotes", "quote-1")
    (row,) = json.loads(_export(registry, "json"))
    assert row["verdict"] == "supported"
    assert json.loads(_export(registry, "claimreview")) == []
    add_review(registry, claim_id, "supported", reviewer="tester")
    (review,) = json.loads(_export(registry, "claimreview"))
    assert review["reviewRating"]["alternateName"] == "True"


def test_a_reviewer_can_publish_what_the_parts_could_not_decide(registry: Registry) -> None:
    claim_id = _claim(registry)
    _verdict(registry, claim_id, "wikidata", "office-1")
    add_review(registry, claim_id, "refuted", reviewer="tester", note="The quote is misattributed.")
    (review,) = json.loads(_export(registry, "claimreview"))
    assert review["reviewRating"]["alternateName"] == "False"
    (row,) = json.loads(_export(registry, "json"))
    assert row["verdict"] == "refuted" and row["explanation"] == "The quote is misattributed."
    assert [p["label"] for p in row["parts"]] == ["supported", "unchecked"]
