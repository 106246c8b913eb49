"""The sync service with unpaid ("pending") bookings and a tour given for date-less exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import headcount
from kiosk.services.sync import sync_files
from kiosk.store.models import Reservation, TourSession, Visitor
from tests.factories import SHANGHAI
from tests.services.conftest import make_env

HEADER = "预约码,参观日期,入场时间,联系人,参观人数,状态\n"


@pytest.fixture
def env(engine: Engine) -> ServiceEnv:
    return make_env(engine, datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI), kiosk="GATE-1")


def write(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def status_and_visitors(env: ServiceEnv, code: str) -> tuple[str, int]:
    with Session(env.engine) as db:
        booking = db.exec(select(Reservation).where(Reservation.code == code)).one()[0]
        visitors = db.exec(
            select(func.count()).select_from(Visitor).where(Visitor.reservation_id == booking.id)
        ).one()[0]
        return booking.status, visitors


def test_pending_booking_is_imported_with_its_visitors_and_refused_at_the_gate(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """An unpaid booking is no rejected row: it exists, and its scan says payment pending."""
    path = write(tmp_path, "a.csv", ["PAID1,2025-02-02,09:30,张伟,2,paid",
                                     "PEND1,2025-02-02,09:30,李娜,3,pending"])  # fmt: skip
    report = sync_files(env, [path])
    assert (report.added, report.rejected) == (2, [])
    assert status_and_visitors(env, "PEND1") == ("pending", 3)
    result = check_in(env, "PEND1")
    assert result.outcome == "payment_pending"
    assert result.message_en == "Payment pending — please ask staff."
    counts = headcount(env.engine, now=env.now(), zone=SHANGHAI).sessions[0]
    assert (counts.booked, counts.checked_in) == (2, 0)  # a pending party is not expected yet


def test_pending_booking_that_is_paid_becomes_confirmed_and_admits(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """The next export says paid: the same booking is updated to confirmed and admits."""
    sync_files(env, [write(tmp_path, "a.csv", ["PEND1,2025-02-02,09:30,李娜,3,pending"])])
    report = sync_files(env, [write(tmp_path, "b.csv", ["PEND1,2025-02-02,09:30,李娜,3,paid"])])
    assert (report.added, report.updated) == (0, 1)
    assert status_and_visitors(env, "PEND1") == ("confirmed", 3)
    assert check_in(env, "PEND1").outcome == "ok"


def test_full_sync_cancels_a_pending_booking_missing_from_the_export(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """An unpaid order that expired and dropped out of the export is cancelled by --full."""
    first = ["PAID1,2025-02-02,09:30,张伟,2,paid", "PEND1,2025-02-02,09:30,李娜,3,pending"]
    sync_files(env, [write(tmp_path, "a.csv", first)])
    report = sync_files(env, [write(tmp_path, "b.csv", first[:1])], full=True)
    assert report.cancelled == 1
    assert status_and_visitors(env, "PEND1")[0] == "cancelled"
    assert check_in(env, "PEND1").outcome == "cancelled"


def test_staff_override_admits_a_pending_party(env: ServiceEnv, tmp_path: Path) -> None:
    """Staff who took the payment at the desk let the party in; the log records why."""
    sync_files(env, [write(tmp_path, "a.csv", ["PEND1,2025-02-02,09:30,李娜,3,pending"])])
    result = check_in(env, "PEND1", override_reason="paid cash at the desk")
    assert (result.outcome, result.checked_in) == ("ok", 3)


def test_export_without_dates_goes_to_the_given_session(env: ServiceEnv, tmp_path: Path) -> None:
    """A file with no date column is refused alone, and imported into the tour given."""
    path = write(tmp_path, "nodate.csv", ["X1,Ann,2", "X2,Bo,1"], header="Code,Name,Guests\n")
    tour = datetime(2025, 2, 8, 9, 30, tzinfo=SHANGHAI)
    report = sync_files(env, [path], session=tour)
    assert report.added == 2
    with Session(env.engine) as db:
        session = db.exec(select(TourSession)).one()[0]
    assert (session.id, session.starts_at) == ("20250208-0930", tour)
