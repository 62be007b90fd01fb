"""``add``'s store step: a fixed number of statements per article, whatever its length, and
the set-based candidate lookup finds the same claims as asking text by text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from claimtrack.extraction.base import ExtractedClaim
from claimtrack.ingest.document import Document
from claimtrack.registry import Registry
from claimtrack.services.add import store_article
from claimtrack.services.match import ClaimMatcher

CITIES = ["Lyon", "Turin", "Porto", "Ghent", "Leeds", "Graz", "Split", "Cork", "Malmo", "Brno"]
CITIES += ["Basel", "Lille", "Genoa", "Braga", "Delft", "Derby", "Linz", "Zadar", "Galway", "Pecs"]


def _article(sentences: list[str]) -> tuple[str, list[ExtractedClaim]]:
    text = " ".join(sentences)
    claims = []
    for sentence in sentences:
        start = text.index(sentence)
        claims.append(
            ExtractedClaim(
                sentence,
                start,
                start + len(sentence),
                kind="statistic",
                score=0.9,
                checkworthy=True,
            )
        )
    return text, claims


def _facts(count: int, year: int) -> list[str]:
    return [
        f"{CITIES[i]} recorded {1000 + 37 * i} new housing permits in {year}, the city council said."
        for i in range(count)
    ]


@contextmanager
def _statements(registry: Registry) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    sa.event.listen(registry.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(registry.engine, "before_cursor_execute", count)


def test_statements_per_article_do_not_grow_with_its_sentences(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        # Stored claims that share words (cities, "housing permits") with the new ones.
        text, claims = _article(_facts(20, 2021))
        store_article(registry, Document(source="stored.txt", text=text), claims)
        counts = []
        for n, year in ((4, 2022), (20, 2023)):
            text, claims = _article(_facts(n, year))
            with _statements(registry) as seen:
                result = store_article(registry, Document(source=f"{year}.txt", text=text), claims)
            assert result.new_claims == n  # other years: other claims
            counts.append(len(seen))
        assert counts[0] == counts[1], counts
        assert counts[1] <= 14, counts
    finally:
        registry.close()


def test_set_based_candidates_are_those_of_one_query_per_text(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        text, claims = _article(_facts(20, 2021) + _facts(5, 2019))
        store_article(registry, Document(source="stored.txt", text=text), claims)
        texts = [
            "Lyon recorded 1000 new housing permits in 2021, the council said.",
            "In 2021 Turin recorded 1037 new housing permits.",
            "Housing permits in Graz rose in 2019.",
            "Nothing here shares a word with the registry.",
        ]
        with registry.session() as session:
            matcher = ClaimMatcher(registry, session, texts)
            together = [matcher.similar_id(t) for t in texts]
            alone = [ClaimMatcher(registry, session, [t]).similar_id(t) for t in texts]
            docs = registry.term_docs(session, {"housing", "permits", "turin"})
            queries = [(["turin", "housing"], ["2021"]), (["permits"], []), (["zzzz"], [])]
            batch = registry.candidates_for(session, queries, docs=docs)
            single = [registry.candidates(session, t, y, docs=docs) for t, y in queries]
        assert together == alone
        assert together[0] is not None and together[1] is not None and together[3] is None
        assert together[0] != together[1]
        assert batch == single and batch[0] and batch[1] and not batch[2]
    finally:
        registry.close()
