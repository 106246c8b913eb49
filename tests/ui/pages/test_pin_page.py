"""The staff PIN: the right one unlocks, wrong ones lock the pad, none set unlocks nothing."""

from __future__ import annotations

from datetime import timedelta

from tests.ui.conftest import LIVE_NOW, OFFSCREEN_NOISE, STAFF_PIN, type_pin

pytestmark = OFFSCREEN_NOISE


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
