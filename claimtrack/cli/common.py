"""Helpers shared by the CLI commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.table import Table

    from claimtrack.plugins import Plugins
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


def warn_plugin_problems(ctx: click.Context, plugins: Plugins, kinds: Iterable[str] = ("verifiers",)) -> None:
    """One warning line on stderr per plugin that failed to load or reported a problem
    while registering ``kinds``; with ``--debug``, the tracebacks too.

    The run goes on without the plugin: a warning, not an error (exit status 0).
    """
    from claimtrack.console import visible_controls

    for kind in kinds:
        plugins.collect(kind)
    root = ctx.find_root()
    debug = bool(root.obj.get("debug")) if isinstance(root.obj, dict) else False
    for record in sorted(plugins.records.values(), key=lambda r: r.name):
        if record.disabled or not record.errors:
            continue
        problem = f"failed to load: {record.load_error}" if record.load_error else "; ".join(record.errors)
        # Exception messages come from third-party code: one line, no raw control characters.
        problem = " ".join(visible_controls(problem).split())
        click.echo(f"warning: plugin {record.name!r} {problem} (claimtrack plugins for details)", err=True)
        if debug:
            for trace in record.tracebacks:
                click.echo(visible_controls(trace).rstrip("\n"), err=True)
