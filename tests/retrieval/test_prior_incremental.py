"""Stored "previously checked" results after imports.

A stored result is read while the fact-check index is at the generation it was computed
for; after any import (one that only adds fact-checks too) every claim is searched again,
so it finds the new fact-checks and scores with the grown index's statistics, as a cold
search does (``tests/retrieval/test_prior_consistency.py`` checks this over generated
histories). SQLite file and PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.config import load_settings
from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FactCheck, read_fact_checks
from claimtrack.models import Claim
from claimtrack.registry import Registry
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import PriorCheck, PriorCheckIndex

FEED = Path(__file__).parents[2] / "examples" / "fact-checks.json"
LEMON = "https://factcheck.example/2024/lemon-water-covid"
WORDS = ["government", "percent", "people", "million", "zeppelin", "quokka", "marzipan"]
TEXTS = [
    "Hot lemon water kills the coronavirus, doctors say.",
    "The moon landing of 1969 was filmed in a Hollywood studio.",
    "Ministers met in Rome on Tuesday to talk about trade.",
]


def _filler(n: int, tag: str) -> list[FactCheck]:
    """``n`` fact-checks about other things (no word of :data:`TEXTS` but "the")."""
    rng = random.Random(tag)
    return [
        FactCheck(
            claim=f"The {' '.join(rng.sample(WORDS, 4))} figure number {i} {tag}",
            title=f"Fact check {i}",
            claimant="a viral post",
            publisher="P",
            rating="False",
            label="refuted",
            url=f"https://fc.example/{tag}/{i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def feed() -> list[FactCheck]:
    return read_fact_checks(str(FEED), load_settings())


def _setup(registry: Registry, feed: list[FactCheck]) -> tuple[list[Claim], FactCheck]:
    """The feed without its moon-landing fact-check and 200 others imported, the three
    claims of :data:`TEXTS` stored and looked up once (stored results). Returns the claims
    and the moon-landing fact-check."""
    moon = next(fc for fc in feed if "moon landing" in fc.claim)
    store_fact_checks(registry, [fc for fc in feed if fc is not moon], source="part 1")
    store_fact_checks(registry, _filler(200, "base"), source="filler")
    with registry.session() as session:
        claims = [Claim(text=t, fingerprint=fingerprint(t), score=1.0) for t in TEXTS]
        session.add_all(claims)
        session.flush()
    first = PriorCheckIndex.load(registry)
    first.lookup_many(claims)
    assert first.searched == 3
    return claims, moon


def _urls(found: dict[int, list[PriorCheck]], claims: list[Claim]) -> list[list[str | None]]:
    return [[c.url for c in found[claim.id or 0]] for claim in claims]


def _full_search(registry: Registry, claims: list[Claim]) -> dict[int, list[PriorCheck]]:
    """What a cold lookup finds: stored results deleted, every claim searched."""
    with registry.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM claim_prior_check"))
    cold = PriorCheckIndex.load(registry)
    found = cold.lookup_many(claims)
    assert cold.searched == len(claims)
    return found


def _same(a: dict[int, list[PriorCheck]], b: dict[int, list[PriorCheck]]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert [(c.url, c.score) for c in a[key]] == [(c.url, c.score) for c in b[key]]


def test_a_new_fact_check_that_matches_shows_up_after_the_import(
    registry: Registry, feed: list[FactCheck]
) -> None:
    claims, moon = _setup(registry, feed)
    lemon, apollo, other = claims
    store_fact_checks(registry, [moon], source="part 2")  # adds one fact-check

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert after.searched == 3
    assert _urls(found, claims) == [[LEMON], [moon.url], []]

    again = PriorCheckIndex.load(registry)  # the new results are stored: now fresh
    assert again.lookup(apollo)[0].url == moon.url
    assert again.searched == 0
    _same(found, _full_search(registry, claims))
    assert again.lookup(lemon)[0].url == LEMON and again.lookup(other) == []


def test_an_unrelated_import_rescores_as_a_cold_search(
    registry: Registry, feed: list[FactCheck]
) -> None:
    claims, _ = _setup(registry, feed)
    before = PriorCheckIndex.load(registry).lookup_many(claims)
    store_fact_checks(registry, _filler(10, "later"), source="unrelated")

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert after.searched == 3
    assert _urls(found, claims) == _urls(before, claims) == [[LEMON], [], []]
    # The scores are those of the grown index's statistics, as a cold search's.
    _same(found, _full_search(registry, claims))


def test_an_import_that_replaces_a_fact_check_searches_again(
    registry: Registry, feed: list[FactCheck]
) -> None:
    claims, _ = _setup(registry, feed)
    replaced = FactCheck(
        claim="Cold lemon juice cures hay fever.",
        publisher="Fact Desk",
        rating="False",
        label="refuted",
        url=LEMON,  # a stored review URL: the stored fact-check is replaced
    )
    store_fact_checks(registry, [replaced], source="correction")

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert after.searched == 3
    assert _urls(found, claims) == [[], [], []]  # the lemon fact-check now checks another claim


def test_results_stored_before_0010_are_read_after_a_downgrade_and_upgrade(
    db_url: str, feed: list[FactCheck]
) -> None:
    """Down to ``0009`` and up again: the stored results are kept and read while fresh,
    and searched again after the next import."""
    from alembic import command

    from claimtrack.registry.db import _alembic_config, create_db_engine

    registry = Registry.open(db_url)
    try:
        claims, moon = _setup(registry, feed)
    finally:
        registry.close()
    engine = create_db_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0009")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM claim_prior_check")).scalar_one() == 3
        columns = {c["name"] for c in sa.inspect(conn).get_columns("claim_prior_check")}
        assert "watermark" not in columns
    engine.dispose()

    registry = Registry.open(db_url)  # upgrades to the head again
    try:
        old = PriorCheckIndex.load(registry)
        assert _urls(old.lookup_many(claims), claims) == [[LEMON], [], []]
        assert old.searched == 0
        store_fact_checks(registry, [moon], source="moon")
        new = PriorCheckIndex.load(registry)
        assert _urls(new.lookup_many(claims), claims) == [[LEMON], [moon.url], []]
        assert new.searched == 3
    finally:
        registry.close()
