"""The worker lane, the theme's sizes and contrast, and the `kiosk demo` command."""

from __future__ import annotations

import time

from kiosk.cli import main
from kiosk.cli.cmd_app import demo_live_instant
from kiosk.ui.theme import metrics_for, readable_text_on
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


def test_touch_targets_are_at_least_12_mm_and_64_px():
    """Buttons are 12 mm on a dense screen and never under 64 px; body text is >= 24 px."""
    assert metrics_for(96).target_px == 64
    assert metrics_for(300).target_px == round(12 / 25.4 * 300)
    assert metrics_for(96).body_px >= 24


def test_group_letter_colour_contrasts():
    """The group letter is white on dark colours and black on light ones."""
    assert readable_text_on("#D32F2F") == "#FFFFFF"
    assert readable_text_on("#FFEB3B") == "#111111"


def test_demo_prepares_a_fresh_database(tmp_path, capsys):
    """`kiosk demo --no-window` loads the demo program and tells where the database is."""
    url = f"sqlite:///{tmp_path}/demo.db"
    assert main(["demo", "--no-window", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "demo.db" in out and "2025-02-02T09:10:00+08:00" in out
    assert main(["demo", "--no-window", "--db", url]) == 2  # never overwrites a database


def test_demo_live_instant_is_inside_a_window():
    """The generator's live instant is the documented 2 Feb 09:10."""
    assert demo_live_instant() == "2025-02-02T09:10:00+08:00"
