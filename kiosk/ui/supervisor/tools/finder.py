"""Find a booking by name, code or the last digits of the phone."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.services import lookup
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.models import ReservationsModel
from kiosk.ui.supervisor.notice import Notice
from kiosk.ui.supervisor.widgets import table_view
from kiosk.ui.widgets.common import button


class BookingFinder(QWidget):
    """A search box over a table of hits; a tapped hit (or the only one) is chosen.

    Signals:
        chosen(str): the code of the booking to show.
    """

    chosen = Signal(str)

    def __init__(self, context: ConsoleContext, notice: Notice, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._notice = notice
        self.search_edit = QLineEdit()
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = button("")
        self.search_button.setMaximumWidth(220)
        self.search_button.clicked.connect(self.search)
        self.results_model = ReservationsModel(self)
        self.results_view = table_view(self.results_model, stretch=1)
        self.results_view.clicked.connect(self._result_clicked)
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.results_view, 1)

    def search(self, text: str | None = None) -> None:
        """Look up the typed query (or ``text``, which then replaces it)."""
        if text is not None:
            self.search_edit.setText(text)
        self._context.reader.run(
            lookup.search_reservations,
            self._context.env,
            self.search_edit.text().strip(),
            on_done=self._show_results,
            on_error=self._notice.fail,
        )

    def _show_results(self, rows: list[lookup.ReservationSummary]) -> None:
        self.results_model.set_rows(rows)
        if not rows:
            self._notice.say(self.tr("Nothing found."))
        elif len(rows) == 1:
            self.chosen.emit(rows[0].code)

    def _result_clicked(self, index: QModelIndex) -> None:
        self.chosen.emit(self.results_model.row_at(index.row()).code)

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(self.tr("Name, code or last 4 phone digits"))
        self.search_button.setText(self.tr("Search"))
        describe(
            self.search_edit,
            self.tr("Search for a booking"),
            self.tr("A name, pinyin or initials, a code, or the last 4 phone digits."),
        )
        describe(self.search_button, self.tr("Search"), self.tr("Finds the bookings."))
        describe(self.results_view, self.tr("Bookings found"), self.tr("Tap one to see its party."))
        self.results_model.retranslate()
