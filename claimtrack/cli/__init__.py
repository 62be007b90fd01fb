"""The ``claimtrack`` command line.

Commands live in their own modules and are imported only when run, so ``claimtrack
--help`` stays fast: it loads neither the database, the HTTP client nor the extractors,
and ``--version`` loads neither the config nor the plugins.

Registering a built-in command (lazily):

1. Write it in its own module, ``claimtrack/cli/<name>.py``, as a ``@click.command()``
   (or group). At module level import only click, :mod:`claimtrack.cli.common`,
   :mod:`claimtrack.console`, :mod:`claimtrack.errors` and the like; import the services,
   the registry, the extractors or httpx inside the command's function, and record each
   such import in ``DEFERRED`` in ``tests/api/test_layers.py``.
2. Add ``"<name>": "claimtrack.cli.<name>:<function>"`` to :data:`COMMANDS` and its
   one-line help to :data:`SUMMARIES` (what ``claimtrack --help`` shows without importing
   the module). Do not decorate it with ``@cli.command()`` and do not import it here:
   that would load it, and all it imports, on every start.

``tests/cli/test_startup.py`` checks, in a fresh interpreter, that ``--help``, ``--version``
and each command's ``--help`` import no database or HTTP stack.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError

#: Built-in commands: name -> "module:attribute".
COMMANDS: dict[str, str] = {
    "add": "claimtrack.cli.articles:add",
    "articles": "claimtrack.cli.articles:articles",
    "claims": "claimtrack.cli.claims:claims",
    "show": "claimtrack.cli.claims:show",
    "db": "claimtrack.cli.db:db",
    "score": "claimtrack.cli.score:score",
    "review": "claimtrack.cli.review:review",
    "export": "claimtrack.cli.export:export",
    "import": "claimtrack.cli.importcmd:import_group",
    "match": "claimtrack.cli.match:match",
    "verify": "claimtrack.cli.verify:verify",
    "check": "claimtrack.cli.check:check",
    "report": "claimtrack.cli.report:report",
    "plugins": "claimtrack.cli.plugins:plugins",
    "doctor": "claimtrack.cli.doctor:doctor",
}

#: One-line help for each built-in, shown by ``--help`` without importing the command.
SUMMARIES: dict[str, str] = {
    "add": "Add articles from files, URLs or stdin and extract their claims.",
    "articles": "List stored articles.",
    "claims": "List claims, filtered by article, kind, status or text.",
    "show": "Show a claim, its mentions and each sentence in its paragraph.",
    "db": "Database maintenance: init, upgrade, info.",
    "score": "Score sentences for check-worthiness (JSON lines).",
    "review": "Review claims in a full-screen app, or record one decision.",
    "export": "Export claims and reviews: ClaimReview JSON-LD, JSON, JSONL, CSV, Markdown.",
    "import": "Import published fact-checks (ClaimReview JSON-LD, Fact Check Tools).",
    "match": "Find earlier published fact-checks of a claim (or of each stdin line).",
    "verify": "Verify claims with every applicable verifier plugin.",
    "check": "Add an article, verify its claims and print the report.",
    "report": "Claims with their final verdict, confidence and evidence.",
    "plugins": "List installed plugins (--json), or create one (plugins new).",
    "doctor": "Check config, database, plugins and sources: one ok/FAIL line each.",
}


def _plugins_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # Eager, so that it is set before click looks up a command (a plugin's command too).
    # From the environment, claimtrack.plugins reads it itself: not importing it here keeps
    # `--help` from loading the plugin machinery.
    from_env = ctx.get_parameter_source("plugins_dir") is click.core.ParameterSource.ENVIRONMENT
    if value is not None and not from_env:
        from claimtrack.plugins import set_plugins_dir

        set_plugins_dir(value)
    return value


#: Commands that run with a config file that does not validate (``doctor`` reports it).
UNCHECKED_CONFIG = frozenset({"doctor"})


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from claimtrack.cli.command_index import plugin_summaries

        return sorted({*COMMANDS, *self.commands, *plugin_summaries(COMMANDS)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = COMMANDS.get(cmd_name)
        if target is None:
            from claimtrack.plugins import plugin_commands

            return plugin_commands(COMMANDS).get(cmd_name)
        module_name, _, attr = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The plugins' summaries come from a cache (see command_index): listing them would
        # otherwise load every plugin on each `claimtrack --help`.
        from claimtrack.cli.command_index import plugin_summaries

        summaries = {**plugin_summaries(COMMANDS), **SUMMARIES}
        rows = []
        for name in self.list_commands(ctx):
            summary = summaries.get(name)
            if summary is None:
                command = self.get_command(ctx, name)
                summary = command.get_short_help_str() if command is not None else ""
            rows.append((name, summary))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="claimtrack")
@click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL or SQLite path (default: $CLAIMTRACK_DB, then the user data dir).",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--plugins-dir",
    metavar="DIR",
    envvar="CLAIMTRACK_PLUGINS_DIR",
    type=click.Path(exists=True, file_okay=False),
    is_eager=True,
    expose_value=False,
    callback=_plugins_dir,
    help="Load each DIR/*.py as a plugin, without packaging (default: $CLAIMTRACK_PLUGINS_DIR).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """claimtrack: track and check factual claims in news.

    Add articles, list the claims found in them, verify them against sources and review
    the verdicts, all from the terminal.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["debug"] = debug or bool(os.environ.get("CLAIMTRACK_DEBUG"))
    if ctx.invoked_subcommand not in UNCHECKED_CONFIG:
        # A bad config value is reported now, in one line naming its key, whatever the command
        # (even when --db makes the file's database setting irrelevant).
        from claimtrack.config import load_settings

        load_settings()


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv or bool(os.environ.get("CLAIMTRACK_DEBUG"))


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, turning errors into one line on stderr."""

    args = sys.argv[1:] if argv is None else argv
    try:
        return cli.main(args=args, prog_name="claimtrack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        # Usage errors (exit 2) print their usage line too, as click does.
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ClaimtrackError as exc:
        if _debug_requested(args):
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        if _debug_requested(args):
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {message} (run with --debug for the traceback)",
            err=True,
        )
        sys.exit(1)
