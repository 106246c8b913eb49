"""A table model over plain rows that updates in place, so live tables never flicker.

``set_rows`` compares the new rows with the shown ones by key: rows that disappeared are
removed, new ones inserted where they belong, and changed ones announced with
``dataChanged``. A view keeps its scroll position and selection; nothing is reset unless the
order of the rows that stay has changed (rare: a sort key changed).

Live screens that know which rows a change touched use ``upsert_rows`` and ``remove_keys``
instead: the cost follows the change, not the length of the list.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""``data(index, ROW_ROLE)`` gives the plain row object behind a line."""
FRACTION_ROLE = int(Qt.ItemDataRole.UserRole) + 2
"""Where a column shows a fill bar: the fraction (0..1+) to draw."""
COLOUR_ROLE = int(Qt.ItemDataRole.UserRole) + 3
"""Where a column shows a fill bar: the bar's colour as ``#RRGGBB``."""

LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Row = TypeVar("Row")
"""The plain value one line of a table shows (a service's dataclass)."""


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: a stable key, its (translated) title and how to show a row in it."""

    key: str
    title: Callable[[], str]
    text: Callable[[Row], str]
    align: int = LEFT


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows of plain values; subclasses add colours or tooltips via ``extra``.

    Args:
        columns: the columns, in order.
        key: a unique, stable key per row (visitor id, session id …).
    """

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        key: Callable[[Row], Hashable],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._key = key
        self._rows: list[Row] = []
        self._keys: list[Hashable] = []

    # --- updating --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` with the fewest, smallest change signals (no reset when avoidable)."""
        new_rows = list(rows)
        new_keys = [self._key(r) for r in new_rows]
        if len(set(new_keys)) != len(new_keys):
            self._reset(new_rows, new_keys)
            return
        wanted = set(new_keys)
        self._remove_missing(wanted)
        kept = set(self._keys)
        if [k for k in new_keys if k in kept] != self._keys:
            self._reset(new_rows, new_keys)
            return
        changed: list[int] = []
        position = 0
        while position < len(new_keys):
            if position < len(self._keys) and self._keys[position] == new_keys[position]:
                if self._rows[position] != new_rows[position]:
                    self._rows[position] = new_rows[position]
                    changed.append(position)
                position += 1
                continue
            end = position
            while end < len(new_keys) and new_keys[end] not in kept:
                end += 1
            self.beginInsertRows(QModelIndex(), position, end - 1)
            self._rows[position:position] = new_rows[position:end]
            self._keys[position:position] = new_keys[position:end]
            self.endInsertRows()
            position = end
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))

    def upsert_rows(self, rows: Iterable[Row], order: Callable[[Row], Any]) -> None:
        """Show ``rows`` without touching the others: a known key's row is replaced in place
        (moved if its place in ``order`` changed), a new one inserted where ``order`` puts it.

        The shown rows must already be sorted by ``order`` (as the service returned them).
        """
        for row in rows:
            key = self._key(row)
            try:
                position = self._keys.index(key)
            except ValueError:
                position = -1
            if position >= 0:
                if self._still_in_order(position, order(row), order):
                    if self._rows[position] != row:
                        self._rows[position] = row
                        last_column = len(self._columns) - 1
                        self.dataChanged.emit(
                            self.index(position, 0), self.index(position, last_column)
                        )
                    continue
                self._remove_at(position)
            at = bisect.bisect_right(self._rows, order(row), key=order)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self._keys.insert(at, key)
            self.endInsertRows()

    def remove_keys(self, keys: Iterable[Hashable]) -> None:
        """Take away the rows with these keys (unknown keys are ignored)."""
        for key in keys:
            try:
                position = self._keys.index(key)
            except ValueError:
                continue
            self._remove_at(position)

    def keep_first(self, count: int) -> None:
        """Drop the rows after the first ``count`` (a log that shows only the newest)."""
        if len(self._rows) > count:
            self.beginRemoveRows(QModelIndex(), count, len(self._rows) - 1)
            del self._rows[count:]
            del self._keys[count:]
            self.endRemoveRows()

    def _still_in_order(self, position: int, place: Any, order: Callable[[Row], Any]) -> bool:
        before_ok = position == 0 or order(self._rows[position - 1]) <= place
        after_ok = position == len(self._rows) - 1 or place <= order(self._rows[position + 1])
        return bool(before_ok and after_ok)

    def _remove_at(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        del self._keys[position]
        self.endRemoveRows()

    def _remove_missing(self, wanted: set[Hashable]) -> None:
        i = len(self._keys) - 1
        while i >= 0:
            if self._keys[i] in wanted:
                i -= 1
                continue
            last = i
            while i > 0 and self._keys[i - 1] not in wanted:
                i -= 1
            self.beginRemoveRows(QModelIndex(), i, last)
            del self._rows[i : last + 1]
            del self._keys[i : last + 1]
            self.endRemoveRows()
            i -= 1

    def _reset(self, rows: list[Row], keys: list[Hashable]) -> None:
        self.beginResetModel()
        self._rows, self._keys = rows, keys
        self.endResetModel()

    def retranslate(self) -> None:
        """Headers and texts follow a language switch."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1)
            )

    # --- reading ---------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    def text(self, row: int, key: str) -> str:
        """The text shown in a cell (tests and accessibility)."""
        return self._columns[self.column_index(key)].text(self._rows[row])

    def extra(self, row: Row, column: Column[Row], role: int) -> object:
        """Subclasses: colours, tooltips, fill fractions for a cell; None for nothing."""
        return None

    # --- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == ROW_ROLE:
            return row
        return self.extra(row, column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].title()
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7]`` → ``[(1, 3), (7, 7)]``: one dataChanged per contiguous block."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
