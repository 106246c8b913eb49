"""The staff menu: closing the program and switching the kiosk's mode."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE, STAFF_PIN, type_pin

pytestmark = OFFSCREEN_NOISE


def test_staff_can_close_self_mode_with_the_pin(make_window):
    """After the PIN, "Close the kiosk program" really closes the window."""
    window = make_window(mode="self")
    window.open_staff_menu()
    type_pin(window, STAFF_PIN)
    window.staff_page.close_button.click()
    assert not window.isVisible()


def test_switching_to_self_mode_locks_the_window(make_window):
    """From the staff menu gate staff turn the kiosk into a locked self-service kiosk."""
    window = make_window(mode="gate")
    window.scan_page.staff_button.clicked.emit()
    type_pin(window, STAFF_PIN)
    window.staff_page.self_button.click()
    assert window.mode == "self" and window.guard.active
    assert window.current_page() is window.scan_page
    assert window.close() is False
