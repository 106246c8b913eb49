"""The sync page's helpers for exports we do not recognise by themselves.

* :class:`ColumnMappingPanel`: the file's first rows, a field chooser above each column and a
  name to save the mapping under (a profile, :mod:`kiosk.sync.profiles`).
* :class:`SessionChooser`: the tour for an export that carries no date (an Eventbrite attendee
  report), like ``kiosk sync --session``.

Thin widgets: reading the preview and saving profiles are plain functions of
:mod:`kiosk.sync`, and the page runs the dry run.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.sync.preview import FilePreview
from kiosk.sync.profiles import FIELD_NAMES, MappingProfile
from kiosk.ui.accessibility import describe
from kiosk.ui.widgets.common import button, label

OFFERED_FIELDS = (
    "code",
    "session",
    "date",
    "time",
    "contact_name",
    "phone",
    "party_size",
    "status",
    "language",
    "group",
    "notes",
    "first_name",
    "last_name",
    "end_time",
    "visitor_names",
    "visitor_secrets",
    "accessibility",
)
"""The fields offered for a column, the issue's list first."""


class ColumnMappingPanel(QWidget):
    """Map the columns of a file we could not read by itself.

    Signals:
        changed(): the operator changed a column's field (the page forgets its dry run).
        save_requested(str): "Save mapping" with the name typed.
    """

    changed = Signal()
    save_requested = Signal(str)

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ColumnMapping")
        self._language = language
        self.preview: FilePreview | None = None
        self.combos: list[QComboBox] = []
        self.caption = label("", "Hint")
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(260)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.name_edit = QLineEdit()
        self.name_edit.setMinimumHeight(48)
        self.save_button = button("", "secondary")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.name_edit.text()))
        self.name_edit.textChanged.connect(lambda _text: self._update_save())
        save_row = QHBoxLayout()
        save_row.addWidget(self.name_edit, 3)
        save_row.addWidget(self.save_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(save_row)
        self.retranslate_ui()

    def _say(self, en: str, zh: str) -> str:
        return zh if self._language == "zh" else en

    def set_language(self, language: str) -> None:
        self._language = language
        self.retranslate_ui()
        if self.preview is not None:
            chosen = self.chosen()
            self.show_preview(self.preview, chosen)

    def show_preview(self, preview: FilePreview, chosen: dict[int, str] | None = None) -> None:
        """Show the file's first rows with a field chooser over each column."""
        self.preview = preview
        choice = dict(preview.suggested if chosen is None else chosen)
        headers = preview.headers
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(preview.rows) + 1)
        self.table.setHorizontalHeaderLabels(
            [
                h or self._say(f"(column {i + 1})", f"（第 {i + 1} 列）")
                for i, h in enumerate(headers)
            ]
        )
        self.table.setVerticalHeaderLabels(
            [self._say("Field", "字段")] + [str(n) for n in range(1, len(preview.rows) + 1)]
        )
        self.combos = []
        for column in range(len(headers)):
            combo = QComboBox()
            describe(
                combo,
                self._say(f"Field of column {column + 1}", f"第 {column + 1} 列的字段"),
                self._say("What this column holds.", "此列的内容。"),
            )
            combo.addItem(self._say("— not used —", "— 不使用 —"), "")
            for name in OFFERED_FIELDS:
                en, zh = FIELD_NAMES[name]
                combo.addItem(self._say(en, zh), name)
            wanted = choice.get(column, "")
            combo.setCurrentIndex(max(combo.findData(wanted), 0))
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
        for row, values in enumerate(preview.rows, start=1):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.caption.setText(
            self._say(
                f"{preview.source}: we could not tell every column. Header on line "
                f"{preview.header_line}; choose what each column holds, then Check.",
                f"{preview.source}：部分列无法识别（表头在第 {preview.header_line} 行）。"
                "请为每列选择对应的字段，然后点击检查。",
            )
        )
        self._update_save()

    def set_field(self, column: int, name: str) -> None:
        """Choose the field of one column (what the operator does with the chooser)."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(name), 0))

    def chosen(self) -> dict[int, str]:
        """Column index -> field, for the columns given a field."""
        return {i: str(c.currentData()) for i, c in enumerate(self.combos) if c.currentData()}

    def profile(self) -> MappingProfile | None:
        """The mapping as chosen now (named as typed, or "unsaved"), or None without a file."""
        if self.preview is None or not self.chosen():
            return None
        name = self.name_edit.text().strip() or "unsaved mapping"
        return self.preview.profile(name, self.chosen())

    def _update_save(self) -> None:
        self.save_button.setEnabled(bool(self.name_edit.text().strip() and self.chosen()))

    def retranslate_ui(self) -> None:
        self.name_edit.setPlaceholderText(
            self._say("Name of this mapping, e.g. City museum", "映射名称，例如：市博物馆")
        )
        self.save_button.setText(self._say("Save mapping", "保存映射"))
        describe(
            self.name_edit,
            self._say("Mapping name", "映射名称"),
            self._say("A name to reuse this mapping.", "保存后可再次使用此映射。"),
        )
        describe(
            self.save_button,
            self.save_button.text(),
            self._say("Keeps this mapping for the next export.", "保存此映射供以后使用。"),
        )
        describe(
            self.table,
            self._say("Columns of the export", "导出文件的列"),
            self._say(
                "The first rows, with a field chooser over each column.",
                "前几行数据，每列上方可选择字段。",
            ),
        )


class SessionChooser(QWidget):
    """ "All rows are for this tour": the start of the tour of an export without dates."""

    changed = Signal()

    def __init__(self, zone: tzinfo, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._language = language
        self.enabled_box = QCheckBox()
        self.enabled_box.setStyleSheet(
            "QCheckBox { min-height: 56px; } QCheckBox::indicator { width: 36px; height: 36px; }"
        )
        self.editor = QDateTimeEdit()
        self.editor.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.editor.setCalendarPopup(True)
        self.editor.setMinimumHeight(48)
        self.editor.setEnabled(False)
        self.enabled_box.toggled.connect(self._toggled)
        self.editor.dateTimeChanged.connect(lambda _value: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box, 2)
        layout.addWidget(self.editor, 1)
        self.retranslate_ui()

    def _toggled(self, on: bool) -> None:
        self.editor.setEnabled(on)
        self.changed.emit()

    def suggest(self, start: datetime) -> None:
        """Fill the editor with a likely tour start without ticking the box."""
        local = start.astimezone(self._zone)
        self.editor.setDateTime(
            QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)
        )

    def set_start(self, start: datetime) -> None:
        """Choose the tour (its aware start) and tick the box."""
        local = start.astimezone(self._zone)
        self.editor.setDateTime(
            QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)
        )
        self.enabled_box.setChecked(True)

    def value(self) -> datetime | None:
        """The chosen tour start in the site's zone, or None when the box is not ticked."""
        if not self.enabled_box.isChecked():
            return None
        chosen = self.editor.dateTime()  # the wall time as typed, taken in the site's zone
        date, time = chosen.date(), chosen.time()
        return datetime(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=self._zone
        )

    def set_language(self, language: str) -> None:
        self._language = language
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.enabled_box.setText(
            "无日期的行属于场次：" if self._language == "zh" else "Rows without a date: tour at"
        )
        zh = self._language == "zh"
        describe(
            self.enabled_box,
            self.enabled_box.text().rstrip("：:"),
            "勾选后可选择场次的开始时间。" if zh else "Tick to choose the tour's start.",
        )
        describe(
            self.editor,
            "场次开始时间" if zh else "Tour start",
            "日期和时间（现场时区）。" if zh else "Date and time, in the site's time zone.",
        )
