"""schema.org ClaimReview JSON-LD: one object per claim a reviewer gave a final verdict.

Which claims, and their rating, come from each claim's outcome
(:func:`claimtrack.outcome.outcome`, as in ``claimtrack report``): a claim is published
only when its latest decision is a reviewer's verdict here. A claim set aside as not
check-worthy, decided only by the verifiers, or decided by an imported fact-check
(another publisher's work) is left out.

Follows Google's ClaimReview requirements as audited by Full Fact
(``shared/reference/sources.md`` §4b): required ``claimReviewed``, ``reviewRating``
(with ``alternateName``) and ``url``; recommended ``author`` (the organisation),
``datePublished`` and ``itemReviewed`` (a ``Claim`` with ``author``, ``datePublished``
and ``appearance``); the rating also has ``ratingValue``, ``bestRating`` and
``worstRating`` on a 1 (false) to 5 (true) scale.

The organisation comes from the config file, and is required: without a name, and an
``organization_url`` or ``review_url`` to build each fact-check's URL, the export is a
one-line error (exit 1) and writes nothing, rather than publishing placeholders::

    [export]
    organization_name = "Example Fact Check"
    organization_url = "https://factcheck.example"
    review_url = "https://factcheck.example/claims/{claim_id}"   # optional
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from claimtrack.config import load_settings
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.export import ExportRow

CONTEXT = "https://schema.org"
BEST_RATING = 5
WORST_RATING = 1


def _is_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


def _setting(value: Any, key: str) -> str | None:
    """A string setting, stripped; None when unset or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ClaimtrackError(f"[export] {key} must be a string, got {value!r}")
    return value.strip() or None


def _date(value: Any) -> str | None:
    return value.date().isoformat() if value is not None and hasattr(value, "date") else None


class ClaimReviewExporter:
    """``--format claimreview``: a JSON array of ClaimReview objects."""

    name = "claimreview"
    version = "1.0"
    suffix = ".jsonld"
    description = "schema.org ClaimReview JSON-LD, one object per reviewed claim"

    def __init__(
        self,
        organization_name: str | None = None,
        organization_url: str | None = None,
        review_url: str | None = None,
    ) -> None:
        self._name = organization_name
        self._url = organization_url
        self._review_url = review_url

    def organization(self) -> tuple[str, str | None, str | None]:
        """(name, url, review URL template) from the constructor, else config ``[export]``.

        :class:`ClaimtrackError` when the name, or both the URL and the template, are missing
        or are not usable: a published ClaimReview must say who published it and where.
        """

        section = load_settings().section("export")
        name = _setting(self._name or section.get("organization_name"), "organization_name")
        url = _setting(self._url or section.get("organization_url"), "organization_url")
        template = _setting(self._review_url or section.get("review_url"), "review_url")
        if url and not _is_url(url):
            raise ClaimtrackError(
                f"[export] organization_url must start with http:// or https://, got {url!r}"
            )
        if template:
            if not _is_url(template):
                raise ClaimtrackError(
                    f"[export] review_url must start with http:// or https://, got {template!r}"
                )
            try:
                template.format(claim_id=1, id=1)
            except (KeyError, IndexError, ValueError, AttributeError) as exc:
                raise ClaimtrackError(
                    f"[export] review_url {template!r}: only {{claim_id}} may be filled in ({exc})"
                ) from None
        if not name or not (url or template):
            raise ClaimtrackError(
                "ClaimReview export needs the publishing organisation: set organization_name and organization_url "
                "(or review_url) under [export] in the config file"
            )
        return name, url, template

    def review_url(self, row: ExportRow, base: str | None, template: str | None) -> str:
        """The fact-check's own URL: the configured template, else ``<organization_url>/claims/<id>``."""
        claim_id = row.claim.id
        if template:
            return template.format(claim_id=claim_id, id=claim_id)
        assert base, "organization() requires organization_url or review_url"
        return f"{base.rstrip('/')}/claims/{claim_id}"

    def item_reviewed(self, row: ExportRow) -> dict[str, Any]:
        """The ``Claim`` reviewed: who made it, when, and where it appeared."""
        item: dict[str, Any] = {"@type": "Claim"}
        article = row.article
        speaker = row.speaker
        if speaker:
            item["author"] = {"@type": "Person", "name": speaker}
        elif article is not None and article.author:
            item["author"] = {"@type": "Person", "name": article.author}
        elif article is not None and (article.site or article.title):
            item["author"] = {"@type": "Organization", "name": article.site or article.title}
        if article is not None and (published := _date(article.published)):
            item["datePublished"] = published
        appearances = []
        seen: set[int | None] = set()
        for _, art in row.mentions:
            if art.id in seen:
                continue
            seen.add(art.id)
            work: dict[str, Any] = {"@type": "NewsArticle"}
            if _is_url(art.source):
                work["url"] = art.source
            if art.title:
                work["headline"] = art.title
            if published := _date(art.published):
                work["datePublished"] = published
            appearances.append(work)
        if appearances:
            item["appearance"] = appearances if len(appearances) > 1 else appearances[0]
            dated = [a for a in appearances if "datePublished" in a]
            if dated:
                item["firstAppearance"] = min(dated, key=lambda a: a["datePublished"])
        return item

    def to_jsonld(
        self, row: ExportRow, organization: tuple[str, str | None, str | None]
    ) -> dict[str, Any] | None:
        """The ClaimReview for ``row``, or None unless a reviewer here gave it its final verdict
        (set aside, verifiers only or an imported fact-check: nothing to publish)."""
        outcome = row.outcome
        rating_pair = outcome.rating
        if not outcome.by_reviewer or rating_pair is None:
            return None
        name, url, template = organization
        value, alternate = rating_pair
        rating: dict[str, Any] = {
            "@type": "Rating",
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": alternate,
            "name": alternate,
        }
        if value is not None:
            rating["ratingValue"] = value
        author: dict[str, Any] = {"@type": "Organization", "name": name}
        if url:
            author["url"] = url
        data: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "url": self.review_url(row, url, template),
            "claimReviewed": row.claim.text,
            "datePublished": _date(outcome.decided_at),
            "author": author,
            "reviewRating": rating,
            "itemReviewed": self.item_reviewed(row),
        }
        if row.explanation:
            data["reviewBody"] = row.explanation
        return data

    def export(self, rows: list[ExportRow], out: TextIO) -> int:
        """Write a JSON array with one ClaimReview per reviewed claim; returns how many."""
        from claimtrack.export.formats import dump_json

        organization = self.organization()
        objects = [obj for row in rows if (obj := self.to_jsonld(row, organization)) is not None]
        out.write(dump_json(objects, indent=2))
        out.write("\n")
        return len(objects)
