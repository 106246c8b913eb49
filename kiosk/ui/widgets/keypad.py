"""On-screen keypads with large keys: the booking-code alphabet and a PIN pad."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.ui.widgets.common import button

# Booking codes never use 0/O or 1/I (db/samples/generate_demo.py CODE_ALPHABET), so the pad
# leaves them out and a visitor cannot type a code that cannot exist.
CODE_KEYS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PIN_KEYS = "123456789"


class Keypad(QWidget):
    """A grid of character keys.

    Signals:
        key(str): one character was tapped.
    """

    key = Signal(str)

    def __init__(self, keys: Sequence[str], columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for index, char in enumerate(keys):
            key_button = button(char, "key")
            key_button.setMinimumHeight(72)
            key_button.clicked.connect(lambda _checked=False, c=char: self.key.emit(c))
            grid.addWidget(key_button, index // columns, index % columns)
            self.keys[char] = key_button
        self.grid = grid
