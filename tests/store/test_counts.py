"""The dashboard's counts: people per session and group by state, groups, scans, change token."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from kiosk.store.audit import record_event
from kiosk.store.counts import GroupTally, change_token, group_lines, scans_by_kiosk, tallies
from kiosk.store.models import TourGroup
from kiosk.store.party import admit, set_visitor_state
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import visitor_ids

MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
IN_AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)
OUT_AT = datetime(2025, 2, 2, 11, 35, tzinfo=SHANGHAI)


def group_of(engine: Engine, session_id: str, letter: str) -> int:
    with engine.connect() as conn:
        value = conn.scalar(
            select(col(TourGroup.id))
            .where(col(TourGroup.session_id) == session_id)
            .where(col(TourGroup.letter) == letter)
        )
    assert value is not None
    return int(value)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """AM: a family of 3 (2 in group A, one of them gone), a pair not in, a cancelled party
    of 2 (one admitted anyway), a single in group B. PM: one party nobody admitted."""
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        parties=(
            Party("FAMI0003", 3),
            Party("PAIR0002", 2),
            Party("CANC0002", 2, status="cancelled"),
            Party("SOLO0001", 1),
        ),
    )
    add_session(
        database, "PM", starts_at=MORNING + timedelta(hours=5), parties=(Party("LATE0004", 4),)
    )
    family = visitor_ids(database, "FAMI0003")
    a, b = group_of(database, "AM", "A"), group_of(database, "AM", "B")
    with database.begin() as conn:
        admit(conn, family[:2], at=IN_AT, kiosk_id="K1", group_id=a)
        set_visitor_state(conn, family[1:2], {"checked_out_at": OUT_AT})
        admit(conn, visitor_ids(database, "CANC0002")[:1], at=IN_AT, kiosk_id="K1", group_id=a)
        admit(conn, visitor_ids(database, "SOLO0001"), at=IN_AT, kiosk_id="K2", group_id=b)
    return database


def test_tallies_count_each_state_per_session_and_group(engine: Engine) -> None:
    """Booked counts confirmed people; in, on site and out count everyone admitted."""
    a, b = group_of(engine, "AM", "A"), group_of(engine, "AM", "B")
    with engine.connect() as conn:
        found = tallies(conn, ["AM", "PM"])
    assert sorted(found, key=lambda t: (t.session_id, t.group_id or 0)) == [
        GroupTally("AM", None, booked=3, checked_in=0, on_site=0, checked_out=0),
        GroupTally("AM", a, booked=2, checked_in=3, on_site=2, checked_out=1),
        GroupTally("AM", b, booked=1, checked_in=1, on_site=1, checked_out=0),
        GroupTally("PM", None, booked=4, checked_in=0, on_site=0, checked_out=0),
    ]


def test_tallies_only_for_the_sessions_asked(engine: Engine) -> None:
    """Only the given sessions are counted; none asked, none counted."""
    with engine.connect() as conn:
        pm = tallies(conn, ["PM"])
        nothing = tallies(conn, [])
        unknown = tallies(conn, ["XX"])
    assert [(t.session_id, t.booked) for t in pm] == [("PM", 4)]
    assert nothing == [] and unknown == []


def test_group_lines_by_session_in_departure_order(engine: Engine) -> None:
    """Groups list per session, A … Z then AA, with guide (None without one)."""
    with Session(engine) as db:
        db.add(TourGroup(session_id="AM", letter="AA", capacity=6, meeting_point="Hall"))
        db.add(TourGroup(session_id="AM", letter="Z", capacity=6))
        db.commit()
    with engine.connect() as conn:
        lines = group_lines(conn, ["PM", "AM"])
        nothing = group_lines(conn, [])
    assert [(g.session_id, g.letter) for g in lines] == [
        ("AM", "A"),
        ("AM", "B"),
        ("AM", "C"),
        ("AM", "D"),
        ("AM", "Z"),
        ("AM", "AA"),
        ("PM", "A"),
        ("PM", "B"),
        ("PM", "C"),
        ("PM", "D"),
    ]
    first, hall = lines[0], lines[5]
    assert (first.colour, first.capacity, first.meeting_point, first.guide) == (
        "#D32F2F",
        15,
        "Gate 1",
        "Guide AM-A",
    )
    assert (hall.capacity, hall.meeting_point, hall.guide) == (6, "Hall", None)
    assert nothing == []


def test_scans_by_kiosk_count_events_within_both_ends(engine: Engine) -> None:
    """Each kiosk's events between since and until, both included; others left out."""
    times = {"K1": [0, 5, 10, 20], "K2": [10, 11]}
    with engine.begin() as conn:
        for kiosk, minutes in times.items():
            for minute in minutes:
                record_event(
                    conn,
                    at=IN_AT + timedelta(minutes=minute),
                    kiosk_id=kiosk,
                    operator="",
                    action="scan",
                    outcome="ok",
                    raw_input="X",
                )
    with engine.connect() as conn:
        found = scans_by_kiosk(conn, IN_AT + timedelta(minutes=5), IN_AT + timedelta(minutes=10))
        none = scans_by_kiosk(conn, IN_AT + timedelta(hours=1), IN_AT + timedelta(hours=2))
    assert found == {"K1": 2, "K2": 1}
    assert none == {}


def test_change_token_moves_with_every_event(engine: Engine) -> None:
    """No events give 0; each new event gives a larger token."""
    with engine.connect() as conn:
        assert change_token(conn) == 0
    seen = []
    for _ in range(2):
        with engine.begin() as conn:
            record_event(
                conn,
                at=IN_AT,
                kiosk_id="K1",
                operator="",
                action="scan",
                outcome="ok",
                raw_input=None,
            )
        with engine.connect() as conn:
            seen.append(change_token(conn))
    assert 0 < seen[0] < seen[1]
