"""Reading and writing the registry. Every write is one transaction."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from claimtrack.errors import RegistryError
from claimtrack.extraction.base import ExtractedClaim
from claimtrack.ingest.document import Document
from claimtrack.models import Article, Claim, Mention, Review, Verdict, VerificationRun, utcnow
from claimtrack.registry import db

TABLES = (Article, Claim, Mention, VerificationRun, Verdict, Review)
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Registry.add_article` did."""

    article_id: int
    created: bool
    claims: int = 0
    new_claims: int = 0


class Registry:
    """The claimtrack database. Open one with :meth:`Registry.open`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Registry:
        """Open (and migrate) the registry at ``url``; see :func:`claimtrack.registry.db.resolve_url`."""
        resolved = db.resolve_url(url)
        return cls(db.open_engine(resolved, migrate=migrate), resolved)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sa.exc.OperationalError as exc:
                session.rollback()
                raise RegistryError(db.describe_db_error(self.url, exc)) from None
            except BaseException:
                session.rollback()
                raise

    # -- writing -------------------------------------------------------------------------

    def add_article(self, document: Document, claims: Sequence[ExtractedClaim]) -> AddResult:
        """Store an article and its check-worthy claims atomically.

        Re-adding the same content stores nothing and returns the existing article with
        ``created=False``. Claims already known (same fingerprint or a close match) get a
        new mention instead of a new claim.
        """
        from claimtrack.extraction.matching import fingerprint

        digest = document.content_hash
        with self.session() as session:
            existing = session.exec(select(Article).where(Article.content_hash == digest)).first()
            if existing is not None:
                assert existing.id is not None
                return AddResult(existing.id, created=False)
            article = Article(
                source=document.source,
                title=document.title,
                site=document.site,
                author=document.author,
                published=document.published,
                content_hash=digest,
                text=document.text,
            )
            session.add(article)
            session.flush()
            assert article.id is not None
            kept = [c for c in claims if c.checkworthy]
            prints = {id(c): fingerprint(c.text) for c in kept}
            known: dict[str, Claim] = {}
            if prints:
                rows = session.exec(select(Claim).where(col(Claim.fingerprint).in_(set(prints.values()))))
                known = {row.fingerprint: row for row in rows}
            new = 0
            for extracted in kept:
                fp = prints[id(extracted)]
                claim = known.get(fp) or self._similar_claim(session, extracted)
                if claim is None:
                    claim = Claim(
                        text=extracted.text,
                        fingerprint=fp,
                        kind=extracted.kind,
                        score=extracted.score,
                        values=extracted.values,
                    )
                    session.add(claim)
                    session.flush()
                    known[fp] = claim
                    new += 1
                else:
                    claim.updated_at = utcnow()
                    session.add(claim)
                assert claim.id is not None
                session.add(
                    Mention(
                        claim_id=claim.id,
                        article_id=article.id,
                        sentence=extracted.text,
                        start=extracted.start,
                        end=extracted.end,
                        speaker=extracted.speaker,
                    )
                )
            return AddResult(article.id, created=True, claims=len(kept), new_claims=new)

    def _similar_claim(self, session: Session, extracted: ExtractedClaim) -> Claim | None:
        """An existing claim that says the same thing in other words, if any."""
        from claimtrack.extraction.matching import same_claim

        words = sorted({w for w in _TOKEN.findall(extracted.text.lower()) if len(w) > 3}, key=len)
        if not words:
            return None
        for candidate in self.search_claims(session, " OR ".join(words[-6:]), limit=10, any_word=True):
            if candidate.kind == extracted.kind and same_claim(candidate.text, extracted.text):
                return candidate
        return None

    # -- reading -------------------------------------------------------------------------

    def search_claims(self, session: Session, query: str, *, limit: int = 50, any_word: bool = False) -> list[Claim]:
        """Claims matching a full-text query (FTS5 on SQLite, tsvector on PostgreSQL)."""
        words = [w for w in _TOKEN.findall(query) if w.upper() not in ("OR", "AND", "NOT")]
        if not words:
            return []
        joiner = " OR " if any_word else " "
        if self.dialect == "sqlite":
            match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
            ids = sa.text("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q ORDER BY rank LIMIT :n")
            found = [row[0] for row in session.connection().execute(ids, {"q": match, "n": limit})]
        else:
            tsquery = (" | " if any_word else " & ").join(w.lower() for w in words)
            stmt = sa.text(
                "SELECT id FROM claim WHERE to_tsvector('english', text) @@ to_tsquery('english', :q) "
                "ORDER BY ts_rank(to_tsvector('english', text), to_tsquery('english', :q)) DESC LIMIT :n"
            )
            found = [row[0] for row in session.connection().execute(stmt, {"q": tsquery, "n": limit})]
        if not found:
            return []
        by_id = {c.id: c for c in session.exec(select(Claim).where(col(Claim.id).in_(found)))}
        return [by_id[i] for i in found if i in by_id]

    def articles(self, *, limit: int | None = None) -> list[tuple[Article, int]]:
        """Articles, newest first, with their number of claim mentions."""
        with self.session() as session:
            counts = (
                select(Mention.article_id, func.count().label("n")).group_by(Mention.article_id).subquery()
            )
            stmt = (
                select(Article, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.article_id == Article.id)
                .order_by(col(Article.id).desc())
            )
            if limit:
                stmt = stmt.limit(limit)
            return [(a, int(n)) for a, n in session.exec(stmt)]

    def article(self, article_id: int) -> Article | None:
        with self.session() as session:
            return session.get(Article, article_id)

    def claims(
        self,
        *,
        article_id: int | None = None,
        kind: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims matching every filter given, in id order (or by relevance with ``search``)."""
        with self.session() as session:
            stmt = select(Claim)
            if article_id is not None:
                stmt = stmt.where(
                    col(Claim.id).in_(select(Mention.claim_id).where(Mention.article_id == article_id))
                )
            if kind:
                stmt = stmt.where(Claim.kind == kind)
            if status:
                stmt = stmt.where(Claim.status == status)
            if search:
                words = [w for w in _TOKEN.findall(search)]
                if not words:
                    return []
                if self.dialect == "sqlite":
                    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                    hits = sa.text("SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q").bindparams(q=match)
                    stmt = stmt.where(col(Claim.id).in_(hits.columns(sa.column("rowid", sa.Integer))))
                else:
                    stmt = stmt.where(
                        func.to_tsvector("english", Claim.text).op("@@")(
                            func.plainto_tsquery("english", " ".join(words))
                        )
                    )
            stmt = stmt.order_by(col(Claim.id)).offset(offset)
            if limit:
                stmt = stmt.limit(limit)
            return list(session.exec(stmt))

    def claim(self, claim_id: int) -> Claim | None:
        with self.session() as session:
            return session.get(Claim, claim_id)

    def mentions(self, claim_id: int) -> list[tuple[Mention, Article]]:
        """Where a claim appears: each mention with its article, oldest first."""
        with self.session() as session:
            stmt = (
                select(Mention, Article)
                .join(Article, col(Article.id) == Mention.article_id)
                .where(Mention.claim_id == claim_id)
                .order_by(col(Mention.id))
            )
            return list(session.exec(stmt).all())

    def speakers(self, claim_ids: Sequence[int | None]) -> dict[int, str]:
        """The first recorded speaker of each quoted claim among ``claim_ids``."""
        ids = [i for i in claim_ids if i is not None]
        if not ids:
            return {}
        with self.session() as session:
            stmt = (
                select(Mention.claim_id, Mention.speaker)
                .where(col(Mention.claim_id).in_(ids), col(Mention.speaker).is_not(None))
                .order_by(col(Mention.id))
            )
            found: dict[int, str] = {}
            for claim_id, speaker in session.exec(stmt):
                if speaker:
                    found.setdefault(claim_id, speaker)
            return found

    def counts(self) -> dict[str, int]:
        """Row counts per table, for tests and ``claimtrack db info``."""
        with self.session() as session:
            return {
                model.__tablename__: session.exec(select(func.count()).select_from(model)).one()  # type: ignore[arg-type]
                for model in TABLES
            }
