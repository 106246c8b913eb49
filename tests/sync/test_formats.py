"""Format and encoding detection from content, and the file-level refusals."""

from __future__ import annotations

import codecs
import io
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from kiosk.core.errors import InputError
from kiosk.sync import ReservationRow, read_export
from kiosk.sync.encoding import decode_text
from kiosk.sync.xlsx import read_workbook, workbook_records
from tests.sync.conftest import SHANGHAI, csv_text, read_all
from tests.sync.spreadsheets import ods_bytes, xls_bytes

HEADER = ["预约码", "参观日期", "入场时间", "联系人", "手机号", "参观人数", "语言", "状态"]
ROW = ["ab12cd", "2025-02-02", "09:30", "张伟", "13800138000", "3", "中文", "已确认"]

WriteFile = Callable[..., Path]


def _only_row(path: Path) -> ReservationRow:
    parsed, rows = read_all(path)
    assert parsed.errors == []
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row, ReservationRow)
    return row


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")],
)
def test_csv_encodings_are_detected(write_file: WriteFile, encoding: str, reported: str) -> None:
    """Chinese CSV in UTF-8, UTF-8 with BOM, GBK and GB18030 reads the same, encoding named."""
    path = write_file("export.csv", csv_text([HEADER, ROW]), encoding)
    parsed, rows = read_all(path)
    assert parsed.encoding == reported
    assert parsed.format == "csv"
    assert isinstance(rows[0], ReservationRow)
    assert rows[0].contact_name == "张伟"
    assert rows[0].code == "AB12CD"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_excel_unicode_text_utf16_tab_separated(write_file: WriteFile, bom: bytes) -> None:
    """Excel's "Unicode text" (UTF-16 with BOM, tab-separated) is read as TSV."""
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    data = bom + csv_text([HEADER, ROW], "\t").encode(codec)
    parsed, rows = read_all(write_file("export.txt", data))
    assert (parsed.format, parsed.encoding) == ("tsv", "utf-16")
    assert isinstance(rows[0], ReservationRow)
    assert rows[0].starts_at == datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)


def test_decode_text_prefers_gb18030_for_chinese_bytes() -> None:
    """Bytes that are not UTF-8 but read as Chinese are reported as gb18030."""
    text, name = decode_text("预约码,联系人\r\n甲,乙\r\n".encode("gbk"))
    assert name == "gb18030"
    assert text.startswith("预约码")


def test_western_excel_csv_is_not_mistaken_for_chinese(write_file: WriteFile) -> None:
    """A cp1252 file from Excel on Western Windows keeps its accented names."""
    text = csv_text(
        [["Booking Code", "Session", "Guests", "Name", "Notes"],
         ["W1", "2025-02-02 09:30", "2", "Jürgen Müller", "Café au lait; señor"]]
    )  # fmt: skip
    row = _only_row(write_file("western.csv", text, "cp1252"))
    assert row.contact_name == "Jürgen Müller"
    assert row.notes == "Café au lait; señor"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(write_file: WriteFile, delimiter: str) -> None:
    """Comma, semicolon, tab and pipe separated files all read; the extension is ignored."""
    path = write_file("export.dat", csv_text([HEADER, ROW], delimiter))
    parsed, rows = read_all(path)
    assert parsed.format == ("tsv" if delimiter == "\t" else "csv")
    assert len(rows) == 1


def test_commas_inside_quoted_cells_do_not_fool_the_sniffer(write_file: WriteFile) -> None:
    """A semicolon file whose notes contain commas still splits on semicolons."""
    text = '预约码;参观日期;入场时间;参观人数;备注\r\nX1;2025-02-02;09:00;2;"a, b, c"\r\n'
    row = _only_row(write_file("export.csv", text))
    assert row.notes == "a, b, c"


def _workbook_bytes(rows: Sequence[Sequence[object]], title_rows: int = 0) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title_rows:
        sheet.append(["2025年2月 工厂参观预约导出"])
        for _ in range(title_rows - 1):
            sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_title_rows_and_real_date_cells(write_file: WriteFile) -> None:
    """An XLSX with a title row, a blank row and date/time cells reads with Excel line numbers."""
    rows: list[Sequence[object]] = [
        HEADER,
        ["K1", datetime(2025, 2, 3), datetime(1899, 12, 30, 13, 30), "李娜", 13900139000, 2,
         "English", "confirmed"],
    ]  # fmt: skip
    data = _workbook_bytes(rows, title_rows=2)
    parsed, read = read_all(write_file("export.bin", data))
    assert (parsed.format, parsed.encoding) == ("xlsx", None)
    row = read[0]
    assert isinstance(row, ReservationRow)
    assert row.line == 4  # title on 1, blank on 2, header on 3
    assert row.starts_at == datetime(2025, 2, 3, 13, 30, tzinfo=SHANGHAI)
    assert row.phone == "13900139000"
    assert row.party_size == 2
    assert row.language == "en"


def test_xlsx_picks_the_sheet_that_holds_the_table(write_file: WriteFile) -> None:
    """A workbook whose first sheet is a cover page still finds the reservations sheet."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.append(["Cover page"])
    data_sheet = workbook.create_sheet("data")
    data_sheet.append(HEADER)
    data_sheet.append(ROW)
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = _only_row(write_file("book.xlsx", buffer.getvalue()))
    assert row.code == "AB12CD"


def test_zip_bomb_is_refused_before_opening(write_file: WriteFile) -> None:
    """A workbook whose members unpack to more than the cap is refused with a clear message."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 1024)
    data = bytearray(buffer.getvalue())
    # Declare 4 GB for the sheet in the central directory, as a crafted bomb would.
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 0xFFFF_FFF0)
    with pytest.raises(InputError, match="would unpack to more than 200 MB"):
        read_export(write_file("bomb.xlsx", bytes(data)), zone=SHANGHAI)


def test_truncated_workbook_is_refused(write_file: WriteFile) -> None:
    """A workbook cut short by a failed download gives "damaged or incomplete"."""
    data = _workbook_bytes([HEADER, ROW])
    with pytest.raises(InputError, match="damaged or incomplete"):
        read_export(write_file("cut.xlsx", data[: len(data) // 2]), zone=SHANGHAI)


def test_corrupt_member_inside_workbook_is_refused(write_file: WriteFile) -> None:
    """A zip with an intact directory but garbage XML is an InputError, not a crash."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml")
        archive.writestr("xl/workbook.xml", "<<<")
    with pytest.raises(InputError, match="damaged or incomplete"):
        read_export(write_file("bad.xlsx", buffer.getvalue()), zone=SHANGHAI)


def test_other_zip_files_are_not_workbooks(write_file: WriteFile) -> None:
    """A zip that is neither an Excel nor an OpenDocument workbook is no export we read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    with pytest.raises(InputError, match="not a reservation or roster export"):
        read_export(write_file("photos.zip", buffer.getvalue()), zone=SHANGHAI)


_TYPED_ROWS: list[Sequence[object]] = [
    HEADER,
    ["K1", date(2025, 2, 3), time(13, 30), "李娜", 13900139000, 2, "English", "confirmed"],
    ["K2", "2025-02-03", "09:30", "王芳", "+86 139 0000 1111", 3, "中文", "已确认"],
]


def test_ods_workbook_is_read(write_file: WriteFile) -> None:
    """An OpenDocument spreadsheet (.ods) reads like an Excel workbook, dates and all."""
    data = ods_bytes({"cover": [["Bookings"]], "bookings": [["2025年2月 导出"], [], *_TYPED_ROWS]})
    parsed, rows = read_all(write_file("bookings.ods", data))
    assert (parsed.format, parsed.errors) == ("ods", [])
    first = rows[0]
    assert isinstance(first, ReservationRow)
    assert (first.line, first.code, first.phone) == (4, "K1", "13900139000")
    assert first.starts_at == datetime(2025, 2, 3, 13, 30, tzinfo=SHANGHAI)
    assert [r.party_size for r in rows if isinstance(r, ReservationRow)] == [2, 3]


def test_old_xls_workbook_is_read(write_file: WriteFile) -> None:
    """An Excel 97-2003 (.xls) workbook reads like an .xlsx one."""
    parsed, rows = read_all(write_file("old.xls", xls_bytes(_TYPED_ROWS)))
    assert (parsed.format, parsed.errors) == ("xls", [])
    first = rows[0]
    assert isinstance(first, ReservationRow)
    assert first.starts_at == datetime(2025, 2, 3, 13, 30, tzinfo=SHANGHAI)
    assert (first.phone, first.language) == ("13900139000", "en")


def test_damaged_xls_is_refused(write_file: WriteFile) -> None:
    """An OLE header with nothing behind it is a damaged workbook, not a crash."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(InputError, match="damaged or incomplete"):
        read_export(write_file("old.xls", data), zone=SHANGHAI)


def test_ods_zip_bomb_is_refused_before_opening(write_file: WriteFile) -> None:
    """The zip-bomb guard covers OpenDocument files as it covers .xlsx."""
    data = bytearray(ods_bytes({"s": [HEADER, ROW]}))
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 0xFFFF_FFF0)
    with pytest.raises(InputError, match="would unpack to more than 200 MB"):
        read_export(write_file("bomb.ods", bytes(data)), zone=SHANGHAI)


def test_calamine_and_openpyxl_read_a_workbook_to_the_same_rows(write_file: WriteFile) -> None:
    """The fast reader (calamine) and the reference (openpyxl) give identical canonical rows."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "封面"
    cover.append(["2025年2月 工厂参观预约导出"])
    sheet = workbook.create_sheet("预约")
    sheet.append(["导出时间：2025-01-31"])
    sheet.append([])
    sheet.append([*HEADER, "备注", "同行人"])
    sheet.append(["A1", datetime(2025, 2, 2), datetime(1899, 12, 30, 9, 30), "张伟", 13800138000,
                  3, "中文", "已确认", "轮椅", "李娜、王芳"])  # fmt: skip
    sheet.append(["a2", "2025/2/2", "9:30", "Anna Müller", "+49 30 1234567", 2.0, "English",
                  "pending", None, None])  # fmt: skip
    sheet.append(["A3", datetime(2025, 2, 3, 14, 0), "14:00", "李雷", "'+8613800138000", "1",
                  "zh", "cancelled", "", ""])  # fmt: skip
    sheet.append(["A4", "2025-02-02", "25:00", "Bad", "1", "x", "", "", "", ""])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    fast = read_workbook(data, source="b.xlsx", zone=SHANGHAI)
    reference = read_workbook(data, source="b.xlsx", zone=SHANGHAI, engine="openpyxl")
    assert list(fast.rows) == list(reference.rows)
    assert fast.errors == reference.errors
    assert (fast.mapping, fast.unused_columns) == (reference.mapping, reference.unused_columns)
    assert len(list(fast.rows)) == 3
    assert [e.line for e in fast.errors] == [7]
    assert workbook_records(data, source="b.xlsx") == workbook_records(
        data, source="b.xlsx", engine="openpyxl"
    )


def test_json_that_is_neither_ours_nor_pretix_is_unknown(write_file: WriteFile) -> None:
    """Some other JSON document is "not a reservation or roster export we can read"."""
    path = write_file("other.json", json.dumps({"hello": [1, 2, 3]}))
    with pytest.raises(InputError, match="is not a reservation or roster export we can read"):
        read_export(path, zone=SHANGHAI)


def test_broken_json_is_reported(write_file: WriteFile) -> None:
    """Truncated JSON says it is not valid JSON, naming the file."""
    with pytest.raises(InputError, match=r"cut\.json looks like JSON but is not valid"):
        read_export(write_file("cut.json", '{"event": {"orders": ['), zone=SHANGHAI)


def test_deeply_nested_json_is_an_input_error(write_file: WriteFile) -> None:
    """Absurd nesting cannot crash the reader with a RecursionError."""
    with pytest.raises(InputError):
        read_export(write_file("deep.json", "[" * 200_000 + "]" * 200_000), zone=SHANGHAI)


def test_missing_file_directory_and_empty_file(tmp_path: Path, write_file: WriteFile) -> None:
    """A vanished file, a folder and an empty file each get their own sentence."""
    with pytest.raises(InputError, match="does not exist"):
        read_export(tmp_path / "gone.csv", zone=SHANGHAI)
    with pytest.raises(InputError, match="is a folder"):
        read_export(tmp_path, zone=SHANGHAI)
    with pytest.raises(InputError, match="is empty"):
        read_export(write_file("empty.csv", ""), zone=SHANGHAI)
    with pytest.raises(InputError, match="is empty"):
        read_export(write_file("blank.csv", "\r\n  \r\n"), zone=SHANGHAI)
    with pytest.raises(InputError, match="is empty"):
        read_export(write_file("bom.csv", "", "utf-8-sig"), zone=SHANGHAI)


def test_file_larger_than_the_cap_is_refused(write_file: WriteFile) -> None:
    """max_bytes bounds what we read into memory."""
    path = write_file("big.csv", csv_text([HEADER, ROW] * 50))
    with pytest.raises(InputError, match="larger than"):
        read_export(path, zone=SHANGHAI, max_bytes=1000)


def test_a_million_columns_is_refused(write_file: WriteFile) -> None:
    """A header row with a million columns is refused by the column cap."""
    path = write_file("wide.csv", ",".join(["预约码"] + ["x"] * 1_000_000) + "\r\n")
    with pytest.raises(InputError, match="more than 500 columns"):
        read_export(path, zone=SHANGHAI)


def test_over_wide_data_row_is_a_row_error(write_file: WriteFile) -> None:
    """A single absurdly wide data row is rejected alone; the other rows still count."""
    wide = ROW + ["x"] * 600
    parsed, rows = read_all(write_file("e.csv", csv_text([HEADER, wide, ROW])))
    assert [error.line for error in parsed.errors] == [2]
    assert "more than 500 columns" in parsed.errors[0].reason
    assert len(rows) == 1


def test_text_without_a_known_header_is_unknown(write_file: WriteFile) -> None:
    """Prose or an unrelated table is refused with the standard sentence."""
    path = write_file("notes.txt", "Shopping list\r\nmilk, eggs\r\nbread\r\n")
    with pytest.raises(InputError, match="not a reservation or roster export we can read"):
        read_export(path, zone=SHANGHAI)


def test_binary_garbage_is_refused(write_file: WriteFile) -> None:
    """Bytes with control characters are "not a text, Excel or JSON file"."""
    path = write_file("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="not a text, Excel or JSON file"):
        read_export(path, zone=SHANGHAI)
