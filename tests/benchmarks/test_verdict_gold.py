"""The verdict benchmark's gold data (benchmarks/verdicts/) and its scoring rule."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from claimtrack.ingest.text import text_to_document

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "verdicts"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_verdicts", ROOT / "benchmarks" / "bench_verdicts.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _bench()
GOLD = bench.load_gold()
ARTICLES: list[dict[str, Any]] = GOLD["articles"]
PARTS = [p for a in ARTICLES for p in a["parts"]]
#: Keys every part of a kind must give in ``values``.
REQUIRED = {
    "office": {"person", "office", "country"},
    "quote": {"speaker", "words"},
    "membership": {"group"},
    "inception": {"entity", "year"},
    "share_of_world": {"group", "share", "measure"},
    "capital": {"country", "capital"},
    "first_since": {"event", "since"},
    "statistic": {"indicator", "scope", "value", "year"},
    "event": {"description"},
}


def test_size_styles_and_split() -> None:
    assert len(ARTICLES) >= 30
    assert len(PARTS) >= 200
    styles = Counter(a["style"] for a in ARTICLES)
    assert set(styles) == {"wire", "broadcaster", "newspaper", "govrelease", "blog"}
    assert min(styles.values()) >= 5
    splits = Counter(a["split"] for a in ARTICLES)
    assert set(splits) == {"dev", "heldout"}
    assert 0.25 <= splits["heldout"] / len(ARTICLES) <= 0.4


def test_parts_are_well_formed() -> None:
    assert tuple(GOLD["kinds"]) == bench.KINDS == tuple(REQUIRED)
    ids = [p["id"] for p in PARTS]
    assert len(ids) == len(set(ids))
    for p in PARTS:
        assert p["kind"] in REQUIRED, p["id"]
        assert REQUIRED[p["kind"]] <= set(p["values"]), p["id"]
        assert isinstance(p["truth"], bool) and isinstance(p["sources_hold"], bool), p["id"]
    kinds = Counter(p["kind"] for p in PARTS)
    assert all(kinds[k] > 0 for k in REQUIRED), kinds
    false = sum(not p["truth"] for p in PARTS) / len(PARTS)
    assert 0.2 <= false <= 0.4, f"{false:.0%} false parts"
    # parts no source can check are in the benchmark too
    assert any(not p["sources_hold"] for p in PARTS if p["kind"] == "quote")
    assert any(not p["sources_hold"] for p in PARTS if p["kind"] == "event")


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_sentences_occur_verbatim(article: dict[str, Any]) -> None:
    text = (DATA / article["file"]).read_text(encoding="utf-8")
    for p in article["parts"]:
        assert p["sentence"] in text, p["id"]
        assert p["id"].startswith(article["id"] + "#")


@pytest.mark.parametrize(
    "article",
    [a for a in ARTICLES],
    ids=[a["id"] for a in ARTICLES],
)
def test_the_date_line_is_read_as_the_gold_publication_date(article: dict[str, Any]) -> None:
    text = (DATA / article["file"]).read_text(encoding="utf-8")
    doc = text_to_document(text, source=article["file"])
    assert doc.published is not None, "no date line found"
    assert doc.published.date().isoformat() == article["published"]


def _entities() -> dict[str, dict[str, Any]]:
    """The wikidata fixture server's items."""
    from claimtrack_wikidata.fixture_server import ENTITIES  # type: ignore[import-not-found]

    entities: dict[str, dict[str, Any]] = ENTITIES
    return entities


def _fixture_item(name: str) -> dict[str, Any] | None:
    """The fixture item named ``name`` (label or alias), a country if there is one."""
    key = name.casefold()
    found = [e for e in _entities().values() if key in (n.casefold() for n in _names(e))]
    countries = [e for e in found if "Q6256" in [v["id"] for v in _values(e, "P31")]]
    best = countries or found
    return best[0] if best else None


def _values(entity: dict[str, Any], pid: str) -> list[Any]:
    return [
        s["mainsnak"]["datavalue"]["value"]
        for s in entity["claims"].get(pid, [])
        if s["rank"] != "deprecated" and "datavalue" in s["mainsnak"]
    ]


def test_capitals_and_founding_years_held_by_the_fixture_agree_with_the_gold() -> None:
    """Where ``sources_hold`` says the wikidata fixture holds a capital or a founding year,
    it does, and it agrees with the gold truth (the fixture serves real facts)."""
    pytest.importorskip("claimtrack_wikidata")
    checked = 0
    for p in PARTS:
        v = p["values"]
        if p["kind"] == "capital" and p["sources_hold"]:
            country = _fixture_item(v["country"])
            assert country is not None, p["id"]
            capitals = [_fixture_item_by_id(c["id"]) for c in _values(country, "P36")]
            assert capitals, f"{p['id']}: no P36 for {v['country']}"
            names = {n.casefold() for c in capitals for n in _names(c)}
            assert (v["capital"].casefold() in names) == p["truth"], p["id"]
            checked += 1
        elif p["kind"] == "inception" and p["sources_hold"]:
            entity = _fixture_item(v["entity"])
            assert entity is not None, p["id"]
            years = {int(re.match(r"\+(\d+)", t["time"]).group(1)) for t in _values(entity, "P571")}  # type: ignore[union-attr]
            assert years, f"{p['id']}: no P571 for {v['entity']}"
            assert (v["year"] in years) == p["truth"], p["id"]
            checked += 1
    assert checked >= 40


def _fixture_item_by_id(qid: str) -> dict[str, Any]:
    entity: dict[str, Any] = _entities()[qid]
    return entity


def _names(entity: dict[str, Any]) -> list[str]:
    return [entity["labels"]["en"]["value"]] + [
        a["value"] for a in entity.get("aliases", {}).get("en", [])
    ]


# --- the scoring rule ------------------------------------------------------------------------

ARTICLE = {
    "id": "t",
    "split": "dev",
    "parts": [
        {
            "id": "t#1",
            "sentence": "Sydney is the capital of Australia.",
            "kind": "capital",
            "values": {"country": "Australia", "capital": "Sydney"},
            "truth": False,
            "sources_hold": True,
        },
        {
            "id": "t#2",
            "sentence": "NATO, founded in 1949, has 31 members.",
            "kind": "inception",
            "values": {"entity": "NATO", "year": 1949},
            "truth": True,
            "sources_hold": True,
        },
        {
            "id": "t#3",
            "sentence": "NATO, founded in 1949, has 31 members.",
            "kind": "membership",
            "values": {"group": "NATO", "count": 31},
            "truth": True,
            "sources_hold": True,
        },
        {
            "id": "t#4",
            "sentence": "Nobody extracted this.",
            "kind": "event",
            "values": {"description": "x"},
            "truth": True,
            "sources_hold": False,
        },
    ],
}


def _claim(cid: int, text: str, label: str, confidence: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "text": text,
        "verdict": {"label": label, "confidence": confidence, "summary": "s"},
        **extra,
    }


def test_one_part_claims_take_the_claim_verdict_and_several_parts_stay_unchecked() -> None:
    report = {
        "claims": [
            _claim(1, "Sydney is the capital of Australia.", "supported", 0.95),
            _claim(2, "NATO, founded in 1949, has 31 members.", "supported", 0.9),
        ]
    }
    scored, multi = bench.score_article(ARTICLE, report)
    by_id = {s.part["id"]: s for s in scored}
    assert by_id["t#1"].covered and by_id["t#1"].confident_wrong and not by_id["t#1"].correct
    assert by_id["t#2"].status == by_id["t#3"].status == bench.MULTI
    assert by_id["t#4"].status == bench.MISS
    assert multi == [
        {"article": "t", "claim": 2, "parts": 2, "verdict": "supported", "truths": [True, True]}
    ]
    figures = bench.Figures.of(scored)
    assert (figures.parts, figures.held, figures.covered, figures.confident_wrong) == (4, 3, 1, 1)


def test_per_part_verdicts_are_used_when_the_report_carries_them() -> None:
    parts = [
        {
            "kind": "membership",
            "values": {"group": "NATO", "count": 31},
            "label": "refuted",
            "confidence": 0.4,
        },
        {
            "kind": "inception",
            "values": {"entity": "NATO", "year": 1949},
            "label": "supported",
            "confidence": 0.9,
        },
    ]
    report = {
        "claims": [
            _claim(1, "Sydney is the capital of Australia.", "refuted", 0.95),
            _claim(2, "NATO, founded in 1949, has 31 members.", "mixed", 0.4, parts=parts),
        ]
    }
    scored, _ = bench.score_article(ARTICLE, report)
    by_id = {s.part["id"]: s for s in scored}
    assert by_id["t#1"].correct
    assert by_id["t#2"].correct and by_id["t#2"].label == "supported"
    # wrong, but below the confidence that counts as confident-wrong
    assert by_id["t#3"].covered and not by_id["t#3"].correct and not by_id["t#3"].confident_wrong


def test_per_part_verdicts_of_each_verifier_are_combined() -> None:
    def verdict(verifier: str, label: str) -> dict[str, Any]:
        part = {"kind": "inception", "values": {"entity": "NATO", "year": 1949}, "label": label}
        return {"verifier": verifier, "label": label, "confidence": 0.9, "parts": [part]}

    text = "NATO, founded in 1949, has 31 members."
    agree = _claim(2, text, "supported", 0.9, verdicts=[verdict("a", "supported")])
    disagree = _claim(
        2, text, "mixed", 0.4, verdicts=[verdict("a", "supported"), verdict("b", "refuted")]
    )
    for claim, label in ((agree, "supported"), (disagree, "mixed")):
        scored, _ = bench.score_article(ARTICLE, {"claims": [claim]})
        by_id = {s.part["id"]: s for s in scored}
        assert by_id["t#2"].label == label
        assert by_id["t#3"].status == "unchecked (no part verdict)"


def test_a_part_about_another_subject_is_not_the_gold_part() -> None:
    """ "The WHO was established in 1945, the same year as the United Nations": a verdict on
    the WHO's founding shares only the year with the gold part about the UN; it is not it."""
    un = {"kind": "inception", "values": {"entity": "United Nations", "year": 1945}}
    who = {"kind": "inception", "values": {"entity": "WHO", "year": 1945}, "label": "refuted"}
    assert bench.match_part(un, [who]) == []
    same = {"kind": "inception", "values": {"entity": "United Nations", "year": 1945}}
    assert bench.match_part(un, [who, same]) == [same]


def test_a_population_part_stands_for_a_gold_statistic() -> None:
    gold = {"kind": "statistic", "values": {"country": "India", "value": 1.4e9}}
    part = {"kind": "population", "values": {"country": "India", "value": 1.4e9}}
    assert bench.match_part(gold, [part]) == [part]
    assert bench.match_part({**gold, "kind": "capital"}, [part]) == []
