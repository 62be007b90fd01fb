"""The Textual review app behind ``claimtrack review``.

Left: the claim list (status, kind, check-worthiness, verdict in colour), with a search
box that also takes ``kind:``, ``status:`` and ``verdict:`` filters, and sorting. Right:
the selected claim, its sentence highlighted inside its paragraph, the article, each
verifier's verdict with evidence, earlier published fact-checks and the review history.

Every decision is written to the registry the moment its key is pressed, as an
append-only :class:`~claimtrack.models.Review`: quitting, or a crash, loses nothing.
Keys are listed in the footer and can be rebound in the config file::

    [review]
    reviewer = "alice"

    [review.keys]
    supported = "s"
    refuted = "r,f"        # several keys: comma-separated
"""

from __future__ import annotations

import io
import os
import sys
import webbrowser
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Static

from claimtrack.config import load_settings
from claimtrack.console import LABEL_STYLES, literal
from claimtrack.errors import ClaimtrackError
from claimtrack.labels import OUTCOME_SORT_ORDER, STATUS_SORT_ORDER, UNCHECKED
from claimtrack.review.claimlist import STATUS_MARKS, ClaimList
from claimtrack.review.data import ClaimDetail, ClaimRow, ReviewData, row_of
from claimtrack.services.rerun import rerun_verifiers
from claimtrack.services.review import record_decision, resolve_reviewer

if TYPE_CHECKING:
    from claimtrack.outcome import Outcome
    from claimtrack.registry import Registry

KEY_NAMES: dict[str, str] = {
    "slash": "/",
    "question_mark": "?",
    "space": "␣",
    "enter": "⏎",
    "escape": "esc",
}
SHORT_DESCRIPTIONS: dict[str, str] = {
    "unverifiable": "unverifiable",
    "not_checkworthy": "not check-worthy",
    "rerun": "re-verify",
    "next_open": "next open",
    "next_disputed": "next disputed",
    "open_url": "open URL",
}
SORTS: tuple[str, ...] = ("id", "check-worthiness", "verdict", "status", "kind")

#: action name -> (default keys, footer description, Textual action)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "supported": ("s", "Supported", "decide('supported')"),
    "refuted": ("r", "Refuted", "decide('refuted')"),
    "mixed": ("m", "Mixed", "decide('mixed')"),
    "unverifiable": ("u", "Unverifiable", "decide('unverifiable')"),
    "not_checkworthy": ("x", "Not check-worthy", "decide('not_checkworthy')"),
    "note": ("n", "Note", "note"),
    "rerun": ("v", "Re-verify", "rerun"),
    "next_open": ("j", "Next open", "next('open')"),
    "next_disputed": ("d", "Next disputed", "next('disputed')"),
    "open_url": ("o", "Open URL", "open_url"),
    "confirm": ("c", "Confirm related", "confirm(0)"),
    "sort": ("t", "Sort", "sort"),
    "search": ("slash", "Search", "search"),
    "quit": ("q", "Quit", "quit"),
}


def keymap(config: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Textual keymap (binding id -> keys) from a ``[review.keys]`` table; validates it."""
    overrides = dict(config or {})
    unknown = sorted(set(overrides) - set(ACTIONS))
    if unknown:
        raise ClaimtrackError(
            f"[review.keys]: unknown action(s) {', '.join(unknown)}; known: {', '.join(ACTIONS)}"
        )
    result = {}
    for name, given in overrides.items():
        keys = ",".join(str(k) for k in given) if isinstance(given, list) else given
        if not isinstance(keys, str) or not keys.strip():
            raise ClaimtrackError(
                f'[review.keys] {name}: expected a key name such as "s", got {keys!r}'
            )
        result[f"review.{name}"] = keys.replace(" ", "")
    owners: dict[str, str] = {}
    for name, (default, _, _) in ACTIONS.items():
        for key in result.get(f"review.{name}", default).split(","):
            if key in owners:
                raise ClaimtrackError(
                    f"[review.keys]: key {key!r} is bound to both {owners[key]} and {name}"
                )
            owners[key] = name
    return result


def default_bindings() -> list[Binding]:
    """The app's key bindings before ``[review.keys]`` overrides."""
    return [
        Binding(keys, action, description, id=f"review.{name}")
        for name, (keys, description, action) in ACTIONS.items()
    ]


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2, len(text) if right < 0 else right)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "?"


def label_text(label: str | None, *, marked: bool = False, short: bool = False) -> Text:
    """A verdict label in its colour (``—`` when there is none); upper case when reviewed."""
    if not label:
        return Text("—", style="dim")
    shown = "not CW" if label == "not_checkworthy" else label
    if short and label == "unverifiable":
        shown = "unverif."
    return Text(shown.upper() if marked else shown, style=LABEL_STYLES.get(label, ""))


def _part_lines(result: Outcome) -> list[RenderableType]:
    """The claim's checkable parts, each with the verifiers' verdict on it and what they
    said (part texts and summaries come from articles and sources: literal)."""
    if not result.parts:
        return []
    lines: list[RenderableType] = [Text(), Text("Parts", style="bold underline")]
    said = result.final.summary if result.final is not None else ""
    if result.decided_by == "verifiers" and said:
        lines.append(literal(said, style="dim"))
    for part in result.parts:
        line = Text("◦ ").append_text(literal(part.kind, style="bold")).append(": ")
        line.append_text(literal(part.text)).append("  ").append_text(label_text(part.label))
        if part.label in ("supported", "refuted", "mixed"):
            line.append(f" {part.confidence:.2f}")
        if part.disputed:
            line.append("  verifiers disagree", style=LABEL_STYLES["disputed"])
        lines.append(line)
        if part.summary and part.label != "unchecked" and part.summary != said:
            lines.append(Text("    ").append_text(literal(part.summary, style="dim")))
    return lines


def render_detail(detail: ClaimDetail, *, plain_marks: bool = False) -> RenderableType:
    """The right-hand pane for one claim: every piece of untrusted text shown literally."""
    claim = detail.claim
    parts: list[RenderableType] = []
    head = Text.assemble(
        ("Claim ", "bold"), (str(claim.id), "bold"), f"  {claim.kind}  cw {claim.score:.2f}  "
    )
    head.append(claim.status, style=LABEL_STYLES.get(claim.status, "bold"))
    parts.append(head)
    parts.append(literal(claim.text, style="bold"))
    result = detail.outcome
    line = Text("Outcome: ", style="bold").append_text(
        literal(result.describe(), style=LABEL_STYLES.get(result.label, ""))
    )
    if result.disputed:
        line.append("  verifiers disagree", style=LABEL_STYLES["disputed"])
    parts.append(line)
    for prior in detail.prior:
        line = Text("⚑ ", style="yellow").append_text(literal(prior.describe(), style="yellow"))
        if prior.url:
            line.append("  ").append_text(literal(prior.url, style="underline"))
        parts.append(line)
    if detail.related:
        parts.append(Text("Possibly related fact-checks (c: confirm the first):", style="dim"))
    for number, related in enumerate(detail.related, start=1):
        line = Text(f"  {number}  ", style="bold").append(
            f"{related.score or 0:.2f}  ", style="dim"
        )
        line.append_text(literal(f"{related.publisher}: {related.rating}"))
        line.append(" — ").append_text(literal(related.claim_text, style="italic"))
        if related.url:
            line.append("  ").append_text(literal(related.url, style="underline"))
        parts.append(line)
    for mention, article in detail.mentions[:3]:
        parts.append(Text())
        title = Text("Article ", style="bold").append(str(article.id), style="bold").append(": ")
        title.append_text(literal(article.title or "(untitled)", style="bold"))
        parts.append(title)
        meta = Text(
            article.published.date().isoformat() if article.published else "no date", style="dim"
        )
        meta.append("  ").append_text(literal(article.source, style="underline"))
        parts.append(meta)
        if mention.speaker:
            parts.append(Text("speaker: ", style="dim").append_text(literal(mention.speaker)))
        text = article.text
        lo, hi = _paragraph_bounds(text, mention.start, mention.end)
        body = Text()
        body.append_text(literal(text[lo : mention.start]))
        sentence = literal(text[mention.start : mention.end], style="bold reverse")
        if plain_marks:
            sentence = Text("»").append_text(sentence).append("«")
        body.append_text(sentence)
        body.append_text(literal(text[mention.end : hi]))
        parts.append(body)
    if len(detail.mentions) > 3:
        parts.append(Text(f"… and {len(detail.mentions) - 3} more article(s)", style="dim"))
    parts.extend(_part_lines(result))
    parts.append(Text())
    parts.append(Text("Verdicts", style="bold underline"))
    if not detail.verdicts:
        parts.append(Text("not verified yet (press the re-verify key)", style="dim"))
    for verdict in detail.verdicts:
        line = literal(verdict.verifier, style="bold").append("  ")
        line.append_text(label_text(verdict.label)).append(f"  {verdict.confidence:.2f}")
        if getattr(verdict, "part", ""):
            line.append("  on ", style="dim").append_text(literal(verdict.part, style="dim"))
        parts.append(line)
        if verdict.summary:
            parts.append(Text("  ").append_text(literal(verdict.summary)))
        if verdict.error:
            parts.append(Text("  error: ", style="magenta").append_text(literal(verdict.error)))
        for item in (verdict.evidence or [])[:5]:
            if not isinstance(item, dict):
                continue
            parts.append(
                Text("  ↳ ").append_text(
                    literal(str(item.get("title") or item.get("source") or "evidence"))
                )
            )
            if item.get("url"):
                parts.append(Text("    ").append_text(literal(str(item["url"]), style="underline")))
            if item.get("snippet"):
                parts.append(
                    Text("    “")
                    .append_text(literal(str(item["snippet"]), style="italic"))
                    .append("”")
                )
            if item.get("retrieved_at"):
                parts.append(
                    Text("    retrieved ", style="dim").append_text(
                        literal(str(item["retrieved_at"]), style="dim")
                    )
                )
    parts.append(Text())
    parts.append(Text("Reviews", style="bold underline"))
    if not detail.reviews:
        parts.append(Text("no review yet", style="dim"))
    for review in detail.reviews:
        line = Text(_when(review.created_at) + "  ", style="dim")
        line.append_text(literal(review.reviewer)).append("  ").append_text(
            label_text(review.label)
        )
        if review.note:
            line.append("  ").append_text(literal(review.note, style="italic"))
        parts.append(line)
    return Group(*parts)


class NoteScreen(ModalScreen[str | None]):
    """A one-line note on the selected claim; Enter saves, Escape cancels."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: round $accent; padding: 0 1; background: $panel;
    }
    """

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Note on claim {self.claim_id} (Enter saves, Escape cancels)")
            yield Input(placeholder="note", id="note-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


NO_TERMINAL = (
    "the review app needs a terminal on stdin and stdout; "
    "in scripts record a decision with `claimtrack review CLAIM_ID --set LABEL`"
)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


def require_terminal() -> None:
    """Refuse to start the full-screen app without a terminal: without one Textual cannot
    read keys and would spin forever."""
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise ClaimtrackError(NO_TERMINAL)


class ReviewApp(App[None]):
    """Review claims one by one; every decision is saved as it is made."""

    TITLE = "claimtrack review"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *default_bindings()
    ]
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #title { height: 1; background: $primary-background; padding: 0 1; }
    #main { height: 1fr; }
    #left { width: 50%; min-width: 30; }
    #search { height: 1; border: none; padding: 0 1; background: $boost; }
    #search:focus { background: $accent 30%; }
    #list-header { height: 1; }
    #count { height: 1; color: $text-muted; padding: 0 1; }
    #right { width: 1fr; border-left: vkey $primary; padding: 0 1; }
    #busy { height: 1; display: none; padding: 0 1; }
    #keys { height: auto; max-height: 3; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    #busy.running { display: block; }
    """

    def __init__(
        self,
        registry: Registry,
        *,
        article_id: int | None = None,
        status: str | None = None,
        kind: str | None = None,
        reviewer: str | None = None,
        keys: Mapping[str, Any] | None = None,
        rerun: Callable[..., Any] | None = None,
        opener: Callable[[str], Any] | None = None,
        start_claim: int | None = None,
    ) -> None:
        super().__init__()
        self.registry = registry
        self.review_data = ReviewData(registry, article_id=article_id, status=status, kind=kind)
        self.reviewer = reviewer or resolve_reviewer()
        if keys is None:
            keys = load_settings().section("review").get("keys") or {}
        self.set_keymap(keymap(keys))
        if rerun is None:
            rerun = rerun_verifiers
        self.rerun_fn = rerun
        self.opener = opener or webbrowser.open
        self.start_claim = start_claim
        self.plain_marks = bool(os.environ.get("NO_COLOR")) or self.no_color
        self.all_rows: list[ClaimRow] = []
        self.shown_rows: list[ClaimRow] = []
        self.sort_index = 0
        self.current_detail: ClaimDetail | None = None
        self._url_index = 0
        self.last_error: str | None = None

    # -- layout ----------------------------------------------------------------------------

    def _key_bar(self) -> Text:
        """Every action with its (possibly rebound) key; wraps to a second line at 80 columns."""
        bar = Text()
        for name, (default, description, _) in ACTIONS.items():
            keys = self._keymap.get(f"review.{name}", default).split(",")
            shown = " ".join(KEY_NAMES.get(k, k) for k in keys if k)
            if bar:
                bar.append("  ")
            bar.append(shown, style="bold").append(
                " " + SHORT_DESCRIPTIONS.get(name, description.lower())
            )
        return bar

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="search  kind: status: verdict:", id="search")
                yield Static(id="list-header")
                yield ClaimList(id="claims")
                yield Static(id="count")
            with VerticalScroll(id="right"):
                yield Static(id="detail")
        yield ProgressBar(id="busy", show_eta=False)
        yield Static(self._key_bar(), id="keys")

    @property
    def claim_list(self) -> ClaimList:
        """The list widget on the left."""
        return self.query_one("#claims", ClaimList)

    def run(self, *, headless: bool = False, **kwargs: Any) -> None:
        """Run the app in this terminal (see :func:`require_terminal`); ``headless`` runs need none."""
        if not headless:
            require_terminal()
        return super().run(headless=headless, **kwargs)

    def on_mount(self) -> None:
        self.all_rows = self.review_data.rows()
        self._populate(keep=self.start_claim)
        self.claim_list.focus()

    # -- list ------------------------------------------------------------------------------

    def _title(self) -> None:
        scope = []
        if self.review_data.article_id is not None:
            scope.append(f"article {self.review_data.article_id}")
        if self.review_data.status:
            scope.append(self.review_data.status)
        if self.review_data.kind:
            scope.append(self.review_data.kind)
        counts = {s: 0 for s in STATUS_MARKS}
        for row in self.all_rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        text = Text("claimtrack review", style="bold")
        if scope:
            text.append(" · " + ", ".join(scope))
        text.append(
            f" · {counts['open']} open, {counts['reviewed']} reviewed, {counts['disputed']} disputed"
        )
        text.append(" · reviewer ").append_text(literal(self.reviewer))
        self.query_one("#title", Static).update(text)

    def _matches(self, row: ClaimRow, words: list[str], filters: dict[str, str]) -> bool:
        for key, value in filters.items():
            field = {"kind": row.kind, "status": row.status, "verdict": row.label or ""}[key]
            if not field.startswith(value):
                return False
        return all(w in row.folded for w in words)

    def _sort_key(self) -> Callable[[ClaimRow], Any]:
        order = SORTS[self.sort_index]
        label_rank = {label: i for i, label in enumerate(OUTCOME_SORT_ORDER)}
        status_rank = {status: i for i, status in enumerate(STATUS_SORT_ORDER)}
        if order == "check-worthiness":
            return lambda r: (-r.score, r.id)
        if order == "verdict":
            return lambda r: (label_rank[r.label or UNCHECKED], r.id)
        if order == "status":
            return lambda r: (status_rank[r.status], r.id)
        if order == "kind":
            return lambda r: (r.kind, r.id)
        return lambda r: r.id

    def _populate(self, keep: int | None = None) -> None:
        query = self.query_one("#search", Input).value.strip().casefold()
        filters: dict[str, str] = {}
        words: list[str] = []
        for token in query.split():
            key, sep, value = token.partition(":")
            if sep and key in ("kind", "status", "verdict"):
                filters[key] = value
            else:
                words.append(token)
        rows = (
            [r for r in self.all_rows if self._matches(r, words, filters)]
            if (words or filters)
            else list(self.all_rows)
        )
        rows.sort(key=self._sort_key())
        self.shown_rows = rows
        claim_list = self.claim_list
        claim_list.set_rows(rows, keep=keep)
        self.query_one("#list-header", Static).update(claim_list.header_text())
        count = Text(f"{len(rows)} of {len(self.all_rows)} claims · sort: {SORTS[self.sort_index]}")
        self.query_one("#count", Static).update(count)
        self._title()
        if rows and claim_list.current is not None:
            self._show(claim_list.current.id)
        else:
            self.current_detail = None
            self.query_one("#detail", Static).update(Text("No claims match.", style="dim"))

    def _show(self, claim_id: int) -> None:
        detail = self.review_data.detail(claim_id)
        self.current_detail = detail
        self._url_index = 0
        widget = self.query_one("#detail", Static)
        if detail is None:
            widget.update(Text(f"Claim {claim_id} no longer exists.", style="dim"))
            return
        widget.update(render_detail(detail, plain_marks=self.plain_marks))
        self.query_one("#right", VerticalScroll).scroll_home(animate=False)
        # The record was just read: bring its list line up to date too, so decisions made
        # meanwhile in another session show as the reviewer moves through the list.
        fresh = row_of(detail.claim, detail.verdicts, detail.reviews)
        index = self.claim_list.index_of(claim_id)
        listed = self.claim_list.rows[index] if index is not None else None
        if listed is not None and (
            listed.status,
            listed.label,
            listed.decided_by,
            listed.verifiers_disagree,
        ) != (fresh.status, fresh.label, fresh.decided_by, fresh.verifiers_disagree):
            self._store_row(fresh)

    @property
    def selected_row(self) -> ClaimRow | None:
        """The claim under the cursor."""
        return self.claim_list.current

    def select_claim(self, claim_id: int) -> bool:
        """Move the cursor to ``claim_id`` if it is listed."""
        index = self.claim_list.index_of(claim_id)
        if index is None:
            return False
        self.claim_list.move_to(index)
        self._show(claim_id)
        return True

    @on(ClaimList.Highlighted, "#claims")
    def _highlighted(self, event: ClaimList.Highlighted) -> None:
        # Read the cursor now, not from the event: a queued event may be stale.
        row = self.claim_list.current
        if row is not None and (
            self.current_detail is None or self.current_detail.claim.id != row.id
        ):
            self._show(row.id)

    def on_click(self, event: Any) -> None:
        """A click on a column heading sorts by that column (the mouse is optional)."""
        widget = getattr(event, "widget", None)
        if widget is not None and widget.id == "list-header":
            column = self.claim_list.header_column(int(event.x))
            by_column = {"#": 0, "CW": 1, "Verdict": 2, "status": 3, "Kind": 4}
            if column in by_column:
                self.sort_index = by_column[column]
                self._populate(keep=self.selected_row.id if self.selected_row else None)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._populate(keep=self.selected_row.id if self.selected_row else None)

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.claim_list.focus()

    def on_key(self, event: Any) -> None:
        if (
            event.key == "escape"
            and isinstance(self.focused, Input)
            and self.focused.id == "search"
        ):
            self.claim_list.focus()
            event.stop()

    # -- decisions -------------------------------------------------------------------------

    def _store_row(self, fresh: ClaimRow) -> None:
        """Replace one claim's line in the list and recount the title."""
        for index, row in enumerate(self.all_rows):
            if row.id == fresh.id:
                self.all_rows[index] = fresh
        self.claim_list.replace(fresh)  # shown_rows is the list's own list
        self._title()

    def _refresh_row(self, claim_id: int) -> None:
        self._show(claim_id)  # re-reads the claim and updates its line

    def _decide(self, label: str, note: str | None = None) -> None:
        row = self.selected_row
        if row is None:
            return
        try:
            review = record_decision(
                self.registry, row.id, label, note=note, reviewer=self.reviewer
            )
        except ClaimtrackError as exc:
            self.last_error = str(exc)
            self.notify(str(exc), severity="error", markup=False)
            return
        self._refresh_row(row.id)
        shown = "note saved" if label == "note" else f"{label.replace('_', ' ')} saved"
        self.notify(f"Claim {row.id}: {shown} (review {review.id})", markup=False, timeout=2)

    def action_confirm(self, number: int) -> None:
        """Confirm the selected claim's ``number``-th "possibly related" fact-check as a
        check of it (a review); it then shows as previously checked."""
        row, detail = self.selected_row, self.current_detail
        if row is None or detail is None or not 0 <= number < len(detail.related):
            return
        check = detail.related[number]
        try:
            review = self.review_data.confirm(row.id, check, reviewer=self.reviewer)
        except ClaimtrackError as exc:
            self.last_error = str(exc)
            self.notify(str(exc), severity="error", markup=False)
            return
        self._refresh_row(row.id)
        self.notify(
            f"Claim {row.id}: previously checked by {check.publisher} (review {review.id})",
            markup=False,
            timeout=2,
        )

    def action_decide(self, label: str) -> None:
        """Store a final verdict (or "not check-worthy") for the selected claim."""
        self._decide(label)

    def action_note(self) -> None:
        """Ask for a note and store it as its own review row."""
        row = self.selected_row
        if row is None:
            return

        def saved(note: str | None) -> None:
            if note:
                self._decide("note", note)

        self.push_screen(NoteScreen(row.id), saved)

    def action_next(self, which: str) -> None:
        """Jump to the next open (unreviewed) or disputed claim after the cursor, wrapping."""
        if not self.shown_rows:
            return
        start = self.claim_list.cursor
        wanted: Callable[[ClaimRow], bool] = (
            (lambda r: r.status == "open") if which == "open" else (lambda r: r.needs_attention)
        )
        count = len(self.shown_rows)
        for step in range(1, count + 1):
            index = (start + step) % count
            if wanted(self.shown_rows[index]):
                self.claim_list.move_to(index)
                self._show(self.shown_rows[index].id)
                return
        self.notify(f"no {which} claim in this list", timeout=2)

    def action_open_url(self) -> None:
        """Open the next evidence URL of the selected claim in the web browser."""
        urls = self.current_detail.evidence_urls if self.current_detail else []
        if not urls:
            self.notify("this claim has no evidence URL", timeout=2)
            return
        url = urls[self._url_index % len(urls)]
        self._url_index += 1
        self.opener(url)
        self.notify(f"opened {url}", markup=False, timeout=2)

    def action_sort(self) -> None:
        """Cycle the sort order: id, check-worthiness, verdict, status, kind."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._populate(keep=self.selected_row.id if self.selected_row else None)

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#search", Input).focus()

    # -- re-verification -------------------------------------------------------------------

    def action_rerun(self) -> None:
        """Re-run the verifiers on the selected claim in a worker thread."""
        row = self.selected_row
        if row is None:
            return
        bar = self.query_one("#busy", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.notify(f"Claim {row.id}: re-running verifiers…", timeout=2)
        self._rerun_worker(row.id)

    @work(thread=True, exclusive=True, group="rerun")
    def _rerun_worker(self, claim_id: int) -> None:
        def progress(done: int, total: int) -> None:
            self.call_from_thread(
                self.query_one("#busy", ProgressBar).update, total=total, progress=done
            )

        try:
            self.rerun_fn(self.registry, claim_id, progress)
        except Exception as exc:  # noqa: BLE001 (shown to the reviewer, never fatal to the session)
            message = (
                str(exc) if isinstance(exc, ClaimtrackError) else f"{type(exc).__name__}: {exc}"
            )
            self.call_from_thread(self._rerun_done, claim_id, message)
            return
        self.call_from_thread(self._rerun_done, claim_id, None)

    def _rerun_done(self, claim_id: int, error: str | None) -> None:
        self.query_one("#busy", ProgressBar).remove_class("running")
        if error:
            self.last_error = error
            self.notify(
                f"Claim {claim_id}: re-verification failed: {error}", severity="error", markup=False
            )
            return
        self._refresh_row(claim_id)
        self.notify(f"Claim {claim_id}: verifiers re-run", timeout=2)


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text (what a terminal would show, without colours)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return (
        "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines()) + "\n"
    )
