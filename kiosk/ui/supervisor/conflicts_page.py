"""Kiosks and conflicts: each kiosk's last contact and uploads, and what uploads could not apply.

A kiosk cut off from the hub keeps checking in on its own copy; when it is back, what it
decided is uploaded and anything the hub could not apply as decided (a visitor admitted on
both sides of the cut, a group over capacity, a booking cancelled meanwhile …) is listed here
with both kiosks and both times until a supervisor acknowledges it.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from kiosk.services.conflicts import ConflictLine, KioskLine, acknowledge_conflict, hub_overview
from kiosk.ui.accessibility import describe
from kiosk.ui.supervisor.context import ConsoleContext
from kiosk.ui.supervisor.live import LiveFeed
from kiosk.ui.supervisor.table_model import CENTRE, RIGHT, Column, RowsModel
from kiosk.ui.supervisor.widgets import LivePage, set_text, table_view
from kiosk.ui.widgets.common import button, label

REFRESH_MS = 10_000
"""Kiosks report every ~10 s; the page re-reads that often (conflicts also on every change)."""
SILENT_AFTER_S = 60
"""A kiosk not heard from for this long is shown in red."""


class KiosksModel(RowsModel[KioskLine]):
    """One line per kiosk: last contact, uploads waiting, held, and its last outage."""

    def __init__(self, context: ConsoleContext, parent: Any = None) -> None:
        say = context.sentence
        self._context = context
        columns = [
            Column("kiosk", lambda: say("Kiosk", "终端"), lambda k: k.kiosk_id),
            Column("contact", lambda: say("Last contact", "最近联系"),
                   lambda k: self._when(k.last_contact_at), CENTRE),
            Column("pending", lambda: say("Waiting to upload", "待上传"),
                   lambda k: str(k.pending_uploads), RIGHT),
            Column("held", lambda: say("Held", "无法上传"), lambda k: str(k.held_uploads), RIGHT),
            Column("uploaded", lambda: say("Uploaded", "已上传"),
                   lambda k: str(k.uploaded_total), RIGHT),
            Column("outage", lambda: say("Last offline", "最近离线"), self._outage),
        ]  # fmt: skip
        super().__init__(columns, key=lambda k: k.kiosk_id, parent=parent)

    def _zone(self) -> tzinfo:
        return self._context.env.settings.zone

    def _when(self, instant: datetime | None) -> str:
        return "—" if instant is None else instant.astimezone(self._zone()).strftime("%H:%M:%S")

    def _outage(self, line: KioskLine) -> str:
        if line.offline_since is None:
            return "—"
        return f"{self._when(line.offline_since)} – {self._when(line.offline_until)}"

    def extra(self, row: KioskLine, column: Column[KioskLine], role: int) -> object:
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column.key == "contact":
            silent = (self._context.env.now() - row.last_contact_at).total_seconds()
            return QColor("#B71C1C") if silent > SILENT_AFTER_S else None
        if column.key in ("pending", "held") and getattr(row, f"{column.key}_uploads"):
            return QColor("#B71C1C")
        return None


class ConflictsModel(RowsModel[ConflictLine]):
    """One line per conflict: what, booking and visitor, both kiosks and both times."""

    def __init__(self, context: ConsoleContext, parent: Any = None) -> None:
        say = context.sentence
        self._context = context
        columns = [
            Column("what", lambda: say("What", "类型"), lambda c: say(c.title_en, c.title_zh)),
            Column("booking", lambda: say("Booking", "预约"), lambda c: c.code or "—"),
            Column("visitor", lambda: say("Visitor", "访客"), self._visitor),
            Column("first", lambda: say("On the hub", "服务器记录"),
                   lambda c: self._side(c.kiosks[0], c.times[0])),
            Column("second", lambda: say("Uploaded", "离线上传"),
                   lambda c: self._side(c.kiosks[1], c.times[1])),
            Column("detail", lambda: say("Detail", "详情"), self._detail),
        ]  # fmt: skip
        super().__init__(columns, key=lambda c: c.id, parent=parent)

    def _visitor(self, line: ConflictLine) -> str:
        if line.visitor_seq is None:
            return "—"
        return line.visitor_name or self._context.sentence(
            f"Guest {line.visitor_seq}", f"访客 {line.visitor_seq}"
        )

    def _side(self, kiosk: str, when: datetime | None) -> str:
        if not kiosk and when is None:
            return "—"
        at = (
            ""
            if when is None
            else when.astimezone(self._context.env.settings.zone).strftime("%H:%M:%S")
        )
        return f"{kiosk or self._context.sentence('hub', '服务器')} {at}".strip()

    def _detail(self, line: ConflictLine) -> str:
        say = self._context.sentence
        detail = line.detail
        if line.kind == "double_admission":
            first, second = detail.get("group_a") or "?", detail.get("group_b") or "?"
            return say(f"groups {first} / {second}", f"分组 {first} / {second}")
        if line.kind == "over_capacity":
            group, count, capacity = (
                detail.get("group"),
                detail.get("count"),
                detail.get("capacity"),
            )
            return say(f"group {group}: {count}/{capacity}", f"分组 {group}：{count}/{capacity}")
        if line.kind == "unapplied":
            return str(detail.get("reason", ""))
        return ""


class ConflictsPage(LivePage):
    """Kiosks at the top, open conflicts below, an Acknowledge button for the selected one."""

    def __init__(self, context: ConsoleContext, feed: LiveFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SupervisorConflicts")
        self._context = context
        self.kiosks_caption = label("", "Hint")
        self.kiosks = KiosksModel(context, self)
        self.kiosks_view = table_view(self.kiosks, stretch=5)
        self.kiosks_view.setMaximumHeight(260)
        self.conflicts_caption = label("", "Hint")
        self.conflicts = ConflictsModel(context, self)
        self.conflicts_view = table_view(self.conflicts)
        self.conflicts_view.clicked.connect(self._selection_changed)
        self.acknowledge_button = button("")
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        self.refresh_button = button("", "secondary")
        self.refresh_button.clicked.connect(self.reload)
        self.status = label("", "Message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kiosks_caption)
        layout.addWidget(self.kiosks_view)
        layout.addWidget(self.conflicts_caption)
        layout.addWidget(self.conflicts_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        feed.token_changed.connect(self._database_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(lambda: self._database_changed(0))
        self._timer.start()
        if context.bridge is not None:
            context.bridge.language_changed.connect(lambda _language: self.retranslate_ui())
        self._selection_changed()
        self.retranslate_ui()

    def reload(self) -> None:
        self._dirty = False
        self._context.reader.run(
            hub_overview,
            self._context.env.engine,
            on_done=self.show_overview,
            on_error=self._failed,
        )

    def show_overview(self, overview: Any) -> None:
        self.kiosks.set_rows(list(overview.kiosks))
        self.conflicts.set_rows(list(overview.conflicts))
        for view in (self.kiosks_view, self.conflicts_view):
            view.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        say = self._context.sentence
        count = len(overview.conflicts)
        set_text(self.conflicts_caption, say(f"Open conflicts ({count})", f"未处理冲突（{count}）"))
        self._selection_changed()

    def selected_conflict(self) -> ConflictLine | None:
        model = self.conflicts_view.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.conflicts.row_at(rows[0].row()) if rows else None

    def select_conflict(self, row: int) -> None:
        self.conflicts_view.selectRow(row)
        self._selection_changed()

    def _selection_changed(self, _index: QModelIndex | None = None) -> None:
        self.acknowledge_button.setEnabled(self.selected_conflict() is not None)

    def acknowledge_selected(self) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        say = self._context.sentence

        def done(_result: object) -> None:
            set_text(self.status, say(f"Conflict {conflict.id} acknowledged.",
                                      f"冲突 {conflict.id} 已处理。"))  # fmt: skip
            self.reload()

        self._context.writer.run(
            acknowledge_conflict,
            self._context.staff_env,
            conflict.id,
            on_done=done,
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        set_text(self.status, self._context.message(error))

    def retranslate_ui(self) -> None:
        say = self._context.sentence
        self.kiosks_caption.setText(say("Kiosks", "终端"))
        if not self.conflicts.rows():
            self.conflicts_caption.setText(say("Open conflicts", "未处理冲突"))
        self.acknowledge_button.setText(say("Acknowledge selected", "确认所选冲突已处理"))
        self.refresh_button.setText(say("Refresh", "刷新"))
        describe(
            self.kiosks_view,
            say("Kiosks", "终端"),
            say(
                "Each kiosk: online or not, and check-ins waiting to upload.",
                "各终端是否在线及待上传的签到。",
            ),
        )
        describe(
            self.conflicts_view,
            say("Open conflicts", "未处理冲突"),
            say("Check-ins that met another kiosk's or a change.", "与其他终端或变更冲突的签到。"),
        )
        describe(
            self.acknowledge_button,
            self.acknowledge_button.text(),
            say("Marks the chosen conflict as dealt with.", "将所选冲突标记为已处理。"),
        )
        describe(
            self.refresh_button,
            self.refresh_button.text(),
            say("Reads the kiosks and conflicts again.", "重新读取终端和冲突。"),
        )
        self.kiosks.retranslate()
        self.conflicts.retranslate()
