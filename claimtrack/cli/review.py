"""``claimtrack review``: the review app, or one decision from a script."""

from __future__ import annotations

import click

from claimtrack.cli.common import ARTICLE_ID, CLAIM_ID, IdCommand, open_registry
from claimtrack.errors import ClaimtrackError
from claimtrack.labels import CLAIM_STATUSES as STATUSES


@click.command(cls=IdCommand)
@click.argument("claim_id", type=CLAIM_ID, required=False)
@click.option(
    "--set",
    "label",
    metavar="LABEL",
    help=(
        "Record this decision on CLAIM_ID without opening the app: "
        "supported, refuted, mixed, unverifiable or not_checkworthy."
    ),
)
@click.option(
    "--note", metavar="TEXT", help="A note to store with the decision (alone: a note-only review)."
)
@click.option(
    "--article",
    "article_id",
    type=ARTICLE_ID,
    metavar="ID",
    help="Review only the claims of this article.",
)
@click.option("--status", type=click.Choice(STATUSES), help="Review only claims with this status.")
@click.option("--kind", metavar="K", help="Review only claims of this kind.")
@click.option(
    "--reviewer",
    metavar="NAME",
    help="Who is reviewing (default: $CLAIMTRACK_REVIEWER, [review] reviewer, the OS user).",
)
@click.pass_context
def review(
    ctx: click.Context,
    claim_id: int | None,
    label: str | None,
    note: str | None,
    article_id: int | None,
    status: str | None,
    kind: str | None,
    reviewer: str | None,
) -> None:
    """Review claims in a full-screen app, or record one decision.

    With no CLAIM_ID, opens the review app: the claim list on the left, the selected claim
    with its paragraph, verdicts, evidence and history on the right; keys are shown in the
    footer and can be rebound under [review.keys] in the config file. Every decision is
    saved the moment it is made.

    With CLAIM_ID and --set LABEL (and/or --note TEXT), stores that decision and exits.
    """
    from claimtrack.services.review import (
        normalise_label,
        record_decision,
        resolve_reviewer,
    )

    if claim_id is not None and (label or note):
        decision = normalise_label(label) if label else "note"
        if decision == "note" and not note:
            raise ClaimtrackError("--set note needs --note TEXT")
        registry = open_registry(ctx)
        saved = record_decision(
            registry, claim_id, decision, note=note, reviewer=reviewer or resolve_reviewer()
        )
        claim = registry.claim(claim_id)
        status_now = claim.status if claim else "?"
        click.echo(
            f"Claim {claim_id}: {decision} by {saved.reviewer} (review {saved.id}); status {status_now}"
        )
        return
    if label or note:
        raise click.UsageError("--set and --note need a CLAIM_ID")
    from claimtrack.review.app import ReviewApp, require_terminal

    registry = open_registry(ctx)
    if claim_id is not None and registry.claim(claim_id) is None:
        raise ClaimtrackError(f"no claim with id {claim_id}")
    if article_id is not None and registry.article(article_id) is None:
        raise ClaimtrackError(f"no article with id {article_id}")
    require_terminal()
    app = ReviewApp(
        registry,
        article_id=article_id,
        status=status,
        kind=kind,
        reviewer=reviewer,
        start_claim=claim_id,
    )
    app.run()
