"""``claimtrack plugins``: what is installed, and ``plugins new`` for a fresh one."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli import COMMANDS
from claimtrack.cli.common import json_option
from claimtrack.console import literal, make_console, print_json, visible_controls
from claimtrack.plugins import get_plugins
from claimtrack.verification.template import generate


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List installed plugins: distribution, version, hooks, what each registered, and
    any load error.

    CLAIMTRACK_LOAD_PLUGINS=a,b loads only those third-party plugins (empty: none);
    `[plugins] disabled = [...]` in the config file disables plugins by name.
    `claimtrack --plugins-dir DIR` (or CLAIMTRACK_PLUGINS_DIR) loads each DIR/*.py as a plugin.
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.text import Text

    from claimtrack.cli.common import make_table

    loaded = get_plugins()
    described = loaded.describe(COMMANDS)
    if ctx.find_root().obj.get("debug"):
        for record in loaded.records.values():
            for trace in record.tracebacks:
                click.echo(f"plugin {record.name!r}:\n{visible_controls(trace).rstrip()}", err=True)
    if as_json:
        print_json(described)
        return
    console = make_console()
    table = make_table(
        console,
        ("Plugin", "left"),
        ("Distribution", "left"),
        ("Registers", "left"),
        ("Status", "left"),
    )
    # Names and paths stay whole; a long status line (an inactive plugin's hint) wraps.
    table.columns[0].no_wrap = table.columns[1].no_wrap = True
    table.columns[3].ratio = 1
    for item in described:
        registers = []
        for kind in ("verifiers", "extractors", "exporters", "commands"):
            if item[kind]:
                registers.append(f"{kind}: {', '.join(item[kind])}")
        dist = (
            f"file {item['source']}"
            if item["source"]
            else f"{item['distribution'] or '-'} {item['version'] or ''}".strip()
        )
        if item["disabled"]:
            status = Text("disabled", style="dim")
        elif item["error"]:
            status = literal("error: " + "; ".join(item["errors"]), style="red")
        elif any(not note["ok"] for note in item["status"]):
            status = literal(
                "; ".join(n["status"] for n in item["status"] if not n["ok"]), style="red"
            )
        elif item["status"]:
            notes = "; ".join(n["status"] for n in item["status"])
            inactive = notes.startswith("inactive")
            status = literal(
                notes if inactive else f"ok: {notes}", style="yellow" if inactive else "green"
            )
        else:
            status = Text("ok", style="green")
        table.add_row(
            literal(item["name"]), literal(dist), literal("\n".join(registers) or "-"), status
        )
    console.print(table)
    broken = sum(1 for i in described if i["error"])
    console.print(f"{len(described)} plugin(s)" + (f", {broken} with errors" if broken else ""))


@plugins.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "parent",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create claimtrack-NAME/.",
)
def new(name: str, parent: Path) -> None:
    """Create claimtrack-NAME/, a verifier plugin package that installs and passes its tests.

    NAME uses lower-case letters, digits and dashes. Then: cd claimtrack-NAME &&
    pip install -e '.[test]' && python -m pytest
    """

    target = generate(name, parent)
    click.echo(f"Created {target}")
    click.echo(f"Next: cd {target} && pip install -e '.[test]' && python -m pytest")
