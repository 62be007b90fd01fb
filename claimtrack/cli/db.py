"""``claimtrack db``: schema upgrades and facts about the registry."""

from __future__ import annotations

import click

from claimtrack.cli.common import json_option
from claimtrack.console import print_json
from claimtrack.errors import RegistryError


@click.group()
def db() -> None:
    """Database maintenance: init, upgrade, info."""


@db.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database (and the folders of a SQLite path) and bring its schema up to date.

    Other commands create a new SQLite file only in a folder that already exists, so a
    mistyped --db path is an error rather than a fresh, empty database.
    """
    from sqlalchemy import make_url

    from claimtrack.cli.common import open_registry
    from claimtrack.registry.db import current_revision

    registry = open_registry(ctx, create=True)
    try:
        url = make_url(registry.url).render_as_string(hide_password=True)
        click.echo(f"Database {url} is ready (revision {current_revision(registry.engine)}).")
    finally:
        registry.close()


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Apply pending schema migrations (they are also applied on every open)."""
    from claimtrack.registry import db as registry_db
    from claimtrack.registry.db import (
        create_db_engine,
        current_revision,
        describe_db_error,
        head_revision,
        prepare_new_database,
        resolve_url,
    )

    root = ctx.find_root().obj or {}
    url = resolve_url(root.get("db"))
    created = prepare_new_database(url)
    engine = create_db_engine(url)
    import sqlalchemy as sa

    try:
        before = current_revision(engine)
        registry_db.upgrade(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise RegistryError(describe_db_error(url, exc)) from None
    finally:
        engine.dispose()
    if created is not None:
        click.echo(f"created new database at {created.absolute()}", err=True)
    head = head_revision()
    if before == head:
        click.echo(f"Database is up to date (revision {head}).")
    else:
        click.echo(f"Upgraded database from revision {before or 'none'} to {head}.")


@db.command()
@json_option
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Show the database URL, schema revision, row counts and verification runs.

    Runs still marked ``running`` whose process is gone (it was killed, or its lease
    expired) are marked ``abandoned`` first, and listed.
    """
    from sqlalchemy import make_url

    from claimtrack.cli.common import open_registry
    from claimtrack.registry.db import current_revision

    registry = open_registry(ctx)
    url = make_url(registry.url).render_as_string(hide_password=True)
    revision = current_revision(registry.engine)
    registry.reap_stale_runs()
    counts = registry.counts()
    statuses = registry.run_statuses()
    abandoned = registry.abandoned_runs()
    if as_json:
        print_json(
            {
                "url": url,
                "revision": revision,
                "counts": counts,
                "runs": statuses,
                "abandoned_runs": [
                    {
                        "id": r.id,
                        "started_at": r.started_at,
                        "last_heartbeat": r.heartbeat_at,
                        "host": r.host,
                        "pid": r.pid,
                    }
                    for r in abandoned
                ],
            }
        )
        return
    click.echo(f"database: {url}")
    click.echo(f"revision: {revision}")
    for table, count in counts.items():
        click.echo(f"{table}: {count}")
    if statuses:
        click.echo("runs: " + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())))
    for run in abandoned:
        beat = run.heartbeat_at or run.started_at
        where = f" on {run.host} pid {run.pid}" if run.host else ""
        click.echo(
            f"abandoned run {run.id}: started {run.started_at:%Y-%m-%d %H:%M:%S}, "
            f"last heartbeat {beat:%Y-%m-%d %H:%M:%S}{where}"
        )
