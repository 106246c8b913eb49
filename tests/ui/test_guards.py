"""The keys a visitor might try to leave self-service with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from kiosk.ui.guards import is_escape_key

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.mark.parametrize(
    ("key", "modifiers", "escape"),
    [
        (Qt.Key.Key_Escape, NONE, True),
        (Qt.Key.Key_F4, ALT, True),
        (Qt.Key.Key_F4, CTRL, True),
        (Qt.Key.Key_Q, CTRL, True),
        (Qt.Key.Key_W, CTRL | Qt.KeyboardModifier.ShiftModifier, True),
        (Qt.Key.Key_F4, NONE, False),
        (Qt.Key.Key_Q, NONE, False),
        (Qt.Key.Key_Return, NONE, False),
    ],
)
def test_escape_keys(key, modifiers, escape):
    """Esc, Alt/Ctrl+F4, Ctrl+Q and Ctrl+W are ways out; plain letters and Enter are not."""
    assert is_escape_key(QKeyEvent(QEvent.Type.KeyPress, key, modifiers)) is escape
