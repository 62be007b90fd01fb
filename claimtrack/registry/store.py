"""Reading and writing the registry. Every write is one transaction."""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from claimtrack.errors import RegistryError
from claimtrack.extraction.base import ExtractedClaim
from claimtrack.ingest.document import Document
from claimtrack.models import (
    Article,
    Claim,
    Mention,
    Review,
    VerdictRow,
    VerificationLease,
    VerificationRun,
    utcnow,
)
from claimtrack.registry import db

if TYPE_CHECKING:
    from claimtrack.importers.prior import PriorCheck

TABLES = (Article, Claim, Mention, VerificationRun, VerdictRow, Review)
_BULK_CLAIM_SQL = (
    'INSERT INTO claim (text, fingerprint, kind, score, "values", status, created_at, updated_at) '
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (fingerprint) DO NOTHING"
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
#: How many of a sentence's candidate terms (the rarest in the registry) find match candidates.
_RARE_TERMS = 2
#: How long a verification run's leases last without a heartbeat (it beats 4 times as often).
LEASE_SECONDS = 120.0
_HOST = socket.gethostname()[:255]


def _aware(moment: datetime) -> datetime:
    """``moment`` as UTC-aware (SQLite hands back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host and is not a zombie."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


#: Terms per vocabulary lookup (under SQLite's limit on bound parameters).
_VOCAB_BATCH = 500
#: Claims matched between two calls of ``add_article``'s ``on_progress``.
_PROGRESS_STEP = 200


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Registry.add_article` did."""

    article_id: int
    created: bool
    claims: int = 0
    new_claims: int = 0


@dataclass(frozen=True)
class PairClaim:
    """What :meth:`Registry.claim_pairs` did with the pairs it was given."""

    claimed: list[tuple[int, str]]
    done: set[tuple[int, str]]
    busy: set[tuple[int, str]]


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

    def add_article(
        self,
        document: Document,
        claims: Sequence[ExtractedClaim],
        *,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> AddResult:
        """Store an article and its check-worthy claims atomically.

        Re-adding the same content stores nothing and returns the existing article with
        ``created=False``. Claims already known (same fingerprint or a close match) get a
        new mention instead of a new claim. ``on_progress`` is called now and then with the
        number of check-worthy claims matched so far and their total.
        """
        from claimtrack.extraction.matching import fingerprint

        with self.session() as session:
            # Finding a matching claim and inserting a new one must not interleave with
            # another add, or both insert the same claim (equal or merely similar).
            self.lock_claim_matching(session)
            article, is_new = self.insert_article(session, document)
            assert article.id is not None
            if not is_new:
                return AddResult(article.id, created=False)
            kept = [c for c in claims if c.checkworthy]
            prints = {id(c): fingerprint(c.text) for c in kept}
            known: dict[str, Claim] = {}
            if prints:
                rows = session.exec(
                    select(Claim).where(col(Claim.fingerprint).in_(set(prints.values())))
                )
                known = {row.fingerprint: row for row in rows}
            new_rows: dict[
                str, dict[str, Any]
            ] = {}  # fingerprint -> the row of a claim new in this article
            links: list[
                tuple[ExtractedClaim, Claim | str]
            ] = []  # an existing claim, or a new one's fingerprint
            docs = self._term_docs(session, [c.text for c in kept if prints[id(c)] not in known])
            for done, extracted in enumerate(kept):
                if on_progress is not None and done % _PROGRESS_STEP == 0:
                    on_progress(done, len(kept))
                fp = prints[id(extracted)]
                claim = known.get(fp) or (
                    None if fp in new_rows else self._similar_claim(session, extracted, docs)
                )
                if claim is None:
                    new_rows.setdefault(
                        fp,
                        {
                            "text": extracted.text,
                            "fingerprint": fp,
                            "kind": extracted.kind,
                            "score": extracted.score,
                            "values": extracted.values,
                        },
                    )
                    links.append((extracted, fp))
                else:
                    claim.updated_at = utcnow()
                    session.add(claim)
                    links.append((extracted, claim))
            # Bulk INSERTs (batched, no ORM objects): a dense 10 MB article has 100,000 claims.
            ids: dict[str, int] = {}
            if new_rows:
                inserted = session.execute(
                    sa.insert(Claim).returning(col(Claim.id), col(Claim.fingerprint)),
                    list(new_rows.values()),
                )
                ids = {fp: claim_id for claim_id, fp in inserted}
            if links:
                session.execute(
                    sa.insert(Mention).execution_options(
                        render_nulls=True
                    ),  # one batch, speakers or not
                    [
                        {
                            "claim_id": ids[claim] if isinstance(claim, str) else claim.id,
                            "article_id": article.id,
                            "sentence": extracted.text,
                            "start": extracted.start,
                            "end": extracted.end,
                            "speaker": extracted.speaker,
                        }
                        for extracted, claim in links
                    ],
                )
            new = len(new_rows)
            if on_progress is not None:
                on_progress(len(kept), len(kept))
            return AddResult(article.id, created=True, claims=len(kept), new_claims=new)

    @staticmethod
    def lock_claim_matching(session: Session) -> None:
        """Take the claim-matching lock for the rest of ``session``'s transaction.

        Every writer that looks for an existing claim (same fingerprint or a fuzzy match)
        and inserts one if none is found takes it first, so concurrent writers cannot both
        miss the other's new claim. The unique fingerprint index backs this up.
        """
        db.advisory_xact_lock(session.connection(), db.CLAIM_MATCH_LOCK)

    @staticmethod
    def insert_article(session: Session, document: Document) -> tuple[Article, bool]:
        """The article with ``document``'s content, inserted in ``session`` unless it exists.

        Returns the article and whether it was created. The caller owns the transaction.
        """
        digest = document.content_hash
        existing = session.exec(select(Article).where(Article.content_hash == digest)).first()
        if existing is not None:
            return existing, False
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
        return article, True

    def bulk_insert_claims(self, rows: Iterable[Mapping[str, Any]], *, batch: int = 10_000) -> int:
        """Insert claims in large batches (imports, benchmarks); each batch is one transaction.

        Each row has ``text``, ``fingerprint`` and optionally ``kind``, ``score``, ``values``
        and ``status``. A row whose fingerprint is already stored is skipped (fingerprints
        are unique). Returns the number of rows given.
        """
        now = utcnow()
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if self.dialect == "sqlite" else now
        done = 0
        pending: list[tuple[Any, ...]] = []

        def flush() -> None:
            if not pending:
                return
            with self.engine.begin() as conn:
                if self.dialect == "sqlite":
                    # The driver's executemany is twice as fast as SQLAlchemy's for plain rows.
                    conn.exec_driver_sql(_BULK_CLAIM_SQL.replace("%s", "?"), pending)
                else:
                    conn.exec_driver_sql(_BULK_CLAIM_SQL, pending)
            pending.clear()

        for row in rows:
            pending.append(
                (
                    row["text"],
                    row["fingerprint"],
                    row.get("kind", "other"),
                    float(row.get("score", 0.0)),
                    json.dumps(row.get("values") or {}),
                    row.get("status", "open"),
                    stamp,
                    stamp,
                )
            )
            done += 1
            if len(pending) >= batch:
                flush()
        flush()
        return done

    def _similar_claim(
        self, session: Session, extracted: ExtractedClaim, docs: Mapping[str, int] | None = None
    ) -> Claim | None:
        """An existing claim that says the same thing in other words, if any.

        Candidates are the best full-text matches for the sentence's rarest long words that
        also state its years (an indexed lookup of at most 20 claims); the fuzzy matcher
        then decides. ``docs`` are term counts from :meth:`_term_docs`, if looked up already.
        """
        from claimtrack.extraction.matching import candidate_terms, same_claim, years

        terms = candidate_terms(extracted.text)
        if docs is not None and not any(t in docs for t in terms):
            return None  # no stored claim has any of its words
        # Years written as digits: a matching claim states the same years, so it has them too.
        written = [
            y for y in years(extracted.text) if re.search(rf"(?<![\w.]){y}(?!\w)", extracted.text)
        ]
        with (
            session.no_autoflush
        ):  # the article's pending rows need not be written to read candidates
            for claim_id, text in self._candidates(session, terms, written, docs=docs):
                if same_claim(text, extracted.text):
                    return session.get(Claim, claim_id)
        return None

    def _term_docs(self, session: Session, texts: Sequence[str]) -> dict[str, int] | None:
        """On SQLite, how many claims have each candidate term of ``texts`` (terms no claim has are left out).

        One vocabulary lookup for a whole article instead of one per sentence; ``None`` on
        PostgreSQL, which does not need it.
        """
        if self.dialect != "sqlite" or not texts:
            return None
        from claimtrack.extraction.matching import candidate_terms

        terms = sorted({t for text in texts for t in candidate_terms(text)})
        stmt = sa.text("SELECT term, doc FROM claim_fts_vocab WHERE term IN :terms").bindparams(
            sa.bindparam("terms", expanding=True)
        )
        docs: dict[str, int] = {}
        for i in range(0, len(terms), _VOCAB_BATCH):
            rows = session.connection().execute(stmt, {"terms": terms[i : i + _VOCAB_BATCH]})
            docs.update((row[0], int(row[1])) for row in rows)
        return docs

    def _candidates(
        self,
        session: Session,
        terms: Sequence[str],
        years: Collection[str] = (),
        *,
        limit: int = 20,
        docs: Mapping[str, int] | None = None,
    ) -> list[tuple[int, str]]:
        """``(id, text)`` of the claims that best match any of ``terms`` and have every year in ``years``.

        FTS5's bm25 rank on SQLite, ``ts_rank`` on PostgreSQL; terms are matched as words.
        ``docs`` (SQLite only) are the claim counts of the terms, from :meth:`_term_docs`.
        """
        if not terms:
            return []
        if self.dialect == "sqlite":
            # Only the rarest terms that any claim has: ranking the claims that share a
            # common word would score a large part of the table for every new sentence.
            if docs is not None:
                rare = sorted((t for t in terms if t in docs), key=lambda t: (docs[t], t))[
                    :_RARE_TERMS
                ]
            else:
                vocab = sa.text(
                    f"SELECT term FROM claim_fts_vocab WHERE term IN :terms ORDER BY doc, term LIMIT {_RARE_TERMS}"
                ).bindparams(sa.bindparam("terms", expanding=True))
                rare = [
                    row[0] for row in session.connection().execute(vocab, {"terms": list(terms)})
                ]
            if not rare:
                return []  # no claim has any of these words
            match = "(" + " OR ".join('"' + t.replace('"', '""') + '"' for t in rare) + ")"
            if years:
                # A claim with other years never matches (see same_claim): require them.
                match = " AND ".join([*(f'"{y}"' for y in sorted(years)), match])
            stmt = sa.text(
                "SELECT rowid, text FROM claim_fts WHERE claim_fts MATCH :q ORDER BY rank LIMIT :n"
            )
            rows = session.connection().execute(stmt, {"q": match, "n": limit})
        else:
            # plainto_tsquery ANDs the words; OR them by rewriting its '&' operators.
            stmt = sa.text(
                "SELECT id, text FROM claim, "
                "CAST(replace(CAST(plainto_tsquery('english', :q) AS text), '&', '|') AS tsquery) AS q "
                "WHERE to_tsvector('english', text) @@ q "
                "ORDER BY ts_rank(to_tsvector('english', text), q) DESC LIMIT :n"
            )
            rows = session.connection().execute(stmt, {"q": " ".join(terms), "n": limit})
        return [(row[0], row[1]) for row in rows]

    def articles(self, *, limit: int | None = None) -> list[tuple[Article, int]]:
        """Articles, newest first, with their number of claim mentions."""
        with self.session() as session:
            counts = (
                select(Mention.article_id, func.count().label("n"))
                .group_by(col(Mention.article_id))
                .subquery()
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
                    col(Claim.id).in_(
                        select(Mention.claim_id).where(Mention.article_id == article_id)
                    )
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
                    hits = sa.text(
                        "SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q"
                    ).bindparams(q=match)
                    stmt = stmt.where(
                        col(Claim.id).in_(hits.columns(sa.column("rowid", sa.Integer)))
                    )
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
                model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
                for model in TABLES
            }

    # -- reviews, verdicts and earlier fact-checks (review app and exports) -----------------

    def add_review(
        self, claim_id: int, label: str, *, reviewer: str, note: str | None = None
    ) -> Review:
        """Append a review and re-derive the claim's status, in one transaction.

        The claim row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
        transactions already start ``IMMEDIATE``), so concurrent reviewers are serialised
        per claim: no review is lost and the status always reflects every review.
        """
        from claimtrack.errors import ClaimtrackError
        from claimtrack.review.decisions import REVIEW_LABELS, status_from_reviews

        if label not in REVIEW_LABELS:
            raise ClaimtrackError(
                f"unknown review label {label!r}; expected one of {', '.join(REVIEW_LABELS)}"
            )
        with self.session() as session:
            claim = session.exec(
                select(Claim).where(Claim.id == claim_id).with_for_update()
            ).first()
            if claim is None:
                raise ClaimtrackError(f"no claim with id {claim_id}")
            review = Review(claim_id=claim_id, reviewer=reviewer, label=label, note=note or None)
            session.add(review)
            session.flush()
            history = list(session.exec(select(Review).where(Review.claim_id == claim_id)))
            status = status_from_reviews(
                history, claim.status if claim.status != "not_checkworthy" else "open"
            )
            if status != claim.status:
                claim.status = status
            claim.updated_at = utcnow()
            session.add(claim)
            return review

    def reviews(self, claim_id: int) -> list[Review]:
        """A claim's reviews, oldest first: its audit trail."""
        with self.session() as session:
            stmt = select(Review).where(Review.claim_id == claim_id).order_by(col(Review.id))
            return list(session.exec(stmt))

    def verdicts(self, claim_id: int, *, latest_only: bool = True) -> list[VerdictRow]:
        """A claim's verdicts: with ``latest_only`` one per verifier (by name), else all, newest first."""
        if latest_only:
            return sorted(self.verdicts_for([claim_id]).get(claim_id, []), key=lambda v: v.verifier)
        with self.session() as session:
            stmt = (
                select(VerdictRow)
                .where(VerdictRow.claim_id == claim_id)
                .order_by(col(VerdictRow.id).desc())
            )
            return list(session.exec(stmt))

    def previously_checked(self, claim_id: int) -> list[PriorCheck]:
        """Published fact-checks (imported ClaimReviews) of this claim or of one that matches it.

        Returns :class:`claimtrack.importers.prior.PriorCheck` items; render each as
        ``f"previously checked by {p.publisher}: {p.rating}"``.
        """
        from claimtrack.importers.prior import PriorCheckIndex

        claim = self.claim(claim_id)
        if claim is None:
            return []
        return PriorCheckIndex.load(self).lookup(claim)

    # -- verification (claimtrack.verification.engine) --------------------------------------

    def start_run(self, options: dict[str, object], *, lease_seconds: float = LEASE_SECONDS) -> int:
        """Record the start of a verification run by this process; returns its id.

        The run holds its leases until ``lease_seconds`` from now unless
        :meth:`heartbeat` extends them.
        """
        now = utcnow()
        with self.session() as session:
            run = VerificationRun(
                options=dict(options),
                started_at=now,
                heartbeat_at=now,
                expires_at=now + timedelta(seconds=lease_seconds),
                host=_HOST,
                pid=os.getpid(),
            )
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def heartbeat(self, run_id: int, *, lease_seconds: float = LEASE_SECONDS) -> bool:
        """Extend a running run's lease; False if the run is no longer ``running``.

        A run found abandoned (it missed its heartbeats) must not take more pairs: other
        runs may have taken over the ones it held.
        """
        now = utcnow()
        with self.engine.begin() as conn:
            updated = conn.execute(
                sa.update(VerificationRun)
                .where(col(VerificationRun.id) == run_id, col(VerificationRun.status) == "running")
                .values(heartbeat_at=now, expires_at=now + timedelta(seconds=lease_seconds))
            ).rowcount
        return bool(updated)

    def finish_run(self, run_id: int, status: str = "finished") -> None:
        """Mark a verification run finished (or ``interrupted``/``failed``) and drop its leases."""
        with self.session() as session:
            run = session.get(VerificationRun, run_id)
            if run is not None:
                run.status = status
                run.finished_at = utcnow()
                session.add(run)
            session.execute(
                sa.delete(VerificationLease).where(col(VerificationLease.run_id) == run_id)
            )

    def reap_stale_runs(self) -> list[int]:
        """Mark ``running`` runs whose process is gone as ``abandoned``; returns their ids.

        A run is gone when its lease expired (no heartbeat in time; runs recorded before
        heartbeats existed have none) or when it ran on this host and its process no
        longer exists. Their leases are released, so other runs can do those pairs.
        """
        with self.session() as session:
            return self._reap_stale_runs(session)

    def _reap_stale_runs(self, session: Session) -> list[int]:
        now = utcnow()
        running = session.exec(
            select(
                VerificationRun.id,
                VerificationRun.expires_at,
                VerificationRun.host,
                VerificationRun.pid,
            ).where(VerificationRun.status == "running")
        ).all()
        stale = [
            run_id
            for run_id, expires, host, pid in running
            if run_id is not None
            and (
                expires is None
                or _aware(expires) < now
                or (host == _HOST and pid is not None and not _alive(pid))
            )
        ]
        if stale:
            session.execute(
                sa.update(VerificationRun)
                .where(col(VerificationRun.id).in_(stale), col(VerificationRun.status) == "running")
                .values(
                    status="abandoned",
                    finished_at=sa.func.coalesce(
                        col(VerificationRun.heartbeat_at), col(VerificationRun.started_at)
                    ),
                )
            )
            session.execute(
                sa.delete(VerificationLease).where(col(VerificationLease.run_id).in_(stale))
            )
        return stale

    def claim_pairs(
        self,
        run_id: int,
        pairs: Sequence[tuple[int, str]],
        *,
        since: datetime | None = None,
        include_errors: bool = True,
        fresh_since: datetime | None = None,
    ) -> PairClaim:
        """Lease those of ``pairs`` (claim id, verifier) that no other run has done or is doing.

        One transaction under the verification lock (``pg_advisory_xact_lock`` on PostgreSQL,
        ``BEGIN IMMEDIATE`` on SQLite), so concurrent runs never lease the same pair. First
        runs whose process is gone are marked abandoned and their leases released. A pair is
        *done* when it has a verdict that counts (``since``/``include_errors`` as in
        :meth:`verified_pairs`) or any verdict made since ``fresh_since`` (the caller's start:
        another run did it meanwhile), and *busy* when another running run holds it.
        """
        wanted = list(dict.fromkeys(pairs))
        if not wanted:
            return PairClaim([], set(), set())
        now = utcnow()
        with self.session() as session:
            db.advisory_xact_lock(session.connection(), db.VERIFY_CLAIM_LOCK)
            self._reap_stale_runs(session)
            ids = sorted({c for c, _ in wanted})
            names = sorted({v for _, v in wanted})
            done = self._verified(session, ids, names, since=since, include_errors=include_errors)
            if fresh_since is not None:
                done |= self._verified(session, ids, names, since=fresh_since, include_errors=True)
            held: dict[tuple[int, str], int] = {}
            for lo in range(0, len(ids), 900):
                stmt = select(
                    VerificationLease.claim_id, VerificationLease.verifier, VerificationLease.run_id
                ).where(
                    col(VerificationLease.claim_id).in_(ids[lo : lo + 900]),
                    col(VerificationLease.verifier).in_(names),
                )
                held.update({(int(c), str(v)): int(r) for c, v, r in session.exec(stmt)})
            # Leases of runs that ended were deleted with them (finish_run, _reap_stale_runs).
            busy = {p for p in wanted if p not in done and held.get(p, run_id) != run_id}
            claimed = [p for p in wanted if p not in done and p not in busy]
            new = [p for p in claimed if p not in held]
            if new:
                session.execute(
                    sa.insert(VerificationLease),
                    [
                        {"claim_id": c, "verifier": v, "run_id": run_id, "claimed_at": now}
                        for c, v in new
                    ],
                )
            return PairClaim(claimed, done & set(wanted), busy)

    def add_verdict(self, row: dict[str, object]) -> bool:
        """Store one verdict in its own transaction, as soon as it is known.

        ``row`` has the columns of :class:`claimtrack.models.VerdictRow` (``run_id``,
        ``claim_id``, ``verifier``, ``label``…). A core INSERT keeps this cheap: the engine
        calls it once per claim × verifier. Returns False (and stores nothing) when the
        claim was deleted meanwhile.
        """
        values = {
            "created_at": utcnow(),
            "verifier_version": "",
            "summary": "",
            "evidence": [],
            **row,
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(VerdictRow.__table__), values)  # type: ignore[attr-defined]
        except sa.exc.IntegrityError:
            return False
        except sa.exc.OperationalError as exc:
            raise RegistryError(db.describe_db_error(self.url, exc)) from None
        return True

    def verified_pairs(
        self,
        claim_ids: Sequence[int],
        verifiers: Sequence[str],
        *,
        since: object | None = None,
        include_errors: bool = True,
    ) -> set[tuple[int, str]]:
        """The (claim id, verifier) pairs that already have a verdict.

        :param since: only verdicts created at or after this datetime count (``--stale``).
        :param include_errors: False leaves pairs whose only verdicts are errors out, so
            they are tried again: ``error`` verdicts and verdicts with an ``error`` (an
            ``unverifiable`` because the source failed).
        """
        if not claim_ids or not verifiers:
            return set()
        with self.session() as session:
            return self._verified(
                session,
                list(claim_ids),
                list(verifiers),
                since=since,
                include_errors=include_errors,
            )

    @staticmethod
    def _verified(
        session: Session,
        ids: Sequence[int],
        verifiers: Sequence[str],
        *,
        since: object | None,
        include_errors: bool,
    ) -> set[tuple[int, str]]:
        found: set[tuple[int, str]] = set()
        for lo in range(0, len(ids), 900):
            stmt = select(VerdictRow.claim_id, VerdictRow.verifier).where(
                col(VerdictRow.claim_id).in_(ids[lo : lo + 900]),
                col(VerdictRow.verifier).in_(list(verifiers)),
            )
            if since is not None:
                stmt = stmt.where(col(VerdictRow.created_at) >= since)
            if not include_errors:
                stmt = stmt.where(VerdictRow.label != "error", col(VerdictRow.error).is_(None))
            found.update((int(c), str(v)) for c, v in session.exec(stmt.distinct()))
        return found

    def verification_targets(
        self, *, claim_ids: Sequence[int] | None = None, article_id: int | None = None
    ) -> list[tuple[Claim, Mention | None, Article | None]]:
        """Claims to verify with their first mention and its article (None if orphaned).

        With neither argument: every claim. ``article_id`` selects the claims mentioned in
        that article, and that article is the one returned for them.
        """
        with self.session() as session:
            stmt = select(Claim)
            if claim_ids is not None:
                stmt = stmt.where(col(Claim.id).in_(list(claim_ids)))
            if article_id is not None:
                stmt = stmt.where(
                    col(Claim.id).in_(
                        select(Mention.claim_id).where(Mention.article_id == article_id)
                    )
                )
            claims = list(session.exec(stmt.order_by(col(Claim.id))))
            if not claims:
                return []
            first: dict[int, Mention] = {}
            mstmt = select(Mention).order_by(col(Mention.id))
            if article_id is not None:
                mstmt = mstmt.where(Mention.article_id == article_id)
            wanted = {c.id for c in claims}
            if len(wanted) <= 900:
                mstmt = mstmt.where(col(Mention.claim_id).in_(list(wanted)))
            for mention in session.exec(mstmt):
                if mention.claim_id in wanted:
                    first.setdefault(mention.claim_id, mention)
            article_ids = {m.article_id for m in first.values()}
            articles = (
                {
                    a.id: a
                    for a in session.exec(
                        select(Article).where(col(Article.id).in_(list(article_ids)))
                    )
                }
                if article_ids
                else {}
            )
            out: list[tuple[Claim, Mention | None, Article | None]] = []
            for claim in claims:
                found = first.get(claim.id) if claim.id is not None else None
                out.append((claim, found, articles.get(found.article_id) if found else None))
            return out

    def verdicts_for(self, claim_ids: Sequence[int]) -> dict[int, list[VerdictRow]]:
        """Every verifier's latest verdict on each claim (one per verifier), oldest first."""
        ids = list(claim_ids)
        latest: dict[tuple[int, str], VerdictRow] = {}
        with self.session() as session:
            for lo in range(0, len(ids), 900):
                stmt = (
                    select(VerdictRow)
                    .where(col(VerdictRow.claim_id).in_(ids[lo : lo + 900]))
                    .order_by(col(VerdictRow.id))
                )
                for verdict in session.exec(stmt):
                    latest[(verdict.claim_id, verdict.verifier)] = verdict
        out: dict[int, list[VerdictRow]] = {}
        for (claim_id, _), verdict in sorted(latest.items(), key=lambda kv: kv[1].id or 0):
            out.setdefault(claim_id, []).append(verdict)
        return out

    def runs(self, *, limit: int = 20) -> list[VerificationRun]:
        """Verification runs, newest first."""
        with self.session() as session:
            return list(
                session.exec(
                    select(VerificationRun).order_by(col(VerificationRun.id).desc()).limit(limit)
                )
            )

    def run_statuses(self) -> dict[str, int]:
        """How many verification runs have each status (``running``, ``finished``, ``abandoned``…)."""
        with self.session() as session:
            stmt = select(VerificationRun.status, func.count()).group_by(
                col(VerificationRun.status)
            )
            return {str(status): int(n) for status, n in session.exec(stmt)}

    def abandoned_runs(self, *, limit: int = 20) -> list[VerificationRun]:
        """Runs whose process died before they ended, newest first (see :meth:`reap_stale_runs`)."""
        with self.session() as session:
            stmt = (
                select(VerificationRun)
                .where(VerificationRun.status == "abandoned")
                .order_by(col(VerificationRun.id).desc())
                .limit(limit)
            )
            return list(session.exec(stmt))
