"""The review app driven headlessly with Textual's Pilot: key presses become Review rows."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from seed import Seeded

from claimtrack.errors import ClaimtrackError
from claimtrack.registry import Registry
from claimtrack.review.app import ReviewApp, keymap, screen_text
from claimtrack.services.review import add_review

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZE = (80, 24)


def make_app(registry: Registry, **kwargs: object) -> ReviewApp:
    kwargs.setdefault("keys", {})
    kwargs.setdefault("reviewer", "tester")
    return ReviewApp(registry, **kwargs)  # type: ignore[arg-type]


def reviews(registry: Registry, claim_id: int) -> list[tuple[str, str, str | None]]:
    return [(r.reviewer, r.label, r.note) for r in registry.reviews(claim_id)]


def check_snapshot(name: str, text: str) -> None:
    """Compare a text capture with ``snapshots/<name>.txt`` (CLAIMTRACK_UPDATE_SNAPSHOTS=1 rewrites it)."""
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("CLAIMTRACK_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"screen differs from {path}; run with CLAIMTRACK_UPDATE_SNAPSHOTS=1 to accept"
    )


async def test_keys_store_reviews_at_once(registry: Registry, seeded: Seeded) -> None:
    stat, quote, members = seeded.claim_ids
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # claim 1: refuted
        assert reviews(registry, stat) == [
            ("tester", "refuted", None)
        ]  # stored before anything else happens
        await pilot.press("down", "s")  # claim 2: supported
        await pilot.press("n", *"checked the transcript", "enter")  # a note on claim 2
        await pilot.press("down", "x")  # claim 3: not check-worthy
        await pilot.press("m")  # then changed to mixed
        await pilot.pause()
    assert reviews(registry, stat) == [("tester", "refuted", None)]
    assert reviews(registry, quote) == [
        ("tester", "supported", None),
        ("tester", "note", "checked the transcript"),
    ]
    assert reviews(registry, members) == [
        ("tester", "not_checkworthy", None),
        ("tester", "mixed", None),
    ]
    statuses = {c.id: c.status for c in registry.claims()}
    assert statuses == {stat: "reviewed", quote: "reviewed", members: "reviewed"}


async def test_quit_keeps_every_decision(registry: Registry, seeded: Seeded) -> None:
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u", "q")
        await pilot.pause()
    assert reviews(registry, seeded.claim_ids[0]) == [("tester", "unverifiable", None)]


async def test_note_cancelled_with_escape_stores_nothing(
    registry: Registry, seeded: Seeded
) -> None:
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"draft", "escape")
        await pilot.pause()
    assert reviews(registry, seeded.claim_ids[0]) == []


async def test_next_open_and_next_disputed(registry: Registry, seeded: Seeded) -> None:
    stat, quote, members = seeded.claim_ids
    add_review(registry, quote, "supported", reviewer="alice")
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        assert app.selected_row.id == stat
        await pilot.press("j")  # next open skips the reviewed quote
        assert app.selected_row.id == members
        await pilot.press("j")  # wraps around
        assert app.selected_row.id == stat
        await pilot.press("d")  # verifiers disagree on the membership claim
        assert app.selected_row.id == members
        await pilot.press("s")
        add_review(registry, members, "refuted", reviewer="bob")  # another session disagrees
        assert app.claim_list.rows[2].status == "reviewed"  # not seen yet
        await pilot.press("up", "down")  # moving onto the claim re-reads it
        assert app.claim_list.rows[2].status == "disputed"
        assert "1 disputed" in screen_text(app)
        await pilot.press("home", "d")
        assert app.selected_row.id == members


async def test_keys_are_rebindable(registry: Registry, seeded: Seeded) -> None:
    app = make_app(registry, keys={"supported": "1", "refuted": "2,f"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")  # no longer bound
        await pilot.press("1", "down", "f")
        await pilot.pause()
    assert reviews(registry, seeded.claim_ids[0]) == [("tester", "supported", None)]
    assert reviews(registry, seeded.claim_ids[1]) == [("tester", "refuted", None)]


def test_keymap_rejects_unknown_action() -> None:
    with pytest.raises(ClaimtrackError, match="unknown action"):
        keymap({"launch": "l"})
    assert keymap({"quit": ["q", "ctrl+c"]}) == {"review.quit": "q,ctrl+c"}
    with pytest.raises(ClaimtrackError, match="key 'r' is bound to both supported and refuted"):
        keymap({"supported": "r"})
    assert keymap({"supported": "r", "refuted": "f"}) == {
        "review.supported": "r",
        "review.refuted": "f",
    }


async def test_keys_from_config_file(
    registry: Registry, seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[review]\nreviewer = "from-config"\n\n[review.keys]\nmixed = "3"\n', encoding="utf-8"
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))
    monkeypatch.delenv("CLAIMTRACK_REVIEWER")
    app = ReviewApp(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
    assert reviews(registry, seeded.claim_ids[0]) == [("from-config", "mixed", None)]


async def test_search_filter_and_sort(registry: Registry, seeded: Seeded) -> None:
    stat, quote, members = seeded.claim_ids
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tariffs")
        assert [r.id for r in app.shown_rows] == [quote]
        await pilot.press("escape")
        await pilot.press("s")  # keys act on the table again: the filtered claim
        assert reviews(registry, quote) == [("tester", "supported", None)]
        await pilot.press("slash", *["backspace"] * 7, *"verdict:ref")
        assert [r.id for r in app.shown_rows] == [stat]
        await pilot.press(*["backspace"] * 11, "enter")
        assert len(app.shown_rows) == 3
        await pilot.press("t")  # sort by check-worthiness
        assert [r.id for r in app.shown_rows] == [stat, members, quote]


async def test_start_filters(registry: Registry, seeded: Seeded) -> None:
    app = make_app(registry, kind="quote")
    async with app.run_test(size=SIZE):
        assert [r.kind for r in app.shown_rows] == ["quote"]
    add_review(registry, seeded.claim_ids[0], "refuted", reviewer="x")
    app = make_app(registry, status="open", article_id=seeded.article_id)
    async with app.run_test(size=SIZE):
        assert [r.id for r in app.shown_rows] == seeded.claim_ids[1:]


async def test_open_evidence_url(registry: Registry, seeded: Seeded) -> None:
    opened: list[str] = []
    app = make_app(registry, opener=opened.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "down", "o", "down", "o", "o")
    assert opened == [
        "https://data.worldbank.org/indicator/SL.UEM.TOTL.ZS?locations=IT",
        "https://en.wikipedia.org/wiki/G7",
        "https://en.wikipedia.org/wiki/G7",
    ]


async def test_rerun_runs_in_a_worker_without_freezing(registry: Registry, seeded: Seeded) -> None:
    stat = seeded.claim_ids[0]
    started = threading.Event()
    release = threading.Event()
    calls: list[tuple[int, str]] = []

    def slow_engine(reg: Registry, claim_id: int, progress) -> None:  # type: ignore[no-untyped-def]
        calls.append((claim_id, threading.current_thread().name))
        started.set()
        progress(0, 1)
        assert release.wait(10)
        run_id = reg.start_run({"claim_ids": [claim_id]})
        reg.add_verdict(
            {
                "run_id": run_id,
                "claim_id": claim_id,
                "verifier": "fresh",
                "label": "supported",
                "confidence": 0.7,
                "summary": "re-checked",
            }
        )
        reg.finish_run(run_id)
        progress(1, 1)

    app = make_app(registry, rerun=slow_engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        assert started.wait(5)
        bar = app.query_one("#busy")
        assert bar.has_class("running")  # the progress indicator is shown
        await pilot.press("down", "s")  # the UI still answers while the engine works
        assert reviews(registry, seeded.claim_ids[1]) == [("tester", "supported", None)]
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if not bar.has_class("running"):
                break
        assert not bar.has_class("running")
        await pilot.press("up")
        assert "fresh" in screen_text(app) and "re-checked" in screen_text(app)
    assert calls and calls[0][0] == stat and calls[0][1] != threading.main_thread().name


async def test_rerun_failure_is_shown_not_fatal(registry: Registry, seeded: Seeded) -> None:
    def broken(reg: Registry, claim_id: int, progress) -> None:  # type: ignore[no-untyped-def]
        raise ClaimtrackError("the verification engine is not available in this installation")

    app = make_app(registry, rerun=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.last_error:
                break
        assert app.last_error == "the verification engine is not available in this installation"
        await pilot.press("s")
    assert reviews(registry, seeded.claim_ids[0]) == [("tester", "supported", None)]


async def test_snapshot_main_screen(
    registry: Registry, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the claim's sentence is marked »like this« in the capture
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        check_snapshot("main_80x24", screen_text(app))
        await pilot.press("down", "down")
        await pilot.pause()
        check_snapshot("membership_80x24", screen_text(app))


async def test_snapshot_note_dialog(registry: Registry, seeded: Seeded) -> None:
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"source?")
        await pilot.pause()
        check_snapshot("note_80x24", screen_text(app))


async def test_snapshot_wide(registry: Registry, seeded: Seeded) -> None:
    app = make_app(registry)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        check_snapshot("main_120x36", screen_text(app))


async def test_no_color_marks_the_sentence(
    registry: Registry, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "»Unemployment in Italy" in text
        assert app.no_color


def test_app_starts_fast_enough_for_the_test_suite(registry: Registry, seeded: Seeded) -> None:
    # The full 10,000-claim figure is in benchmarks/bench_report_review.py.
    import asyncio

    async def run() -> float:
        app = make_app(registry)
        start = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return time.perf_counter() - start

    assert asyncio.run(run()) < 5


async def test_rerun_with_the_real_engine(
    registry: Registry, seeded: Seeded, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The re-verify key runs the verification engine with the built-in offline verifiers."""
    from claimtrack.plugins import get_plugins

    monkeypatch.setenv(
        "CLAIMTRACK_LOAD_PLUGINS", "builtin-verifiers"
    )  # nothing that would leave loopback
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(tmp_path / "cache"))
    get_plugins.cache_clear()
    try:
        members = seeded.claim_ids[2]
        before = {v.id for v in registry.verdicts(members, latest_only=False)}
        app = make_app(registry, start_claim=members)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("v")
            bar = app.query_one("#busy")
            for _ in range(200):
                await pilot.pause(0.05)
                if not bar.has_class("running"):
                    break
            assert app.last_error is None
        fresh = [v for v in registry.verdicts(members, latest_only=False) if v.id not in before]
        assert fresh, "the engine stored new verdicts"
        assert ("membership-count", "supported") in [(v.verifier, v.label) for v in fresh]
    finally:
        get_plugins.cache_clear()


async def test_mouse_selects_and_sorts(registry: Registry, seeded: Seeded) -> None:
    stat, quote, members = seeded.claim_ids
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#claims", offset=(10, 1))  # second line
        assert app.selected_row.id == quote
        await pilot.click("#list-header", offset=(12, 0))  # the CW heading
        assert [r.id for r in app.shown_rows] == [stat, members, quote]
        assert app.selected_row.id == quote  # the cursor stays on its claim
        await pilot.press("s")
    assert reviews(registry, quote) == [("tester", "supported", None)]


async def test_empty_registry(registry: Registry) -> None:
    app = make_app(registry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "j", "d", "o", "v", "n", "t", "down", "up")
        await pilot.pause()
        assert "No claims match." in screen_text(app)
    assert registry.counts()["review"] == 0
