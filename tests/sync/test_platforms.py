"""Platform exports: pretix "Order data (JSON)", Eventbrite attendee CSV, our own JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.errors import InputError
from kiosk.sync import ReservationRow, RosterRow, read_export
from tests.sync.conftest import SHANGHAI, read_all

WriteFile = Callable[..., Path]


def _position(
    pid: int,
    subevent: int | None,
    name: str | None,
    secret: str,
    item: int = 1,
    answers: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An order position as pretix's JSON exporter writes it."""
    return {
        "id": pid, "positionid": pid, "item": item, "variation": None, "subevent": subevent,
        "seat": None, "price": "0.00", "tax_rate": "0.00", "tax_value": "0.00",
        "attendee_name": name, "attendee_email": None, "company": None, "street": None,
        "zipcode": None, "country": None, "state": None, "secret": secret, "addon_to": None,
        "answers": answers or [],
    }  # fmt: skip


def _order(code: str, status: str, positions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """An order as pretix's JSON exporter writes it (note ``phone`` is str(None) when unset)."""
    order = {
        "code": code, "status": status, "customer": None, "testmode": False, "user": "a@b.c",
        "email": "a@b.c", "phone": "None", "locale": "zh-hans", "comment": "",
        "custom_followup_at": None, "require_approval": False, "checkin_attention": False,
        "sales_channel": "web", "expires": "2025-02-10T23:59:59Z",
        "datetime": "2025-01-20T08:00:00.123Z", "fees": [], "total": "0.00",
        "positions": positions,
    }  # fmt: skip
    order.update(extra)
    return order


def pretix_export(orders: list[dict[str, Any]]) -> dict[str, Any]:
    """A pretix event-series export with two subevents, an admission item and merchandise."""
    return {
        "event": {
            "name": "工厂参观", "slug": "factory-tours",
            "organizer": {"name": "Plant", "slug": "plant"}, "meta_data": {}, "categories": [],
            "items": [
                {"id": 1, "position": 0, "name": "参观票", "admission": True, "variations": []},
                {"id": 2, "position": 1, "name": "T-shirt", "admission": False, "variations": []},
            ],
            "questions": [
                {"id": 7, "identifier": "ACC", "required": False,
                 "question": "Do you need wheelchair access?", "type": "B"},
            ],
            "orders": orders,
            "quotas": [],
            "subevents": [
                {"id": 101, "name": "2月2日 上午场", "location": "", "is_public": True,
                 "date_from": "2025-02-02T01:30:00Z", "date_to": "2025-02-02T03:30:00Z",
                 "date_admission": None, "geo_lat": None, "geo_lon": None, "meta_data": {}},
                {"id": 102, "name": "2月3日 上午场", "location": "", "is_public": True,
                 "date_from": "2025-02-03T09:30:00+08:00", "date_to": None,
                 "date_admission": None, "geo_lat": None, "geo_lon": None, "meta_data": {}},
            ],
        }
    }  # fmt: skip


def test_pretix_orders_become_reservations_with_visitor_secrets(write_file: WriteFile) -> None:
    """Each order is one party; admission positions are visitors; secrets are their QR codes."""
    orders = [
        _order("AB12C", "p", [
            _position(1, 101, "张伟", "s3cr3t-a"),
            _position(2, 101, "李娜", "s3cr3t-b"),
            _position(3, 101, None, "s3cr3t-shirt", item=2),
        ], phone="+8613800138000", comment="带轮椅"),
        _order("CX9QZ", "c", [_position(4, 102, "Ann", "s-c")], locale="en"),
        _order("PEND1", "n", [_position(5, 101, "Bob", "s-d")]),
        _order("TEST1", "p", [_position(6, 101, "Tess", "s-e")], testmode=True),
        _order("ACC01", "p", [_position(7, 102, "Kim", "s-f",
                                        answers=[{"question": 7, "answer": "True"}])]),
    ]  # fmt: skip
    path = write_file("factory_pretixdata.json", json.dumps(pretix_export(orders)))
    parsed, rows = read_all(path)
    assert (parsed.kind, parsed.format, parsed.encoding) == ("reservations", "pretix-json", "utf-8")
    assert [(s.ref, s.label, s.starts_at, s.ends_at) for s in parsed.sessions] == [
        ("101", "2月2日 上午场", datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
         datetime(2025, 2, 2, 11, 30, tzinfo=SHANGHAI)),
        ("102", "2月3日 上午场", datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI), None),
    ]  # fmt: skip
    by_code = {row.code: row for row in rows if isinstance(row, ReservationRow)}
    assert set(by_code) == {"AB12C", "CX9QZ", "PEND1", "ACC01"}
    first = by_code["AB12C"]
    assert (first.party_size, first.visitor_names, first.visitor_secrets) == (
        2, ("张伟", "李娜"), ("s3cr3t-a", "s3cr3t-b")
    )  # fmt: skip
    assert (first.session_ref, first.phone, first.language, first.accessibility) == (
        "101", "+8613800138000", "zh", True
    )  # fmt: skip
    assert first.line == 1
    assert (by_code["CX9QZ"].status, by_code["CX9QZ"].language) == ("cancelled", "en")
    assert by_code["CX9QZ"].phone == ""
    assert by_code["ACC01"].accessibility is True
    pending = by_code["PEND1"]
    assert (pending.status, pending.party_size, pending.visitor_secrets) == ("pending", 1, ("s-d",))
    assert parsed.errors == []


def test_pretix_order_spanning_two_subevents_is_split(write_file: WriteFile) -> None:
    """One order booking two tour times becomes one reservation per time."""
    orders = [_order("TWO22", "p", [_position(1, 101, "A", "x1"), _position(2, 102, "B", "x2")])]
    _parsed, rows = read_all(write_file("p.json", json.dumps(pretix_export(orders))))
    assert [(r.code, r.session_ref) for r in rows if isinstance(r, ReservationRow)] == [
        ("TWO22-101", "101"),
        ("TWO22-102", "102"),
    ]


def test_pretix_single_event_without_subevents_is_a_row_error(write_file: WriteFile) -> None:
    """A non-series event has no tour times in its export; each order says so."""
    orders = [_order("ONE11", "p", [_position(1, None, "A", "x1")])]
    parsed, rows = read_all(write_file("p.json", json.dumps(pretix_export(orders))))
    assert rows == []
    assert "export an event series" in parsed.errors[0].reason


EVENTBRITE_HEADER = [
    "Order #", "Order Date", "Prefix", "First Name", "Last Name", "Suffix", "Email", "Quantity",
    "Ticket Type", "Attendee #", "Barcode #", "Buyer Last Name", "Buyer First Name",
    "Buyer Email", "Date Attending", "Device Name", "Check-In Date", "Discount", "Hold",
    "Order Type", "Currency", "Total Paid", "Eventbrite Fees", "Eventbrite Payment Processing",
    "Attendee Status ", "Cell Phone", "Event Name", "Event ID",
]  # fmt: skip


def _attendee(
    order: str,
    first: str,
    last: str,
    attendee: str,
    barcode: str,
    status: str = "Attending",
    when: str = "Feb 2, 2025 9:30 AM",
) -> list[str]:
    values = {
        "Order #": order, "Order Date": "Jan 20, 2025 10:00 AM", "First Name": first,
        "Last Name": last, "Email": "x@example.com", "Quantity": "1",
        "Ticket Type": "General Admission", "Attendee #": attendee, "Barcode #": barcode,
        "Buyer Last Name": "Smith", "Buyer First Name": "Jane", "Date Attending": when,
        "Order Type": "Free Order", "Attendee Status ": status, "Cell Phone": "+1 555 0100",
        "Event Name": "Factory tour", "Event ID": "9876543210",
    }  # fmt: skip
    return [values.get(column, "") for column in EVENTBRITE_HEADER]


def _eventbrite_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EVENTBRITE_HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def test_eventbrite_attendees_are_merged_per_order(write_file: WriteFile) -> None:
    """Rows sharing an Order # become one party with one name and barcode per attendee."""
    text = _eventbrite_csv([
        _attendee("1111", "Ann", "Lee", "1", "1111000101001"),
        _attendee("2222", "Bo", "Chan", "3", "2222000301001", status="Refunded"),
        _attendee("1111", "Ben", "Lee", "2", "1111000201001"),
        _attendee("1111", "Cy", "Lee", "4", "1111000401001", status="Not Attending"),
        _attendee("3333", "Dee", "Ng", "5", "3333000501001", status="Checked In"),
    ])  # fmt: skip
    parsed, rows = read_all(write_file("report.csv", text, "utf-8-sig"))
    assert parsed.format == "eventbrite-csv"
    by_code = {row.code: row for row in rows if isinstance(row, ReservationRow)}
    ann = by_code["1111"]
    assert ann.line == 2
    assert (ann.party_size, ann.visitor_names, ann.visitor_secrets) == (
        2, ("Ann Lee", "Ben Lee"), ("1111000101001", "1111000201001")
    )  # fmt: skip
    assert (ann.contact_name, ann.phone, ann.status) == ("Jane Smith", "+15550100", "confirmed")
    assert ann.starts_at == datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
    assert (ann.session_ref, ann.session_label) == ("9876543210", "Factory tour")
    assert (by_code["2222"].status, by_code["2222"].party_size) == ("cancelled", 1)
    assert by_code["3333"].status == "confirmed"  # check-in state never comes from the file
    assert parsed.errors == []


def test_eventbrite_bad_attendee_rejects_its_whole_order(write_file: WriteFile) -> None:
    """One unreadable attendee row rejects that order (its size would be wrong), not others."""
    text = _eventbrite_csv([
        _attendee("1111", "Ann", "Lee", "1", "b1"),
        _attendee("1111", "Ben", "Lee", "2", "b2", when="someday"),
        _attendee("2222", "Bo", "Chan", "3", "b3"),
    ])  # fmt: skip
    parsed, rows = read_all(write_file("report.csv", text))
    assert [row.code for row in rows if isinstance(row, ReservationRow)] == ["2222"]
    assert [(e.line, e.reason) for e in parsed.errors] == [(3, "'someday' is not a date or a time")]


def test_eventbrite_without_a_session_column_is_refused(write_file: WriteFile) -> None:
    """An attendee report without Date Attending or event date columns names what is missing."""
    header = ["Order #", "First Name", "Last Name", "Attendee #", "Barcode #", "Ticket Type"]
    text = ",".join(header) + "\r\n1,a,b,1,x,GA\r\n"
    with pytest.raises(InputError, match="tour date and time"):
        read_export(write_file("eb.csv", text), zone=SHANGHAI)


OUR_EXPORT: dict[str, Any] = {
    "format": "tour-kiosk/1",
    "sessions": [
        {"id": "S1", "starts_at": "2025-02-02T09:30+08:00", "ends_at": "2025-02-02T11:30+08:00",
         "label": "初五上午"},
    ],
    "groups": [
        {"session": "S1", "group": "A", "guide": "王芳", "guide_languages": ["zh", "en"],
         "guide_phone": "13900001111", "capacity": 15, "meeting_point": "1号门",
         "colour": "#E53935"},
    ],
    "reservations": [
        {"code": "k7pq", "session": "S1", "contact_name": "张伟", "phone": "13800138000",
         "party_size": 2, "language": "zh", "status": "confirmed", "group": "A",
         "notes": "", "accessibility": True,
         "visitors": [{"name": "张伟", "secret": "v1"}, {"name": "李娜", "secret": "v2"}]},
        {"code": "Z9", "session": "2025-02-03T09:30", "party_size": 1},
        {"code": "BAD", "session": "S1", "party_size": 80},
        {"code": "K7PQ", "session": "S1", "party_size": 3},
    ],
}  # fmt: skip


def test_our_json_format(write_file: WriteFile) -> None:
    """Our documented JSON carries sessions, groups and reservations with per-visitor secrets."""
    parsed, rows = read_all(write_file("export.json", json.dumps(OUR_EXPORT, ensure_ascii=False)))
    assert (parsed.kind, parsed.format) == ("reservations", "json")
    assert [s.ref for s in parsed.sessions] == ["S1"]
    assert [(g.group, g.guide_languages, g.capacity) for g in parsed.roster] == [
        ("A", ("zh", "en"), 15)
    ]
    reservations = [row for row in rows if isinstance(row, ReservationRow)]
    assert [r.code for r in reservations] == ["K7PQ", "Z9"]
    first = reservations[0]
    assert (first.session_ref, first.session_label, first.visitor_secrets) == (
        "S1", "初五上午", ("v1", "v2")
    )  # fmt: skip
    assert first.ends_at == datetime(2025, 2, 2, 11, 30, tzinfo=SHANGHAI)
    assert reservations[1].starts_at == datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (3, "party size must be a whole number from 1 to 50"),
        (4, "code K7PQ appears again on line 4 with different details (first on line 1)"),
    ]


def test_our_json_roster_only(write_file: WriteFile) -> None:
    """A JSON file with only groups is a roster export."""
    data = {key: OUR_EXPORT[key] for key in ("format", "sessions", "groups")}
    parsed, rows = read_all(write_file("roster.json", json.dumps(data)))
    assert parsed.kind == "roster"
    assert [type(row) for row in rows] == [RosterRow]


def test_our_json_from_a_future_version_is_refused(write_file: WriteFile) -> None:
    """A newer format version is refused rather than half-read."""
    data = {"format": "tour-kiosk/9", "reservations": []}
    with pytest.raises(InputError, match="tour-kiosk/9"):
        read_export(write_file("new.json", json.dumps(data)), zone=SHANGHAI)
