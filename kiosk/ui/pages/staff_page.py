"""What staff may do after the PIN: switch mode, open the supervisor console, close the app."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.widgets.common import Page, button, label


class StaffPage(Page):
    """Staff menu.

    Signals:
        mode_chosen(str): ``"gate"``, ``"self"`` or ``"supervisor"``.
        close_app(): quit the kiosk program.
        back(): return to the mode's home page.
    """

    mode_chosen = Signal(str)
    close_app = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPage")
        self.title_label = label("", "PageTitle")
        self.gate_button = button("")
        self.self_button = button("")
        self.supervisor_button = button("")
        self.close_button = button("", "danger")
        self.back_button = button("", "secondary")
        self.gate_button.clicked.connect(lambda: self.mode_chosen.emit("gate"))
        self.self_button.clicked.connect(lambda: self.mode_chosen.emit("self"))
        self.supervisor_button.clicked.connect(lambda: self.mode_chosen.emit("supervisor"))
        self.close_button.clicked.connect(self.close_app)
        self.back_button.clicked.connect(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(200, 40, 200, 40)
        layout.setSpacing(20)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        for widget in (self.gate_button, self.self_button, self.supervisor_button):
            layout.addWidget(widget)
        layout.addSpacing(24)
        layout.addWidget(self.close_button)
        layout.addStretch(1)
        layout.addWidget(self.back_button)
        self.retranslate_ui()

    def set_mode(self, mode: str) -> None:
        self.gate_button.setEnabled(mode != "gate")
        self.self_button.setEnabled(mode != "self")
        self.supervisor_button.setEnabled(mode != "supervisor")

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Staff menu"))
        self.gate_button.setText(self.tr("Gate mode (staff check-in)"))
        self.self_button.setText(self.tr("Self-service mode (visitors)"))
        self.supervisor_button.setText(self.tr("Supervisor console"))
        self.close_button.setText(self.tr("Close the kiosk program"))
        self.back_button.setText(self.tr("Back"))
