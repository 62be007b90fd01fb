"""``claimtrack match``: earlier published fact-checks of a claim."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from claimtrack.cli.common import json_option, make_table, open_registry, shorten
from claimtrack.console import json_safe, literal, make_console, print_json
from claimtrack.errors import InputError

if TYPE_CHECKING:
    from claimtrack.retrieval import Match


def match_to_dict(match: Match) -> dict[str, Any]:
    """The JSON form of one match: the fact-check's claim, URL, publisher, rating, label, date, score."""
    fc = match.fact_check
    return {
        "claim": fc.claim,
        "url": fc.url,
        "publisher": fc.publisher or None,
        "rating": fc.rating or None,
        "label": fc.label or None,
        "date": fc.date,
        "score": match.score,
    }


def stdin_lines(stream: IO[bytes]) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for each non-blank line of ``stream``, read as it comes.

    A line that is binary data or not UTF-8 raises :class:`InputError` naming it; so does a
    stream with no claim at all.
    """
    from claimtrack.ingest.decode import looks_binary

    head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
    if looks_binary(head):
        raise InputError("stdin line 1: looks like binary data, not lines of text")
    seen = False
    for number, raw in enumerate(stream, start=1):
        if looks_binary(raw):
            raise InputError(f"stdin line {number}: looks like binary data, not a line of text")
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise InputError(f"stdin line {number}: is not UTF-8 text") from None
        if text.strip():
            seen = True
            yield number, text.strip()
    if not seen:
        raise InputError("stdin: no claim to match (expected one claim per line)")


@click.command("match")
@click.argument("text", metavar="TEXT|-")
@click.option(
    "--top",
    type=click.IntRange(min=1, max=100),
    default=5,
    show_default=True,
    help="How many fact-checks to show per claim.",
)
@json_option
@click.pass_context
def match(ctx: click.Context, text: str, top: int, as_json: bool) -> None:
    """Find earlier published fact-checks of a claim.

    TEXT is a claim or a post (URLs, hashtags and a tweet's signature are ignored). The
    fact-checks searched are those imported with `claimtrack import claimreview`; a score
    at or above the "previously checked" threshold means the fact-check checks this claim.

    With -, reads one claim per line from standard input and writes one JSON object per
    line, in input order: {"text": ..., "matches": [{"claim", "url", "publisher",
    "rating", "label", "date", "score"}, ...]}. Blank lines are skipped. The first bad
    line (binary, not UTF-8, or too long) stops the run with an error naming it (exit 1);
    the lines before it have been written.
    """
    from claimtrack.retrieval import PREVIOUSLY_CHECKED, Matcher, MatchInputError

    if text != "-" and not text.strip():
        raise InputError("nothing to match: the text is empty")
    registry = open_registry(ctx)
    matcher = Matcher.for_registry(registry)
    if text == "-":
        for number, line in stdin_lines(sys.stdin.buffer):
            try:
                found = matcher.search(line, top)
            except MatchInputError as exc:
                raise InputError(f"stdin line {number}: {exc}") from None
            record = {"text": line, "matches": [match_to_dict(m) for m in found]}
            click.echo(json_safe(json.dumps(record, ensure_ascii=False)))
        return
    try:
        found = matcher.search(text, top)
    except MatchInputError as exc:
        raise InputError(str(exc)) from None
    if as_json:
        print_json({"text": text, "matches": [match_to_dict(m) for m in found]})
        return
    console = make_console()
    if not found:
        console.print(
            f"No earlier fact-check shares a word with this text ({len(matcher)} searched)."
        )
        return
    table = make_table(
        console,
        ("Score", "right"),
        ("Publisher", "left"),
        ("Rating", "left"),
        ("Label", "left"),
        ("Date", "left"),
        ("Fact-checked claim", "left"),
        ("URL", "left"),
    )
    for m in found:
        fc = m.fact_check
        score = f"{m.score:.2f}" + (" ✓" if m.previously_checked else "")
        table.add_row(
            score,
            literal(fc.publisher),
            literal(fc.rating),
            literal(fc.label),
            literal((fc.date or "")[:10]),
            literal(shorten(fc.claim, 80)),
            literal(fc.url),
        )
    console.print(table)
    console.print(
        f"✓: previously checked (score ≥ {PREVIOUSLY_CHECKED} and the text states enough of"
        f" the fact-checked claim); {len(matcher)} fact-checks searched"
    )
