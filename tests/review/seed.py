"""Deterministic registry content for the review and export tests (real rows, fixed times)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from claimtrack.extraction.base import ExtractedClaim
from claimtrack.ingest.document import Document
from claimtrack.registry import Registry
from claimtrack.services.add import store_article

PUBLISHED = datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
VERIFIED = datetime(2024, 5, 11, 9, 30, tzinfo=UTC)

PARAGRAPHS = [
    "G7 leaders meet in Apulia as trade tensions rise.",
    "Unemployment in Italy fell to 3.5% in 2023, according to the finance ministry. Analysts were surprised.",
    '"We will cut tariffs on steel by half," the minister said on Tuesday.',
    (
        "The G7 is a group of seven countries consisting of "
        "Canada, France, Germany, Italy, Japan, the United Kingdom and the United States."
    ),
]
SENTENCES = [
    (
        "Unemployment in Italy fell to 3.5% in 2023, according to the finance ministry.",
        "statistic",
        0.91,
        None,
    ),
    (
        '"We will cut tariffs on steel by half," the minister said on Tuesday.',
        "quote",
        0.74,
        "the minister",
    ),
    (PARAGRAPHS[3], "membership", 0.88, None),
]


@dataclass(frozen=True)
class Seeded:
    """Ids of what :func:`seed` stored."""

    article_id: int
    claim_ids: list[int]
    text: str


def add_article(
    registry: Registry,
    paragraphs: list[str],
    sentences: list[tuple[str, str, float, str | None]],
    *,
    source: str,
    title: str,
    published: datetime | None = PUBLISHED,
) -> Seeded:
    """Store an article whose claims are given sentences (exact offsets), with no extractor."""
    text = "\n\n".join(paragraphs)
    claims = []
    for sentence, kind, score, speaker in sentences:
        start = text.index(sentence)
        claims.append(
            ExtractedClaim(
                sentence,
                start,
                start + len(sentence),
                kind=kind,
                score=score,
                checkworthy=True,
                speaker=speaker,
            )
        )
    result = store_article(
        registry,
        Document(source=source, text=text, title=title, site="news.example", published=published),
        claims,
    )
    ids = [c.id for c in registry.claims(article_id=result.article_id)]
    return Seeded(result.article_id, [i for i in ids if i is not None], text)


def add_verdict(
    registry: Registry,
    claim_id: int,
    verifier: str,
    label: str,
    confidence: float,
    summary: str,
    evidence: list[dict] | None = None,
) -> None:
    """One verdict in its own run, with fixed timestamps."""
    run_id = registry.start_run({"test": True})
    registry.add_verdict(
        {
            "run_id": run_id,
            "claim_id": claim_id,
            "verifier": verifier,
            "verifier_version": "1.0",
            "label": label,
            "confidence": confidence,
            "summary": summary,
            "evidence": evidence or [],
            "created_at": VERIFIED,
        }
    )
    registry.finish_run(run_id)


def seed(registry: Registry) -> Seeded:
    """The example article: three claims, verdicts on two (one with verifiers that disagree)."""
    seeded = add_article(
        registry,
        PARAGRAPHS,
        SENTENCES,
        source="https://news.example/g7-trade",
        title="G7 trade talks open in Apulia",
    )
    stat, _quote, members = seeded.claim_ids
    add_verdict(
        registry,
        stat,
        "worldbank",
        "refuted",
        0.9,
        "World Bank: Italy unemployment 2023 was 7.7%, not 3.5%",
        [
            {
                "source": "World Bank",
                "url": "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS?locations=IT",
                "title": "Unemployment, total (% of labor force) - Italy",
                "snippet": "2023: 7.7",
                "retrieved_at": VERIFIED.isoformat(),
            }
        ],
    )
    add_verdict(
        registry, members, "consistency", "supported", 0.8, "seven countries stated, seven listed"
    )
    add_verdict(
        registry,
        members,
        "wikipedia",
        "refuted",
        0.55,
        "Wikipedia lists the EU as a non-enumerated member",
        [
            {
                "source": "Wikipedia",
                "url": "https://en.wikipedia.org/wiki/G7",
                "title": "Group of Seven",
                "snippet": "The EU is a non-enumerated member.",
                "retrieved_at": VERIFIED.isoformat(),
            }
        ],
    )
    return seeded
