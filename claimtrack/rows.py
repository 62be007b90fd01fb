"""The JSON forms of stored rows (a claim, a mention with its article) and each verifier's
latest verdicts among stored rows (:func:`latest_calls`, which every outcome applies).

They take a table class's object (:mod:`claimtrack.models`) or a plain row with the same
columns, and import neither SQLAlchemy nor the table classes, so that a read command
(``claimtrack claims --json``) that reads rows with the standard library's ``sqlite3``
loads neither. :mod:`claimtrack.models` re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: The fields of a claim's JSON form, in order.
_CLAIM_FIELDS = ("id", "text", "kind", "score", "status", "values", "created_at", "updated_at")


def claim_to_dict(claim: Any) -> dict[str, Any]:
    """The JSON form of a claim (a :class:`Claim` or a row with the same columns)."""
    mapping = getattr(claim, "_mapping", None)
    if mapping is not None:  # a plain row: keyed access is 3x faster than its attributes
        data = {key: mapping[key] for key in _CLAIM_FIELDS}
    else:
        data = {key: getattr(claim, key) for key in _CLAIM_FIELDS}
    data["score"] = round(data["score"], 4)
    return data


def mention_to_dict(mention: Any, article: Any) -> dict[str, Any]:
    """The JSON form of one mention with its article."""
    return {
        "article_id": article.id,
        "article_title": article.title,
        "source": article.source,
        "published": article.published,
        "published_source": article.published_source,
        "sentence": mention.sentence,
        "start": mention.start,
        "end": mention.end,
        "speaker": mention.speaker,
    }


def _get(row: Any, name: str, default: Any = None) -> Any:
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def latest_calls(rows: Iterable[Any]) -> list[Any]:
    """Each verifier's latest verdicts on each claim: the rows its latest call stored.

    ``rows`` are verdict rows (or dicts with ``claim_id``, ``verifier``, ``run_id``,
    ``part``), oldest first. One call may store several rows (one per part); a later call
    replaces all of them, so a part its latest call left out has no verdict from it. Rows
    with no ``run_id`` count as one call per row: the latest per part wins. Order is kept.
    """
    rows = list(rows)
    if len(rows) < 2:
        return rows
    # Rows (not dicts), as a report's thousands are: attributes read directly.
    get = getattr if not any(isinstance(row, dict) for row in rows) else _get
    keys = [(get(row, "claim_id", None), str(get(row, "verifier", ""))) for row in rows]
    if len(set(keys)) == len(keys):
        return rows  # one row per verifier and claim: each is its latest call's
    runs = [get(row, "run_id", None) for row in rows]
    newest = dict(zip(keys, runs, strict=True))
    latest: dict[tuple[Any, str, str], Any] = {}
    for row, key, run in zip(rows, keys, runs, strict=True):
        if run == newest[key]:
            latest[(*key, str(get(row, "part", None) or ""))] = row
    kept = {id(r) for r in latest.values()}
    return [r for r in rows if id(r) in kept]
