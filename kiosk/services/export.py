"""Export check-ins and the evacuation roster as CSV or XLSX, safe to open in a spreadsheet.

Cells are neutralised against formula injection (a name such as ``=HYPERLINK(...)`` typed
into the booking platform must not run in the office's Excel), phone numbers are masked unless
contact details are explicitly asked for, and every export is recorded in the scan log.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.core.errors import InputError
from kiosk.core.masking import mask_phone
from kiosk.services.env import ServiceEnv
from kiosk.services.reports import RosterEntry, roster
from kiosk.services.staff_actions import log_export
from kiosk.store.db import read_connection
from kiosk.store.placement import placements

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx")

CHECKIN_COLUMNS = (
    "code",
    "session",
    "starts_at",
    "visitor_seq",
    "name",
    "group",
    "guide",
    "checked_in_at",
    "checked_out_at",
    "kiosk",
    "phone",
)
ROSTER_COLUMNS = (
    "session",
    "starts_at",
    "group",
    "guide",
    "meeting_point",
    "code",
    "visitor_seq",
    "name",
    "checked_in_at",
    "kiosk",
    "phone",
)

Cell = str | int | None


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    format: str
    rows: int
    with_contact: bool

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "format": self.format,
            "rows": self.rows,
            "with_contact": self.with_contact,
        }


def neutralise(value: Cell) -> Cell:
    """Make a text cell inert in a spreadsheet: ``=1+1`` → ``'=1+1`` (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_format(path: Path) -> str:
    """``"csv"`` or ``"xlsx"`` from the file name, or a clear error."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"Cannot export to {path.name}: the file name must end in .csv or .xlsx.",
            f"无法导出到 {path.name}：文件名必须以 .csv 或 .xlsx 结尾。",
        )
    return suffix[1:]


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write a header and rows as CSV (UTF-8 with BOM, for Excel) or XLSX; returns the count.

    Raises:
        InputError: unsupported file type, or the file cannot be written.
    """
    kind = export_format(path)
    safe_rows = [[neutralise(cell) for cell in row] for row in rows]
    try:
        if kind == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                writer.writerows(["" if c is None else c for c in row] for row in safe_rows)
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("export")
            sheet.append(list(columns))
            for row in safe_rows:
                sheet.append(list(row))
            book.save(path)
    except OSError as exc:
        raise InputError(
            f"Cannot write {path}: {exc.strerror or exc}.",
            f"无法写入 {path}：{exc.strerror or exc}。",
        ) from exc
    return len(safe_rows)


def checkin_rows(env: ServiceEnv, *, with_contact: bool = False) -> list[list[Cell]]:
    """Every visitor ever checked in, in session and party order (times in the site's zone)."""
    with read_connection(env.engine) as db:
        people = placements(db, checked_in=True)
    return [
        [
            p.code,
            p.session_id,
            _text(p.starts_at, env),
            p.seq,
            p.name,
            p.group,
            p.guide,
            _text(p.checked_in_at, env),
            _text(p.checked_out_at, env),
            p.kiosk_id,
            p.phone if with_contact else mask_phone(p.phone),
        ]
        for p in people
    ]


def export_checkins(env: ServiceEnv, out: Path, *, with_contact: bool = False) -> ExportReport:
    """Write every check-in to ``out`` (.csv or .xlsx) and log the export."""
    kind = export_format(out)
    count = write_table(out, CHECKIN_COLUMNS, checkin_rows(env, with_contact=with_contact))
    log_export(env, what="checkins", file_name=out.name, rows=count, contact=with_contact)
    return ExportReport(out, kind, count, with_contact)


def roster_rows(entries: Sequence[RosterEntry]) -> list[list[Cell]]:
    """The evacuation roster as table rows (phones masked: a roster is posted, not dialled)."""
    return [
        [
            e.session_id,
            e.starts_at.strftime("%Y-%m-%d %H:%M"),
            e.group,
            e.guide,
            e.meeting_point,
            e.code,
            e.seq,
            e.display_name,
            e.checked_in_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.kiosk_id,
            e.phone_masked,
        ]
        for e in entries
    ]


def export_roster(
    env: ServiceEnv, out: Path, *, entries: Sequence[RosterEntry] | None = None
) -> ExportReport:
    """Write the evacuation roster (everyone on site now) to ``out`` and log the export."""
    kind = export_format(out)
    chosen = roster(env) if entries is None else entries
    count = write_table(out, ROSTER_COLUMNS, roster_rows(chosen))
    log_export(env, what="roster", file_name=out.name, rows=count, contact=False)
    return ExportReport(out, kind, count, False)


def _text(value: datetime | None, env: ServiceEnv) -> str:
    if value is None:
        return ""
    return value.astimezone(env.settings.zone).strftime("%Y-%m-%d %H:%M:%S")
