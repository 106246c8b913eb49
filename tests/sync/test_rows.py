"""Rows of a generic export: values, duplicates, row errors and their line numbers."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.core.errors import InputError
from kiosk.sync import ReservationRow, RosterRow, read_export
from tests.sync.conftest import SHANGHAI, csv_text, read_all

WriteFile = Callable[..., Path]
HEADER = ["预约码", "参观日期", "入场时间", "联系人", "手机号", "参观人数", "语言", "状态", "备注",
          "同行人"]  # fmt: skip


def _reservations(path: Path) -> tuple[list[ReservationRow], list[tuple[int, str]]]:
    parsed, rows = read_all(path)
    assert parsed.kind == "reservations"
    return (
        [row for row in rows if isinstance(row, ReservationRow)],
        [(error.line, error.reason) for error in parsed.errors],
    )


def test_a_full_row_becomes_a_canonical_reservation(write_file: WriteFile) -> None:
    """Every column lands in its field, normalised."""
    text = csv_text(
        [HEADER,
         [" k7pq2x ", "2025/2/2", "9:30-11:00", "张伟", "138 0013 8000", "3", "英文", "已支付",
          "需要轮椅", "李娜、王芳"]]
    )  # fmt: skip
    rows, errors = _reservations(write_file("r.csv", text))
    assert errors == []
    assert rows == [
        ReservationRow(
            line=2,
            code="K7PQ2X",
            starts_at=datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
            ends_at=datetime(2025, 2, 2, 11, 0, tzinfo=SHANGHAI),
            session_ref=None,
            session_label=None,
            contact_name="张伟",
            phone="13800138000",
            party_size=3,
            language="en",
            status="confirmed",
            group=None,
            notes="需要轮椅",
            accessibility=True,
            visitor_names=("李娜", "王芳"),
            visitor_secrets=(),
        )
    ]


def test_csv_rows_stream(write_file: WriteFile) -> None:
    """A CSV's rows come from a generator, so a big file is not held twice in memory."""
    text = csv_text([HEADER, ["A", "2025-02-02", "9:00", "x", "1", "1", "", "", "", ""]])
    parsed = read_export(write_file("s.csv", text), zone=SHANGHAI)
    assert isinstance(parsed.rows, types.GeneratorType)
    assert [row.code for row in parsed.reservation_rows()] == ["A"]


def test_row_errors_carry_spreadsheet_line_numbers(write_file: WriteFile) -> None:
    """Bad rows are reported on the line a user sees; good rows still come through."""
    good = ["G1", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""]
    text = csv_text(
        [HEADER, good,
         ["B1", "2025-02-02", "09:00", "x", "1", "99", "", "", "", ""],
         ["B2", "2025-02-30", "09:00", "x", "1", "2", "", "", "", ""],
         ["B3", "2025-02-02", "09:00", "x", "1", "2", "", "存疑", "", ""],
         ["", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""],
         ["B4", "2025-02-02", "09:00", "x", "1", "1", "", "", "", "甲、乙"],
         ["G2", "2025-02-02", "10:00", "x", "1", "2", "", "", "", ""]]
    )  # fmt: skip
    rows, errors = _reservations(write_file("e.csv", text))
    assert [row.code for row in rows] == ["G1", "G2"]
    assert [row.line for row in rows] == [2, 8]
    assert errors == [
        (3, "party size must be a whole number from 1 to 50"),
        (4, "'2025-02-30' is not a real date"),
        (5, "status '存疑' is neither confirmed, pending nor cancelled"),
        (6, "the reservation code is empty"),
        (7, "the row lists 2 visitor names but the party size is 1"),
    ]


def test_quoted_multiline_cell_counts_as_one_row(write_file: WriteFile) -> None:
    """Line numbers follow spreadsheet rows, not physical lines of the CSV."""
    text = (
        "预约码,参观日期,入场时间,参观人数,备注\r\n"
        'A,2025-02-02,09:00,1,"line one\nline two"\r\n'
        "B,2025-02-02,09:00,0,\r\n"
    )
    rows, errors = _reservations(write_file("q.csv", text))
    assert rows[0].notes == "line one\nline two"
    assert errors == [(3, "party size must be a whole number from 1 to 50")]


def test_blank_rows_are_skipped_but_counted(write_file: WriteFile) -> None:
    """Empty lines between rows are skipped and do not shift later line numbers."""
    text = "预约码,参观日期,入场时间,参观人数\r\nA,2025-02-02,09:00,1\r\n,,,\r\n\r\nB,2025-02-02,09:00,2\r\n"
    rows, errors = _reservations(write_file("b.csv", text))
    assert [(row.code, row.line) for row in rows] == [("A", 2), ("B", 5)]
    assert errors == []


def test_identical_duplicate_is_silently_ignored(write_file: WriteFile) -> None:
    """The same row twice (a re-export glitch) is one reservation and no error."""
    row = ["D1", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""]
    rows, errors = _reservations(write_file("d.csv", csv_text([HEADER, row, row])))
    assert [r.code for r in rows] == ["D1"]
    assert errors == []


def test_conflicting_duplicate_is_reported_on_the_later_line(write_file: WriteFile) -> None:
    """The same code with different details keeps the first and rejects the later line."""
    first = ["D1", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""]
    second = ["d1", "2025-02-02", "09:00", "x", "1", "3", "", "", "", ""]
    rows, errors = _reservations(write_file("d.csv", csv_text([HEADER, first, second])))
    assert [(r.code, r.party_size) for r in rows] == [("D1", 2)]
    assert errors == [
        (3, "code D1 appears again on line 3 with different details (first on line 2)")
    ]


def test_cancelled_row_may_have_zero_people(write_file: WriteFile) -> None:
    """A cancelled booking whose quantity the platform zeroed still cancels."""
    row = ["C1", "2025-02-02", "09:00", "x", "1", "0", "", "已取消", "", ""]
    rows, errors = _reservations(write_file("c.csv", csv_text([HEADER, row])))
    assert [(r.status, r.party_size) for r in rows] == [("cancelled", 0)]
    assert errors == []


def test_party_size_falls_back_to_visitor_names(write_file: WriteFile) -> None:
    """An empty party size with a list of names counts the names."""
    row = ["N1", "2025-02-02", "09:00", "x", "1", "", "", "", "", "甲、乙；丙"]
    rows, _errors = _reservations(write_file("n.csv", csv_text([HEADER, row])))
    assert rows[0].party_size == 3


def test_accessibility_column_and_group_column(write_file: WriteFile) -> None:
    """An accessibility flag column and a pre-assigned group column are read."""
    text = csv_text(
        [["预约码", "场次", "人数", "无障碍", "分组", "Barcodes"],
         ["X1", "2025-02-02 09:00", "2", "是", "b组", "S1 S2"],
         ["X2", "2025-02-02 09:00", "2", "否", "", ""]]
    )  # fmt: skip
    rows, errors = _reservations(write_file("a.csv", text))
    assert errors == []
    assert [(r.accessibility, r.group, r.visitor_secrets) for r in rows] == [
        (True, "B", ("S1", "S2")),
        (False, None, ()),
    ]


def test_roster_duplicates_and_errors(write_file: WriteFile) -> None:
    """A roster's repeated group is ignored if identical, reported if different."""
    header = ["参观日期", "入场时间", "组别", "导游", "人数上限", "颜色"]
    text = csv_text(
        [header,
         ["2025-02-02", "09:00", "A", "王芳", "15", "red"],
         ["2025-02-02", "09:00", "A", "王芳", "15", "red"],
         ["2025-02-02", "09:00", "a", "李娜", "15", "red"],
         ["2025-02-02", "09:00", "B", "李娜", "0", "red"],
         ["2025-02-02", "09:00", "C", "", "", "sunset"],
         ["2025-02-02", "09:00", "D", "", "", ""]]
    )  # fmt: skip
    parsed, rows = read_all(write_file("roster.csv", text))
    assert [(r.group, r.line) for r in rows if isinstance(r, RosterRow)] == [("A", 2), ("D", 7)]
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (4, "group A at 2025-02-02 09:00 appears again on line 4 with different details "
            "(first on line 2)"),
        (5, "capacity must be a whole number from 1 to 1000"),
        (6, "colour 'sunset' is not a colour name or #RRGGBB"),
    ]  # fmt: skip


def test_unsplittable_row_further_down_raises_input_error(write_file: WriteFile) -> None:
    """A cell beyond the csv field limit deep in the file stops the import with its line."""
    good = "".join(f"A{i},2025-02-02,9:00,1\r\n" for i in range(30))
    text = (
        "预约码,参观日期,入场时间,参观人数\r\n"
        + good
        + 'B,2025-02-02,9:00,"'
        + "x" * 200_000
        + '"\r\n'
    )
    parsed = read_export(write_file("huge.csv", text), zone=SHANGHAI)
    with pytest.raises(InputError, match=r"huge\.csv cannot be read as a table at line 32"):
        list(parsed.rows)


def test_rows_from_the_fast_path_behave_like_frozen_dataclasses(write_file: WriteFile) -> None:
    """Rows built in the hot loop are frozen, hashable and work with dataclasses.replace."""
    text = csv_text([HEADER, ["F1", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""]])
    rows, _errors = _reservations(write_file("f.csv", text))
    row = rows[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.party_size = 3  # type: ignore[misc]
    assert dataclasses.replace(row, party_size=3).party_size == 3
    assert hash(row) == hash(dataclasses.replace(row))
    assert dataclasses.asdict(row)["code"] == "F1"


def test_too_long_code_is_a_row_error_whatever_its_letters(write_file: WriteFile) -> None:
    """A plain ASCII code longer than any booking code is refused like a full-width one."""
    text = csv_text(
        [HEADER,
         ["A" * 61, "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""],
         ["G1", "2025-02-02", "09:00", "x", "1", "2", "", "", "", ""]]
    )  # fmt: skip
    rows, errors = _reservations(write_file("long.csv", text))
    assert [row.code for row in rows] == ["G1"]
    assert errors == [(2, "the reservation code is longer than 60 characters")]


def test_first_and_last_name_columns_write_chinese_names_family_first(
    write_file: WriteFile,
) -> None:
    """A "given family" export writes 张伟 for 伟 + 张, and keeps "José García" as it is."""
    text = (
        "Code,Date,Time,Guests,First Name,Last Name,Phone\r\n"
        "N1,2025-02-02,09:30,1,伟,张,'+8613800138000\r\n"
        "N2,2025-02-02,09:30,1,José,García,'+34 600 000 000\r\n"
    )
    rows, errors = _reservations(write_file("names.csv", text))
    assert errors == []
    assert [(r.contact_name, r.phone) for r in rows] == [
        ("张伟", "+8613800138000"),
        ("José García", "+34600000000"),
    ]
