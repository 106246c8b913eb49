"""Gate staff find a party who lost their code: by name (pinyin, initials, a typo), a code
or the last four phone digits; each hit says why it matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.accessibility import describe
from kiosk.ui.i18n import Translations
from kiosk.ui.search_model import COLUMNS, SearchModel
from kiosk.ui.widgets.common import Page, button, label

if TYPE_CHECKING:
    from kiosk.services.lookup import ReservationSummary

SEARCH_DELAY_MS = 300
MIN_QUERY_CHARS = 2


class SearchPage(Page):
    """A search box and a results table; tapping a row picks that reservation.

    Signals:
        query_changed(str): run the search (debounced; the main window calls the service).
        picked(str): the code of the tapped reservation.
        cancelled(): back to Scan.
    """

    query_changed = Signal(str)
    picked = Signal(str)
    cancelled = Signal()

    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchPage")
        self.title_label = label("", "PageTitle")
        self.back_button = button("", "secondary")
        self.back_button.setMaximumWidth(260)
        self.back_button.clicked.connect(self._cancel)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.back_button)
        self.query_edit = QLineEdit()
        self.query_edit.setClearButtonEnabled(True)
        self.status_label = label("", "Hint")
        self.model = SearchModel(translations, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(64)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(
            COLUMNS.index("reason"), QHeaderView.ResizeMode.Stretch
        )
        # Tab reaches the table (arrows choose a row, Enter or Space picks it); a tap on a row
        # picks it at once and leaves the focus (and the on-screen keyboard) in the field.
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.clicked.connect(self._row_clicked)
        self.table.installEventFilter(self)
        self.query_edit.returnPressed.connect(self.run_query_now)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit_query)
        self.query_edit.textChanged.connect(lambda _text: self._timer.start())
        self._last_count: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        layout.addLayout(title_row)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def reset(self) -> None:
        self.query_edit.clear()
        self.model.set_rows([])
        self._last_count = None
        self._show_status()
        self.query_edit.setFocus()

    def set_results(self, rows: list[ReservationSummary]) -> None:
        self.model.set_rows(rows)
        self._last_count = len(rows)
        self._show_status()

    def show_note(self, text: str) -> None:
        """A sentence in place of the result count (already translated), e.g. "getting ready"."""
        self.status_label.setText(text)
        describe(self.table, self.tr("Bookings found"), text)

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Find a booking"))
        self.back_button.setText(self.tr("Back"))
        self.query_edit.setPlaceholderText(
            self.tr("Name, pinyin, code or last 4 digits of the phone")
        )
        describe(self.back_button, self.tr("Back"), self.tr("Back to the scan page."))
        describe(
            self.query_edit,
            self.tr("Search for a booking"),
            self.tr(
                "Type a name (Chinese, pinyin or initials such as wxm), a booking code or the "
                "last four digits of the phone. Results appear as you type."
            ),
        )
        self.model.retranslate()
        self._show_status()

    def run_query_now(self) -> None:
        """Search without waiting for the typing pause (Enter, tests)."""
        self._timer.stop()
        self._emit_query()

    def _show_status(self) -> None:
        if self._last_count is None:
            self.status_label.setText(self.tr("Type at least 2 characters."))
        elif self._last_count == 0:
            self.status_label.setText(self.tr("No booking found."))
        else:
            self.status_label.setText(
                self.tr("Bookings found: %1. Tap one to check in.").replace(
                    "%1", str(self._last_count)
                )
            )
        describe(self.table, self.tr("Bookings found"), self.status_label.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Space on the table picks the current row (keyboard-only use)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        ):
            self._row_clicked(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _emit_query(self) -> None:
        query = self.query_edit.text().strip()
        if len(query) < MIN_QUERY_CHARS and query.isascii():  # 王 alone is a name
            self.model.set_rows([])
            self._last_count = None
            self._show_status()
            return
        self.query_changed.emit(query)

    def _row_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.picked.emit(self.model.row_at(index.row()).code)

    def _cancel(self) -> None:
        self._timer.stop()
        self.cancelled.emit()
