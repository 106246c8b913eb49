"""Live headcounts: a check-in written by another process shows within 2 s, in place."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tests.ui.supervisor.conftest import Day, settle

CHECKIN_IN_ANOTHER_PROCESS = "from kiosk.cli import main; raise SystemExit(main())"


@pytest.mark.slow
def test_check_in_on_another_kiosk_shows_within_two_seconds(
    qtbot: Any, day: Day, make_console: Any
) -> None:
    """A second process checks the solo visitor in; the dashboard counts 5 → 6 in place."""
    console = make_console()
    dashboard = console.pages["dashboard"]
    assert dashboard.tiles["checked_in"].number.text() == "5"
    assert dashboard.sessions_model.text(0, "in") == "5"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHECKIN_IN_ANOTHER_PROCESS,
            "checkin",
            "SOLO1111",
            "--db",
            day.url,
            "--at",
            "2025-02-02T09:09",
            "--kiosk-id",
            "GATE-9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with qtbot.assertNotEmitted(dashboard.sessions_model.modelReset):
        qtbot.waitUntil(lambda: dashboard.sessions_model.text(0, "in") == "6", timeout=2000)
        qtbot.waitUntil(lambda: dashboard.tiles["checked_in"].number.text() == "6", timeout=2000)
    assert dashboard.tiles["expected"].number.text() == "2"
    assert "GATE-9" in [line.kiosk_id for line in dashboard.kiosks_model.rows()]
    settle(qtbot, console)


@pytest.mark.slow
def test_unchanged_token_does_not_touch_the_models(qtbot: Any, make_console: Any) -> None:
    """Polls that find nothing new emit no model signal at all."""
    console = make_console()
    dashboard = console.pages["dashboard"]
    with (
        qtbot.assertNotEmitted(dashboard.sessions_model.dataChanged, wait=1500),
        qtbot.assertNotEmitted(dashboard.groups_model.dataChanged),
        qtbot.assertNotEmitted(dashboard.sessions_model.modelReset),
    ):
        console.feed.poll()
    settle(qtbot, console)
