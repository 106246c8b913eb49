"""A US-layout wedge scanner on a German or French kiosk, through the kiosk window: the burst
ends with Enter, Tab or nothing, reaches the check-in as typed, and the booking it meant is
admitted with the repair on the result page; an unknown code is still refused."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest

from kiosk.core.keyboard_layouts import mistype
from tests.factories import SHANGHAI, Party, add_session
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.input.multimedia import ignore_multimedia_noise

pytestmark = [OFFSCREEN_NOISE, ignore_multimedia_noise]

TERMINATORS = {"enter": Qt.Key.Key_Return, "tab": Qt.Key.Key_Tab, "nothing": None}


@pytest.fixture
def window(kiosk_env, make_window):
    add_session(
        kiosk_env.engine,
        "S8",
        starts_at=datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
        parties=(
            Party("HXUYSRQXLE", 1, names=["Anna Schmidt"]),
            Party("QWAZM2345", 1, names=["Chloé Dupont"]),
        ),
    )
    window = make_window(mode="gate", language="en")
    window.devices.start(window.scan_page)  # the scanner filter as the kiosk installs it
    yield window
    window.devices.stop()


def burst(window, text: str, end: str, start_ms: int = 5_000_000) -> None:
    """What a wedge scanner sends: keys 4 ms apart, with timestamps, then its terminator."""
    target = window.windowHandle()
    stamp = start_ms
    for char in text:
        key = ord(char.upper()) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
        event = QKeyEvent(
            QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, 0, 0, 0, char, False, 1
        )
        event.setTimestamp(stamp)
        QCoreApplication.sendEvent(target, event)
        stamp += 4
    if TERMINATORS[end] is not None:
        event = QKeyEvent(QEvent.Type.KeyPress, TERMINATORS[end], Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(stamp)
        QCoreApplication.sendEvent(target, event)
    else:
        QTest.qWait(200)  # the scanner's silence ends the burst


@pytest.mark.parametrize(
    ("meant", "typed", "end"),
    [
        ("HXUYSRQXLE", "HXUZSRQXLE", "enter"),  # German kiosk: Y and Z swapped
        ("QWAZM2345", mistype("QWAZM2345", "azerty"), "tab"),  # French kiosk: no code at all
        ("HXUYSRQXLE", mistype("HXUYSRQXLE-1", "qwertz"), "nothing"),  # a badge, no suffix
    ],
)
def test_a_garbled_scan_admits_the_booking_it_meant(qtbot, window, meant, typed, end):
    """Whatever ends the burst, the booking is admitted and the page says how it was read."""
    with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
        burst(window, typed, end)
    result = shown.args[0]
    assert result.outcome == "ok"
    assert result.code == meant
    assert f"Scan read as {meant}" in window.result_page.message_label.text()


def test_an_unknown_code_is_still_refused(qtbot, window):
    """A code that no layout mix-up explains is not found."""
    with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
        burst(window, "HXUZSRQXLF", "enter")
    assert shown.args[0].outcome == "unknown"
    assert window.result_page.title_label.text() == "Booking not found"
