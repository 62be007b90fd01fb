"""What the extractor stores in ``claim.values`` fits the published schema (claimtrack.ClaimValues)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from claimtrack import ClaimValues, claim_relations, kind_values, validate_values
from claimtrack.extraction import extract_claims
from claimtrack.extraction.base import ArticleContext, ExtractedClaim
from claimtrack.extraction.parts import claim_parts, derive_parts
from claimtrack.extraction.values import KindValues

DATA = Path(__file__).parent / "data"
PUBLISHED = datetime(2024, 3, 15)

#: Sentences for the kinds and relations the test articles have few of.
SENTENCES = [
    "Australia's capital, Sydney, hosted the talks.",
    "Paris, the capital of France, was quiet on Sunday.",
    "Founded in 1949, NATO now has 32 members.",
    "NATO, set up in 1949, is a military alliance.",
    (
        "The G7, a group of seven countries consisting of Canada, France, Germany, Italy, Japan, "
        "the United Kingdom and the United States, is home to a tenth of the world's population."
    ),
    (
        "BRICS, a bloc of nine countries including Brazil, Russia, India and China, "
        "accounts for nearly half of global economic output."
    ),
    "Japan's population fell to about 124.5 million in 2023, the lowest since 1990.",
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin.",
    "Maltese Prime Minister Robert Abela said the island would host the summit.",
    '"We will not back down," said Ursula von der Leyen.',
    "Officials said the exports were higher than a year earlier.",
    "It was the largest protest since the invasion.",
    "Inflation rose to 4.2 percent in March, the central bank said on Tuesday.",
    "The multi-billion dollar deal was signed last Friday.",
    "Unemployment was at its lowest since 2008 last year.",
    "The last time the bank cut rates was in 2019.",
]


def _claims() -> list[ExtractedClaim]:
    claims: list[ExtractedClaim] = []
    for gold in sorted(DATA.glob("*.gold.json")):
        text = gold.with_name(gold.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        meta = json.loads(gold.read_text(encoding="utf-8"))
        published = meta.get("published") if isinstance(meta, dict) else None
        context = ArticleContext(published=datetime.fromisoformat(published) if published else None)
        claims += extract_claims(text, context)
    heldout = (DATA / "matching-heldout.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in heldout if line and not line.startswith("#")]
    for table in sorted(DATA.glob("*.tsv")):  # sentence<TAB>relation<TAB>values
        rows = table.read_text(encoding="utf-8").splitlines()
        lines += [row.split("\t")[0] for row in rows if row and not row.startswith("#")]
    claims += extract_claims("\n\n".join(lines + SENTENCES), ArticleContext(published=PUBLISHED))
    return claims


CLAIMS = _claims()


def _check(claim: ExtractedClaim) -> None:
    values: dict[str, Any] = claim.values
    validate_values(values)
    # The flat keys are the main kind's, and only known keys are stored.
    assert set(values) <= set(ClaimValues.__annotations__), claim.text
    kinds = values.get("kinds", {})
    assert set(kinds) <= set(KindValues.__annotations__), claim.text
    if kinds and claim.kind in kinds:
        structure = ("kinds", "relations", "parts", "entities")
        main = {k: v for k, v in values.items() if k not in structure}
        assert main == kinds[claim.kind], claim.text
    assert claim_relations(values) == values.get("relations", [])


def test_there_is_something_to_check() -> None:
    kinds = {k for c in CLAIMS for k in c.values.get("kinds", {})}
    rels = {r["relation"] for c in CLAIMS for r in claim_relations(c.values)}
    assert kinds == set(KindValues.__annotations__)
    assert rels == {"capital", "inception", "share_of_world", "membership", "office", "population"}
    assert len(CLAIMS) > 150


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.text[:40])
def test_extracted_values_fit_the_schema(claim: ExtractedClaim) -> None:
    _check(claim)


def test_typed_reading() -> None:
    (claim,) = extract_claims(SENTENCES[4], ArticleContext(published=PUBLISHED))
    membership = kind_values(claim.values, "membership")
    assert membership is not None
    assert membership["count"] == 7 and len(membership["members"]) == 7
    assert not membership["partial"]
    statistic = kind_values(claim.values, "statistic")
    assert statistic is not None and statistic["unit"] == "fraction"
    assert kind_values(claim.values, "quote") is None
    shares = [r for r in claim_relations(claim.values) if r["relation"] == "share_of_world"]
    assert shares and shares[0]["share"] == pytest.approx(0.1)


@pytest.mark.parametrize(
    "bad",
    [
        {"kinds": {"membership": {"group": "G7", "count": "seven", "members": [], "partial": 0}}},
        {"kinds": {"statistic": {"text": "4%", "value": 4, "unit": "percent"}}},  # no year
        {"relations": [{"relation": "capital", "country": "France"}]},
        {"relations": [{"relation": "moon landing"}]},
        {"kinds": {"weather": {}}},
        {"members": "Canada"},
    ],
)
def test_values_that_do_not_fit(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        validate_values(bad)


def test_extractor_plugins_may_add_keys() -> None:
    assert validate_values({"claimbuster_score": 0.81}) == {"claimbuster_score": 0.81}


def test_stored_parts_are_what_derive_parts_gives() -> None:
    """``values["parts"]`` is derived from the other values, and read back unchanged."""
    with_parts = [c for c in CLAIMS if c.values.get("parts")]
    assert len(with_parts) > len(CLAIMS) // 2
    for claim in with_parts:
        stored = claim.values["parts"]
        rest = {k: v for k, v in claim.values.items() if k != "parts"}
        assert [p.to_dict() for p in derive_parts(rest)] == stored, claim.text
        assert [p.to_dict() for p in claim_parts(claim.values)] == stored, claim.text
        ids = [p["id"] for p in stored]
        assert len(ids) == len(set(ids)), claim.text
