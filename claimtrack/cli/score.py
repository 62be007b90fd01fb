"""``claimtrack score``: check-worthiness of sentences, one JSON object per line."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click

from claimtrack.config import load_settings
from claimtrack.console import json_safe
from claimtrack.errors import ClaimtrackError


def _read(source: str) -> str:
    """The text of a file (``-`` for stdin): same size cap and encoding detection as ``add``."""
    from claimtrack.ingest.decode import decode_bytes
    from claimtrack.ingest.sources import read_raw

    # ClickException, not ClaimtrackError: this command also runs on its own
    # (``python -m claimtrack.cli.score``), outside claimtrack's error handler.
    if "://" in source:
        raise click.ClickException(
            f"{source}: score reads files or stdin; add URLs with 'claimtrack add'"
        )
    try:
        raw = read_raw(source, load_settings())
        text = decode_bytes(raw.data, name=raw.name)
    except ClaimtrackError as exc:
        raise click.ClickException(str(exc)) from None
    if not text.strip():
        raise click.ClickException(
            f"{source}: is empty, expected one sentence per line (or an article with --article)"
        )
    return text


def _emit(record: dict[str, Any]) -> None:
    click.echo(json_safe(json.dumps(record, ensure_ascii=False, default=str)))


@click.command("score")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option(
    "--article", is_flag=True, help="Read FILE as a whole article and split it into sentences."
)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Publication date, to resolve 'on Tuesday', 'last year' …",
)
def score(source: str, article: bool, published: datetime | None) -> None:
    """Score sentences for check-worthiness, printing one JSON object per sentence.

    FILE holds one sentence per line (default: stdin). Each object has ``text``,
    ``score`` (0-1), ``checkworthy`` (at the documented threshold), ``kind``,
    ``reasons``, ``values`` and ``speaker``; with ``--article`` also ``start``/``end``.
    """
    text = _read(source)
    if article:
        from claimtrack.extraction import extract_claims
        from claimtrack.extraction.base import ArticleContext

        for claim in extract_claims(text, ArticleContext(published=published)):
            _emit(
                {
                    "text": claim.text,
                    "score": claim.score,
                    "checkworthy": claim.checkworthy,
                    "kind": claim.kind,
                    "reasons": claim.reasons,
                    "values": claim.values,
                    "speaker": claim.speaker,
                    "start": claim.start,
                    "end": claim.end,
                }
            )
        return
    from claimtrack.extraction.checkworthiness import score_sentence
    from claimtrack.extraction.default import NON_CLAIM_SCORE
    from claimtrack.extraction.rules import non_claim

    for line in text.splitlines():
        sentence = line.strip()
        if not sentence:
            continue
        reason = non_claim(sentence, standalone=False)
        if reason is not None:
            _emit(
                {
                    "text": sentence,
                    "score": NON_CLAIM_SCORE,
                    "checkworthy": False,
                    "kind": "other",
                    "reasons": [f"not a claim: {reason}"],
                    "values": {},
                    "speaker": None,
                }
            )
            continue
        scored = score_sentence(sentence, published)
        _emit(
            {
                "text": sentence,
                "score": scored.score,
                "checkworthy": scored.checkworthy,
                "kind": scored.kind,
                "reasons": scored.reasons,
                "values": scored.values,
                "speaker": scored.speaker,
            }
        )


if __name__ == "__main__":
    score()
