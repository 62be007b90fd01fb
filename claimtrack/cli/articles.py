"""``claimtrack add`` and ``claimtrack articles``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import (
    LIMIT,
    json_option,
    make_table,
    open_registry,
    progress_option,
    published_option,
    published_text,
    shorten,
)
from claimtrack.config import load_settings
from claimtrack.console import literal, make_console, print_json

if TYPE_CHECKING:
    from datetime import datetime


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@progress_option
@published_option
@json_option
@click.pass_context
def add(
    ctx: click.Context,
    sources: tuple[str, ...],
    progress: bool | None,
    published: datetime | None,
    as_json: bool,
) -> None:
    """Add articles and extract their claims.

    SOURCE is a text, Markdown or HTML file, an http(s) URL, or - for standard input.
    Every source is read before anything is stored: if one cannot be read, nothing is
    added. Adding the same content again stores nothing twice.

    The article's date, the date its claims are checked at, comes from --published, else
    the page's metadata, its URL (/2022/09/15/) or a date line at the top of the text.
    --published on an article already added gives it that date.
    """
    from claimtrack.services.add import add_sources
    from claimtrack.services.match import previously_checked_in

    settings = load_settings()
    registry = open_registry(ctx)
    added = add_sources(registry, sources, settings, progress=progress, published=published)
    # Claims that published fact-checks already checked ("previously checked"), per article.
    prior = {
        item.result.article_id: len(previously_checked_in(registry, item.result.article_id))
        for item in added
        if item.result.created
    }
    if as_json:
        print_json(
            [
                {
                    "source": item.source,
                    "article_id": item.result.article_id,
                    "created": item.result.created,
                    "claims": item.result.claims,
                    "new_claims": item.result.new_claims,
                    "redated": item.result.redated,
                    "title": item.document.title,
                    "published": item.document.published,
                    "published_source": item.document.published_source,
                    "previously_checked": prior.get(item.result.article_id, 0),
                }
                for item in added
            ]
        )
        return
    console = make_console()
    for item in added:
        title = literal(shorten(item.document.title or item.source, 70), style="bold")
        if item.result.created:
            line = literal(f"Added article {item.result.article_id}: ").append(title)
            checked = prior.get(item.result.article_id, 0)
            line.append(
                f" ({item.result.claims} claims, {item.result.new_claims} new"
                + (f", {checked} previously checked" if checked else "")
                + ")"
            )
        elif item.result.redated:
            assert item.document.published is not None  # redated means a date was given
            line = literal(f"Already added as article {item.result.article_id}: ").append(title)
            line.append(
                f" (its date is now {item.document.published.date().isoformat()}, given; "
                f"`claimtrack verify --article {item.result.article_id} --stale 0` "
                "checks it again at that date)"
            )
        else:
            line = literal(f"Already added as article {item.result.article_id}: ").append(title)
            line.append(" (nothing stored)")
        console.print(line)


@click.command()
@click.option("--limit", type=LIMIT, default=0, help="Show at most N articles (0: all).")
@json_option
@click.pass_context
def articles(ctx: click.Context, limit: int, as_json: bool) -> None:
    """List stored articles, newest first."""

    rows = open_registry(ctx).articles(limit=limit or None)
    if as_json:
        print_json(
            [
                {
                    "id": a.id,
                    "title": a.title,
                    "source": a.source,
                    "site": a.site,
                    "author": a.author,
                    "published": a.published,
                    "published_source": a.published_source,
                    "retrieved_at": a.retrieved_at,
                    "claims": n,
                }
                for a, n in rows
            ]
        )
        return
    console = make_console()
    table = make_table(
        console,
        ("ID", "right"),
        ("Title", "left"),
        ("Published", "left"),
        ("Claims", "right"),
        ("Source", "left"),
    )
    for article, count in rows:
        table.add_row(
            str(article.id),
            literal(shorten(article.title or "", 50)),
            published_text(article),
            str(count),
            literal(shorten(article.source, 50)),
        )
    console.print(table)
    console.print(f"{len(rows)} article(s)")
