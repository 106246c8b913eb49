"""The window's devices: scans from the wedge scanner, sounds that never raise, a clean stop."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from kiosk.ui.i18n import Translations
from kiosk.ui.pages.scan_page import ScanPage
from tests.conftest import skip_or_fail
from tests.ui.input.multimedia import MULTIMEDIA_NOISE

try:
    import PySide6.QtMultimedia  # noqa: F401  (sounds and the camera need it)

    from kiosk.ui.devices import Devices
except ImportError as exc:  # QtMultimedia's libraries are missing on this machine
    skip_or_fail(f"QtMultimedia cannot be loaded: {exc}")

pytestmark = pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)


def test_scanner_reads_arrive_as_scans_from_the_scanner(qtbot):
    """A wedge scanner's read comes out as (text, "scanner")."""
    page = ScanPage(Translations("en"))
    qtbot.addWidget(page)
    devices = Devices()
    devices.start(page)
    assert devices.scanner is not None
    with qtbot.waitSignal(devices.scanned, timeout=1000) as seen:
        devices.scanner.feed_text("K7M4Q2XP\r")
    assert seen.args == ["K7M4Q2XP", "scanner"]
    devices.stop()


def test_after_stop_fast_typing_reaches_the_field(qtbot):
    """Stopped devices leave the keyboard alone: a fast burst of keys lands in a text field."""
    page = ScanPage(Translations("en"))
    qtbot.addWidget(page)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    devices = Devices()
    devices.start(page)
    devices.stop()
    QTest.keyClicks(field, "K7M4Q2XP")
    assert field.text() == "K7M4Q2XP"


def test_sounds_never_raise(qtbot):
    """Playing any tone, known or not, before or after start, never raises."""
    page = ScanPage(Translations("en"))
    qtbot.addWidget(page)
    devices = Devices()
    devices.play("ok")  # nothing started yet: silent
    devices.start(page)
    for tone in ("ok", "attention", "refused", "no-such-tone"):
        devices.play(tone)
    devices.stop()
