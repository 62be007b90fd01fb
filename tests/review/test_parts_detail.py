"""The review app's claim detail lists the claim's parts, each with its verdict (Pilot)."""

from __future__ import annotations

from claimtrack.extraction.parts import Part
from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp, screen_text
from claimtrack.testing import add_claims

OFFICE = Part(
    "office-1", "office", "Emmanuel Macron is President of France", {"person": "Emmanuel Macron"}
)
QUOTE = Part(
    "quote-1",
    "quote",
    "Emmanuel Macron said “[red]no limits[/red]”",
    {"speaker": "Emmanuel Macron"},
)


async def test_the_detail_shows_each_part_with_its_verdict(registry: Registry) -> None:
    (claim_id,) = add_claims(
        registry,
        [
            {
                "text": "President Emmanuel Macron said support 'knows no limits'.",
                "kind": "quote",
                "values": {"parts": [OFFICE.to_dict(), QUOTE.to_dict()]},
            }
        ],
    )
    run = registry.start_run({"test": True})
    registry.add_verdict(
        {
            "run_id": run,
            "claim_id": claim_id,
            "verifier": "wikidata",
            "part": "office-1",
            "label": "supported",
            "confidence": 0.9,
            "summary": "Macron was President of France on the article's date \x1b[31m",
        }
    )
    registry.finish_run(run)
    app = ReviewApp(registry, keys={}, reviewer="tester")
    async with app.run_test(size=(130, 50)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
    # The right-hand pane, its wrapped lines joined.
    pane = " ".join(
        " ".join(line.split("▏", 1)[1].split()) for line in screen.splitlines() if "▏" in line
    )
    assert "Outcome: unverifiable (verifiers)" in pane
    assert "Parts 1 of 2 parts checked: office supported; quote unchecked" in pane
    # Each part with its verdict; texts from articles and sources shown literally.
    assert "◦ office: Emmanuel Macron is President of France supported 0.90" in pane
    assert "◦ quote: Emmanuel Macron said “[red]no limits[/red]” unchecked" in pane
    assert "Macron was President of France on the article's date \\x1b[31m" in pane
    # The verdict list says which part each verdict is on.
    assert "wikidata supported 0.90 on office-1" in pane
