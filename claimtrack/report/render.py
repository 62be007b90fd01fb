"""Rendering a :class:`~claimtrack.report.build.Report` as a table, JSON or Markdown."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from claimtrack.console import (
    LABEL_STYLES,
    literal,
    print_json,
    visible_controls,
    write_json_array,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style

    from claimtrack.outcome import Outcome
    from claimtrack.report.build import Report


def _evidence_text(evidence: dict[str, Any] | None) -> str:
    if not evidence:
        return ""
    return str(evidence.get("url") or evidence.get("source") or evidence.get("title") or "")


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


#: Lines printed per batch: output starts at once and no renderable holds the whole report.
CHUNK_LINES = 500
#: Space between two columns.
GAP = "  "
#: The claim column gets at least this many cells, or evidence leaves its column.
MIN_CLAIM_WIDTH = 28
#: The evidence column is at most this wide (longer links fold onto more lines).
MAX_EVIDENCE_WIDTH = 40

#: A laid-out piece of a line: text (already literal, one line) and its style.
_Piece = tuple[str, "Style | None"]


class _Cells(NamedTuple):
    """A row's short cells, as shown: id, kind, verdict (pieces and width), confidence and
    evidence link (untrusted text already literal)."""

    id: str
    kind: str
    verdict: list[_Piece]
    verdict_w: int
    conf: str
    evidence: str


@cache
def _single_cells() -> frozenset[str]:
    """Characters one cell wide: rich's own set, plus the general punctuation it measures
    one by one (dashes, curly quotes, "…": in most claims, and in every shortened one),
    and the arrows and symbols the report marks lines with (→, ↗, ⚑, ⚠), each only when
    rich measures it one cell wide. A string of these is as wide as it is long."""
    from rich.cells import cell_len

    try:
        from rich.cells import _SINGLE_CELLS as known
    except ImportError:  # a rich without it: measure those ranges here
        known = frozenset(map(chr, range(0x20, 0x7F)))
    ranges = (range(0xA0, 0x300), range(0x2010, 0x2060), range(0x2190, 0x2200))
    extra = (chr(code) for span in (*ranges, range(0x2600, 0x2700)) for code in span)
    return known | {char for char in extra if cell_len(char) == 1}


def _cells(text: str) -> int:
    if text.isascii() or _single_cells().issuperset(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells; an ellipsis marks a cut."""
    if text.isascii():
        return (
            text if len(text) <= width else "…"[:width] if width <= 1 else text[: width - 1] + "…"
        )
    single = _single_cells().issuperset(text)
    if (len(text) if single else _cells(text)) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if single:  # what set_cell_size gives for one-cell characters
        return text[: width - 1].rstrip() + "…"
    from rich.cells import set_cell_size

    return set_cell_size(text, width - 1).rstrip() + "…"


def _chop(word: str, width: int) -> list[str]:
    """A word longer than ``width`` cells (a link, say) folded into pieces that fit."""
    if word.isascii() or _single_cells().issuperset(word):
        return [word[i : i + width] for i in range(0, len(word), width)]
    from rich.cells import chop_cells

    return chop_cells(word, width)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` (one line, no control characters) in lines of at most ``width`` cells:
    broken between words, and inside words only when a word alone is too long."""
    if not (text.isascii() or _single_cells().issuperset(text)):
        return _wrap_words(text, width)
    end = len(text)
    if end <= width:
        return [text]
    if "  " in text or text[0] == " " or text[-1] == " ":
        return _wrap_words(text, width)
    # One-cell characters, single spaces (as shortened text is): each line is the longest
    # run of whole words that fits, found with str.rfind; what _wrap_words gives.
    lines: list[str] = []
    start = 0
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        after = text.find(" ", cut + 1)
        if cut < start or (after if after >= 0 else end) - cut - 1 > width:
            # A word too long for any line: _wrap_words folds it from this line on.
            return lines + _wrap_words(text[start:], width)
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def _wrap_words(text: str, width: int) -> list[str]:
    """:func:`_wrap`, word by word: any text (wide characters, runs of spaces)."""
    size_of = len if text.isascii() or _single_cells().issuperset(text) else _cells
    if size_of(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = size_of(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if size > width:
            # Too long for any line (a link): start it here and fold the rest.
            room = width - used - 1 if line else width
            head = _chop(word, room)[0] if room > 0 else ""
            if size_of(head) > room:  # a wide character that does not fit in what is left
                head = ""
            if head:
                line = f"{line} {head}" if line else head
            if line:
                lines.append(line)
            *full, line = _chop(word[len(head) :], width)
            lines.extend(full)
            used = size_of(line)
            continue
        if line:
            lines.append(line)
        line, used = word, size
    lines.append(line)
    return lines


class _Layout:
    """Column widths, computed once for the whole report from the console width and the rows."""

    def __init__(self, cells: list[_Cells], console_width: int) -> None:
        self.id_w = max([2] + [len(c.id) for c in cells])
        self.kind_w = min(16, max([4] + [_cells(c.kind) for c in cells]))
        self.verdict_w = max([7] + [c.verdict_w for c in cells])
        self.conf_w = 5
        longest_evidence = max([0] + [_cells(c.evidence) for c in cells])
        self.evidence_w = max(8, min(MAX_EVIDENCE_WIDTH, longest_evidence))
        gap = len(GAP)
        fixed = self.id_w + self.kind_w + self.verdict_w + self.conf_w + gap * 4
        self.claim_w = console_width - fixed - gap - self.evidence_w
        if self.claim_w < MIN_CLAIM_WIDTH:
            # Too narrow for both (80 columns): the evidence link gets a line of its own
            # under the claim rather than a column that would fold it into scraps.
            self.evidence_w = 0
            self.claim_w = console_width - fixed
        self.claim_w = max(12, self.claim_w)
        #: Where the claim column starts: the lines under a claim (why, earlier
        #: fact-checks, evidence on narrow consoles) start there and run to the edge.
        self.indent = self.id_w + self.kind_w + gap * 2
        self.span_w = max(20, console_width - self.indent)
        self.width = (
            self.indent
            + self.claim_w
            + gap * 2
            + self.verdict_w
            + self.conf_w
            + (gap + self.evidence_w if self.evidence_w else 0)
        )


#: The mark after an outcome's label saying who decided it (the verifiers: no mark).
DECIDED_MARKS: dict[str | None, str] = {"review": "reviewed", "fact_check": "fact-check"}


def _marks(outcome: Outcome) -> list[str]:
    """The marks after a label: ``disputed`` (the verifiers disagree), then who decided."""
    marks = ["disputed"] if outcome.disputed else []
    if outcome.decided_by in DECIDED_MARKS:
        marks.append(DECIDED_MARKS[outcome.decided_by])
    return marks


def _verdict_pieces(outcome: Outcome, get_style: Any) -> list[_Piece]:
    """The outcome's label coloured by label, plus "(disputed)" and who-decided marks."""
    base = LABEL_STYLES.get(outcome.label, "")
    pieces: list[_Piece] = [(outcome.label.replace("_", " "), get_style(base))]
    for mark in _marks(outcome):
        extra = "bold yellow" if mark == "disputed" else "italic"
        pieces.append((f" ({mark})", get_style(f"{base} {extra}")))
    return pieces


def verifier_errors(row: Any) -> list[str]:
    """``"⚠ <verifier> error: <message>"`` for each of the row's verdicts that is an error,
    unless the claim's summary already is that message (its final label is ``error``)."""
    shown = row.final.summary if row.final.label == "error" else None
    found = []
    for verdict in row.verdicts:
        message = verdict.error or verdict.summary
        if verdict.label == "error" and message and message != shown:
            found.append(f"⚠ {verdict.verifier} error: {message}")
    return found


def _confidence(final: Any) -> str:
    return (
        f"{final.confidence:.2f}"
        if final.label not in ("unchecked", "error", "unverifiable") or final.reviewed
        else ""
    )


#: Rows laid out together: a streamed report is printed a page at a time, each page's
#: columns sized to its rows (the header is printed again when they change).
PAGE_ROWS = 1_000


def render_table(report: Report, console: Console, *, width: int = 90) -> None:
    """Print the report as a table plus a summary line. Untrusted text is shown literally.

    Rows are read once, :data:`PAGE_ROWS` at a time (a streamed report is never all in
    memory). Columns are laid out per page, from the console width and the page's rows
    (the header is printed again when a page's columns differ from the previous page's),
    then rows are printed as ready-made lines in batches of :data:`CHUNK_LINES` (a rich
    ``Table`` measures and wraps every cell, which takes seconds on 10,000 claims). The
    claim wraps in its column (shortened to ``width`` characters, or the column width if
    wider); its "why", each verifier error, earlier fact-checks and, on narrow consoles, the
    evidence link get a line each under it.

    Every piece of untrusted text (claim, kind, summary, evidence, prior check) goes through
    :func:`claimtrack.console.literal`: control characters are made visible, and the text
    is laid out as plain segments, never parsed as markup. When the console shows no
    styles (a pipe, a file, ``TERM=dumb``), each batch of lines is one plain segment.
    """
    from itertools import islice

    from rich.segment import Segment
    from rich.text import Text

    from claimtrack.report.build import Tally

    @cache
    def get_style(name: str) -> Style | None:
        return console.get_style(name) if name.strip() else None

    def safe(value: str | None) -> str:
        """Untrusted text on one line: markup stays text; ESC, BEL, … become ``\\x1b``, ``\\x07``."""
        return " ".join(visible_controls(value or "").split())  # what literal() shows

    def short_safe(value: str, size: int) -> str:
        """``safe(_shorten(value, size))``: shortened text is already on one line with
        single spaces, and the escapes of controls are not blanks."""
        return visible_controls(_shorten(value, size))

    if report.article is not None:
        title = literal(
            f"Article {report.article.id}: {report.article.title or report.article.source}",
            style="bold",
        )
        console.print(title)
        console.print(literal(article_date_line(report.article), style="dim"))
    dim, yellow, bold = get_style("dim"), get_style("yellow"), get_style("bold")
    magenta = get_style(LABEL_STYLES["error"])
    # Without colours rich writes segments' text as it is: lines are joined here instead.
    plain = console.color_system is None
    out: list[Any] = []
    newline = Segment.line()
    tally = Tally()
    rows = iter(report.rows)
    shown: _Layout | None = None
    single = _single_cells().issuperset
    verdicts: dict[tuple[str, bool, str | None], tuple[list[_Piece], int]] = {}

    def emit(pieces: list[_Piece]) -> None:
        """One line, without trailing blanks."""
        if plain:
            out.append("".join([text for text, _ in pieces]).rstrip() + "\n")
            return
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if pieces:
            text, style = pieces[-1]
            pieces[-1] = (text.rstrip(), style)
        out.extend(Segment(text, style) for text, style in pieces if text)
        out.append(newline)

    def emit_line(text: str, style: Style | None = None) -> None:
        """A line of one piece."""
        if plain:
            out.append(text.rstrip() + "\n")
        else:
            emit([(text, style)])

    def emit_under(text: str, style: Style | None) -> None:
        """A line under the claim: from the claim column on."""
        if plain:
            out.append((indent + text).rstrip() + "\n")
        else:
            emit([(indent, None), (text, style)])

    def flush(crop: bool) -> None:
        _flush(console, [Segment("".join(out))] if plain and out else out, crop)
        out.clear()

    def verdict_of(outcome: Outcome) -> tuple[list[_Piece], int]:
        key = (outcome.label, outcome.disputed, outcome.decided_by)
        found = verdicts.get(key)
        if found is None:
            pieces = _verdict_pieces(outcome, get_style)
            found = verdicts[key] = (pieces, sum(_cells(text) for text, _ in pieces))
        return found

    safe_kinds: dict[str, str] = {}  # a few kinds over many claims

    def cells_of(row: Any) -> _Cells:
        outcome = row.outcome
        verdict, verdict_w = verdict_of(outcome)
        final = outcome.final
        kind = row.claim.kind
        safe_kind = safe_kinds.get(kind)
        if safe_kind is None:
            safe_kind = safe_kinds[kind] = safe(kind)
        evidence = final.evidence
        return _Cells(
            str(row.claim.id),
            safe_kind,
            verdict,
            verdict_w,
            _confidence(final),
            safe(_evidence_text(evidence)) if evidence else "",
        )

    while True:
        page = list(islice(rows, PAGE_ROWS))
        if not page and shown is not None:
            break
        cells = [cells_of(row) for row in page]
        layout = _Layout(cells, console.width)
        crop = (
            max(layout.width, layout.indent + layout.span_w) > console.width
        )  # only on very narrow consoles
        gap, indent = GAP, " " * (layout.id_w + layout.kind_w + len(GAP) * 2)
        if shown is None or vars(layout) != vars(shown):
            header: list[_Piece] = [
                (
                    "ID".rjust(layout.id_w)
                    + gap
                    + _cut("Kind", layout.kind_w).ljust(layout.kind_w)
                    + gap,
                    bold,
                ),
                (
                    _cut("Claim and why", layout.claim_w).ljust(layout.claim_w)
                    + gap
                    + "Verdict".ljust(layout.verdict_w)
                    + gap
                    + "Conf.",
                    bold,
                ),
            ]
            if layout.evidence_w:
                header.append((gap + "Evidence", bold))
            if shown is not None:
                emit([])
            emit(header)
            if console.is_terminal:
                emit([("─" * min(layout.width, console.width), dim)])
            shown = layout
        kind_cells: dict[str, str] = {}
        claim_w, shorten_to = layout.claim_w, max(width, layout.claim_w)
        for row, cell in zip(page, cells, strict=True):
            tally.add(row)
            final = row.final
            claim = short_safe(row.claim.text, shorten_to)
            size = len if claim.isascii() or single(claim) else _cells
            claim_lines = _wrap(claim, claim_w)
            evidence = cell.evidence
            evidence_lines = (
                _wrap(evidence, layout.evidence_w) if layout.evidence_w and evidence else []
            )
            kind_cell = kind_cells.get(cell.kind)
            if kind_cell is None:
                cut = _cut(cell.kind, layout.kind_w)
                kind_cell = kind_cells[cell.kind] = cut + " " * (layout.kind_w - _cells(cut))
            first: list[_Piece] = [
                (
                    cell.id.rjust(layout.id_w)
                    + gap
                    + kind_cell
                    + gap
                    + claim_lines[0]
                    + " " * (claim_w - size(claim_lines[0]))
                    + gap,
                    None,
                ),
                *cell.verdict,
                (
                    " " * (layout.verdict_w - cell.verdict_w)
                    + gap
                    + cell.conf.rjust(layout.conf_w),
                    None,
                ),
            ]
            if evidence_lines:
                first.append((gap + evidence_lines[0], None))
            if plain:  # the same line, joined without its pieces
                out.append("".join([text for text, _ in first]).rstrip() + "\n")
            else:
                emit(first)
            for i in range(1, max(len(claim_lines), len(evidence_lines))):
                claim_part = claim_lines[i] if i < len(claim_lines) else ""
                line = indent + claim_part
                if i < len(evidence_lines):
                    line += (
                        " " * (claim_w - size(claim_part))
                        + gap
                        + " " * (layout.verdict_w + len(gap) + layout.conf_w)
                        + gap
                        + evidence_lines[i]
                    )
                emit_line(line)
            if final.summary and final.label != "unchecked":
                emit_under(
                    _cut("→ " + short_safe(final.summary, layout.span_w), layout.span_w), dim
                )
            for checked in final.parts:
                for pieces in _part_lines(checked, layout.span_w, safe, get_style, final.summary):
                    emit([(indent, None), *pieces])
            for error in verifier_errors(row):
                for part in _wrap(_shorten(safe(error), layout.span_w * 3), layout.span_w):
                    emit_under(part, magenta)
            for prior in row.prior:
                for part in _wrap("⚑ " + safe(prior.describe()), layout.span_w):
                    emit_under(part, yellow)
            if evidence and not layout.evidence_w:
                for part in _wrap("↗ " + evidence, layout.span_w):
                    emit_line(indent + part)
            if len(out) >= CHUNK_LINES * 4:
                flush(crop)
        flush(crop)
        if len(page) < PAGE_ROWS:
            break
    console.print(Text(tally.summary_line()))


def part_confidence(part: Any) -> str:
    """A part's confidence as shown, or "" when its label has none."""
    return f"{part.confidence:.2f}" if part.label in ("supported", "refuted", "mixed") else ""


def _part_lines(
    part: Any, width: int, safe: Any, get_style: Any, said: str = ""
) -> list[list[_Piece]]:
    """A part under its claim: "◦ office: <its text>  supported 0.90", then its summary
    (dimmed) when a verifier said something the claim's line (``said``) does not already
    say. Part text and summaries are untrusted."""
    label = part.label.replace("_", " ") + (" (disputed)" if part.disputed else "")
    conf = part_confidence(part)
    tail = f"  {label}" + (f" {conf}" if conf else "")
    head = _cut(f"◦ {safe(part.kind)}: {safe(part.text)}", max(8, width - _cells(tail)))
    lines: list[list[_Piece]] = [
        [(head, None), (tail, get_style(LABEL_STYLES.get(part.label, "")))]
    ]
    if part.summary and part.label != "unchecked" and part.summary != said:
        lines.append([(_cut("    " + safe(part.summary), width), get_style("dim"))])
    return lines


def _flush(console: Console, segments: list[Segment], crop: bool) -> None:
    """Print laid-out lines as they are (they already fit: no wrapping)."""
    from rich.segment import Segments

    if segments:
        console.print(Segments(segments), crop=crop, end="")


def article_date_line(article: Any) -> str:
    """The article's date and where it came from, or that it has none.

    "Published 2022-09-15 (given)"; without a date: "No date: claims that depend on the
    date were checked at any time, never against today".
    """
    if article.published is None:
        return (
            "No date: claims that depend on the date were checked at any time, never against today"
        )
    day = article.published.date().isoformat()
    return f"Published {day}" + (
        f" ({article.published_source})" if article.published_source else ""
    )


def _article_json(article: Any) -> dict[str, Any] | None:
    if article is None:
        return None
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "published_source": article.published_source,
    }


def render_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (every row in memory: :func:`write_json` streams)."""
    from claimtrack.report.build import Tally

    rows = list(report.rows)
    tally = Tally(rows)
    return {
        "article": _article_json(report.article),
        "claims": [row.to_dict() for row in rows],
        "counts": tally.counts,
        "disputed": tally.disputed,
        "summary": tally.summary_line(),
    }


def write_json(report: Report, out: TextIO) -> None:
    """Write the report as JSON to ``out`` as its rows are read: the same document as
    :func:`claimtrack.console.print_json` of :func:`render_json`, at flat memory."""
    from claimtrack.report.build import Tally

    tally = Tally()

    def rows() -> Iterator[dict[str, Any]]:
        for row in report.rows:
            tally.add(row)
            yield row.to_dict()

    head = io.StringIO()
    print_json({"article": _article_json(report.article)}, file=head)
    out.write(head.getvalue()[: -len("\n}\n")] + ',\n  "claims": ')
    write_json_array(rows(), out, depth=1)
    tail = io.StringIO()
    print_json(
        {"counts": tally.counts, "disputed": tally.disputed, "summary": tally.summary_line()},
        file=tail,
    )
    out.write(",\n" + tail.getvalue()[len("{\n") :])


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: str | None) -> str:
    """Untrusted text for a Markdown table cell: specials escaped, no newlines, controls visible."""
    flat = " ".join(visible_controls(text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def md_part(part: Any) -> str:
    """One part for a Markdown cell: "office: <text> → **supported** 0.90 (<summary>)"."""
    conf = part_confidence(part)
    text = f"{md_escape(part.kind)}: {md_escape(part.text)} → **{part.label.replace('_', ' ')}**"
    if part.disputed:
        text += " (disputed)"
    if conf:
        text += f" {conf}"
    if part.summary and part.label != "unchecked":
        text += f" ({md_escape(part.summary)})"
    return text


def md_parts(parts: Any) -> str:
    """A claim's parts for one Markdown table cell, one per line (``<br>``)."""
    return "<br>".join(md_part(p) for p in parts)


def render_markdown(report: Report) -> str:
    """The report as a Markdown document (see :func:`write_markdown`)."""
    out = io.StringIO()
    write_markdown(report, out)
    return out.getvalue()


def write_markdown(report: Report, out: TextIO) -> None:
    """Write the report as a Markdown document (a table and the summary line) to ``out``.

    When any claim has checkable parts, the table has a "Parts" column: each part with its
    verdict. When any claim was checked before (an imported fact-check matches it), the table has a
    last column, "Previously checked". Whether they are there is known only after the last
    row: the rows are spooled (to a temporary file past a few MB) and written after the
    header, so memory stays flat.
    """
    import tempfile

    from claimtrack.report.build import Tally

    if report.article is not None:
        out.write(f"# Claims in {md_escape(report.article.title or report.article.source)}\n\n")
        out.write(article_date_line(report.article) + "\n\n")  # our own words: no escaping
    tally = Tally()
    prior = parts = False
    # Each row as one JSON line of three cells: the fixed columns, its parts, its prior checks.
    with tempfile.SpooledTemporaryFile(
        max_size=8 << 20, mode="w+", encoding="utf-8", newline="\n"
    ) as spool:
        for row in report.rows:
            tally.add(row)
            final = row.final
            verdict = f"**{row.outcome.label.replace('_', ' ')}**" + "".join(
                f" ({mark})" for mark in _marks(row.outcome)
            )
            link = _evidence_text(final.evidence)
            url = (final.evidence or {}).get("url")
            evidence = (
                f"<{visible_controls(str(url)).replace('>', '%3E').replace(' ', '%20')}>"
                if url and re.match(r"https?://", str(url))
                else md_escape(link)
            )
            why = md_escape("; ".join(filter(None, [final.summary, *verifier_errors(row)])))
            line = (
                f"| {row.claim.id} | {md_escape(row.claim.kind)} | {md_escape(row.claim.text)} | {verdict} | "
                f"{final.confidence:.2f} | {why} | {evidence} |"
            )
            parts = parts or bool(final.parts)
            prior = prior or bool(row.prior)
            cells = [
                line,
                md_parts(final.parts),
                "; ".join(md_escape(p.describe()) for p in row.prior),
            ]
            spool.write(json.dumps(cells) + "\n")
        out.write(
            "| ID | Kind | Claim | Verdict | Confidence | Why | Evidence |"
            + (" Parts |" if parts else "")
            + (" Previously checked |" if prior else "")
            + "\n"
        )
        out.write(
            "|---:|---|---|---|---:|---|---|"
            + ("---|" if parts else "")
            + ("---|" if prior else "")
            + "\n"
        )
        spool.seek(0)
        for spooled in spool:
            line, part_cell, prior_cell = json.loads(spooled)
            if parts:
                line += f" {part_cell} |"
            if prior:
                line += f" {prior_cell} |"
            out.write(line + "\n")
    out.write("\n" + md_escape(tally.summary_line()) + "\n")
