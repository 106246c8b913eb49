"""What staff may do after the PIN: switch mode, large text, the console, close the app; and
the last fault in full (visitors only ever see what to do).

The badge printer's state is shown here too (out of labels, cover open, offline …), as the
printer reported it at the last poll: staff see it where they go to deal with the kiosk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.widgets.common import Page, button, label

if TYPE_CHECKING:
    from kiosk.badges.sink import PrinterStatus
    from kiosk.ui.i18n import Translations

PRINTER_STYLE = """
QLabel#PrinterStatus { font-size: 24px; padding: 8px 18px; border-radius: 10px;
    background: #E8F5E9; color: #1B5E20; border: 2px solid #81C784; }
QLabel#PrinterStatus[tone="alert"] { background: #FFEBEE; color: #B71C1C;
    border-color: #E57373; }
QLabel#PrinterHint { font-size: 20px; color: #37474F; }
"""


class StaffPage(Page):
    """Staff menu.

    Signals:
        mode_chosen(str): ``"gate"``, ``"self"`` or ``"supervisor"``.
        large_text_toggled(bool): staff switched large text with high contrast on or off.
        close_app(): quit the kiosk program.
        back(): return to the mode's home page.
    """

    mode_chosen = Signal(str)
    large_text_toggled = Signal(bool)
    close_app = Signal()
    back = Signal()

    def __init__(
        self, translations: Translations | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPage")
        self._translations = translations
        self._printer: PrinterStatus | None = None
        self._problem = ""
        self.title_label = label("", "PageTitle")
        self.printer_label = label("", "PrinterStatus")
        self.printer_label.setStyleSheet(PRINTER_STYLE)
        self.printer_label.hide()
        self.printer_hint = label("", "PrinterHint")
        self.printer_hint.setStyleSheet(PRINTER_STYLE)
        self.printer_hint.hide()
        self.gate_button = button("")
        self.self_button = button("")
        self.supervisor_button = button("")
        self.large_text_button = button("", "toggle")
        self.large_text_button.setCheckable(True)
        self.problem_label = label("", "Hint")
        self.problem_label.hide()
        self.close_button = button("", "danger")
        self.back_button = button("", "secondary")
        self.gate_button.clicked.connect(lambda: self.mode_chosen.emit("gate"))
        self.self_button.clicked.connect(lambda: self.mode_chosen.emit("self"))
        self.supervisor_button.clicked.connect(lambda: self.mode_chosen.emit("supervisor"))
        self.large_text_button.toggled.connect(self._large_text_toggled)
        self.close_button.clicked.connect(self.close_app)
        self.back_button.clicked.connect(self.back)
        choices = QGridLayout()
        choices.setSpacing(16)
        choices.addWidget(self.gate_button, 0, 0)
        choices.addWidget(self.self_button, 0, 1)
        choices.addWidget(self.supervisor_button, 1, 0)
        choices.addWidget(self.large_text_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 28, 120, 28)
        layout.setSpacing(16)
        layout.addWidget(self.title_label)
        layout.addWidget(self.printer_label)
        layout.addWidget(self.printer_hint)
        layout.addStretch(1)
        layout.addLayout(choices)
        layout.addSpacing(24)
        layout.addWidget(self.close_button)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        layout.addWidget(self.back_button)
        self.retranslate_ui()

    def set_mode(self, mode: str) -> None:
        self.gate_button.setEnabled(mode != "gate")
        self.self_button.setEnabled(mode != "self")
        self.supervisor_button.setEnabled(mode != "supervisor")

    def set_large_text(self, on: bool) -> None:
        """Show the mode the kiosk is in (without announcing a change)."""
        self.large_text_button.blockSignals(True)
        self.large_text_button.setChecked(on)
        self.large_text_button.blockSignals(False)
        self._show_large_text()

    def set_problem(self, detail: str) -> None:
        """The last fault in full (a driver's message, a URL): for staff, never for visitors."""
        self._problem = detail
        self._show_problem()

    def set_printer_status(self, status: PrinterStatus | None) -> None:
        """Show what the badge printer reported (None: nothing to show, e.g. no printing)."""
        if status == self._printer:
            return
        self._printer = status
        self._render_printer()

    def _render_printer(self) -> None:
        status = self._printer
        self.printer_label.setVisible(status is not None)
        self.printer_hint.setVisible(status is not None and not status.ready)
        if status is None:
            return
        language = self._translations.language if self._translations is not None else "en"
        sentence = status.message_zh if language == "zh" else status.message_en
        if not sentence:  # the spooler says only ready or not
            if status.ready:
                sentence = self.tr("The badge printer is ready.")
            else:
                sentence = self.tr("The badge printer cannot print; see the Printer page.")
        self.printer_label.setText(sentence)
        tone = "" if status.ready else "alert"
        if self.printer_label.property("tone") != tone:
            self.printer_label.setProperty("tone", tone)
            self.printer_label.style().unpolish(self.printer_label)
            self.printer_label.style().polish(self.printer_label)

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Staff menu"))
        self.printer_hint.setText(
            self.tr("Badges waiting for the printer print by themselves once it is ready again.")
        )
        self.gate_button.setText(self.tr("Gate mode (staff check-in)"))
        self.self_button.setText(self.tr("Self-service mode (visitors)"))
        self.supervisor_button.setText(self.tr("Supervisor console"))
        self.close_button.setText(self.tr("Close the kiosk program"))
        self.back_button.setText(self.tr("Back"))
        describe(
            self.gate_button,
            self.gate_button.text(),
            self.tr("Staff scan codes, search bookings and choose who of a party is here."),
        )
        describe(
            self.self_button,
            self.self_button.text(),
            self.tr("Visitors check themselves in; the staff menu needs a long press."),
        )
        describe(
            self.supervisor_button,
            self.supervisor_button.text(),
            self.tr("Live headcounts, roster, staff tools, sync, printer and audit log."),
        )
        describe(
            self.close_button,
            self.close_button.text(),
            self.tr("Quits the kiosk program on this machine."),
        )
        describe(self.back_button, self.tr("Back"), self.tr("Back to the kiosk's home page."))
        self._render_printer()
        self._show_large_text()
        self._show_problem()

    def _show_large_text(self) -> None:
        on = self.large_text_button.isChecked()
        self.large_text_button.setText(
            ("✓ " if on else "○ ") + self.tr("Large text and high contrast")
        )
        describe(
            self.large_text_button,
            self.tr("Large text and high contrast"),
            self.tr("On: larger text, black on white. Tap to switch it off.")
            if on
            else self.tr("Off. Tap for larger text, black on white."),
        )

    def _show_problem(self) -> None:
        if not self._problem:
            self.problem_label.hide()
            return
        self.problem_label.setText(self.tr("Last problem: %1").replace("%1", self._problem))
        self.problem_label.show()

    def _large_text_toggled(self, on: bool) -> None:
        self._show_large_text()
        self.large_text_toggled.emit(on)
