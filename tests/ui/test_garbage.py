"""Garbage collection runs on the UI thread only while the app runs."""

from __future__ import annotations

import gc

from kiosk.ui.garbage import MainThreadCollector
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_app_takes_collection_over_and_gives_it_back(qapp: object) -> None:
    """While the collector runs automatic collection is off; stop switches it on again."""
    collector = MainThreadCollector(interval_ms=60_000)
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()
    gc.disable()  # the UI tests' own fixture keeps it off until the test ends


def test_a_due_generation_is_collected_on_the_tick(qapp: object) -> None:
    """Past the youngest generation's threshold, a tick collects and frees unreachable cycles."""
    collector = MainThreadCollector(interval_ms=60_000)
    try:
        gc.collect()
        for _ in range(gc.get_threshold()[0] + 10):
            _Cycle()
        assert gc.get_count()[0] > gc.get_threshold()[0]
        assert collector.collect_due() >= 0
        assert gc.get_count()[0] < gc.get_threshold()[0]
        assert collector.collect_due() == -1  # nothing due right after
    finally:
        collector.stop()
        gc.disable()
