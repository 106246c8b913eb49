"""Modes: the PIN and its lockout, no way out of self-service, idle return, the staff menu."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import LIVE_NOW, OFFSCREEN_NOISE, STAFF_PIN

pytestmark = OFFSCREEN_NOISE


def type_pin(window, pin: str) -> None:
    page = window.pin_page
    for digit in pin:
        if digit == "0":
            page.zero_button.click()
        else:
            page.keypad.keys[digit].click()
    page.ok_button.click()


def press(window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Deliver a key press through the application, as a real keyboard would."""
    target = QApplication.focusWidget() or window
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers))


def test_right_pin_opens_the_staff_menu(make_window):
    """A long press on the corner button, then the right PIN, shows the staff menu."""
    window = make_window(mode="self")
    window.scan_page.staff_button.clicked.emit()  # a plain tap does nothing for visitors
    assert window.current_page() is window.scan_page
    window.scan_page.staff_button.long_pressed.emit()
    assert window.current_page() is window.pin_page
    type_pin(window, STAFF_PIN)
    assert window.current_page() is window.staff_page


def test_wrong_pins_lock_the_pad(make_window):
    """Five wrong PINs lock the pad; even the right PIN is refused until the lock runs out."""
    window = make_window(mode="self")
    window.open_staff_menu()
    for _ in range(4):
        type_pin(window, "0000")
    assert "attempt" in window.pin_page.message_label.text()
    type_pin(window, "0000")
    assert "Too many wrong PINs" in window.pin_page.message_label.text()
    assert not window.pin_page.keypad.isEnabled()
    assert window.gate.try_pin(STAFF_PIN).locked
    assert window.current_page() is window.pin_page
    window.context.env.clock.set(LIVE_NOW + timedelta(minutes=2))  # the lock has run out
    window.pin_page.ask(window._show_staff_page)
    type_pin(window, STAFF_PIN)
    assert window.current_page() is window.staff_page


def test_no_pin_configured_unlocks_nothing(make_window):
    """Without a stored PIN hash nobody can leave self-service from the screen."""
    window = make_window(mode="self", pin_hash="")
    window.open_staff_menu()
    type_pin(window, "1234")
    assert window.current_page() is window.pin_page
    assert "No staff PIN" in window.pin_page.message_label.text()


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_self_mode_swallows_escape_keys(qtbot, make_window, key, modifiers):
    """Esc, Alt+F4, Ctrl+Q and Ctrl+W do nothing in self-service mode."""
    window = make_window(mode="self")
    window.show_keypad()
    with qtbot.waitSignal(window.guard.blocked, timeout=1000):
        press(window, key, modifiers)
    assert window.isVisible()
    assert window.current_page() is window.keypad_page


def test_self_mode_refuses_to_close(make_window):
    """Closing the window (the window manager's ✕, Alt+F4) is refused in self-service."""
    window = make_window(mode="self")
    assert window.close() is False
    assert window.isVisible()


def test_staff_can_close_self_mode_with_the_pin(make_window):
    """After the PIN, "Close the kiosk program" really closes the window."""
    window = make_window(mode="self")
    window.open_staff_menu()
    type_pin(window, STAFF_PIN)
    window.staff_page.close_button.click()
    assert not window.isVisible()


def test_gate_mode_may_close_and_esc_goes_home(make_window):
    """Gate staff are trusted: Esc returns to Scan, the window may close."""
    window = make_window(mode="gate")
    window.show_keypad()
    press(window, Qt.Key.Key_Escape)
    assert window.current_page() is window.scan_page
    assert window.close() is True


def test_switching_to_self_mode_locks_the_window(make_window):
    """From the staff menu gate staff turn the kiosk into a locked self-service kiosk."""
    window = make_window(mode="gate")
    window.scan_page.staff_button.clicked.emit()
    type_pin(window, STAFF_PIN)
    window.staff_page.self_button.click()
    assert window.mode == "self" and window.guard.active
    assert window.current_page() is window.scan_page
    assert window.close() is False


def test_supervisor_mode_needs_the_pin(make_window):
    """Supervisor mode starts on the PIN page with no way to cancel; the PIN opens it."""
    window = make_window(mode="supervisor")
    assert window.current_page() is window.pin_page
    assert not window.pin_page.cancel_button.isVisibleTo(window.pin_page)
    type_pin(window, STAFF_PIN)
    assert window.current_page() is window.supervisor_page


def test_idle_timeout_returns_home_and_resets_the_language(make_window):
    """Left alone, the kiosk goes back to Scan and to its default language."""
    window = make_window(mode="self", language="en")  # the kiosk's setting is English
    window.scan_page.language_button.click()
    assert window.context.language == "zh"
    window.show_keypad()
    window.idle.timer.timeout.emit()
    assert window.current_page() is window.scan_page
    assert window.context.language == "en"
    assert window.scan_page.prompt_label.text() == "Scan your QR code"


def test_idle_timeout_leaves_the_staff_menu(make_window):
    """An unlocked staff menu left alone locks itself again."""
    window = make_window(mode="self")
    window.open_staff_menu()
    type_pin(window, STAFF_PIN)
    window.idle.timer.timeout.emit()
    assert window.current_page() is window.scan_page


def test_scans_are_ignored_on_the_staff_pages(make_window):
    """A stray scan while staff type the PIN does not leave the PIN page."""
    window = make_window(mode="gate")
    window.open_staff_menu()
    window.handle_scan("SOLO2345")
    assert window.current_page() is window.pin_page
