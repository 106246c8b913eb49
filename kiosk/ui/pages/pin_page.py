"""Staff PIN entry: digits only, masked, with the lockout's sentence when it bites."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core import messages
from kiosk.ui.accessibility import describe
from kiosk.ui.i18n import Translations
from kiosk.ui.pin_gate import PinGate
from kiosk.ui.widgets.common import Page, button, label
from kiosk.ui.widgets.keypad import PIN_KEYS, Keypad

MAX_PIN_CHARS = 12


class PinPage(Page):
    """Asks for the staff PIN, then runs the action it guards.

    Signals:
        cancelled(): back without unlocking.
        unlocked(): the PIN was right (the guarded action has been called).
    """

    cancelled = Signal()
    unlocked = Signal()

    def __init__(
        self, gate: PinGate, translations: Translations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PinPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a keyboard's digits land here
        self._gate = gate
        self._translations = translations
        self._pin = ""
        self._on_success: Callable[[], None] | None = None
        self._answer: tuple[str, str] | None = None

        self.title_label = label("", "PageTitle", centre=True)
        self.display = label("", "PinDisplay", wrap=False, centre=True)
        self.message_label = label("", "Message", centre=True)
        self.keypad = Keypad(PIN_KEYS, columns=3)
        self.keypad.setMaximumWidth(560)
        self.zero_button = button("0", "key")
        self.zero_button.clicked.connect(lambda: self.type_digit("0"))
        self.keypad.grid.addWidget(self.zero_button, 3, 1)
        self.back_button = button("⌫", "key")
        self.back_button.clicked.connect(self.backspace)
        self.keypad.grid.addWidget(self.back_button, 3, 2)
        self.keypad.key.connect(self.type_digit)
        self.cancel_button = button("", "secondary")
        self.ok_button = button("")
        self.cancel_button.clicked.connect(self._cancel)
        self.ok_button.clicked.connect(self.submit)

        pad_row = QHBoxLayout()
        pad_row.addStretch(1)
        pad_row.addWidget(self.keypad, 2)
        pad_row.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(32)
        actions.addWidget(self.cancel_button, 1)
        actions.addWidget(self.ok_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 24)
        layout.setSpacing(16)
        layout.addWidget(self.title_label)
        layout.addWidget(self.display)
        layout.addWidget(self.message_label)
        layout.addLayout(pad_row, 1)
        layout.addLayout(actions)

        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self.retranslate_ui()

    def ask(self, on_success: Callable[[], None], *, can_cancel: bool = True) -> None:
        """Start a fresh PIN prompt for ``on_success``."""
        self._on_success = on_success
        self._pin = ""
        self._answer = None
        self.cancel_button.setVisible(can_cancel)
        self._refresh_lock()
        self._show()

    def type_digit(self, digit: str) -> None:
        if len(self._pin) < MAX_PIN_CHARS:
            self._pin += digit
        self._show()

    def backspace(self) -> None:
        self._pin = self._pin[:-1]
        self._show()

    def submit(self) -> None:
        pin, self._pin = self._pin, ""
        answer = self._gate.try_pin(pin)
        if answer.ok:
            self._answer = None
            self._show()
            action, self._on_success = self._on_success, None
            if action is not None:
                action()
            self.unlocked.emit()
            return
        self._answer = (answer.message_en, answer.message_zh)
        self._refresh_lock()
        self._show()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Staff PIN"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.ok_button.setText(self.tr("OK"))
        for digit, key in (*self.keypad.keys.items(), ("0", self.zero_button)):
            describe(key, digit, self.tr("Types a digit of the PIN."))
        describe(self.back_button, self.tr("Delete"), self.tr("Deletes the last digit."))
        describe(self.cancel_button, self.tr("Cancel"), self.tr("Back without unlocking."))
        describe(self.ok_button, self.tr("OK"), self.tr("Unlocks with the PIN typed."))
        self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Staff with a keyboard type the PIN: digits, Backspace, Enter."""
        if event.text().isdigit() and len(event.text()) == 1:
            if self.keypad.isEnabled():  # not while locked out
                self.type_digit(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok_button.isEnabled():
            self.submit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _show(self) -> None:
        self.display.setText("●" * len(self._pin) if self._pin else " ")
        if self._answer is not None:
            self.message_label.setText(self._translations.message(*self._answer))
        else:
            self.message_label.setText("")
        locked = self._gate.seconds_locked() > 0
        self.ok_button.setEnabled(bool(self._pin) and not locked)
        self.keypad.setEnabled(not locked)
        describe(
            self.display,
            self.tr("PIN"),
            self.tr("%1 digits typed").replace("%1", str(len(self._pin))),
        )

    def _refresh_lock(self) -> None:
        seconds = self._gate.seconds_locked()
        if seconds > 0:
            locked = messages.pin_locked(seconds)
            self._answer = (locked.en, locked.zh)
            self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self._answer = None
        self._show()

    def _cancel(self) -> None:
        self._pin = ""
        self._answer = None
        self._on_success = None
        self.cancelled.emit()
