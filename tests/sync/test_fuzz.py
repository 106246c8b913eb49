"""Whatever bytes arrive, read_export returns a ParsedExport or raises InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.errors import InputError
from kiosk.sync import ParsedExport, ReservationRow, RosterRow, read_export
from tests.sync.conftest import SHANGHAI

HEADERS = ["预约码", "参观日期", "入场时间", "参观人数", "状态", "语言", "场次", "组别", "导游",
           "Order #", "Barcode #", "Attendee #", "Ticket Type", "同行人", "颜色", "人数上限"]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(["2025-02-02", "9:30", "09:00-11:00", "3", "0", "已取消", "红", "A组", "",
                     "2025/13/45", "99:99", "x" * 40, "上午9点", "Feb 30, 2025", "1e9"]),
    st.text(max_size=12),
)  # fmt: skip


def _read(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        try:
            parsed = read_export(path, zone=SHANGHAI)
            rows: list[ReservationRow | RosterRow] = list(parsed.rows)
        except InputError:
            return
        assert isinstance(parsed, ParsedExport)
        assert all(row.line >= 1 for row in rows)
        assert all(error.line >= 1 for error in parsed.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    """Random bytes never escape as anything but InputError."""
    _read(data)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=8)), max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
)
def test_random_tables(
    header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    """Random CSV-like text built from real headers and odd cells is read or refused cleanly."""
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    _read(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    """Arbitrary Unicode text (JSON-ish or not) is read or refused cleanly."""
    _read(text.encode("utf-8", "surrogatepass"))
