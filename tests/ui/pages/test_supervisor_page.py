"""The supervisor page: behind the PIN, then the console."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE, STAFF_PIN, type_pin

pytestmark = OFFSCREEN_NOISE


def test_supervisor_mode_needs_the_pin(make_window):
    """Supervisor mode starts on the PIN page with no way to cancel; the PIN opens it."""
    window = make_window(mode="supervisor")
    assert window.current_page() is window.pin_page
    assert not window.pin_page.cancel_button.isVisibleTo(window.pin_page)
    type_pin(window, STAFF_PIN)
    assert window.current_page() is window.supervisor_page
