"""What staff may do after the PIN: switch mode, large text, the console, close the app; and
the last fault in full (visitors only ever see what to do)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.widgets.common import Page, button, label


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPage")
        self._problem = ""
        self.title_label = label("", "PageTitle")
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
        choices.setSpacing(20)
        choices.addWidget(self.gate_button, 0, 0)
        choices.addWidget(self.self_button, 0, 1)
        choices.addWidget(self.supervisor_button, 1, 0)
        choices.addWidget(self.large_text_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        layout.setSpacing(20)
        layout.addWidget(self.title_label)
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

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Staff menu"))
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
