"""Spreadsheet workbooks (.xlsx, .xls, .ods), opened only after the container proved harmless.

python-calamine (Rust) reads every workbook: it is an order of magnitude faster than openpyxl
and reads the old Excel 97-2003 format and OpenDocument too. openpyxl stays for writing
workbooks (``kiosk export``) and as the reference reader the tests compare calamine against
(:func:`workbook_records` with ``engine="openpyxl"``).

.xlsx and .ods are zip files; a hostile or broken one can claim gigabytes of XML (a zip bomb) or
be cut short by a failed download. We read the zip directory first and refuse a container whose
members add up to more than ``MAX_UNCOMPRESSED_BYTES`` before any member is inflated. An .xls is
an uncompressed OLE file, so the reader's size cap already bounds it.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Final, Generic, Literal, TypeVar, cast

from kiosk.core.errors import InputError
from kiosk.sync.rows import ParsedExport, ReservationRow, RosterRow
from kiosk.sync.tabular import (
    DEFAULT_COLUMN_CAP,
    MissingColumns,
    Record,
    TableOptions,
    not_an_export,
    read_table,
)
from kiosk.sync.values import cell_text

MAX_UNCOMPRESSED_BYTES: Final = 200 * 1024 * 1024
MAX_MEMBERS: Final = 10_000
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MOMENTS: Final = (datetime, date, time)
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_ACTIVE_TAB = re.compile(rb"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"")

WorkbookKind = Literal["xlsx", "xls", "ods"]
_Row = TypeVar("_Row")
Engine = Literal["calamine", "openpyxl"]


def _damaged(source: str) -> InputError:
    return InputError(
        f"{source} looks like a spreadsheet workbook but is damaged or incomplete; "
        "download or save it again.",
        f"{source} 看起来是电子表格工作簿，但文件已损坏或不完整，请重新下载或保存。",
    )


def check_container(data: bytes, source: str) -> WorkbookKind:
    """Say which workbook a file is; refuse a damaged zip, a zip bomb or a non-workbook zip.

    Returns:
        ``"xlsx"``, ``"ods"`` or ``"xls"`` (an OLE file, which is not a zip).

    Raises:
        InputError: with one sentence naming the file and what is wrong.
    """
    if data.startswith(OLE_MAGIC):
        return "xls"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            mimetype = (
                archive.read("mimetype")[:100]
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 200
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(source) from exc
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{source} would unpack to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB, far more "
            "than any reservation export; it was not opened.",
            f"{source} 解压后超过 {MAX_UNCOMPRESSED_BYTES // 2**20} MB，远超正常预约导出文件，"
            "已拒绝打开。",
        )
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.strip() == _ODS_MIMETYPE and "content.xml" in names:
        return "ods"
    raise not_an_export(source)


def _active_sheet(data: bytes, kind: WorkbookKind) -> int:
    """The sheet Excel shows on opening (``activeTab``); 0 when unknown or not an .xlsx."""
    if kind != "xlsx":
        return 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        head = archive.open("xl/workbook.xml").read(64 * 1024)
    match = _ACTIVE_TAB.search(head)
    return int(match.group(1)) if match else 0


def _trimmed(rows: Iterable[Sequence[object]]) -> Iterator[Record]:
    """Rows numbered as Excel numbers them, trailing empty cells dropped, every cell as text.

    Numbers read the way Excel shows them (``3``, not ``3.0``), so phone numbers keep their
    digits; dates and times become ISO text (``2025-02-02``, ``09:30:00``,
    ``2025-02-02T09:30:00``), which the session parser reads exactly as it read the objects.
    Excel's time-only values (a date-time on its 1899 epoch day, or a duration) become times
    and a date-time at midnight a date, so both readers give the same text. One row at a time:
    a worksheet is never copied whole into Python objects.
    """
    text_only = {str}
    for line, cells in enumerate(rows, start=1):
        end = len(cells)
        while end and (cells[end - 1] is None or cells[end - 1] == ""):
            end -= 1
        if end < len(cells):
            cells = cells[:end]
        if set(map(type, cells)) <= text_only:
            yield line, tuple(cells)
        else:
            yield line, tuple(map(_as_text, cells))


_WHOLE_NUMBERS: Final = {float(n): str(n) for n in range(1000)}
"""Party sizes and counts as a workbook holds them (floats), and their text, looked up."""


def _as_text(value: object) -> str:
    if type(value) is str:
        return value
    if type(value) is float:
        known = _WHOLE_NUMBERS.get(value)
        if known is not None:
            return known
    return _cell(value)


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        if value.year < 1901:
            return value.time().isoformat()
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _MOMENTS):
        return value.isoformat()
    if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
        return (datetime.min + value).time().isoformat()
    return cell_text(value)


def workbook_records(
    data: bytes, *, source: str, engine: Engine = "calamine"
) -> list[list[Record]]:
    """Every worksheet's rows (the active sheet first), as :func:`_trimmed` records.

    Args:
        data: the workbook's bytes (already checked by :func:`check_container`).
        source: the file name, for messages.
        engine: ``"calamine"`` (every format) or ``"openpyxl"`` (.xlsx only; the reference the
            tests compare against).

    Raises:
        InputError: damaged workbook, zip bomb, password-protected or not a workbook.
    """
    return [list(sheet) for sheet in _sheets(data, source=source, engine=engine)]


def _sheets(data: bytes, *, source: str, engine: Engine) -> Iterator[Iterator[Record]]:
    """Each worksheet's records as a stream, the active sheet first; opened one at a time."""
    kind = check_container(data, source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opened = (
                _openpyxl_sheets(data) if engine == "openpyxl" else _calamine_sheets(data, kind)
            )
            for rows in opened:
                yield _trimmed(rows)
    except InputError:
        raise
    except Exception as exc:  # both readers raise many types on damaged content
        raise _damaged(source) from exc


def _calamine_sheets(data: bytes, kind: WorkbookKind) -> Iterator[Iterable[Sequence[object]]]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        indexes = [
            index
            for index, meta in enumerate(workbook.sheets_metadata)
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
        active = _active_sheet(data, kind)
        if active in indexes:
            indexes.remove(active)
            indexes.insert(0, active)
        for index in indexes:
            # The sheet holds its cells once loaded; its rows become Python lists as read.
            yield workbook.get_sheet_by_index(index).iter_rows()
    finally:
        workbook.close()


def _openpyxl_sheets(data: bytes) -> Iterator[Iterable[Sequence[object]]]:
    import openpyxl  # the reference reader only; kiosk reads with calamine

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        active = workbook.active
        ordered = [active] + [ws for ws in workbook.worksheets if ws is not active]
        for sheet in ordered:
            if not hasattr(sheet, "iter_rows"):
                continue
            sheet.reset_dimensions()
            yield list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_workbook(
    data: bytes,
    *,
    source: str,
    zone: tzinfo,
    column_cap: int = DEFAULT_COLUMN_CAP,
    options: TableOptions | None = None,
    engine: Engine = "calamine",
) -> ParsedExport:
    """Read the first worksheet that holds a reservations or roster table.

    Raises:
        InputError: damaged workbook, zip bomb, or no sheet with a usable header.
    """
    kind = check_container(data, source)
    missing: InputError | None = None
    for records in _sheets(data, source=source, engine=engine):
        try:
            parsed = read_table(
                records,
                source=source,
                zone=zone,
                fmt=kind,
                encoding=None,
                column_cap=column_cap,
                options=options,
            )
        except MissingColumns as error:
            missing = missing or error
            continue
        except InputError:
            continue
        rows: Iterable[ReservationRow | RosterRow] = parsed.rows
        parsed.rows = cast("Iterable[ReservationRow]", _Replayable(rows))  # same rows, kept
        return parsed
    raise missing or not_an_export(source)


class _Replayable(Generic[_Row]):
    """Rows read from the stream on first use and kept, so they can be read again.

    A workbook's rows stay a sequence to whoever reads ``rows`` (as they were when workbooks
    were read whole); the sync service reads ``rows_with_repeats``, the stream, instead.
    """

    def __init__(self, rows: Iterable[_Row]) -> None:
        self._source = rows
        self._rows: list[_Row] | None = None

    def __iter__(self) -> Iterator[_Row]:
        if self._rows is None:
            self._rows = list(self._source)
        return iter(self._rows)
