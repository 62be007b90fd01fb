"""One review session in its own process, for the concurrency test.

Usage: python review_session.py DB_URL REVIEWER LABELS GO_FILE

Waits for GO_FILE to exist (so both sessions start together), then drives the review app
headlessly: for each claim in the list presses the key for the next label of LABELS
(a string of s/r/m/u letters) and moves down.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp


async def main(url: str, reviewer: str, labels: str, go: Path) -> None:
    registry = Registry.open(url)
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("start signal never came")
        await asyncio.sleep(0.01)
    app = ReviewApp(registry, reviewer=reviewer, keys={})
    async with app.run_test(size=(80, 24)) as pilot:
        assert len(app.shown_rows) == len(labels), (len(app.shown_rows), len(labels))
        for key in labels:
            await pilot.press(key, "down")
        await pilot.pause()
    registry.close()
    print(f"{reviewer}: {len(labels)} decisions")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])))
