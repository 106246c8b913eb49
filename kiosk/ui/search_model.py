"""The search results as a Qt table model over plain ``ReservationSummary`` rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from kiosk.core.rules import CANCELLED_STATUSES
from kiosk.ui.i18n import Translations

if TYPE_CHECKING:
    from kiosk.services.lookup import ReservationSummary

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("code", "name", "phone", "session", "party", "in")


def _header(column: str) -> str:
    titles = {
        "code": QCoreApplication.translate("SearchModel", "Code"),
        "name": QCoreApplication.translate("SearchModel", "Name"),
        "phone": QCoreApplication.translate("SearchModel", "Phone"),
        "session": QCoreApplication.translate("SearchModel", "Tour"),
        "party": QCoreApplication.translate("SearchModel", "Party"),
        "in": QCoreApplication.translate("SearchModel", "Checked in"),
    }
    return titles[column]


class SearchModel(QAbstractTableModel):
    """Read-only rows: code, name, masked phone, tour time, party size, how many are in."""

    def __init__(self, translations: Translations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translations = translations
        self._rows: list[ReservationSummary] = []

    def set_rows(self, rows: Sequence[ReservationSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ReservationSummary:
        return self._rows[row]

    def retranslate(self) -> None:
        """Headers and dates follow the UI language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[index.column()] in ("party", "in"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if column == "code":
            return row.code
        if column == "name":
            return row.contact_name
        if column == "phone":
            return row.phone_masked
        if column == "session":
            start = row.starts_at
            return (
                f"{self._translations.short_date_text(start)} {self._translations.time_text(start)}"
            )
        if column == "party":
            return str(row.party_size)
        if row.status.lower() in CANCELLED_STATUSES:
            return QCoreApplication.translate("SearchModel", "cancelled")
        return f"{row.checked_in}/{row.party_size}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _header(COLUMNS[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
