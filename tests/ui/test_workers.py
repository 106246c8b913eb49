"""The serial worker lane: order, errors, None results."""

from __future__ import annotations

import time

from kiosk.ui.workers import Worker
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_worker_keeps_order_and_reports_errors(qtbot):
    """Calls run one at a time in order; a failure reaches on_error on the UI thread."""
    worker = Worker()
    done: list[object] = []

    def slow(value: int) -> int:
        time.sleep(0.01)
        return value

    for value in range(5):
        worker.run(slow, value, on_done=done.append)
    worker.run(lambda: 1 / 0, on_error=done.append)
    qtbot.waitUntil(lambda: worker.idle, timeout=5000)
    assert done[:5] == [0, 1, 2, 3, 4]
    assert isinstance(done[5], ZeroDivisionError)


def test_worker_delivers_none(qtbot):
    """A call that returns None still calls on_done (PySide boxes are handled)."""
    worker = Worker()
    seen: list[object] = []
    worker.run(lambda: None, on_done=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [None]
