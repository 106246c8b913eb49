"""The Printer page's job queue: the jobs table with each status in the console's language."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush

from kiosk.services.reports import PrintJobRow
from kiosk.ui.supervisor.models import WARN_TINT, PrintJobsModel
from kiosk.ui.supervisor.table_model import Column

CONTEXT = "PrintQueue"
STATUS_TEXTS = {
    "queued": QT_TRANSLATE_NOOP("PrintQueue", "Sending"),
    "printed": QT_TRANSLATE_NOOP("PrintQueue", "Printed"),
    "failed": QT_TRANSLATE_NOOP("PrintQueue", "Failed"),
    "waiting": QT_TRANSLATE_NOOP("PrintQueue", "Waiting for the printer"),
}
"""Job statuses as staff read them ("waiting": prints by itself once the printer is ready)."""
RETRYABLE = ("failed", "waiting")


def status_text(status: str) -> str:
    """A job's status in the UI language (an unknown one as it is stored)."""
    text = STATUS_TEXTS.get(status)
    return QCoreApplication.translate(CONTEXT, str(text)) if text else status


class PrintQueueModel(PrintJobsModel):
    """Print jobs, newest first: status in words, failed red, waiting amber, printed green."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_column = self.column_index("status")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.isValid()
            and index.column() == self._status_column
            and 0 <= index.row() < self.rowCount()
        ):
            return status_text(self.row_at(index.row()).status)
        return super().data(index, role)

    def text(self, row: int, key: str) -> str:
        if key == "status":
            return status_text(self.row_at(row).status)
        return super().text(row, key)

    def extra(self, row: PrintJobRow, column: Column[PrintJobRow], role: int) -> object:
        waiting = row.status == "waiting" and column.key == "status"
        if waiting and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(WARN_TINT)
        return super().extra(row, column, role)
