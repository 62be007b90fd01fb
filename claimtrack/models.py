"""The registry's tables.

Articles hold the stored text; claims are de-duplicated across articles, and each place a
claim appears is a :class:`Mention` with exact character offsets into its article's text.
Verdicts come from verifiers, grouped by :class:`VerificationRun`; reviews are the human
decisions and are append-only: together they are the audit trail.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from claimtrack.labels import ClaimStatus

# The JSON forms of rows are in claimtrack.rows (read commands import it without the
# tables and SQLAlchemy); importable from here as before.
from claimtrack.rows import claim_to_dict as claim_to_dict
from claimtrack.rows import latest_calls as latest_calls
from claimtrack.rows import mention_to_dict as mention_to_dict


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def _ts(**kwargs: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), **kwargs))


class Article(SQLModel, table=True):
    """An article as stored: its main text and metadata."""

    __tablename__ = "article"
    # Imports look up review URLs in batches (migration 0007).
    __table_args__ = (Index("ix_article_source", "source", postgresql_using="hash"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: datetime | None = _ts(nullable=True)
    #: Where ``published`` came from: ``given`` (``--published``), ``metadata`` (HTML),
    #: ``url`` or ``text``; None for no date, or a date stored before sources were recorded.
    published_source: str | None = Field(default=None, max_length=16)
    retrieved_at: datetime = _ts(nullable=False, default=utcnow)
    content_hash: str = Field(unique=True, max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))


class Claim(SQLModel, table=True):
    """A check-worthy statement, shared by every article that makes it."""

    __tablename__ = "claim"
    __table_args__ = (Index("ix_claim_kind_status", "kind", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    fingerprint: str = Field(index=True, unique=True, max_length=64)
    kind: str = Field(default="other", max_length=32)
    score: float = 0.0
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=ClaimStatus.OPEN.value, max_length=32, index=True)
    created_at: datetime = _ts(nullable=False, default=utcnow)
    updated_at: datetime = _ts(nullable=False, default=utcnow)


class Mention(SQLModel, table=True):
    """One appearance of a claim in an article: ``article.text[start:end] == sentence``."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("article_id", "start", "end", name="uq_mention_span"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    sentence: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    speaker: str | None = None


class VerificationRun(SQLModel, table=True):
    """One invocation of the verification engine.

    ``status`` is ``running`` while the run works, then ``finished``, ``interrupted`` or
    ``failed``; a run whose process died is marked ``abandoned`` once its lease has expired
    (no heartbeat by ``expires_at``) or its process is gone (same ``host``, ``pid`` dead).
    """

    __tablename__ = "verification_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = _ts(nullable=False, default=utcnow)
    finished_at: datetime | None = _ts(nullable=True)
    status: str = Field(default="running", max_length=16, index=True)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    heartbeat_at: datetime | None = _ts(nullable=True)
    expires_at: datetime | None = _ts(nullable=True)
    host: str | None = Field(default=None, max_length=255)
    pid: int | None = None


class VerificationLease(SQLModel, table=True):
    """A (claim, verifier) pair taken by a running verification run, so no other run does it too.

    A lease counts only while its run is ``running``; the rows of a run are deleted when
    it ends or is found abandoned.
    """

    __tablename__ = "verification_lease"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    verifier: str = Field(primary_key=True, max_length=128)
    run_id: int = Field(foreign_key="verification_run.id", index=True, ondelete="CASCADE")
    claimed_at: datetime = _ts(nullable=False, default=utcnow)


class VerdictRow(SQLModel, table=True):
    """What one verifier concluded about one claim in one run: a row of the ``verdict`` table.

    (The verdict a verifier returns is :class:`claimtrack.verification.api.Verdict`.)
    """

    __tablename__ = "verdict"
    __table_args__ = (
        Index("ix_verdict_claim_verifier", "claim_id", "verifier"),
        UniqueConstraint(
            "run_id", "claim_id", "verifier", "part", name="uq_verdict_run_claim_verifier_part"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE")
    run_id: int = Field(foreign_key="verification_run.id", index=True, ondelete="CASCADE")
    verifier: str = Field(max_length=128)
    verifier_version: str = Field(default="", max_length=64)
    #: The claim's part this verdict is on (a part id, ``office-1``), or ``""`` for the whole
    #: claim: not NULL, so that the unique constraint holds for whole-claim verdicts on
    #: SQLite and PostgreSQL alike. :attr:`part_id` gives it as ``Verdict.part`` has it.
    part: str = Field(
        default="", sa_column=Column(String(128), nullable=False, default="", server_default="")
    )
    label: str = Field(max_length=16, index=True)
    confidence: float = 0.0
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    duration_ms: float = 0.0
    created_at: datetime = _ts(nullable=False, default=utcnow)

    @property
    def part_id(self) -> str | None:
        """The part this verdict is on, or None for the whole claim."""
        return self.part or None


class Review(SQLModel, table=True):
    """A human decision on a claim. Rows are only ever added: this is the audit trail."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    reviewer: str = Field(max_length=128)
    label: str = Field(max_length=32)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _ts(nullable=False, default=utcnow)
