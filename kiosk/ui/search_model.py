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

COLUMNS = ("code", "name", "phone", "session", "in", "reason")
"""The party's size shows in "in" (``1/3``); the reason takes the room left."""


def reason_text(reason: str) -> str:
    """Why a booking matched, in the UI language (``""`` for an unknown reason)."""
    texts = {
        "code": QCoreApplication.translate("SearchModel", "Booking code"),
        "code_prefix": QCoreApplication.translate("SearchModel", "Code, start"),
        "name_exact": QCoreApplication.translate("SearchModel", "Name"),
        "name_prefix": QCoreApplication.translate("SearchModel", "Name, start"),
        "name_contains": QCoreApplication.translate("SearchModel", "Name, part"),
        "name_typo": QCoreApplication.translate("SearchModel", "Name, 1 typo"),
        "pinyin_full": QCoreApplication.translate("SearchModel", "Pinyin"),
        "pinyin_initials": QCoreApplication.translate("SearchModel", "Pinyin initials"),
        "pinyin_mixed": QCoreApplication.translate("SearchModel", "Pinyin + initials"),
        "phone": QCoreApplication.translate("SearchModel", "Phone digits"),
    }
    return texts.get(reason, "")


def _header(column: str) -> str:
    titles = {
        "code": QCoreApplication.translate("SearchModel", "Code"),
        "name": QCoreApplication.translate("SearchModel", "Name"),
        "phone": QCoreApplication.translate("SearchModel", "Phone"),
        "session": QCoreApplication.translate("SearchModel", "Tour"),
        "in": QCoreApplication.translate("SearchModel", "Checked in"),
        "reason": QCoreApplication.translate("SearchModel", "Found by"),
    }
    return titles[column]


class SearchModel(QAbstractTableModel):
    """Read-only rows: code, name, masked phone, tour time, how many of the party are in, and
    why the booking matched (with the visitor's name when a companion's name matched).

    Each row also reads out whole to assistive technology (the accessible text of its cells
    and, as their description, the row in one sentence)."""

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
            if COLUMNS[index.column()] == "in":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.row_sentence(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,  # the whole text of a cell cut short
        ):
            return None
        return self._cell(index.row(), COLUMNS[index.column()])

    def row_sentence(self, row_number: int) -> str:
        """One row as a sentence, for a screen reader."""
        row = self._rows[row_number]
        parts = [
            QCoreApplication.translate("SearchModel", "Booking %1").replace("%1", row.code),
            row.contact_name,
            self._cell(row_number, "session"),
            QCoreApplication.translate("SearchModel", "%1 of %2 checked in")
            .replace("%1", str(row.checked_in))
            .replace("%2", str(row.party_size)),
        ]
        found_by = self._cell(row_number, "reason")
        if found_by:
            parts.append(
                QCoreApplication.translate("SearchModel", "found by: %1").replace("%1", found_by)
            )
        separator = "，" if self._translations.language == "zh" else ", "
        return separator.join(part for part in parts if part)

    def _cell(self, row_number: int, column: str) -> str:
        row = self._rows[row_number]
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
        if column == "reason":
            text = reason_text(row.reason)
            if text and row.matched and row.matched not in (row.contact_name, row.code):
                text += f" · {row.matched}"
            return text
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
