"""Purging personal data of past sessions: names gone, counts kept, future refused."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import headcount
from kiosk.services.purge import parse_cutoff, purge_personal_data
from kiosk.store.engine import make_engine
from kiosk.store.models import Reservation, ScanEvent, Visitor
from tests.factories import SHANGHAI, Party, add_session, fresh_url

DAY1 = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
DAY2 = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def engine(tmp_path: Path, empty_db: Path) -> Engine:
    # fresh_url copies the migrated template to tmp_path/kiosk.db, the file ``sqlite_url`` names.
    engine = make_engine(fresh_url(empty_db, tmp_path))
    add_session(
        engine,
        "S1",
        starts_at=DAY1,
        parties=[
            Party("AAAA1111", 3, names=("王小明", "李娜", "张伟"), notes="wheelchair"),
            Party("BBBB2222", 2, names=("Amelia Martin",)),
        ],
    )
    add_session(engine, "S2", starts_at=DAY2, parties=[Party("CCCC3333", 2, names=("陈静",))])
    return engine


def _env(engine: Engine, at: datetime) -> ServiceEnv:
    return ServiceEnv(engine, Settings(), Clock.fixed(at), "GATE-1", "tester")


def _people(engine: Engine, session_id: str) -> list[tuple[str, str, str, str]]:
    with Session(engine) as db:
        rows = db.execute(
            select(Reservation.contact_name, Reservation.phone, Reservation.notes, Visitor.name)
            .join(Visitor, Visitor.reservation_id == Reservation.id)  # type: ignore[arg-type]
            .where(Reservation.session_id == session_id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_purge_erases_names_phones_and_notes_of_past_sessions_only(engine: Engine) -> None:
    """Sessions before the date lose every personal field; later sessions keep theirs."""
    report = purge_personal_data(_env(engine, DAY2), datetime(2025, 2, 3, tzinfo=SHANGHAI))
    assert (report.sessions, report.reservations_erased, report.visitors_erased) == (1, 2, 4)
    assert all(row == ("", "", "", "") for row in _people(engine, "S1"))
    assert ("陈静", "13812345678", "", "陈静") in _people(engine, "S2")


def test_purge_keeps_counts_codes_and_check_in_times(engine: Engine) -> None:
    """Headcounts, codes and check-in times of a purged session are unchanged."""
    env = _env(engine, DAY1)
    assert check_in(env, "AAAA1111", count=2).outcome == "partial"
    before = headcount(engine, now=DAY1, zone=SHANGHAI).to_json()
    purge_personal_data(_env(engine, DAY2), datetime(2025, 2, 3, tzinfo=SHANGHAI))
    after = headcount(engine, now=DAY1, zone=SHANGHAI).to_json()
    before.pop("change_token"), after.pop("change_token")
    assert after == before
    with Session(engine) as db:
        codes = set(db.scalars(select(Reservation.code)))
        checked = db.scalars(select(Visitor.checked_in_at).where(Visitor.checked_in_at.isnot(None)))  # type: ignore[union-attr]
        assert len(list(checked)) == 2
    assert {"AAAA1111", "BBBB2222", "CCCC3333"} <= codes


def test_purge_logs_an_event_and_a_second_run_erases_nothing(engine: Engine) -> None:
    """Every purge leaves a 'purge' scan event; purging again finds nothing more to erase."""
    env = _env(engine, DAY2)
    cutoff = datetime(2025, 2, 3, tzinfo=SHANGHAI)
    first = purge_personal_data(env, cutoff)
    second = purge_personal_data(env, cutoff)
    assert (second.reservations_erased, second.visitors_erased) == (0, 0)
    with Session(engine) as db:
        events = db.scalars(select(ScanEvent).where(ScanEvent.action == "purge")).all()
    assert [e.id for e in events] == [first.event_id, second.event_id]
    assert json.loads(events[0].detail)["visitors_erased"] == 4


def test_purge_refuses_a_date_in_the_future_and_changes_nothing(engine: Engine) -> None:
    """A cutoff after "now" would erase sessions still to come: refused, nothing touched."""
    env = _env(engine, DAY1)
    with pytest.raises(InputError, match="have not happened yet"):
        purge_personal_data(env, datetime(2025, 2, 4, tzinfo=SHANGHAI))
    assert ("王小明", "13812345678", "wheelchair", "王小明") in _people(engine, "S1")


def test_cutoff_date_means_midnight_in_the_site_zone(engine: Engine) -> None:
    """A bare date is the start of that day in the site's zone; a time may be given too."""
    env = _env(engine, DAY2)
    assert parse_cutoff("2025-02-03", env) == datetime(2025, 2, 3, tzinfo=SHANGHAI)
    assert parse_cutoff("2025-02-03T12:00", env) == datetime(2025, 2, 3, 12, tzinfo=SHANGHAI)


def test_cli_purge_json_reports_what_was_erased(
    engine: Engine, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk purge --before DATE --json`` prints the counts and exits 0."""
    code = main(["purge", "--db", sqlite_url, "--before", "2025-02-03", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["sessions"] == 1 and data["visitors_erased"] == 4


def test_cli_purge_refuses_the_future_with_exit_2(
    engine: Engine, sqlite_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A date after today is refused with exit 2 and a sentence saying why."""
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=2)).date().isoformat()
    code = main(["purge", "--db", sqlite_url, "--before", tomorrow])
    assert code == 2
    assert "have not happened yet" in capsys.readouterr().err
    assert ("陈静", "13812345678", "", "陈静") in _people(engine, "S2")
