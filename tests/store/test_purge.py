"""Erasing personal detail of past sessions: names, phones and notes go, counts stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from kiosk.store.models import Reservation, Visitor
from kiosk.store.party import admit
from kiosk.store.purge import Erased, erase_personal_data
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import reservation_of, stored_row, visitor_ids

FIRST = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
SECOND = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)
THIRD = datetime(2025, 2, 4, 9, 30, tzinfo=SHANGHAI)
IN_AT = FIRST - timedelta(minutes=20)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Three tours on three days; the first has a named party (admitted) and an empty one."""
    add_session(
        database,
        "D1",
        starts_at=FIRST,
        parties=(
            Party("NAME0002", 2, names=["王芳", "李雷"], phone="13812345678", notes="wheelchair"),
            Party("BARE0001", 1, phone=""),
        ),
    )
    add_session(database, "D2", starts_at=SECOND, groups=0)
    add_session(
        database, "D3", starts_at=THIRD, parties=(Party("KEEP0001", 1, names=["Ada"], notes="vip"),)
    )
    with database.begin() as conn:
        admit(conn, visitor_ids(database, "NAME0002"), at=IN_AT, kiosk_id="K1", group_id=None)
    return database


def erase(engine: Engine, before: datetime) -> Erased:
    with engine.begin() as conn:
        return erase_personal_data(conn, before)


def test_past_sessions_lose_names_phones_and_notes(engine: Engine) -> None:
    """Bookings and visitors of sessions before the date are blanked; the counts say how many."""
    erased = erase(engine, SECOND)
    assert erased == Erased(sessions=1, reservations=2, visitors=2)
    booking = stored_row(engine, Reservation, reservation_of(engine, "NAME0002"))
    assert (booking["contact_name"], booking["phone"], booking["notes"]) == ("", "", "")
    names = [stored_row(engine, Visitor, vid)["name"] for vid in visitor_ids(engine, "NAME0002")]
    assert names == ["", ""]


def test_what_is_counted_stays(engine: Engine) -> None:
    """Codes, sizes, status, badge codes and check-in times survive the purge."""
    erase(engine, SECOND)
    booking = stored_row(engine, Reservation, reservation_of(engine, "NAME0002"))
    assert (booking["code"], booking["party_size"], booking["status"]) == (
        "NAME0002",
        2,
        "confirmed",
    )
    assert booking["accessibility"] is True
    people = [stored_row(engine, Visitor, vid) for vid in visitor_ids(engine, "NAME0002")]
    assert [(p["badge_code"], p["checked_in_at"], p["kiosk_id"]) for p in people] == [
        ("NAME0002-1", IN_AT, "K1"),
        ("NAME0002-2", IN_AT, "K1"),
    ]


def test_sessions_from_the_date_on_are_untouched(engine: Engine) -> None:
    """A session starting exactly at the date, and later ones, keep their personal data."""
    erased = erase(engine, THIRD.astimezone(UTC))
    assert erased == Erased(sessions=2, reservations=2, visitors=2)
    kept = stored_row(engine, Reservation, reservation_of(engine, "KEEP0001"))
    assert (kept["contact_name"], kept["phone"], kept["notes"]) == ("Ada", "13812345678", "vip")
    assert stored_row(engine, Visitor, visitor_ids(engine, "KEEP0001")[0])["name"] == "Ada"


def test_a_second_purge_finds_nothing_left_to_erase(engine: Engine) -> None:
    """Purging again counts the past sessions but erases no booking or visitor twice."""
    erase(engine, SECOND)
    assert erase(engine, SECOND) == Erased(sessions=1, reservations=0, visitors=0)


def test_a_purge_before_every_session_changes_nothing(engine: Engine) -> None:
    """A date before the first tour finds no past session."""
    assert erase(engine, FIRST) == Erased(sessions=0, reservations=0, visitors=0)
    booking = stored_row(engine, Reservation, reservation_of(engine, "NAME0002"))
    assert booking["contact_name"] == "王芳"
