"""Reprinting a booking's badges when the console runs without the app (straight to the PDF
folder)."""

from __future__ import annotations

from typing import Any

from kiosk.ui.supervisor import build_console
from tests.ui.supervisor.conftest import Day, choose, settle


def test_a_console_of_its_own_prints_to_the_pdf_folder(qtbot: Any, day: Day) -> None:
    """Without the app's printer the console renders the badges itself: one PDF appears."""
    console = build_console(day.env)
    qtbot.addWidget(console)
    settle(qtbot, console)
    tools = choose(qtbot, console, "FAMILY33")
    tools.party_actions.reprint()
    settle(qtbot, console)
    assert tools.status.text() == "Badges printed: 3"
    assert len(list((day.folder / "out").glob("*.pdf"))) == 1
    console.shutdown()
    console.context.writer.wait_for_done(5000)


def test_nobody_checked_in_prints_nothing(qtbot: Any, make_console: Any) -> None:
    """A booking nobody of which is in gets no badges, and the page says why."""
    console = make_console()
    tools = choose(qtbot, console, "SOLO1111")
    with qtbot.assertNotEmitted(console.context.bridge.print_requested):
        tools.party_actions.reprint()
    assert tools.status.text() == "Nobody of this booking is checked in."
