"""Importing published fact-checks (``claimtrack import claimreview``).

:mod:`claimtrack.importers.claimreview` reads and parses them; this stores them, in one
transaction: each fact-check page becomes an article, each reviewed claim a claim (or a
new mention of the stored claim it restates) and a review by its publisher.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from claimtrack.config import Settings
from claimtrack.extraction.base import ExtractedClaim
from claimtrack.extraction.kinds import analyse
from claimtrack.importers.claimreview import FactCheck, ImportResult, read_fact_checks
from claimtrack.ingest.document import Document
from claimtrack.models import Claim
from claimtrack.registry import Registry
from claimtrack.retrieval.store import add_fact_checks
from claimtrack.services.add import store_claims
from claimtrack.services.match import VALUES_KEY
from claimtrack.services.review import review_in

if TYPE_CHECKING:
    from sqlmodel import Session


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _kind(text: str) -> str:
    try:
        return analyse(text).kind
    except Exception:  # noqa: BLE001 (kind detection is best effort; "other" is always valid)
        return "other"


def index_fact_checks(session: Session, checks: Iterable[FactCheck]) -> int:
    """Add parsed fact-checks to the registry's ``fact_check`` index (what ``claimtrack
    match`` searches) in ``session``'s transaction, so claims and index commit together."""
    return add_fact_checks(session.connection(), checks)


def store_fact_checks(registry: Registry, checks: list[FactCheck], *, source: str) -> ImportResult:
    """Store ``checks`` in one transaction; pages already imported are skipped.

    Claims are matched and stored as ``claimtrack add`` stores them
    (:func:`~claimtrack.services.add.store_claims`) and reviews recorded as a reviewer's are
    (:func:`~claimtrack.services.review.review_in`).
    """
    pages: dict[str, list[FactCheck]] = {}
    for check in checks:
        pages.setdefault(check.url or source, []).append(check)
    articles = new = matched = reviews = skipped = 0
    with registry.session() as session:
        registry.lock_claim_matching(session)
        for url, group in pages.items():
            title = group[0].title or f"{group[0].publisher} fact check: {group[0].claim}"
            paragraphs = [title]
            claims = []
            offset = len(title) + 2
            for check in group:
                kind = _kind(check.claim)
                claims.append(
                    ExtractedClaim(
                        check.claim,
                        offset,
                        offset + len(check.claim),
                        kind=kind,
                        score=1.0,
                        checkworthy=True,
                        values={VALUES_KEY: [check.entry()]},
                        speaker=check.claimant,
                    )
                )
                paragraphs.append(check.claim)
                offset += len(check.claim) + 2
            document = Document(
                source=url,
                text="\n\n".join(paragraphs),
                title=title,
                site=group[0].publisher,
                author=group[0].publisher,
                published=_parse_date(group[0].date),
                published_source="metadata",  # the fact-check's own date (kept only with a date)
            )
            article, created = registry.insert_article(session, document)
            if not created:
                skipped += 1
                continue
            articles += 1
            index_fact_checks(session, group)
            assert article.id is not None
            links = store_claims(registry, session, article.id, claims)
            for check, link in zip(group, links, strict=True):
                if link.created:
                    new += 1
                else:
                    # A claim stored before: add this fact-check to those it carries.
                    claim = session.get(Claim, link.claim_id)
                    assert claim is not None
                    values = dict(claim.values or {})
                    previous = values.get(VALUES_KEY) or []
                    values[VALUES_KEY] = [
                        *(previous if isinstance(previous, list) else [previous]),
                        check.entry(),
                    ]
                    claim.values = values
                    registry.touch_claim(session, claim)
                    matched += 1
                note = check.rating + (f" ({check.url})" if check.url else "")
                review_in(
                    registry,
                    session,
                    link.claim_id,
                    check.label,
                    reviewer=check.publisher,
                    note=note,
                )
                reviews += 1
    return ImportResult(len(checks), articles, new, matched, reviews, skipped)


def import_claimreview(registry: Registry, source: str, settings: Settings) -> ImportResult:
    """Read, parse and store the fact-checks at ``source`` (file, ``-`` or URL)."""
    checks = read_fact_checks(source, settings)
    return store_fact_checks(registry, checks, source=source)
