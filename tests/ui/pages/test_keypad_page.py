"""Typing a booking code on the on-screen keypad."""

from __future__ import annotations

from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_keypad_entry_checks_in(qtbot, make_window):
    """Typing the code on the on-screen keypad checks the visitor in."""
    window = make_window(mode="self")
    window.scan_page.enter_code_button.click()
    keypad = window.keypad_page
    assert window.current_page() is keypad
    assert "O" not in keypad.keypad.keys and "I" not in keypad.keypad.keys
    for char in "SOLO2345".replace("O", "0"):
        if char in keypad.keypad.keys:
            keypad.keypad.keys[char].click()
    assert keypad.code == "SL2345"  # 0/O are not on the pad
    keypad.clear_button.click()
    for char in "SOLX":
        keypad.keypad.keys.get(char, keypad.keypad.keys["S"]).click()
    keypad.backspace_button.click()
    keypad.clear_button.click()
    assert keypad.code == ""
    assert not keypad.ok_button.isEnabled()
    for char in "EARLY234":
        keypad.keypad.keys[char].click()
    with qtbot.waitSignal(window.result_shown, timeout=5000) as blocker:
        keypad.ok_button.click()
    assert blocker.args[0].outcome == "too_early"
