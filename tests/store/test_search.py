"""Booking search for gate staff: a name, a code, or the last digits of a phone; today first."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from kiosk.store.party import admit
from kiosk.store.search import BookingHit, find_bookings
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import visitor_ids

TODAY = (datetime(2025, 2, 2, tzinfo=SHANGHAI), datetime(2025, 2, 3, tzinfo=SHANGHAI))
YESTERDAY = datetime(2025, 2, 1, 9, 30, tzinfo=SHANGHAI)
MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AFTERNOON = datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI)
TOMORROW = datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    """Four tours around today; several parties called Lee, others found by phone or guest."""
    add_session(
        database,
        "TMR",
        starts_at=TOMORROW,
        parties=(Party("LEE00004", 1, names=["Anna Lee"], phone="13600004444"),),
    )
    add_session(
        database,
        "PM",
        starts_at=AFTERNOON,
        parties=(
            Party("LEE00003", 2, names=["Bo Lee"], phone="13600003333"),
            Party("WANG0005", 3, names=["王芳", "李雷", "Kim"], phone="13812345678"),
        ),
    )
    add_session(
        database,
        "YST",
        starts_at=YESTERDAY,
        parties=(Party("LEE00001", 1, names=["Cy Lee"], phone="13600001111"),),
    )
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        parties=(
            Party("LEE00002", 2, names=["Di Lee"], phone="13600002222"),
            Party("ADA00006", 1, names=["Ada Lovelace"], phone="+44 20 7946 5678"),
            Party("GONE0007", 1, names=["Lee Gone"], phone="13600007777", status="cancelled"),
        ),
    )
    return database


def search(engine: Engine, text: str, *, limit: int = 20) -> list[BookingHit]:
    with engine.connect() as conn:
        return find_bookings(conn, text, today=TODAY, limit=limit)


def codes(hits: list[BookingHit]) -> list[str]:
    return [hit.code for hit in hits]


def test_a_contact_name_matches_in_any_case(engine: Engine) -> None:
    """Part of a contact's name, in any case, finds the booking."""
    assert codes(search(engine, "lovelace")) == ["ADA00006"]
    assert codes(search(engine, "ADA L")) == ["ADA00006"]


def test_a_visitors_name_finds_their_party(engine: Engine) -> None:
    """A guest's name that is not the contact's finds the party they came with."""
    assert codes(search(engine, "李雷")) == ["WANG0005"]
    assert codes(search(engine, "kim")) == ["WANG0005"]


def test_a_whole_code_matches_in_any_case_and_a_part_does_not(engine: Engine) -> None:
    """A booking code finds its booking however it is typed; half a code finds nothing."""
    assert codes(search(engine, "wang0005")) == ["WANG0005"]
    assert search(engine, "WANG00") == []


def test_the_last_four_digits_of_a_phone_find_the_booking(engine: Engine) -> None:
    """Four digits or more match every phone ending in their last four, however it is written."""
    assert codes(search(engine, "5678")) == ["ADA00006", "WANG0005"]
    assert codes(search(engine, "13812345678")) == ["ADA00006", "WANG0005"]
    assert codes(search(engine, "3333")) == ["LEE00003"]


def test_fewer_than_four_digits_do_not_search_phones(engine: Engine) -> None:
    """Three digits are too few to tell phones apart: no phone matches."""
    assert search(engine, "678") == []


def test_todays_sessions_come_first_then_by_start_and_name(engine: Engine) -> None:
    """Today's tours lead in start order, then other days by start; cancelled are listed."""
    hits = search(engine, "lee")
    assert codes(hits) == ["LEE00002", "GONE0007", "LEE00003", "LEE00001", "LEE00004"]
    assert [hit.session_id for hit in hits] == ["AM", "AM", "PM", "YST", "TMR"]
    assert hits[1].status == "cancelled"


def test_a_hit_carries_its_session_start_and_how_many_are_in(engine: Engine) -> None:
    """Each booking comes with contact, phone, start, size and the number checked in."""
    family = visitor_ids(engine, "WANG0005")
    with engine.begin() as conn:
        admit(conn, family[:2], at=AFTERNOON - timedelta(minutes=20), kiosk_id="K1", group_id=None)
    (hit,) = search(engine, "王芳")
    assert hit == BookingHit(
        code="WANG0005",
        contact_name="王芳",
        phone="13812345678",
        session_id="PM",
        starts_at=AFTERNOON,
        party_size=3,
        status="confirmed",
        checked_in=2,
    )


def test_search_stops_at_the_limit(engine: Engine) -> None:
    """No more hits than the limit, keeping the first in order."""
    assert codes(search(engine, "lee", limit=2)) == ["LEE00002", "GONE0007"]


def test_wildcards_in_the_text_are_not_wildcards(engine: Engine) -> None:
    """A typed ``_`` or ``%`` does not stand for other characters."""
    assert search(engine, "Ad_ Lovelace") == []
    assert search(engine, "A%e") == []
