"""Helpers shared by the CLI commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from claimtrack.registry import Registry


def open_registry(ctx: click.Context) -> Registry:
    """The registry named by ``--db`` (or the environment/config), migrated to the current schema."""
    from claimtrack.registry import Registry

    root = ctx.find_root()
    db = root.obj.get("db") if isinstance(root.obj, dict) else None
    return Registry.open(db)


def json_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--json``: machine-readable output for scripts."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def make_table(console: Console, *columns: tuple[str, str]) -> Table:
    """A table with ``(header, justify)`` columns: boxed on a terminal, plain in a pipe."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD if console.is_terminal else None, header_style="bold", pad_edge=False)
    for header, justify in columns:
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table
