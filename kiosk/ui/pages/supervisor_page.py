"""Holds the supervisor console (a separate module) or says that it is not installed."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import describe
from kiosk.ui.widgets.common import Page, button, label

if TYPE_CHECKING:
    from kiosk.ui.app import AppContext

log = logging.getLogger("kiosk.ui")


class SupervisorPage(Page):
    """The console is built on first show by ``kiosk.ui.supervisor.build_console``.

    Signals:
        staff(): open the staff menu (to leave the console).
    """

    staff = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupervisorPage")
        self._context = context
        self.console: QWidget | None = None
        self.title_label = label("", "PageTitle")
        self.staff_button = button("", "secondary")
        self.staff_button.setMaximumWidth(300)
        self.staff_button.clicked.connect(self.staff)
        self.placeholder = label("", "Hint", centre=True)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.staff_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 16, 24, 16)
        self._layout.addLayout(top)
        self._layout.addWidget(self.placeholder, 1)
        self.retranslate_ui()

    def ensure_console(self) -> None:
        """Build the console once; a missing or failing console leaves the placeholder."""
        if self.console is not None:
            return
        try:
            module = importlib.import_module("kiosk.ui.supervisor")
        except ImportError:
            return
        build_console = getattr(module, "build_console", None)
        if build_console is None:
            return
        try:
            self.console = build_console(self._context, self)
        except Exception:
            log.exception("the supervisor console could not be built")
            return
        self.placeholder.hide()
        self._layout.addWidget(self.console, 1)

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Supervisor"))
        self.staff_button.setText(self.tr("Staff menu"))
        describe(
            self.staff_button,
            self.tr("Staff menu"),
            self.tr("Leave the console: switch mode or close the program."),
        )
        self.placeholder.setText(
            self.tr("The supervisor console is not available in this version.")
        )
