"""Helpers shared by the CLI commands."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from claimtrack.console import visible_controls
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.table import Table

    from claimtrack.models import Article
    from claimtrack.plugins import Plugins
    from claimtrack.registry import Registry
    from claimtrack.registry.lite import SqliteReader


def open_registry(ctx: click.Context, *, create: bool = False) -> Registry:
    """The registry named by ``--db`` (or the environment/config), migrated to the current schema.

    A new SQLite file is made only in an existing folder (or anywhere with ``create``, for
    ``db init``), and then announced on stderr.
    """
    from claimtrack.registry import Registry
    from claimtrack.registry.db import prepare_new_database, resolve_url

    root = ctx.find_root()
    url = resolve_url(root.obj.get("db") if isinstance(root.obj, dict) else None)
    created = prepare_new_database(url, create=create)
    registry = Registry.open(url)
    if created is not None:
        click.echo(f"created new database at {created.absolute()}", err=True)
    return registry


def open_reader(ctx: click.Context) -> SqliteReader | Registry:
    """What a read command lists claims from (``claim_pages``, ``count_claims``): a SQLite
    registry whose schema is current is read with the standard library's ``sqlite3``
    (:mod:`claimtrack.registry.lite`: no SQLAlchemy, SQLModel or pydantic to import, ~500 ms
    of CPU); anything else is :func:`open_registry`'s, migrated and checked as for every
    command.
    """
    from claimtrack.registry.lite import open_reader as open_sqlite

    root = ctx.find_root()
    reader = open_sqlite(root.obj.get("db") if isinstance(root.obj, dict) else None)
    return reader if reader is not None else open_registry(ctx)


#: Row ids are 64-bit integers in both SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


class RecordId(click.ParamType[int]):
    """A claim or article id: a positive integer. Anything else is a one-line error.

    A number too large to be a row id cannot name one, so it gets the same message as an
    id that is not in the database.
    """

    name = "id"

    def __init__(self, thing: str) -> None:
        self.thing = thing

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?\d+", text):
                raise ClaimtrackError(f"{self.thing} IDs are positive integers, got {value!r}")
            number = int(text)
        if number < 1:
            raise ClaimtrackError(f"{self.thing} IDs are positive integers, got {value!r}")
        if number > MAX_ID:
            raise ClaimtrackError(f"no {self.thing} with id {number}")
        return number


class PublishedDate(click.ParamType[datetime]):
    """``--published``: an ISO date (``2022-09-15``) or date and time with offset.

    Anything else is a one-line error before anything is read or stored
    (:func:`claimtrack.ingest.dates.parse_published`).
    """

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        from claimtrack.ingest.dates import parse_published

        if isinstance(value, datetime):
            return value
        return parse_published(str(value))


def published_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--published DATE``: the article's date, over any date found in it."""
    return click.option(
        "--published",
        type=PublishedDate(),
        metavar="DATE",
        help="The articles' publication date (YYYY-MM-DD), the date claims are checked at; "
        "overrides a date found in the page, URL or text.",
    )(func)


def source_files_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--source FILE`` (repeatable): source documents for the quote check."""
    return click.option(
        "--source",
        "source_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="A source document for the quote check, e.g. a transcript (repeatable).",
    )(func)


def verifier_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--verifier NAME`` (repeatable): run only these verifiers."""
    return click.option(
        "--verifier",
        "verifier_names",
        multiple=True,
        metavar="NAME",
        help="Run only this verifier (repeatable).",
    )(func)


def offline_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--offline``: only the verifiers that need no network."""
    return click.option(
        "--offline",
        is_flag=True,
        help="Run only verifiers that need no network (the built-in ones).",
    )(func)


def timeout_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--timeout SECONDS``: the time limit of one verifier call."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.01),
        metavar="SECONDS",
        help="Time limit of one verifier call (default 60).",
    )(func)


def progress_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--progress/--no-progress``: a progress bar on stderr (default: on a terminal)."""
    return click.option(
        "--progress/--no-progress",
        default=None,
        help="Progress bar on stderr (default: on a terminal).",
    )(func)


def published_text(article: Article) -> str:
    """An article's date and where it came from: ``2022-09-15 (url)``, or ``no date``."""
    if article.published is None:
        return "no date"
    day = article.published.date().isoformat()
    return f"{day} ({article.published_source})" if article.published_source else day


CLAIM_ID = RecordId("claim")
ARTICLE_ID = RecordId("article")
#: ``--limit N``: huge values mean "no limit" rather than an overflow in the database.
LIMIT = click.IntRange(min=0, max=MAX_ID, clamp=True)


class IdCommand(click.Command):
    """A command whose positional IDs may be mistyped as negative numbers.

    Click reads ``show -1`` as an unknown option ``-1``; this reports it as a bad ID instead.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            # "-1" is reported as option "-1", "-inf" as option "-i": find the word it came from.
            word = next(
                (a for a in given if a.startswith(exc.option_name) and not a.startswith("--")), ""
            )
            if not _is_number(word):
                raise

            id_types = [
                p.type
                for p in self.params
                if isinstance(p, click.Argument) and isinstance(p.type, RecordId)
            ]
            thing = id_types[0].thing if id_types else "claim"
            raise ClaimtrackError(f"{thing} IDs are positive integers, got {word!r}") from None


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def json_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--json``: machine-readable output for scripts."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def make_table(console: Console, *columns: tuple[str, str]) -> Table:
    """A table with ``(header, justify)`` columns: boxed on a terminal, plain in a pipe."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD if console.is_terminal else None, header_style="bold", pad_edge=False
    )
    for header, justify in columns:
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def warn_plugin_problems(
    ctx: click.Context, plugins: Plugins, kinds: Iterable[str] = ("verifiers",)
) -> None:
    """One warning line on stderr per plugin that failed to load or reported a problem
    while registering ``kinds``; with ``--debug``, the tracebacks too.

    The run goes on without the plugin: a warning, not an error (exit status 0).
    """

    for kind in kinds:
        plugins.collect(kind)
    root = ctx.find_root()
    debug = bool(root.obj.get("debug")) if isinstance(root.obj, dict) else False
    for record in sorted(plugins.records.values(), key=lambda r: r.name):
        if record.disabled or not record.errors:
            continue
        problem = (
            f"failed to load: {record.load_error}"
            if record.load_error
            else "; ".join(record.errors)
        )
        # Exception messages come from third-party code: one line, no raw control characters.
        problem = " ".join(visible_controls(problem).split())
        click.echo(
            f"warning: plugin {record.name!r} {problem} (claimtrack plugins for details)", err=True
        )
        if debug:
            for trace in record.tracebacks:
                click.echo(visible_controls(trace).rstrip("\n"), err=True)
