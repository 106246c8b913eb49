"""Tour sessions: which start when, their places and bookings, and when their visitors arrived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from kiosk.store.models import TourSession, Visitor
from kiosk.store.party import admit
from kiosk.store.sessions import (
    SessionRecord,
    check_in_times,
    places,
    session_by_id,
    sessions_starting,
)
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import visitor_ids

DAY = datetime(2025, 2, 2, tzinfo=SHANGHAI)
MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Four tours around 2 February (site time), written out of start order."""
    add_session(database, "LATE", starts_at=DAY + timedelta(hours=14))
    add_session(database, "PREV", starts_at=DAY - timedelta(minutes=30))
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        groups=3,
        group_size=10,
        parties=(
            Party("AAAA0001", 3),
            Party("CANC0002", 2, status="cancelled"),
            Party("BBBB0003", 1),
        ),
    )
    add_session(database, "NEXT", starts_at=DAY + timedelta(days=1))
    return database


def test_sessions_starting_in_a_day_earliest_first(engine: Engine) -> None:
    """Sessions starting in [start, end): the day's first instant in, the next day's out."""
    with engine.connect() as conn:
        found = sessions_starting(conn, DAY, DAY + timedelta(days=1))
    assert [s.id for s in found] == ["AM", "LATE"]


def test_sessions_starting_is_independent_of_the_callers_zone(engine: Engine) -> None:
    """The same interval given in UTC finds the same sessions: instants, not wall times."""
    with engine.connect() as conn:
        found = sessions_starting(
            conn, DAY.astimezone(UTC), (DAY + timedelta(days=1)).astimezone(UTC)
        )
        exact = sessions_starting(conn, MORNING.astimezone(UTC), MORNING + timedelta(seconds=1))
    assert [s.id for s in found] == ["AM", "LATE"]
    assert [s.id for s in exact] == ["AM"]


def test_sessions_starting_at_the_same_time_come_by_id(engine: Engine) -> None:
    """Two tours at one instant list in id order, so screens do not reorder them."""
    add_session(engine, "AM-B", starts_at=MORNING)
    add_session(engine, "AM-0", starts_at=MORNING)
    with engine.connect() as conn:
        found = sessions_starting(conn, MORNING, MORNING + timedelta(minutes=1))
    assert [s.id for s in found] == ["AM", "AM-0", "AM-B"]


def test_session_by_id_gives_its_own_columns(engine: Engine) -> None:
    """A known id gives the session with aware times and its labels; unknown gives None."""
    with engine.connect() as conn:
        found = session_by_id(conn, "AM")
        missing = session_by_id(conn, "XX")
    assert found == SessionRecord(
        id="AM",
        starts_at=MORNING,
        ends_at=MORNING + timedelta(minutes=120),
        label_zh="02月02日 09:30 场",
        label_en="02 Feb 09:30",
        capacity=30,
    )
    assert missing is None


def test_places_counts_people_of_confirmed_bookings(engine: Engine) -> None:
    """Booked places are the people of confirmed bookings; cancelled ones free theirs."""
    with engine.connect() as conn:
        record = session_by_id(conn, "AM")
        assert record is not None
        assert places(conn, record) == (30, 4)


def test_places_fall_back_to_the_groups_capacity(engine: Engine) -> None:
    """A session without a capacity of its own has its groups' places; none without groups."""
    add_session(engine, "ROSTER", starts_at=DAY + timedelta(hours=16), groups=2, group_size=12)
    add_session(engine, "BARE", starts_at=DAY + timedelta(hours=17), groups=0)
    with engine.begin() as conn:
        conn.execute(
            update(TourSession)
            .where(col(TourSession.id).in_(["ROSTER", "BARE"]))
            .values(capacity=0)
        )
    with engine.connect() as conn:
        roster, bare = (session_by_id(conn, sid) for sid in ("ROSTER", "BARE"))
        assert roster is not None and bare is not None
        assert places(conn, roster) == (24, 0)
        assert places(conn, bare) == (0, 0)


def test_check_in_times_are_those_of_visitors_now_in(engine: Engine) -> None:
    """Each arrived visitor's time, aware; people not in, and undone check-ins, give none."""
    first, second, _ = visitor_ids(engine, "AAAA0001")
    nine, ten = MORNING - timedelta(minutes=30), MORNING - timedelta(minutes=20)
    with engine.begin() as conn:
        admit(conn, [first, second], at=nine, kiosk_id="K1", group_id=None)
        admit(conn, visitor_ids(engine, "BBBB0003"), at=ten, kiosk_id="K1", group_id=None)
        conn.execute(update(Visitor).where(col(Visitor.id) == second).values(checked_in_at=None))
    with engine.connect() as conn:
        times = check_in_times(conn, "AM")
        elsewhere = check_in_times(conn, "LATE")
    assert sorted(times) == [nine, ten]
    assert all(t.tzinfo is not None for t in times)
    assert elsewhere == []
