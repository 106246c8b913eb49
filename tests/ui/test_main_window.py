"""The window: modes and their locks, idle return, scans on staff pages, start-up faults."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import OFFSCREEN_NOISE, STAFF_PIN, press, type_pin

pytestmark = OFFSCREEN_NOISE


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


def test_gate_mode_may_close_and_esc_goes_home(make_window):
    """Gate staff are trusted: Esc returns to Scan, the window may close."""
    window = make_window(mode="gate")
    window.show_keypad()
    press(window, Qt.Key.Key_Escape)
    assert window.current_page() is window.scan_page
    assert window.close() is True


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


def test_search_is_not_reachable_in_self_mode(make_window):
    """Visitors never get a list of other people's bookings."""
    window = make_window(mode="self")
    assert not window.scan_page.search_button.isVisibleTo(window.scan_page)
    window.show_search()
    assert window.current_page() is window.scan_page


def test_integrity_problem_found_after_start_stops_check_ins(qtbot, make_window, monkeypatch):
    """The background quick_check reporting damage puts up the fault page; scans are ignored."""
    import kiosk.services.startup as startup

    monkeypatch.setattr(startup, "integrity_problem", lambda engine: "row 7 missing from index")
    window = make_window("gate", "en")
    qtbot.waitUntil(lambda: window.current_page() is window.message_page, timeout=5000)
    assert "damaged" in window.message_page.en_label.text()
    window.handle_scan("SOLO2345")
    assert window.current_page() is window.message_page
