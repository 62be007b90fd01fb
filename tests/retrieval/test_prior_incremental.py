"""Stored "previously checked" results are caught up after imports that only add.

After ``import claimreview`` adds fact-checks, :meth:`PriorCheckIndex.lookup_many` does
not search every claim again: a stored result's kept candidates are re-scored with the
index's new statistics and ranked with the fact-checks added since (``caught_up``
counts those claims, ``searched`` the ones searched). An import that replaces a stored
fact-check, or adds more than :data:`INCREMENTAL_MAX_SHARE` of the index, makes the
claims be searched again. SQLite file and PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.config import load_settings
from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FactCheck, read_fact_checks
from claimtrack.models import Claim
from claimtrack.registry import Registry
from claimtrack.retrieval import Matcher
from claimtrack.retrieval.store import RegistryFactChecks
from claimtrack.services.importing import store_fact_checks
from claimtrack.services.match import INCREMENTAL_MAX_SHARE, PriorCheck, PriorCheckIndex

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
def registry(db_url: str):  # type: ignore[no-untyped-def]
    reg = Registry.open(db_url)
    try:
        yield reg
    finally:
        reg.close()


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
    assert (first.searched, first.caught_up) == (3, 0)
    return claims, moon


def _urls(found: dict[int, list[PriorCheck]], claims: list[Claim]) -> list[list[str | None]]:
    return [[c.url for c in found[claim.id or 0]] for claim in claims]


def _full_search(registry: Registry, claims: list[Claim]) -> dict[int, list[PriorCheck]]:
    """What a cold lookup finds: stored results deleted, every claim searched."""
    with registry.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM claim_prior_check"))
    cold = PriorCheckIndex.load(registry)
    found = cold.lookup_many(claims)
    assert (cold.searched, cold.caught_up) == (len(claims), 0)
    return found


def _same(a: dict[int, list[PriorCheck]], b: dict[int, list[PriorCheck]]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert [c.url for c in a[key]] == [c.url for c in b[key]]
        for x, y in zip(a[key], b[key], strict=True):
            assert x.score == pytest.approx(y.score, abs=1e-3)


def test_a_new_fact_check_that_matches_shows_up_without_a_search(
    registry: Registry, feed: list[FactCheck]
) -> None:
    claims, moon = _setup(registry, feed)
    lemon, apollo, other = claims
    store_fact_checks(registry, [moon], source="part 2")  # adds one fact-check

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert (after.searched, after.caught_up) == (0, 3)
    assert _urls(found, claims) == [[LEMON], [moon.url], []]
    _same(found, _full_search(registry, claims))

    again = PriorCheckIndex.load(registry)  # caught-up results are stored: now fresh
    assert again.lookup(apollo)[0].url == moon.url
    assert (again.searched, again.caught_up) == (0, 0)
    assert again.lookup(lemon)[0].url == LEMON and again.lookup(other) == []


def test_an_unrelated_import_keeps_stored_results_without_a_search(
    registry: Registry, feed: list[FactCheck]
) -> None:
    claims, _ = _setup(registry, feed)
    before = PriorCheckIndex.load(registry).lookup_many(claims)
    store_fact_checks(registry, _filler(10, "later"), source="unrelated")

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert (after.searched, after.caught_up) == (0, 3)
    assert _urls(found, claims) == _urls(before, claims) == [[LEMON], [], []]
    # The scores are re-computed with the grown index's statistics, as a search would.
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
    assert (after.searched, after.caught_up) == (3, 0)
    assert _urls(found, claims) == [[], [], []]  # the lemon fact-check now checks another claim


def test_a_big_import_searches_again(registry: Registry, feed: list[FactCheck]) -> None:
    claims, moon = _setup(registry, feed)
    size = len(Matcher(source=RegistryFactChecks(registry.engine)))
    many = _filler(int(size * INCREMENTAL_MAX_SHARE) + 1, "big")
    store_fact_checks(registry, [moon, *many], source="big")

    after = PriorCheckIndex.load(registry)
    found = after.lookup_many(claims)
    assert (after.searched, after.caught_up) == (3, 0)
    assert _urls(found, claims) == [[LEMON], [moon.url], []]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, int]:
    """A SQLite registry that had fact-checks added after a first batch (statistics moved),
    and the highest fact-check id before the last import."""
    registry = Registry.open(f"sqlite:///{tmp_path_factory.mktemp('grown') / 'r.db'}")
    store_fact_checks(registry, read_fact_checks(str(FEED), load_settings()), source="feed")
    store_fact_checks(registry, _filler(150, "one"), source="one")
    with registry.engine.connect() as conn:
        watermark = int(conn.execute(sa.text("SELECT max(id) FROM fact_check")).scalar_one())
    store_fact_checks(registry, _filler(60, "two"), source="two")
    return registry, watermark


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from([*WORDS, "lemon", "coronavirus", "moon", "landing", "1969", "two"]),
        min_size=1,
        max_size=7,
    )
)
def test_rescored_and_new_candidates_score_as_the_search_scores_them(
    grown: tuple[Registry, int], words: list[str]
) -> None:
    """Re-scoring a search's own candidates with the current statistics gives the search's
    matches (the same fact-checks in the same order, the same scores); the candidates
    among the last import's fact-checks are those of the whole first stage above the
    watermark, with the same BM25."""
    registry, watermark = grown
    source = RegistryFactChecks(registry.engine)
    matcher = Matcher(source=source)
    text = " ".join(words)
    searched = matcher.search(text, 30)
    query = Matcher.query_text(text)
    again = matcher.rank(text, source.rescored(query, [m.fact_check_id for m in searched]), 30)
    assert [m.fact_check.url for m in again] == [m.fact_check.url for m in searched]
    assert [m.score for m in again] == pytest.approx([m.score for m in searched], abs=1e-3)

    full = {c.id: c.bm25 for c in source.candidates(query, 10_000) if c.id > watermark}
    since = {c.id: c.bm25 for c in source.candidates_since(query, watermark, 10_000)}
    assert since.keys() == full.keys()
    for key, relevance in full.items():
        assert since[key] == pytest.approx(relevance, rel=1e-6)


def test_results_stored_before_0010_are_searched_once_then_caught_up(
    db_url: str, feed: list[FactCheck]
) -> None:
    """Down to ``0009`` and up again: a stored result without watermark is searched (not
    caught up), then the next add-only import catches it up."""
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
        store_fact_checks(registry, _filler(5, "after"), source="after")
        old = PriorCheckIndex.load(registry)
        assert _urls(old.lookup_many(claims), claims) == [[LEMON], [], []]
        assert (old.searched, old.caught_up) == (3, 0)
        store_fact_checks(registry, [moon], source="moon")
        new = PriorCheckIndex.load(registry)
        assert _urls(new.lookup_many(claims), claims) == [[LEMON], [moon.url], []]
        assert (new.searched, new.caught_up) == (0, 3)
    finally:
        registry.close()
