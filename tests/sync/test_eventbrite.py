"""Eventbrite attendee reports (US and UK headers) with the tour given from outside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.sync import ReservationRow, read_export
from kiosk.sync.tabular import MissingColumns
from tests.sync.conftest import SHANGHAI
from tests.sync.eventbrite_export import FAMILIES, report_csv

WriteFile = Callable[..., Path]
TOUR = datetime(2025, 2, 8, 9, 30, tzinfo=SHANGHAI)


def _read(path: Path) -> dict[str, ReservationRow]:
    parsed = read_export(path, zone=SHANGHAI, session=TOUR)
    rows = {row.code: row for row in parsed.reservation_rows()}
    assert parsed.errors == []
    assert parsed.format == "eventbrite-csv"
    return rows


def test_us_report_needs_the_tour_and_says_only_that(write_file: WriteFile) -> None:
    """Without --session the report lacks only the tour date, and the error says so."""
    with pytest.raises(MissingColumns, match="tour date and time") as caught:
        read_export(write_file("report.csv", report_csv(FAMILIES)), zone=SHANGHAI)
    assert caught.value.only_session


def test_us_report_parties_barcodes_and_statuses(write_file: WriteFile) -> None:
    """Order # is the party, each attendee's barcode admits them, Group is no tour group."""
    rows = _read(write_file("report.csv", report_csv(FAMILIES)))
    assert set(rows) == {"11211912243", "11211987213", "11212000001", "11212000002",
                         "11212000003", "11212000004"}  # fmt: skip
    family = rows["11211912243"]
    assert (family.party_size, family.visitor_names) == (2, ("John Doe", "Jane Doe"))
    assert family.visitor_secrets == ("1121191224318441583423001", "1121191224318441583424001")
    assert (family.starts_at, family.group, family.phone) == (TOUR, None, "+15550100")
    assert (family.line, family.status) == (2, "confirmed")
    partly = rows["11211987213"]
    assert (partly.party_size, partly.visitor_names) == (1, ("Wei Zhang",))
    assert rows["11212000001"].status == "cancelled"
    assert rows["11212000002"].status == "confirmed"  # check-in state is ours alone
    assert rows["11212000003"].status == "pending"
    assert rows["11212000004"].visitor_names == ("王芳",)


def test_uk_report_is_read_per_order_without_attendee_numbers(write_file: WriteFile) -> None:
    """ "Order no." and "Surname": one party per order, none rejected as a duplicate."""
    rows = _read(write_file("report.csv", report_csv(FAMILIES, "uk")))
    assert len(rows) == 6
    family = rows["11211912243"]
    assert (family.party_size, family.visitor_names, family.visitor_secrets) == (
        2, ("John Doe", "Jane Doe"), ()
    )  # fmt: skip


def test_group_column_of_eventbrite_is_ignored_in_the_mapping(write_file: WriteFile) -> None:
    """The report's mapping lists Group as ignored, so nobody is pre-assigned to "Team Blue"."""
    parsed = read_export(write_file("r.csv", report_csv(FAMILIES)), zone=SHANGHAI, session=TOUR)
    assert parsed.mapping["Group"] == "ignored"
    assert parsed.mapping["Attendee #"] == "attendee_number"
