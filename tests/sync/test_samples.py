"""The demo program's exports in db/samples read cleanly with every column mapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.sync import ReservationRow, RosterRow
from tests.sync.conftest import read_all

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"


@pytest.mark.skipif(not (SAMPLES / "reservations.csv").exists(), reason="demo not generated")
def test_demo_reservations_csv() -> None:
    """reservations.csv (UTF-8 with BOM, Chinese headers) reads without a rejected row."""
    parsed, rows = read_all(SAMPLES / "reservations.csv")
    assert (parsed.kind, parsed.format, parsed.encoding) == ("reservations", "csv", "utf-8-sig")
    for header in ["预约码", "参观日期", "入场时间", "联系人", "手机号", "参观人数", "语言", "状态",
                   "备注", "同行人"]:  # fmt: skip
        assert header in parsed.mapping
    assert parsed.unused_columns == ()
    assert parsed.errors == []
    assert rows and all(isinstance(row, ReservationRow) for row in rows)
    codes = [row.code for row in rows if isinstance(row, ReservationRow)]
    assert len(codes) == len(set(codes))


@pytest.mark.skipif(not (SAMPLES / "roster.csv").exists(), reason="demo not generated")
def test_demo_roster_csv() -> None:
    """roster.csv reads as a roster with a guide, capacity and colour for every group."""
    parsed, rows = read_all(SAMPLES / "roster.csv")
    assert parsed.kind == "roster"
    for header in [
        "参观日期",
        "入场时间",
        "组别",
        "导游",
        "导游语言",
        "人数上限",
        "集合点",
        "颜色",
    ]:
        assert parsed.mapping[header] != "ignored"
    assert parsed.unused_columns == ()
    assert parsed.errors == []
    groups = [row for row in rows if isinstance(row, RosterRow)]
    assert groups
    assert all(row.capacity and row.colour and row.guide_languages for row in groups)


@pytest.mark.skipif(not (SAMPLES / "reservations.xlsx").exists(), reason="demo not generated")
def test_demo_reservations_xlsx_matches_the_csv() -> None:
    """The XLSX copy of the demo gives the same reservations as the CSV (line numbers aside)."""
    _parsed_csv, from_csv = read_all(SAMPLES / "reservations.csv")
    parsed, from_xlsx = read_all(SAMPLES / "reservations.xlsx")
    assert parsed.errors == []

    def key(row: object) -> tuple[object, ...]:
        assert isinstance(row, ReservationRow)
        return (row.code, row.starts_at, row.party_size, row.phone, row.status, row.language)

    assert sorted(map(key, from_xlsx)) == sorted(map(key, from_csv))
