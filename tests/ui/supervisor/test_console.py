"""The console as a whole: its language, and running without the app."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day, settle


def test_console_speaks_chinese(qtbot: Any, make_console: Any) -> None:
    """With the UI in Chinese the console's own texts are translated."""
    console = make_console(language="zh")
    assert console.nav_buttons["roster"].text() == "疏散名单"
    assert console.pages["dashboard"].tiles["on_site"].caption.text() == "当前在场"


def test_build_console_accepts_a_bare_env(qtbot: Any, day: Day) -> None:
    """Without an AppContext the console still runs (own worker, no bridge)."""
    from kiosk.ui.supervisor import build_console

    console = build_console(day.env)
    qtbot.addWidget(console)
    settle(qtbot, console)
    assert console.pages["dashboard"].tiles["booked"].number.text() == "8"
    assert console.context.bridge is None
    console.shutdown()
    console.context.writer.wait_for_done(5000)
