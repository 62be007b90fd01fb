"""Terminal output: consoles that honour NO_COLOR and pipes, and literal text from articles.

Article text, quotes and evidence snippets are data. They may contain rich markup
(``[bold red]``) or ANSI escape sequences; :func:`literal` makes a :class:`rich.text.Text`
that shows them exactly as written, with control characters made visible.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

#: rich style of each verdict label and claim status, shared by the report and the review app.
LABEL_STYLES: dict[str, str] = {
    "supported": "bold green",
    "refuted": "bold red",
    "mixed": "bold yellow",
    "unverifiable": "cyan",
    "error": "magenta",
    "not_checkworthy": "dim",
    "unchecked": "dim",
    "note": "dim",
    "reviewed": "green",
    "disputed": "bold yellow",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def make_console(*, stderr: bool = False) -> Console:
    """A console for stdout (or stderr). Colour only on a terminal and never with NO_COLOR."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, stderr=stderr, highlight=False, emoji=False, soft_wrap=False)


def visible_controls(value: str) -> str:
    """Replace control characters (ESC, BEL, …; not newline or tab) with ``\\x1b``-style escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def literal(value: str | None, style: str = "") -> Text:
    """Untrusted text as a rich ``Text``: no markup is interpreted, no escape is emitted."""
    return Text(visible_controls(value or ""), style=style)


def print_json(data: Any, *, file: Any = None) -> None:
    """Write ``data`` as indented JSON (dates as ISO strings) to stdout."""
    out = file or sys.stdout
    # One write of the whole document: json.dump's many small writes cost seconds on big reports.
    out.write(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
