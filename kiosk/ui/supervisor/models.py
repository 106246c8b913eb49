"""The console's tables: one RowsModel per kind of row, with translated headers and colours."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.core.rules import Outcome
from kiosk.services.lookup import ReservationSummary
from kiosk.services.reports import PrintJobRow, RosterEntry, ScanLogEntry
from kiosk.services.results import GroupCount, SessionCount, VisitorInfo
from kiosk.ui.supervisor.table_model import (
    CENTRE,
    COLOUR_ROLE,
    FRACTION_ROLE,
    Column,
    RowsModel,
)

CONTEXT = "SupervisorTables"
OK_TINT = QColor("#C8E6C9")
WARN_TINT = QColor("#FFE0B2")
BAD_TINT = QColor("#FFCDD2")
REFUSED_OUTCOMES = frozenset(
    outcome.value
    for outcome in Outcome
    if not outcome.admits and outcome is not Outcome.ALREADY_CHECKED_IN
)
"""Scan-log outcomes that turned someone away (tinted red)."""


def _title(text: object) -> Callable[[], str]:
    """A header title that is translated when shown (the text is marked for lupdate)."""
    return lambda: QCoreApplication.translate(CONTEXT, str(text))


def _hm(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%H:%M}"


def _hms(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%H:%M:%S}"


def _count(value: int) -> str:
    return str(value)


class SessionsModel(RowsModel[SessionCount]):
    """Today's sessions (``SessionCount`` rows): booked, in, on site, expected, no-shows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "time",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Tour")),
                    lambda s: _hm(s.starts_at),
                ),
                Column(
                    "booked",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Booked")),
                    lambda s: _count(s.booked),
                    CENTRE,
                ),
                Column(
                    "in",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Checked in")),
                    lambda s: _count(s.checked_in),
                    CENTRE,
                ),
                Column(
                    "on_site",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "On site")),
                    lambda s: _count(s.on_site),
                    CENTRE,
                ),
                Column(
                    "expected",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Expected")),
                    lambda s: _count(s.expected),
                    CENTRE,
                ),
                Column(
                    "no_show",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "No-shows")),
                    lambda s: _count(s.no_show),
                    CENTRE,
                ),
            ],
            key=lambda s: s.id,
            parent=parent,
        )


class GroupsModel(RowsModel[GroupCount]):
    """Groups of the selected session: fill bar against capacity, guide, ready to depart."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "group",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Group")),
                    lambda g: g.name,
                    CENTRE,
                ),
                Column(
                    "guide",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Guide")),
                    lambda g: g.guide or "—",
                ),
                Column(
                    "fill",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Filled")),
                    lambda g: f"{g.count}/{g.capacity}",
                    CENTRE,
                ),
                Column(
                    "on_site",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "On site")),
                    lambda g: _count(g.on_site),
                    CENTRE,
                ),
                Column(
                    "meeting",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Meeting point")),
                    lambda g: g.meeting_point,
                ),
                Column(
                    "ready",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Status")),
                    _ready_text,
                    CENTRE,
                ),
            ],
            key=lambda g: g.id,
            parent=parent,
        )

    def extra(self, row: GroupCount, column: Column[GroupCount], role: int) -> object:
        if column.key == "fill" and role == FRACTION_ROLE:
            return row.count / row.capacity if row.capacity else 0.0
        if column.key in ("fill", "group") and role == COLOUR_ROLE:
            return row.colour
        if column.key == "group":
            return _group_brush(row.colour, role)
        if column.key == "ready" and role == Qt.ItemDataRole.BackgroundRole and row.ready_to_depart:
            return QBrush(OK_TINT)
        return None


def _ready_text(group: GroupCount) -> str:
    if group.ready_to_depart:
        return QCoreApplication.translate("SupervisorTables", "Ready")
    if group.count == 0:
        return QCoreApplication.translate("SupervisorTables", "Empty")
    return QCoreApplication.translate("SupervisorTables", "Gathering")


def _group_brush(colour: str, role: int) -> QBrush | None:
    """A group cell painted in the group's colour, its text readable on it."""
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(QColor(colour))
    if role == Qt.ItemDataRole.ForegroundRole:
        from kiosk.ui.theme import readable_text_on

        return QBrush(QColor(readable_text_on(colour)))
    return None


@dataclass(frozen=True)
class KioskLine:
    kiosk_id: str
    scans: int


class KiosksModel(RowsModel[KioskLine]):
    """Scans per kiosk in the last 10 minutes: a silent kiosk stands out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "kiosk",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Kiosk")),
                    lambda k: k.kiosk_id or "—",
                ),
                Column(
                    "scans",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Scans, last 10 min")),
                    lambda k: _count(k.scans),
                    CENTRE,
                ),
            ],
            key=lambda k: k.kiosk_id,
            parent=parent,
        )


class RosterModel(RowsModel[RosterEntry]):
    """Everyone on site now (``RosterEntry`` rows), by session, group and party."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "tour",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Tour")),
                    lambda e: _hm(e.starts_at),
                    CENTRE,
                ),
                Column(
                    "group",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Group")),
                    lambda e: e.group or "—",
                    CENTRE,
                ),
                Column(
                    "guide",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Guide")),
                    lambda e: e.guide or "—",
                ),
                Column(
                    "name",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Name")),
                    lambda e: e.display_name,
                ),
                Column(
                    "code", _title(QT_TRANSLATE_NOOP("SupervisorTables", "Code")), lambda e: e.code
                ),
                Column(
                    "since",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "In since")),
                    lambda e: _hm(e.checked_in_at),
                    CENTRE,
                ),
                Column(
                    "kiosk",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Kiosk")),
                    lambda e: e.kiosk_id or "",
                ),
                Column(
                    "phone",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Phone")),
                    lambda e: e.phone_masked,
                ),
            ],
            key=lambda e: e.visitor_id,
            parent=parent,
        )

    def extra(self, row: RosterEntry, column: Column[RosterEntry], role: int) -> object:
        if column.key == "group" and row.colour:
            return _group_brush(row.colour, role)
        return None


class ScanLogModel(RowsModel[ScanLogEntry]):
    """The audit log (``ScanLogEntry`` rows), newest first; refusals tinted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "time",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Time")),
                    lambda e: _hms(e.at),
                    CENTRE,
                ),
                Column(
                    "kiosk",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Kiosk")),
                    lambda e: e.kiosk_id,
                ),
                Column(
                    "operator",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Operator")),
                    lambda e: e.operator,
                ),
                Column(
                    "action",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Action")),
                    lambda e: e.action,
                ),
                Column(
                    "outcome",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Outcome")),
                    lambda e: e.outcome,
                ),
                Column(
                    "code",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Code")),
                    lambda e: e.reservation_code or e.input_hint,
                ),
                Column(
                    "people",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "People")),
                    lambda e: _count(e.visitor_count),
                    CENTRE,
                ),
                Column(
                    "detail",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Detail")),
                    lambda e: _detail_text(e.detail),
                ),
            ],
            key=lambda e: e.id,
            parent=parent,
        )

    def extra(self, row: ScanLogEntry, column: Column[ScanLogEntry], role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and column.key == "outcome":
            if row.outcome in REFUSED_OUTCOMES:
                return QBrush(BAD_TINT)
            if row.action in ("override", "undo", "reveal_phone", "export"):
                return QBrush(WARN_TINT)
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "detail" and row.detail:
            return row.detail
        return None


def _detail_text(detail: str) -> str:
    """``{"reason": "lost code"}`` → ``reason: lost code`` (short, one line)."""
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return str(data)
    return "; ".join(f"{key}: {value}" for key, value in data.items() if value not in ("", None))


class PrintJobsModel(RowsModel[PrintJobRow]):
    """Badge print jobs (``PrintJobRow`` rows); failed ones in red with their reason."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "id",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Job")),
                    lambda j: str(j.id),
                    CENTRE,
                ),
                Column(
                    "time",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Time")),
                    lambda j: _hms(j.updated_at),
                    CENTRE,
                ),
                Column(
                    "badge",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Badge")),
                    lambda j: j.badge_code,
                ),
                Column(
                    "name", _title(QT_TRANSLATE_NOOP("SupervisorTables", "Name")), lambda j: j.name
                ),
                Column(
                    "status",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Status")),
                    lambda j: j.status,
                    CENTRE,
                ),
                Column(
                    "printer",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Printer")),
                    lambda j: j.printer,
                ),
                Column(
                    "attempts",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Attempts")),
                    lambda j: str(j.attempts),
                    CENTRE,
                ),
                Column(
                    "reason",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Reason")),
                    lambda j: j.reason,
                ),
            ],
            key=lambda j: j.id,
            parent=parent,
        )

    def extra(self, row: PrintJobRow, column: Column[PrintJobRow], role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and column.key == "status":
            if row.status == "failed":
                return QBrush(BAD_TINT)
            if row.status == "printed":
                return QBrush(OK_TINT)
        return None


class ReservationsModel(RowsModel[ReservationSummary]):
    """Search hits (``ReservationSummary`` rows) on the staff tools page; phones masked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "code", _title(QT_TRANSLATE_NOOP("SupervisorTables", "Code")), lambda r: r.code
                ),
                Column(
                    "name",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Name")),
                    lambda r: r.contact_name,
                ),
                Column(
                    "phone",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Phone")),
                    lambda r: r.phone_masked,
                ),
                Column(
                    "tour",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Tour")),
                    lambda r: f"{r.starts_at:%m-%d %H:%M}",
                    CENTRE,
                ),
                Column(
                    "in",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Checked in")),
                    _in_text,
                    CENTRE,
                ),
            ],
            key=lambda r: r.code,
            parent=parent,
        )


def _in_text(summary: ReservationSummary) -> str:
    if summary.status.lower() != "confirmed":
        return QCoreApplication.translate("SupervisorTables", "cancelled")
    return f"{summary.checked_in}/{summary.party_size}"


class PartyModel(RowsModel[VisitorInfo]):
    """The people of one booking (``VisitorInfo`` rows) with group and times."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "seq",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "#")),
                    lambda v: str(v.seq),
                    CENTRE,
                ),
                Column(
                    "name",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Name")),
                    lambda v: v.name or "—",
                ),
                Column(
                    "badge",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Badge")),
                    lambda v: v.badge_code,
                ),
                Column(
                    "group",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Group")),
                    lambda v: v.group or "—",
                    CENTRE,
                ),
                Column(
                    "in",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "In")),
                    lambda v: _hm(v.checked_in_at),
                    CENTRE,
                ),
                Column(
                    "out",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Out")),
                    lambda v: _hm(v.checked_out_at),
                    CENTRE,
                ),
            ],
            key=lambda v: v.id,
            parent=parent,
        )

    def extra(self, row: VisitorInfo, column: Column[VisitorInfo], role: int) -> object:
        if column.key == "group" and row.colour:
            return _group_brush(row.colour, role)
        return None


@dataclass(frozen=True)
class ReportLine:
    """A rejected row or a conflict of a sync report, flattened for a table."""

    index: int
    file: str
    line: str
    reason: str


class ReportLinesModel(RowsModel[ReportLine]):
    """Rejected rows (file, line, reason) or conflicts of a sync dry run."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    "file", _title(QT_TRANSLATE_NOOP("SupervisorTables", "File")), lambda r: r.file
                ),
                Column(
                    "line",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Line")),
                    lambda r: r.line,
                    CENTRE,
                ),
                Column(
                    "reason",
                    _title(QT_TRANSLATE_NOOP("SupervisorTables", "Reason")),
                    lambda r: r.reason,
                ),
            ],
            key=lambda r: r.index,
            parent=parent,
        )


def report_lines(items: Sequence[Mapping[str, object]]) -> list[ReportLine]:
    """Sync report entries (``{file, line, reason}`` or a conflict dict) as table lines."""
    lines = []
    for index, item in enumerate(items):
        file = str(item.get("file") or item.get("path") or "")
        if "/" in file:
            file = file.rsplit("/", 1)[-1]
        line = item.get("line")
        reason = item.get("reason") or item.get("message") or ""
        if not reason:
            rest = {k: v for k, v in item.items() if k not in ("file", "path", "line")}
            reason = "; ".join(f"{k}: {v}" for k, v in rest.items())
        lines.append(ReportLine(index, file, "" if line is None else str(line), str(reason)))
    return lines
