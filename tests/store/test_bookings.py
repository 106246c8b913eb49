"""Reservations as staff handle them: look-ups, walk-ins, pre-assignment, moves, ticket lists."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from kiosk.store import bookings
from kiosk.store.models import Reservation, TourGroup, Visitor
from kiosk.store.party import admit
from tests.factories import SHANGHAI, Party, add_party, add_session
from tests.support.rows import reservation_of, stored_row, visitor_ids

MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
TOMORROW = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)
IN_AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Tomorrow's tour is written first; today's has parties imported out of code order."""
    add_session(database, "TMR", starts_at=TOMORROW, parties=(Party("AAAA0000", 2),))
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        parties=(
            Party("ZZZZ0001", 2, names=["周杰"], phone="13911112222", language="zh"),
            Party("CANC0002", 1, status="cancelled"),
            Party("MMMM0003", 1, notes="wheelchair", group="C"),
            Party("BBBB0004", 3, language="en"),
        ),
    )
    return database


def group_id(engine: Engine, session_id: str, letter: str) -> int:
    with engine.connect() as conn:
        value = conn.scalar(
            select(col(TourGroup.id))
            .where(col(TourGroup.session_id) == session_id)
            .where(col(TourGroup.letter) == letter)
        )
    assert value is not None
    return int(value)


def pre_assigned(engine: Engine, code: str) -> str | None:
    value = stored_row(engine, Reservation, reservation_of(engine, code))["pre_assigned_group"]
    return None if value is None else str(value)


def test_booking_by_code_gives_the_reservations_own_columns(engine: Engine) -> None:
    """A known code gives the booking as stored; an unknown code gives None."""
    with engine.connect() as conn:
        found = bookings.booking_by_code(conn, "ZZZZ0001")
        missing = bookings.booking_by_code(conn, "NOPE0000")
    assert found == bookings.BookingRecord(
        id=reservation_of(engine, "ZZZZ0001"),
        code="ZZZZ0001",
        session_id="AM",
        contact_name="周杰",
        phone="13911112222",
        party_size=2,
        language="zh",
        notes="",
        accessibility=False,
        status="confirmed",
        pre_assigned_group=None,
        provisional=False,
        source="",
    )
    assert missing is None


def test_codes_of_session_in_import_order_for_one_status(engine: Engine) -> None:
    """A session's confirmed codes come in the order they were imported, not code order."""
    with engine.connect() as conn:
        confirmed = bookings.codes_of_session(conn, "AM", "confirmed")
        cancelled = bookings.codes_of_session(conn, "AM", "cancelled")
        other_day = bookings.codes_of_session(conn, "TMR", "confirmed")
        none = bookings.codes_of_session(conn, "TMR", "cancelled")
    assert confirmed == ["ZZZZ0001", "MMMM0003", "BBBB0004"]
    assert cancelled == ["CANC0002"]
    assert other_day == ["AAAA0000"]
    assert none == []


def test_add_walk_in_writes_a_confirmed_party_with_one_visitor_each(engine: Engine) -> None:
    """A walk-in is a confirmed booking from "walk-in"; the contact is the first visitor."""
    with engine.begin() as conn:
        rid = bookings.add_walk_in(
            conn,
            code="WALK0001",
            session_id="AM",
            size=3,
            name="王芳",
            phone="13700001111",
            language="en",
            notes="came with a school",
        )
    booking = stored_row(engine, Reservation, rid)
    assert {k: booking[k] for k in ("code", "session_id", "party_size", "status", "source")} == {
        "code": "WALK0001",
        "session_id": "AM",
        "party_size": 3,
        "status": "confirmed",
        "source": "walk-in",
    }
    assert (booking["contact_name"], booking["phone"], booking["language"]) == (
        "王芳",
        "13700001111",
        "en",
    )
    assert (booking["notes"], booking["provisional"]) == ("came with a school", False)
    people = [stored_row(engine, Visitor, vid) for vid in visitor_ids(engine, "WALK0001")]
    assert [(p["seq"], p["name"], p["badge_code"]) for p in people] == [
        (1, "王芳", "WALK0001-1"),
        (2, "", "WALK0001-2"),
        (3, "", "WALK0001-3"),
    ]
    assert all(p["session_id"] == "AM" and p["checked_in_at"] is None for p in people)


def test_add_walk_in_with_a_taken_code_fails(engine: Engine) -> None:
    """Two walk-ins cannot share a code: the second insert is refused by the database."""
    with pytest.raises(IntegrityError), engine.begin() as conn:
        bookings.add_walk_in(
            conn,
            code="BBBB0004",
            session_id="AM",
            size=1,
            name="x",
            phone="",
            language="zh",
            notes="",
        )
    assert len(visitor_ids(engine, "BBBB0004")) == 3


def test_code_taken_for_existing_codes_only(engine: Engine) -> None:
    """Any existing code is taken, cancelled ones too; a new one is free."""
    with engine.connect() as conn:
        assert bookings.code_taken(conn, "ZZZZ0001")
        assert bookings.code_taken(conn, "CANC0002")
        assert not bookings.code_taken(conn, "FREE0000")


def test_pre_assign_sets_the_group_of_one_party(engine: Engine) -> None:
    """Pre-assigning changes that party's group letter and no other's."""
    with engine.begin() as conn:
        bookings.pre_assign(conn, reservation_of(engine, "BBBB0004"), "D")
    assert pre_assigned(engine, "BBBB0004") == "D"
    assert pre_assigned(engine, "MMMM0003") == "C"


def test_move_visitors_changes_the_group_and_keeps_the_check_in(engine: Engine) -> None:
    """Moved people are in the new group with their check-in time and kiosk unchanged."""
    family = visitor_ids(engine, "BBBB0004")
    with engine.begin() as conn:
        admit(conn, family, at=IN_AT, kiosk_id="GATE-1", group_id=group_id(engine, "AM", "A"))
    target = group_id(engine, "AM", "C")
    with engine.begin() as conn:
        bookings.move_visitors(conn, family[:2], target)
    rows = [stored_row(engine, Visitor, vid) for vid in family]
    assert [r["group_id"] for r in rows] == [target, target, group_id(engine, "AM", "A")]
    assert all((r["checked_in_at"], r["kiosk_id"]) == (IN_AT, "GATE-1") for r in rows)


def test_confirmed_bookings_by_session_start_then_code(engine: Engine) -> None:
    """Ticket bookings skip cancelled ones and come by tour start, then code."""
    with engine.connect() as conn:
        found = bookings.confirmed_bookings(conn)
    assert [(b.code, b.session_id, b.party_size) for b in found] == [
        ("BBBB0004", "AM", 3),
        ("MMMM0003", "AM", 1),
        ("ZZZZ0001", "AM", 2),
        ("AAAA0000", "TMR", 2),
    ]
    assert found[0].starts_at == MORNING and found[-1].starts_at == TOMORROW


def test_confirmed_bookings_of_one_session(engine: Engine) -> None:
    """With a session id only that tour's confirmed bookings; an empty tour gives none."""
    add_session(engine, "EMPTY", starts_at=TOMORROW + timedelta(hours=4))
    with Session(engine) as db:
        add_party(db, "EMPTY", Party("GONE0000", 2, status="cancelled"))
        db.commit()
    with engine.connect() as conn:
        tomorrow = bookings.confirmed_bookings(conn, "TMR")
        empty = bookings.confirmed_bookings(conn, "EMPTY")
    assert [b.code for b in tomorrow] == ["AAAA0000"]
    assert empty == []
