"""Each platform's export end to end: `kiosk sync` -> `kiosk checkin` of a ticket -> headcount.

The files are written the way the platforms write them (tests/sync/pretix_export.py,
tests/sync/eventbrite_export.py); the database is a real SQLite file per test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from tests.sync.eventbrite_export import FAMILIES, report_csv
from tests.sync.pretix_export import order_data_xlsx, positions_csv, tour_event

MORNING = "20250202-0930"
AFTERNOON = "20250203-1400"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    """Run one command with --json; returns the exit code and the parsed report."""
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def _session(counts: dict[str, Any], sid: str) -> dict[str, Any]:
    (session,) = [s for s in counts["sessions"] if s["id"] == sid]
    return dict(session)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("factory_orders_en.csv", lambda: positions_csv(tour_event(), "en", "default")),
        ("factory_orders_de.csv", lambda: positions_csv(tour_event(), "de", "semicolon")),
        ("factory_orders_zh.xlsx", lambda: order_data_xlsx(tour_event(), "zh_Hans")),
    ],
)
def test_pretix_positions_export_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: Any
) -> None:
    """A ticket's secret admits its holder; the order code admits the party; unpaid refuses."""
    db = f"sqlite:///{tmp_path / 'kiosk.db'}"
    export = tmp_path / name
    export.write_bytes(content())
    code, report = run(capsys, "sync", str(export), "--db", db)
    assert code == 0, report["rejected"]
    assert (report["added"], report["rejected"]) == (7, [])
    assert {s["id"] for s in report["sessions"]} == {MORNING, AFTERNOON}

    at = "2025-02-02T09:10"
    code, ticket = run(
        capsys, "checkin", "v9f2cq8hw3sk5xzy7nbg4dtm2pa6ur1e", "--db", db, "--at", at
    )
    assert (code, ticket["outcome"], ticket["checked_in"]) == (0, "partial", 1)
    assert [v["name"] for v in ticket["visitors"] if v.get("checked_in_at")] == ["李娜"]
    code, party = run(capsys, "checkin", "abc12", "--db", db, "--at", at)
    assert (code, party["outcome"], party["code"]) == (0, "ok", "ABC12")
    code, unpaid = run(
        capsys, "checkin", "pend1ngsecretforannaxxxxxxxxxxxx", "--db", db, "--at", at
    )
    assert (code, unpaid["outcome"]) == (1, "payment_pending")
    assert unpaid["message"]["zh"] == "尚未完成付款，请联系工作人员。"
    code, gone = run(capsys, "checkin", "cancel1secretxxxxxxxxxxxxxxxxxxx", "--db", db, "--at", at)
    assert (code, gone["outcome"]) == (1, "cancelled")
    code, souvenir = run(
        capsys, "checkin", "souvenir0secret0never0a0visitor", "--db", db, "--at", at
    )
    assert (code, souvenir["outcome"]) == (1, "unknown")

    code, counts = run(capsys, "headcount", "--db", db, "--at", at)
    morning = _session(counts, MORNING)
    assert (morning["booked"], morning["checked_in"]) == (2, 2)  # pending and cancelled: not booked


def test_pretix_json_with_an_unpaid_order_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pretix's JSON with a pending order syncs cleanly (exit 0) and the order refuses politely."""
    position = {"id": 1, "positionid": 1, "item": 1, "subevent": 101, "attendee_name": "Bob",
                "secret": "jsonsecret1", "addon_to": None, "answers": []}  # fmt: skip
    data = {"event": {
        "name": "Tours", "slug": "tours", "items": [{"id": 1, "admission": True}],
        "questions": [], "quotas": [],
        "subevents": [{"id": 101, "name": "Morning", "date_from": "2025-02-02T09:30:00+08:00",
                       "date_to": "2025-02-02T11:30:00+08:00"}],
        "orders": [
            {"code": "PAID1", "status": "p", "testmode": False, "phone": "None", "locale": "en",
             "comment": "", "positions": [position]},
            {"code": "PEND1", "status": "n", "testmode": False, "phone": "None", "locale": "en",
             "comment": "", "positions": [{**position, "id": 2, "secret": "jsonsecret2"}]},
        ],
    }}  # fmt: skip
    export = tmp_path / "orders.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'kiosk.db'}"
    code, report = run(capsys, "sync", str(export), "--db", db, "--strict")
    assert (code, report["added"], report["rejected"]) == (0, 2, [])
    at = "2025-02-02T09:00"
    assert run(capsys, "checkin", "JSONSECRET1", "--db", db, "--at", at)[1]["outcome"] == "ok"
    assert run(capsys, "checkin", "PEND1", "--db", db, "--at", at)[1]["outcome"] == (
        "payment_pending"
    )
    _code, counts = run(capsys, "headcount", "--db", db, "--at", at)
    assert _session(counts, MORNING)["checked_in"] == 1


@pytest.mark.parametrize("variant", ["us", "uk"])
def test_eventbrite_report_with_session_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], variant: Any
) -> None:
    """--session places the report's attendees; a barcode or the order number admits them."""
    export = tmp_path / "report.csv"
    export.write_bytes(report_csv(FAMILIES, variant))
    db = f"sqlite:///{tmp_path / 'kiosk.db'}"
    code, _report = run(capsys, "sync", str(export), "--db", db)
    assert code == 2  # no date in the file and no --session: nothing imported
    code, report = run(capsys, "sync", str(export), "--db", db, "--session", "2025-02-08T09:30")
    assert (code, report["added"], report["rejected"]) == (0, 6, [])
    assert [s["id"] for s in report["sessions"]] == ["20250208-0930"]
    assert report["files"][0]["format"] == "eventbrite-csv"
    at = "2025-02-08T09:15"
    if variant == "us":
        code, ticket = run(capsys, "checkin", FAMILIES[1].barcode, "--db", db, "--at", at)
        assert (code, ticket["outcome"], ticket["checked_in"]) == (0, "partial", 1)
        assert [v["name"] for v in ticket["visitors"] if v.get("checked_in_at")] == ["Jane Doe"]
        # The attendee number alone (what a visitor reads off the ticket) admits its attendee.
        code, typed = run(capsys, "checkin", FAMILIES[0].attendee, "--db", db, "--at", at)
        assert (code, typed["outcome"], typed["checked_in"]) == (0, "ok", 2)  # both in now
        assert [v["name"] for v in typed["visitors"]] == ["John Doe"]  # the badge's visitor
    code, party = run(capsys, "checkin", FAMILIES[2].order, "--db", db, "--at", at)
    assert (code, party["outcome"], party["checked_in"]) == (0, "ok", 1)  # Na Li is not attending
    code, refunded = run(capsys, "checkin", FAMILIES[4].order, "--db", db, "--at", at)
    assert (code, refunded["outcome"]) == (1, "cancelled")
    _code, counts = run(capsys, "headcount", "--db", db, "--at", at)
    tour = _session(counts, "20250208-0930")
    assert tour["booked"] == 5  # 2 + 1 + 1 + 1: the refunded and the pending are not booked
    assert tour["checked_in"] == (3 if variant == "us" else 1)
    assert all(g["name"] != "Team Blue" for g in tour["groups"])


def test_bad_session_option_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --session without a time is a one-sentence error (exit 2) before any database work."""
    export = tmp_path / "report.csv"
    export.write_bytes(report_csv(FAMILIES))
    db_file = tmp_path / "kiosk.db"
    code = main(["sync", str(export), "--db", f"sqlite:///{db_file}", "--session", "2025-02-08"])
    assert code == 2
    assert "start time" in capsys.readouterr().err
    assert not db_file.exists()
