"""Header row detection, alias mapping, kind detection and missing-column messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.errors import InputError
from kiosk.sync import ReservationRow, RosterRow, read_export
from kiosk.sync.headers import RESERVATION_TABLE, ROSTER_TABLE, lookup, normalize_header
from tests.sync.conftest import SHANGHAI, csv_text, read_all

WriteFile = Callable[..., Path]

RESERVATION_FAMILIES = {
    "code": ["reservation code", "Booking Code", "预约码", "预约号", "预约编号", "订单号", "票号",
             "Order #", "secret"],
    "session": ["Session", "slot", "Tour time", "场次", "参观时间", "预约时段"],
    "date": ["日期", "参观日期", "Date"],
    "time": ["时间", "入场时间", "Time"],
    "contact_name": ["name", "Contact", "姓名", "联系人", "参观人"],
    "first_name": ["First Name"],
    "last_name": ["Last Name"],
    "phone": ["phone", "Mobile", "手机", "手机号", "手机号码", "联系电话"],
    "party_size": ["party size", "Guests", "Quantity", "人数", "参观人数", "预约人数"],
    "language": ["language", "语言"],
    "status": ["Status", "状态"],
    "group": ["group", "分组", "组别"],
    "notes": ["notes", "needs", "备注", "特殊需求"],
    "visitor_names": ["visitor names", "参观人姓名", "同行人", "随行人员"],
    "accessibility": ["accessibility", "无障碍"],
    "ignored": ["email", "E-mail", "邮箱"],
}  # fmt: skip
ROSTER_FAMILIES = {
    "group": ["group", "组别", "分组"],
    "guide": ["guide", "导游", "讲解员"],
    "guide_languages": ["guide languages", "导游语言", "讲解语言"],
    "capacity": ["capacity", "人数上限", "容量"],
    "meeting_point": ["meeting point", "集合点", "集合地点"],
    "colour": ["colour", "color", "颜色"],
    "guide_phone": ["guide phone", "导游电话"],
}


@pytest.mark.parametrize(
    ("field", "alias"),
    [(field, alias) for field, aliases in RESERVATION_FAMILIES.items() for alias in aliases],
)
def test_reservation_aliases(field: str, alias: str) -> None:
    """Every documented reservation alias maps to its field."""
    assert lookup(RESERVATION_TABLE, alias) == field


@pytest.mark.parametrize(
    ("field", "alias"),
    [(field, alias) for field, aliases in ROSTER_FAMILIES.items() for alias in aliases],
)
def test_roster_aliases(field: str, alias: str) -> None:
    """Every documented roster alias maps to its field."""
    assert lookup(ROSTER_TABLE, alias) == field


@pytest.mark.parametrize(
    "variant", ["预约码", " 预约码 ", "预约码：", "预约码:", "（预约码）", "ＲＥＳＥＲＶＡＴＩＯＮ　ＣＯＤＥ",
                "Reservation_Code", "reservation-code", "RESERVATION  CODE"]
)  # fmt: skip
def test_header_comparison_ignores_case_space_punctuation_width(variant: str) -> None:
    """Case, spaces, punctuation and full-width forms do not matter."""
    assert lookup(RESERVATION_TABLE, variant) == "code"


def test_bracketed_remark_is_ignored() -> None:
    """ "参观人数（人）" and "Phone (mobile)" still find their field."""
    assert lookup(RESERVATION_TABLE, "参观人数（人）") == "party_size"
    assert lookup(RESERVATION_TABLE, "Phone (mobile)") == "phone"
    assert normalize_header("Order #") == "order"


def test_header_under_title_rows_has_its_real_line(write_file: WriteFile) -> None:
    """A title in A1 and a blank line above the header: rows keep spreadsheet line numbers."""
    text = csv_text(
        [
            ["2025年2月 工厂参观预约导出"],
            [],
            ["预约码", "参观日期", "入场时间", "参观人数"],
            ["A1", "2025-02-02", "09:30", "2"],
            ["A2", "2025-02-02", "09:30", "x"],
        ]
    )
    parsed, rows = read_all(write_file("t.csv", text))
    assert [row.line for row in rows if isinstance(row, ReservationRow)] == [4]
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (5, "party size must be a whole number from 1 to 50")
    ]
    assert parsed.mapping == {
        "预约码": "code",
        "参观日期": "date",
        "入场时间": "time",
        "参观人数": "party_size",
    }


def test_mapping_and_unused_columns_are_reported(write_file: WriteFile) -> None:
    """The report can show which header fed which field and which were not used."""
    text = csv_text(
        [["Booking Code", "Slot", "Guests", "Email", "Favourite colour"],
         ["Q1", "2025-02-02 09:30", "1", "a@b.c", "blue"]]
    )  # fmt: skip
    parsed, _rows = read_all(write_file("m.csv", text))
    assert parsed.mapping == {
        "Booking Code": "code",
        "Slot": "session",
        "Guests": "party_size",
        "Email": "ignored",
    }
    assert parsed.unused_columns == ("Favourite colour",)


def test_first_and_last_name_make_the_contact(write_file: WriteFile) -> None:
    """First Name + Last Name give "First Last"; Chinese 姓 + 名 give 姓名 without a space."""
    text = csv_text(
        [["code", "session", "quantity", "First Name", "Last Name"],
         ["E1", "2025-02-02 09:30", "1", "Ada", "Lovelace"],
         ["E2", "2025-02-02 09:30", "1", "伟", "张"]]
    )  # fmt: skip
    _parsed, rows = read_all(write_file("n.csv", text))
    names = [row.contact_name for row in rows if isinstance(row, ReservationRow)]
    assert names == ["Ada Lovelace", "张伟"]


def test_roster_is_told_from_reservations_by_its_headers(write_file: WriteFile) -> None:
    """Group + guide columns without a code column make a roster."""
    text = csv_text(
        [["参观日期", "入场时间", "组别", "导游", "导游语言", "人数上限", "集合点", "颜色", "导游电话"],
         ["2025-02-02", "09:30", "A组", "王芳", "中文、英文", "15", "1号门", "红", "139-0000-1111"]]
    )  # fmt: skip
    parsed, rows = read_all(write_file("r.csv", text))
    assert parsed.kind == "roster"
    row = rows[0]
    assert isinstance(row, RosterRow)
    assert (row.group, row.guide_name, row.guide_languages) == ("A", "王芳", ("zh", "en"))
    assert (row.capacity, row.meeting_point, row.colour) == (15, "1号门", "#E53935")
    assert row.guide_phone == "13900001111"


def test_missing_code_column_is_named(write_file: WriteFile) -> None:
    """A reservations file without a code column names that column in English and Chinese."""
    text = csv_text(
        [["参观日期", "入场时间", "参观人数", "联系人"], ["2025-02-02", "9:00", "1", "x"]]
    )
    with pytest.raises(InputError) as caught:
        read_export(write_file("nocode.csv", text), zone=SHANGHAI)
    assert "nocode.csv has no column for reservation code" in caught.value.message
    assert "预约码" in caught.value.message_zh


def test_missing_time_and_party_size_are_named(write_file: WriteFile) -> None:
    """A date without a time column and no party size lists both missing columns."""
    text = csv_text([["预约码", "参观日期", "联系人"], ["A", "2025-02-02", "x"]])
    with pytest.raises(InputError, match=r"tour date and time .*party size"):
        read_export(write_file("partial.csv", text), zone=SHANGHAI)


def test_roster_without_group_is_refused(write_file: WriteFile) -> None:
    """A roster needs its group column; without it the file is not a roster at all."""
    text = csv_text(
        [["参观日期", "入场时间", "导游", "人数上限"], ["2025-02-02", "9:00", "王", "15"]]
    )
    with pytest.raises(InputError):
        read_export(write_file("nogroup.csv", text), zone=SHANGHAI)
