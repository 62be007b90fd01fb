"""Terminal output: consoles that honour NO_COLOR and pipes, and literal text from articles.

Article text, quotes and evidence snippets are data. They may contain rich markup
(``[bold red]``), ANSI escape sequences or bidirectional-text controls (U+202E
RIGHT-TO-LEFT OVERRIDE and kin, which make a terminal show text in another order than it
is: "Trojan Source"); :func:`literal` makes a :class:`rich.text.Text` that shows them
exactly as written, with control characters made visible (``\\x1b``, ``\\u202e``).
JSON output keeps the data exact but writes bidi controls as ``\\u`` escapes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.text import Text

from claimtrack.labels import ALL_LABELS, UNCHECKED, ClaimStatus, ReviewLabel, VerdictLabel

#: The colour of each label, keyed by the labels' enums (:mod:`claimtrack.labels`).
_STYLES: dict[str, str] = {
    VerdictLabel.SUPPORTED: "bold green",
    VerdictLabel.REFUTED: "bold red",
    VerdictLabel.MIXED: "bold yellow",
    VerdictLabel.UNVERIFIABLE: "cyan",
    VerdictLabel.ERROR: "magenta",
    ReviewLabel.NOT_CHECKWORTHY: "dim",
    ReviewLabel.NOTE: "dim",
    UNCHECKED: "dim",
    ClaimStatus.OPEN: "bold",
    ClaimStatus.REVIEWED: "green",
    ClaimStatus.DISPUTED: "bold yellow",
}
#: rich style of every label in :data:`claimtrack.labels.ALL_LABELS` (verdicts, outcomes,
#: review labels, claim statuses), shared by the report and the review app. Built from that
#: one list, so a new label without a colour fails at import.
LABEL_STYLES: dict[str, str] = {label: _STYLES[label] for label in ALL_LABELS}

#: Bidirectional-text controls: embeddings and overrides (U+202A–202E), isolates
#: (U+2066–2069), and the implicit marks LRM, RLM and ALM (U+200E, U+200F, U+061C).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def make_console(*, stderr: bool = False) -> Console:
    """A console for stdout (or stderr). Colour only on a terminal and never with NO_COLOR."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, stderr=stderr, highlight=False, emoji=False, soft_wrap=False)


def visible_controls(value: str) -> str:
    """Replace control characters (ESC, BEL, …; not newline or tab) with ``\\x1b``-style
    escapes, and bidirectional-text controls with ``\\u202e``-style ones."""
    return _CONTROL.sub(_escape, value)


def json_safe(document: str) -> str:
    """A JSON document with bidi controls written as ``\\u`` escapes: the same data, safe
    to print (outside strings JSON has no such characters, inside them the escape is equal)."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def literal(value: str | None, style: str = "") -> Text:
    """Untrusted text as a rich ``Text``: no markup is interpreted, no escape is emitted."""
    return Text(visible_controls(value or ""), style=style)


def print_json(data: Any, *, file: Any = None) -> None:
    """Write ``data`` as indented JSON (dates as ISO strings) to stdout."""
    out = file or sys.stdout
    # One write of the whole document: json.dump's many small writes cost seconds on big reports.
    out.write(json_safe(dumps_indented(data)) + "\n")


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)`` with dates as ISO strings, made by
    orjson (the stdlib indents in pure Python, ten times slower). The same document; only
    floats with exponents are spelt the shortest way (``1e-7``, not ``1e-07``)."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2, default=_json_default).decode()
    except (orjson.JSONEncodeError, TypeError):
        # Beyond orjson: integers over 64 bits, lone surrogates. json raises if it cannot either.
        return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)


def write_json_array(
    items: Iterable[Any], out: Any = None, *, depth: int = 0, batch: int = 500
) -> int:
    """Write ``items`` as an indented JSON array, as they come: the same text as
    :func:`print_json` of the whole list (without the final newline) when the array is
    ``depth`` levels deep in the document, so the output is valid JSON at flat memory.
    Returns how many items were written."""
    from itertools import islice

    out = out or sys.stdout
    inner = "\n" + "  " * (depth + 1)
    it = iter(items)
    count = 0
    while chunk := list(islice(it, batch)):
        text = dumps_indented(chunk)
        # "[\n  {…},\n  {…}\n]" → its items, indented for their depth (json.dumps never
        # writes a raw newline inside a string, so every newline is layout).
        body = text[2:-2].replace("\n", "\n" + "  " * depth)
        out.write(("[" if not count else ",") + inner + json_safe(body[2:]))
        count += len(chunk)
    out.write("\n" + "  " * depth + "]" if count else "[]")
    return count


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
