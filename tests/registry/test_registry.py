"""The registry on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from claimtrack.extraction.base import ExtractedClaim
from claimtrack.ingest.document import Document
from claimtrack.models import Mention
from claimtrack.registry import Registry
from claimtrack.registry.db import current_revision, head_revision
from claimtrack.services.add import store_article

TEXT = (
    "# Ministers meet\n\n"
    "The G7 is home to a tenth of the world's population. Officials met on Tuesday.\n\n"
    "Founded in 1949, NATO has 31 members."
)


def _claims(text: str, *sentences: str) -> list[ExtractedClaim]:
    out = []
    for sentence in sentences:
        start = text.index(sentence)
        out.append(
            ExtractedClaim(
                sentence,
                start,
                start + len(sentence),
                kind="statistic",
                score=0.9,
                checkworthy=True,
            )
        )
    return out


def test_open_migrates_to_head(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        assert current_revision(registry.engine) == head_revision()
        assert registry.counts() == {t: 0 for t in registry.counts()}
    finally:
        registry.close()


def test_sqlite_pragmas(tmp_path) -> None:
    registry = Registry.open(str(tmp_path / "r.db"))
    try:
        with registry.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        registry.close()


def test_add_article_stores_claims_with_exact_spans(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        doc = Document(source="a.txt", text=TEXT, title="Ministers meet")
        claims = _claims(
            TEXT,
            "The G7 is home to a tenth of the world's population.",
            "Founded in 1949, NATO has 31 members.",
        )
        claims.append(ExtractedClaim("Officials met on Tuesday.", 0, 0, checkworthy=False))
        result = store_article(registry, doc, claims)
        assert result.created and result.claims == 2 and result.new_claims == 2
        counts = registry.counts()
        assert counts["article"] == 1 and counts["claim"] == 2 and counts["mention"] == 2
        for claim in registry.claims():
            ((mention, article),) = registry.mentions(claim.id)
            assert article.text[mention.start : mention.end] == mention.sentence == claim.text
    finally:
        registry.close()


def test_same_content_is_stored_once(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        claims = _claims(TEXT, "Founded in 1949, NATO has 31 members.")
        first = store_article(registry, Document(source="a.txt", text=TEXT), claims)
        # Same text with different whitespace is the same content.
        again = store_article(
            registry, Document(source="b.txt", text=TEXT.replace("\n\n", "\n\n\n")), claims
        )
        assert again.created is False and again.article_id == first.article_id
        assert registry.counts()["article"] == 1 and registry.counts()["mention"] == 1
    finally:
        registry.close()


def test_one_claim_many_mentions(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        sentence = "Founded in 1949, NATO has 31 members."
        other = f"Another report.\n\n{sentence}"
        store_article(registry, Document(source="a.txt", text=TEXT), _claims(TEXT, sentence))
        second = store_article(
            registry, Document(source="b.txt", text=other), _claims(other, sentence)
        )
        assert second.new_claims == 0
        (claim,) = registry.claims()
        assert [a.source for _, a in registry.mentions(claim.id)] == ["a.txt", "b.txt"]
        assert [c.id for c in registry.claims(article_id=second.article_id)] == [claim.id]
    finally:
        registry.close()


def test_filters_and_full_text_search(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        claims = _claims(
            TEXT,
            "The G7 is home to a tenth of the world's population.",
            "Founded in 1949, NATO has 31 members.",
        )
        claims[1].kind = "temporal"
        store_article(registry, Document(source="a.txt", text=TEXT), claims)
        assert [c.kind for c in registry.claims(kind="temporal")] == ["temporal"]
        assert len(registry.claims(status="open")) == 2
        assert [c.text for c in registry.claims(search="population")] == [claims[0].text]
        assert [c.text for c in registry.claims(search="NATO members")] == [claims[1].text]
        assert registry.claims(search="nonexistentword") == []
        # Query syntax in user input is treated as words, not operators.
        assert registry.claims(search='NEAR( "') == []
    finally:
        registry.close()


def test_failed_transaction_leaves_nothing(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        bad = [
            ExtractedClaim("x", 0, 1, checkworthy=True),
            ExtractedClaim("x", 0, 1, checkworthy=True),
        ]
        # Two mentions with the same span violate uq_mention_span: the whole article rolls back.
        try:
            store_article(registry, Document(source="a.txt", text=TEXT), bad)
        except sa.exc.IntegrityError:
            pass
        else:
            raise AssertionError("duplicate span was accepted")
        assert registry.counts()["article"] == 0 and registry.counts()["claim"] == 0
        with Session(registry.engine) as session:
            assert session.exec(select(Mention)).all() == []
    finally:
        registry.close()


def test_reworded_claim_from_another_article_is_the_same_claim(db_url: str) -> None:
    registry = Registry.open(db_url)
    try:
        first = "Italy's unemployment rate fell to 3.5% in 2023."
        reworded = "Unemployment in Italy fell to 3.5 percent in 2023, the finance ministry said on Monday."
        different = "Unemployment in Italy fell to 3.9 percent in 2023, the finance ministry said on Monday."
        store_article(registry, Document(source="a.txt", text=first), _claims(first, first))
        second = store_article(
            registry, Document(source="b.txt", text=reworded), _claims(reworded, reworded)
        )
        third = store_article(
            registry, Document(source="c.txt", text=different), _claims(different, different)
        )
        assert second.new_claims == 0 and third.new_claims == 1
        assert registry.counts()["claim"] == 2 and registry.counts()["mention"] == 3
    finally:
        registry.close()


def test_dates_are_stored_with_their_source_and_a_given_date_redates(db_url: str) -> None:
    """A detected date is stored with its source; re-adding the same text with a date the
    user gave (``--published``) replaces it, and only then."""
    from datetime import UTC, datetime

    registry = Registry.open(db_url)
    try:
        text = "Leaders met for three hours, officials said."
        detected = datetime(2022, 9, 15, tzinfo=UTC)
        first = store_article(
            registry,
            Document(source="a.txt", text=text, published=detected, published_source="url"),
            [],
        )
        article = registry.article(first.article_id)
        assert article is not None and article.published_source == "url"
        assert article.published is not None and article.published.date() == detected.date()

        other = Document(
            source="a.txt",
            text=text,
            published=datetime(2020, 1, 1, tzinfo=UTC),
            published_source="text",
        )
        again = store_article(registry, other, [])
        assert (again.created, again.redated) == (False, False)  # a detected date never replaces
        article = registry.article(first.article_id)
        assert article is not None and article.published_source == "url"

        given = datetime(2023, 5, 16, tzinfo=UTC)
        doc = Document(source="a.txt", text=text, published=given, published_source="given")
        redated = store_article(registry, doc, [])
        assert (redated.created, redated.redated) == (False, True)
        article = registry.article(first.article_id)
        assert article is not None and article.published_source == "given"
        assert article.published is not None and article.published.date() == given.date()
        assert store_article(registry, doc, []).redated is False  # the same date again: no change
    finally:
        registry.close()
