"""The first stage at scale and the stored "previously checked" results.

- :func:`first_stage` with a small row budget (FTS5 reads only the rarest terms, Python
  scores the full query) gives each candidate FTS5's own full-query ``bm25()``;
- the shortcut it takes when stemming candidates (:func:`stem_key`) holds for any word;
- the index's generation moves with every write, so cached document frequencies and
  stored results never outlive the fact-checks they were computed from;
- :meth:`PriorCheckIndex.lookup_many` reads stored results while they are fresh and
  searches again once fact-checks are added (SQLite file and PostgreSQL).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.config import load_settings
from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FactCheck, read_fact_checks
from claimtrack.models import Claim
from claimtrack.registry import Registry
from claimtrack.retrieval.index import (
    AVERAGES_SQL,
    CANDIDATES_SQL,
    COLUMN_WEIGHTS,
    FactCheckIndex,
    first_stage,
    stats_of,
    stem_key,
)
from claimtrack.retrieval.terms import fts_words, stem
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import PriorCheckIndex

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
LEMON = "https://factcheck.example/2024/lemon-water-covid"

COMMON = ["government", "percent", "people", "year", "state", "million"]
RARE = ["zeppelin", "quokka", "marzipan", "obsidian", "tamarind", "gondola", "bassoon"]


def _corpus(n: int = 600) -> list[FactCheck]:
    """Fact-checks in which the COMMON words are in most rows and each RARE one in few."""
    rng = random.Random(5)
    checks = []
    for i in range(n):
        picked = rng.sample(COMMON, 4) + ([rng.choice(RARE)] if i % 7 == 0 else [])
        rng.shuffle(picked)
        claim = f"The {' '.join(picked)} claim number {i}"
        checks.append(
            FactCheck(
                claim=claim,
                title=f"Fact check: {claim[:30]}",
                claimant=rng.choice(["Jane Doe", "a viral post"]),
                publisher="P",
                rating="False",
                label="false",
                url=f"https://fc.example/{i}",
            )
        )
    return checks


@pytest.fixture(scope="module")
def index() -> FactCheckIndex:
    built = FactCheckIndex()
    built.add(_corpus())
    return built


def _run(index: FactCheckIndex) -> Any:
    return lambda sql, params: index._db.execute(sql, params).fetchall()


@pytest.mark.parametrize(
    "query",
    [
        "The government zeppelin claim: 40 percent of people",
        "quokka state million year government people",
        "marzipan and obsidian, says the state",
    ],
)
def test_a_small_budget_scores_candidates_with_fts5s_full_bm25(
    index: FactCheckIndex, query: str
) -> None:
    stems = [stem(w) for w in fts_words(query)]
    frequencies = index.document_frequencies(stems)
    assert max(frequencies.values()) > 200  # common terms that a small budget leaves out
    small = first_stage(_run(index), query, 10, frequencies, index.stats(), budget=100)
    assert small
    # FTS5's own bm25() of the same rows for the whole query
    full_query = " OR ".join(f'"{w}"' for w in fts_words(query))
    rows = index._db.execute(CANDIDATES_SQL, (*COLUMN_WEIGHTS, full_query, 10_000)).fetchall()
    fts5 = {row[0]: float(row[1]) for row in rows}
    for cand in small:
        assert cand.bm25 == pytest.approx(fts5[cand.id], rel=1e-9)
    # the rarest term's rows come first, as with the whole query
    whole = first_stage(_run(index), query, 10, frequencies, index.stats(), budget=10**9)
    assert [c.id for c in small[:3]] == [c.id for c in whole[:3]]


def test_a_query_of_common_words_still_finds_candidates(index: FactCheckIndex) -> None:
    query = "government percent people"
    stems = [stem(w) for w in fts_words(query)]
    found = first_stage(
        _run(index), query, 5, index.document_frequencies(stems), index.stats(), budget=10
    )
    assert len(found) == 5
    assert [c.bm25 for c in found] == sorted((c.bm25 for c in found), reverse=True)


@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=16))
def test_a_stem_shares_its_words_key(word: str) -> None:
    stemmed = stem(word)
    assert stem_key(stemmed) == stem_key(word) or (len(stemmed) < 2 and word[0] == stemmed)


def test_the_index_size_and_average_come_from_fts5(index: FactCheckIndex) -> None:
    stats = stats_of(index._db.execute(AVERAGES_SQL).fetchone()[0])
    rows = index._db.execute("SELECT claim, title, claimant FROM fact_check").fetchall()
    tokens = sum(len(fts_words(text, 10_000)) for row in rows for text in row)
    assert stats.documents == len(rows) == len(index)
    # every word of these rows is counted by FTS5 (no stopword is left out there)
    assert stats.average_length * len(rows) >= tokens


def test_every_write_moves_the_generation_and_refreshes_frequencies() -> None:
    index = FactCheckIndex()
    index.add(_corpus(50))
    generation = index._cache.generation
    before = index.document_frequencies(["zeppelin"]).get("zeppelin", 0)
    added = FactCheck(
        claim="A zeppelin landed on the roof",
        publisher="P",
        rating="False",
        label="false",
        url="https://fc.example/new",
    )
    index.add([added])
    assert index.document_frequencies(["zeppelin"])["zeppelin"] == before + 1
    assert index._cache.generation != generation
    assert len(index) == 51
    assert index.remove("https://fc.example/new")
    assert index.document_frequencies(["zeppelin"]).get("zeppelin", 0) == before
    assert len(index) == 50


def _claims(registry: Registry, texts: list[str]) -> list[Claim]:
    with registry.session() as session:
        claims = [Claim(text=t, fingerprint=fingerprint(t), score=1.0) for t in texts]
        session.add_all(claims)
        session.flush()
    return claims


def test_stored_results_are_read_while_fresh_and_redone_after_an_import(
    registry: Registry,
) -> None:
    feed = read_fact_checks(str(FEED), load_settings())
    moon = next(fc for fc in feed if "moon landing" in fc.claim)
    first = [fc for fc in feed if fc is not moon]
    store_fact_checks(registry, first, source="part 1")
    lemon, apollo, other = _claims(
        registry,
        [
            "Hot lemon water kills the coronavirus, doctors say.",
            "The moon landing of 1969 was filmed in a Hollywood studio.",
            "Ministers met in Rome on Tuesday to talk about trade.",
        ],
    )
    index = PriorCheckIndex.load(registry)
    found = index.lookup_many([lemon, apollo, other])
    assert [c.url for c in found[lemon.id or 0]] == [LEMON]
    assert found[apollo.id or 0] == [] and found[other.id or 0] == []
    assert index.searched == 3
    with registry.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM claim_prior_check")).scalar_one() == 3

    again = PriorCheckIndex.load(registry)
    assert again.lookup_many([lemon, apollo, other]) == found
    assert again.searched == 0  # read from the stored results

    store_fact_checks(registry, [moon], source="part 2")  # a new generation
    after = PriorCheckIndex.load(registry)
    updated = after.lookup_many([lemon, apollo, other])
    assert after.searched == 3
    assert [c.url for c in updated[apollo.id or 0]] == [moon.url]
    assert [c.url for c in updated[lemon.id or 0]] == [LEMON]
    assert after.lookup(apollo)[0].url == moon.url
