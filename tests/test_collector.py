"""claimtrack.collector: the collector's state is restored, and freezes nest."""

from __future__ import annotations

import gc

from claimtrack.collector import collection_paused, long_lived_frozen


def test_a_freeze_inside_another_keeps_the_outer_frozen_and_restores_thresholds() -> None:
    thresholds = gc.get_threshold()
    before = gc.get_freeze_count()
    with long_lived_frozen():
        outer = gc.get_freeze_count()
        assert outer >= before
        with long_lived_frozen(young_threshold=12_345):
            assert gc.get_threshold()[0] == 12_345
        assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() >= outer, "the inner block's end left the outer frozen"
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == thresholds


def test_a_pause_restores_the_collector_and_keeps_it_off_if_it_was() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        with collection_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
