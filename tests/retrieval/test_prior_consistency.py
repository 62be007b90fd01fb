""" "Previously checked" is one answer, whatever the registry's import history.

A registry that received its fact-checks in two imports, with the claims' results stored
(:meth:`PriorCheckIndex.lookup_many`) between them, must give every claim the same
previously-checked fact-checks, with the same scores, as a registry that received the same
fact-checks in one import: the stored results caught up after the second import are what a
cold search finds. Hypothesis generates the corpora, the claims and the split; the corpora
are small, so on SQLite the first stage runs with a small row budget (its rare-term
preselection) as well as with the default one. SQLite file and PostgreSQL.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.extraction.matching import fingerprint
from claimtrack.importers.claimreview import FactCheck
from claimtrack.models import Claim
from claimtrack.registry import Registry
from claimtrack.retrieval.index import BUMP_SQL
from claimtrack.retrieval.store import add_fact_checks
from claimtrack.services.match import PriorCheck, PriorCheckIndex

#: Words of the generated fact-checks: a few common ones and many rarer ones.
COMMON = ["government", "people", "percent", "million", "state"]
RARE = [
    "zeppelin",
    "quokka",
    "marzipan",
    "lemon",
    "vaccine",
    "senator",
    "border",
    "tariff",
    "wildfire",
    "pension",
    "harbour",
    "glacier",
    "lottery",
    "uranium",
    "mayor",
    "bridge",
]
_WORD = st.one_of(st.sampled_from(COMMON), st.sampled_from(RARE))
_CLAIM = st.lists(_WORD, min_size=3, max_size=8).map(" ".join)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[FactCheck], int, list[str]]:
    """Fact-checks, how many the first import brings (the second brings the rest, at most
    a tenth of the first: the imports that results were once caught up after), and the
    claims' texts: some restate a fact-check (of either import) with a word changed, some
    are random."""
    # Near-duplicates of a few claims (as fact-checkers publish them): many candidates
    # score alike, and which of them a search ranks first moves with every import.
    bases = draw(st.lists(_CLAIM, min_size=2, max_size=6))
    texts = []
    for _ in range(draw(st.integers(min_value=35, max_value=80))):
        words = draw(st.sampled_from(bases)).split()
        if draw(st.booleans()):
            words[draw(st.integers(0, len(words) - 1))] = draw(_WORD)
        texts.append(" ".join(words))
    added = draw(st.integers(min_value=1, max_value=max(1, len(texts) // 11)))
    first = len(texts) - added
    checks = [
        FactCheck(
            claim=text,
            title=f"Fact check: {text}" if i % 3 else "",
            claimant="a viral post" if i % 2 else None,
            publisher="Fact Desk",
            rating="False",
            label="refuted",
            url=f"https://fc.example/{i}",
        )
        for i, text in enumerate(texts)
    ]
    claims: list[str] = []
    for _ in range(draw(st.integers(min_value=2, max_value=6))):
        if draw(st.booleans()):
            # Prefer the second import's fact-checks: those are what the catch-up must find.
            i = draw(st.integers(min_value=max(0, first - 5), max_value=len(texts) - 1))
            words = texts[i].split()
            j = draw(st.integers(min_value=0, max_value=len(words) - 1))
            words[j] = draw(_WORD)
            claims.append(" ".join(words))
        else:
            claims.append(draw(_CLAIM))
    # One claim per fingerprint (the registry's rule).
    return checks, first, list({fingerprint(t): t for t in reversed(claims)}.values())


def _reset(registry: Registry) -> None:
    """Empty the registry: the fixture is shared by a test's hypothesis examples."""
    with registry.engine.begin() as conn:
        for table in ("claim_prior_check", "mention", "claim", "fact_check"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
        conn.exec_driver_sql(BUMP_SQL)  # a write of fact-checks: cached figures are stale


def _import(registry: Registry, checks: list[FactCheck]) -> None:
    with registry.engine.begin() as conn:
        add_fact_checks(conn, checks)


def _claims(registry: Registry, texts: list[str]) -> list[Claim]:
    with registry.session() as session:
        claims = [Claim(text=t, fingerprint=fingerprint(t), score=1.0) for t in texts]
        session.add_all(claims)
        session.flush()
        session.expunge_all()
    return claims


def _answers(
    found: dict[int, list[PriorCheck]], claims: list[Claim]
) -> list[list[tuple[str | None, float | None]]]:
    return [[(c.url, c.score) for c in found[claim.id or 0]] for claim in claims]


def _lookup(registry: Registry, budget: int | None) -> PriorCheckIndex:
    index = PriorCheckIndex.load(registry)
    if budget is not None:
        index.source.budget = budget
    return index


@pytest.mark.parametrize("budget", [None, 12])
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_two_imports_with_stored_results_answer_as_one_import(
    registry: Registry,
    budget: int | None,
    history: tuple[list[FactCheck], int, list[str]],
) -> None:
    if budget is not None and registry.dialect != "sqlite":
        pytest.skip("the row budget is the SQLite first stage's (PostgreSQL preselects by rank)")
    checks, first, texts = history

    _reset(registry)
    _import(registry, checks[:first])
    claims = _claims(registry, texts)
    _lookup(registry, budget).lookup_many(claims)  # results stored
    _import(registry, checks[first:])
    later = _lookup(registry, budget)
    stepwise = _answers(later.lookup_many(claims), claims)

    _reset(registry)
    _import(registry, checks)
    claims = _claims(registry, texts)
    cold = _lookup(registry, budget)
    at_once = _answers(cold.lookup_many(claims), claims)
    assert cold.searched == len(texts)

    assert stepwise == at_once
