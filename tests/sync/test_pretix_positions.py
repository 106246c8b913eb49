"""pretix "Order data" positions exports (CSV in three dialects, Excel) in pretix's languages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.sync import ReservationRow, read_export
from kiosk.sync.pretix_locale import TRANSLATIONS
from kiosk.sync.values import normalize_header
from tests.sync.conftest import SHANGHAI, read_all
from tests.sync.pretix_export import (
    Dialect,
    order_data_xlsx,
    positions_csv,
    positions_sheet,
    tour_event,
    tr,
)

WriteFile = Callable[..., Path]
MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AFTERNOON = datetime(2025, 2, 3, 14, 0, tzinfo=SHANGHAI)


def _by_code(path: Path) -> dict[str, ReservationRow]:
    parsed, rows = read_all(path)
    assert parsed.errors == [], parsed.errors
    return {row.code: row for row in rows if isinstance(row, ReservationRow)}


def _check_tour_event(rows: dict[str, ReservationRow], *, notes: bool = True) -> None:
    """What every language and format of tour_event() must read to.

    ``notes`` is False for a language whose catalogue gives the order comment the same header
    as the order code (pretix's Galician does): the second column of a name is not read.
    """
    assert set(rows) == {"ABC12", "DEF34", "GHI56", "JKL78", "MNO90", "PQR12", "STU34"}
    family = rows["ABC12"]
    assert (family.status, family.party_size, family.line) == ("confirmed", 2, 2)
    assert family.visitor_names == ("张伟", "李娜")  # given-name-first parts, family name first
    assert family.visitor_secrets == (
        "k7pq2xw9df4bnh3s8gy2muvr5ct6ez1a",
        "v9f2cq8hw3sk5xzy7nbg4dtm2pa6ur1e",
    )  # the T-shirt add-on is nobody
    assert (family.starts_at, family.ends_at) == (MORNING, MORNING.replace(hour=11))
    assert family.session_label == "2月2日 上午场"
    assert (family.phone, family.contact_name) == ("+8613800138000", "张伟")
    assert family.accessibility is notes  # "需要轮椅" in the order comment
    assert (rows["DEF34"].status, rows["DEF34"].visitor_names) == ("pending", ("Anna Müller",))
    assert rows["DEF34"].phone == "+4930123456"
    assert rows["GHI56"].status == "cancelled"  # expired
    assert (rows["JKL78"].status, rows["JKL78"].party_size) == ("cancelled", 2)
    partly = rows["MNO90"]
    assert (partly.status, partly.party_size, partly.starts_at) == ("confirmed", 2, AFTERNOON)
    assert partly.visitor_names == ("Li Chen", "Hua Chen")  # the canceled ticket is nobody
    assert rows["PQR12"].status == "pending"  # approval pending
    assert rows["STU34"].status == "confirmed"  # pending, but valid (pretix admits it)


@pytest.mark.parametrize("language", ["en", "de", "zh_Hans"])
@pytest.mark.parametrize("dialect", ["default", "excel", "semicolon"])
def test_positions_csv_in_each_dialect_and_language(
    write_file: WriteFile, language: str, dialect: Dialect
) -> None:
    """Commas, Excel-style and semicolons, in English, German and Chinese, read the same."""
    path = write_file(
        f"factory_orders_{language}.csv", positions_csv(tour_event(), language, dialect)
    )
    parsed = read_export(path, zone=SHANGHAI)
    assert (parsed.kind, parsed.format, parsed.encoding) == ("reservations", "pretix-csv", "utf-8")
    _check_tour_event(_by_code(path))


@pytest.mark.parametrize("language", ["en", "de", "zh_Hans"])
def test_order_data_excel_reads_the_positions_sheet(write_file: WriteFile, language: str) -> None:
    """The combined Excel export's "Order positions" sheet is found behind "Orders"."""
    path = write_file("factory_orders.xlsx", order_data_xlsx(tour_event(), language))
    parsed = read_export(path, zone=SHANGHAI)
    assert parsed.format == "pretix-xlsx"
    _check_tour_event(_by_code(path))


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_every_language_pretix_ships(write_file: WriteFile, language: str) -> None:
    """Headers and status words in each of pretix's languages map the same way."""
    path = write_file("orders.csv", positions_csv(tour_event(), language, "semicolon"))
    headers = [normalize_header(h) for h in positions_sheet(tour_event(), language)[0]]
    comment = normalize_header(tr(language, "Order comment"))
    _check_tour_event(_by_code(path), notes=headers.index(comment) > 2)


def test_cells_escaped_by_pretix_lose_the_apostrophe(write_file: WriteFile) -> None:
    """pretix's CSV writes '+8613800138000; the phone keeps its + and loses the apostrophe."""
    data = positions_csv(tour_event(), "en", "excel")
    assert b"'+8613800138000" in data
    rows = _by_code(write_file("orders.csv", data))
    assert rows["ABC12"].phone == "+8613800138000"


def test_full_name_scheme_keeps_the_name_as_written(write_file: WriteFile) -> None:
    """An event with one name field (the old default) gives the name as the visitor typed it."""
    path = write_file("orders.csv", positions_csv(tour_event(scheme="full"), "zh_Hans"))
    rows = _by_code(path)
    assert rows["ABC12"].visitor_names == ("张伟", "李娜")
    assert rows["DEF34"].visitor_names == ("Anna Müller",)


def test_single_event_needs_the_tour_from_outside(write_file: WriteFile) -> None:
    """Without subevents there are no dates: a required column is missing, unless --session."""
    path = write_file("orders.csv", positions_csv(tour_event(has_subevents=False), "de"))
    with pytest.raises(Exception, match="tour date and time"):
        read_export(path, zone=SHANGHAI)
    tour = datetime(2025, 2, 8, 9, 30, tzinfo=SHANGHAI)
    parsed = read_export(path, zone=SHANGHAI, session=tour)
    rows = {r.code: r for r in parsed.reservation_rows()}
    assert parsed.errors == []
    assert {r.starts_at for r in rows.values()} == {tour}
    assert rows["ABC12"].party_size == 2
    assert rows["ABC12"].session_label == "Open Factory"


def test_a_broken_position_drops_its_order_with_a_line(write_file: WriteFile) -> None:
    """A position with an unreadable start date is reported on its line; its order waits."""
    sheet = positions_sheet(tour_event(), "en")
    start = sheet[0].index("Start date")
    sheet[2][start] = "someday"
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in sheet)
    parsed, rows = read_all(write_file("orders.csv", text))
    codes = {r.code for r in rows if isinstance(r, ReservationRow)}
    assert "ABC12" not in codes and "DEF34" in codes
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (3, "order ABC12: 'someday' is not a date or a time")
    ]


def test_order_with_two_tour_times_becomes_two_parties(write_file: WriteFile) -> None:
    """An order booking a morning and an afternoon ticket is one party per tour time."""
    sheet = positions_sheet(tour_event(), "en")
    header = sheet[0]
    code, start = header.index("Order code"), header.index("Start date")
    moved = list(sheet[2])
    moved[start : start + 2] = ["2025-02-03 14:00:00", "2025-02-03 16:00:00"]
    sheet[2] = moved
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in sheet)
    rows = _by_code(write_file("orders.csv", text))
    assert {"ABC12-202502020930", "ABC12-202502031400"} <= set(rows)
    assert sheet[1][code] == "ABC12"
