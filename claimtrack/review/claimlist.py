"""A virtual claim list: renders only the lines on screen, so 10,000 claims open instantly.

Textual's ``DataTable`` measures every cell of every row when rows are added; for the
review app's list that is seconds at 10,000 claims. :class:`ClaimList` is a
:class:`~textual.scroll_view.ScrollView` whose lines are drawn on demand from
:class:`~claimtrack.review.data.ClaimRow` objects, with a row cursor, keyboard and mouse.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claimtrack.console import LABEL_STYLES, visible_controls
from claimtrack.review.data import ClaimRow

KIND_SHORT: dict[str, str] = {
    "statistic": "stat",
    "temporal": "time",
    "membership": "member",
    "comparison": "compar",
}
STATUS_MARKS: dict[str, str] = {
    "open": "·",
    "reviewed": "✓",
    "disputed": "!",
    "not_checkworthy": "×",
}


def short_label(row: ClaimRow) -> tuple[str, str]:
    """The outcome cell: upper case when a person decided it (a reviewer or an imported
    fact-check), with its style."""
    label = row.label
    if not label:
        return "—", "dim"
    shown = {"unverifiable": "unverif.", "not_checkworthy": "not CW"}.get(label, label)
    return (shown.upper() if row.decided else shown), LABEL_STYLES.get(label, "")


class ClaimList(ScrollView, can_focus=True):
    """The scrolling list of claims, one line each, with a cursor."""

    BINDINGS: ClassVar = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]
    COMPONENT_CLASSES: ClassVar = {"claim-list--cursor"}
    DEFAULT_CSS = """
    ClaimList { height: 1fr; }
    ClaimList > .claim-list--cursor { background: $block-cursor-blurred-background; text-style: bold; }
    ClaimList:focus > .claim-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to ``index``."""

        def __init__(self, claim_list: ClaimList, index: int) -> None:
            super().__init__()
            self.claim_list = claim_list
            self.index = index

        @property
        def control(self) -> ClaimList:
            """The list that sent this message (for ``@on(..., "#claims")``)."""
            return self.claim_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ClaimRow] = []
        self._index: dict[int, int] = {}
        self.id_width = 2

    # -- data ------------------------------------------------------------------------------

    def set_rows(self, rows: list[ClaimRow], *, keep: int | None = None) -> None:
        """Show ``rows``; keep the cursor on claim ``keep`` if it is among them."""
        self.rows = rows
        self._index = {row.id: i for i, row in enumerate(rows)}
        self.id_width = max((len(str(r.id)) for r in rows), default=1) + 1
        self.virtual_size = Size(self.size.width, len(rows))
        self._cursor_to(self._index.get(keep, 0) if keep is not None else 0, force=True)
        self.refresh()

    def index_of(self, claim_id: int) -> int | None:
        """The line of ``claim_id``, if listed."""
        return self._index.get(claim_id)

    def replace(self, row: ClaimRow) -> None:
        """Redraw one claim after a decision."""
        index = self._index.get(row.id)
        if index is not None:
            self.rows[index] = row
            self.refresh_line(index)

    @property
    def current(self) -> ClaimRow | None:
        """The claim under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # -- cursor ----------------------------------------------------------------------------

    def _cursor_to(self, index: int, *, force: bool = False) -> None:
        if not self.rows:
            self.cursor = 0
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index != self.cursor or force:
            old = self.cursor
            self.cursor = index
            self.refresh_line(old)
            self.refresh_line(index)
            self.post_message(self.Highlighted(self, index))
        self._scroll_to_cursor()

    def move_to(self, index: int) -> None:
        """Put the cursor on line ``index``."""
        self._cursor_to(index)

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def refresh_line(self, index: int) -> None:
        """Repaint one list line."""
        y = index - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor(self, step: int) -> None:
        self._cursor_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._cursor_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        self._cursor_to(index if index >= 0 else len(self.rows) - 1)

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if y is not None:
            self.focus()
            self._cursor_to(int(self.scroll_offset.y) + int(y))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    # -- drawing ---------------------------------------------------------------------------

    def line_text(self, row: ClaimRow, width: int, *, cursor: bool = False) -> Text:
        """One list line for ``row``: ``▸`` marks the cursor even without colour."""
        label, label_style = short_label(row)
        text = Text(no_wrap=True, overflow="crop")
        text.append("▸" if cursor else " ")
        text.append(
            STATUS_MARKS.get(row.status, "?").ljust(2), style=LABEL_STYLES.get(row.status, "")
        )
        text.append(str(row.id).rjust(self.id_width - 1) + " ")
        text.append(KIND_SHORT.get(row.kind, row.kind)[:6].ljust(7))
        text.append(f"{row.score:.2f} ")
        text.append(label.ljust(10), style=label_style)
        rest = max(0, width - text.cell_len)
        claim = visible_controls(" ".join(row.text.split()))
        text.append(claim if len(claim) <= rest else claim[: max(0, rest - 1)] + "…")
        return text

    def header_text(self) -> Text:
        """The column headings, aligned with :meth:`line_text`."""
        return Text(
            f"   {'#'.rjust(self.id_width - 1)} {'Kind':<7}{'CW':<5}{'Verdict':<10}Claim",
            style="bold",
        )

    def header_column(self, x: int) -> str | None:
        """Which column a click at ``x`` on the header falls in."""
        bounds: list[tuple[int, str]] = [
            (3, "status"),
            (3 + self.id_width, "#"),
            (10 + self.id_width, "Kind"),
            (15 + self.id_width, "CW"),
            (25 + self.id_width, "Verdict"),
        ]
        for right, name in bounds:
            if x < right:
                return name
        return "Claim"

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        text = self.line_text(row, width, cursor=index == self.cursor)
        base = self.rich_style
        if index == self.cursor:
            base = base + self.get_component_rich_style("claim-list--cursor")
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in text.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base)
