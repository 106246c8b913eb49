"""Excel workbooks (.xlsx), opened only after the zip container proved harmless.

A workbook is a zip file; a hostile or broken one can claim gigabytes of XML (a zip bomb) or be
cut short by a failed download. We read the zip directory first, refuse a container whose
members add up to more than ``MAX_UNCOMPRESSED_BYTES`` (Python's zip reader never inflates a
member past its declared size), and turn any failure of openpyxl into one ``InputError``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, tzinfo
from typing import Final

from kiosk.core.errors import InputError
from kiosk.sync.rows import ParsedExport
from kiosk.sync.tabular import (
    DEFAULT_COLUMN_CAP,
    MissingColumns,
    Record,
    not_an_export,
    read_table,
)
from kiosk.sync.values import cell_text

MAX_UNCOMPRESSED_BYTES: Final = 200 * 1024 * 1024
MAX_MEMBERS: Final = 10_000
_MOMENTS: Final = (datetime, date, time)


def _damaged(source: str) -> InputError:
    return InputError(
        f"{source} looks like an Excel workbook but is damaged or incomplete; "
        "download or save it again.",
        f"{source} 看起来是 Excel 工作簿，但文件已损坏或不完整，请重新下载或保存。",
    )


def check_container(data: bytes, source: str) -> None:
    """Refuse a damaged zip, a zip bomb, or a zip that is not an Excel workbook.

    Raises:
        InputError: with one sentence naming the file and what is wrong.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
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
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names or "content.xml" in names:
            raise InputError(
                f"{source} is an OpenDocument (.ods) or other zip file, not an Excel workbook; "
                "save it as .xlsx or CSV.",
                f"{source} 是 OpenDocument (.ods) 或其他压缩文件，不是 Excel 工作簿；"
                "请另存为 .xlsx 或 CSV。",
            )
        raise not_an_export(source)


def _trimmed(rows: Iterator[Sequence[object]], first_line: int) -> list[Record]:
    """Rows numbered as Excel numbers them, trailing empty cells dropped, values as text.

    Dates and times stay Python objects (the session parser reads them directly); numbers
    become text the way Excel shows them (``3``, not ``3.0``), so phone numbers keep digits.
    """
    records: list[Record] = []
    for line, cells in enumerate(rows, start=first_line):
        end = len(cells)
        while end and (cells[end - 1] is None or cells[end - 1] == ""):
            end -= 1
        records.append(
            (line, tuple(c if isinstance(c, _MOMENTS) else cell_text(c) for c in cells[:end]))
        )
    return records


def read_workbook(
    data: bytes, *, source: str, zone: tzinfo, column_cap: int = DEFAULT_COLUMN_CAP
) -> ParsedExport:
    """Read the first worksheet that holds a reservations or roster table.

    Raises:
        InputError: damaged workbook, zip bomb, or no sheet with a usable header.
    """
    check_container(data, source)
    import openpyxl  # imported late: the CSV path never pays for it

    sheets: list[list[Record]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                active = workbook.active
                ordered = [active] + [ws for ws in workbook.worksheets if ws is not active]
                for sheet in ordered:
                    if not hasattr(sheet, "iter_rows"):
                        continue
                    sheet.reset_dimensions()
                    sheets.append(_trimmed(sheet.iter_rows(values_only=True), 1))
            finally:
                workbook.close()
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types on damaged content
        raise _damaged(source) from exc
    missing: InputError | None = None
    for records in sheets:
        try:
            parsed = read_table(
                iter(records),
                source=source,
                zone=zone,
                fmt="xlsx",
                encoding=None,
                column_cap=column_cap,
            )
        except MissingColumns as error:
            missing = missing or error
            continue
        except InputError:
            continue
        parsed.rows = list(parsed.rows)  # type: ignore[assignment]  # same element type
        return parsed
    raise missing or not_an_export(source)
