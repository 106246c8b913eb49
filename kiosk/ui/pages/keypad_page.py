"""Manual entry: type the booking code on large keys when the QR code will not scan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.widgets.common import Page, button, label
from kiosk.ui.widgets.keypad import CODE_KEYS, Keypad

MAX_CODE_CHARS = 32


class KeypadPage(Page):
    """Code display, the code alphabet, backspace, clear, OK.

    Signals:
        submitted(str): the typed code (OK).
        cancelled(): back to Scan.
    """

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeypadPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # typed keys land here, not elsewhere
        self._code = ""
        self.title_label = label("", "PageTitle")
        self.display = label("", "CodeDisplay", wrap=False, centre=True)
        self.keypad = Keypad(CODE_KEYS, columns=8)
        self.keypad.key.connect(self.type_char)
        self.backspace_button = button("", "secondary")
        self.clear_button = button("", "secondary")
        self.cancel_button = button("", "secondary")
        self.ok_button = button("")
        self.backspace_button.clicked.connect(self.backspace)
        self.clear_button.clicked.connect(self.clear)
        self.cancel_button.clicked.connect(self._cancel)
        self.ok_button.clicked.connect(self._submit)
        actions = QHBoxLayout()
        actions.setSpacing(20)
        for widget in (self.cancel_button, self.clear_button, self.backspace_button):
            actions.addWidget(widget, 1)
        actions.addWidget(self.ok_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        layout.addWidget(self.title_label)
        layout.addWidget(self.display)
        layout.addWidget(self.keypad, 1)
        layout.addLayout(actions)
        self.retranslate_ui()

    @property
    def code(self) -> str:
        return self._code

    def type_char(self, char: str) -> None:
        if len(self._code) < MAX_CODE_CHARS:
            self._code += char
        self._show()

    def backspace(self) -> None:
        self._code = self._code[:-1]
        self._show()

    def clear(self) -> None:
        self._code = ""
        self._show()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Type the booking code"))
        self.backspace_button.setText(self.tr("⌫ Delete"))
        self.clear_button.setText(self.tr("Clear"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.ok_button.setText(self.tr("OK"))
        for char, key in self.keypad.keys.items():
            describe(key, char, self.tr("Types %1 into the booking code.").replace("%1", char))
        describe(self.backspace_button, self.tr("Delete"), self.tr("Deletes the last character."))
        describe(self.clear_button, self.tr("Clear"), self.tr("Deletes the whole code."))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Back to the scan page."))
        describe(self.ok_button, self.tr("OK"), self.tr("Checks in the booking with this code."))
        self._show()

    def _show(self) -> None:
        self.display.setText(self._code or "·" * 8)
        self.ok_button.setEnabled(bool(self._code))
        describe(
            self.display,
            self.tr("Booking code"),
            " ".join(self._code) if self._code else self.tr("Nothing typed yet."),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard types the code too: letters and digits, Backspace, Enter."""
        text = event.text().upper()
        if len(text) == 1 and text.isascii() and text.isalnum():
            self.type_char(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _submit(self) -> None:
        if self._code:
            code, self._code = self._code, ""
            self._show()
            self.submitted.emit(code)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()
