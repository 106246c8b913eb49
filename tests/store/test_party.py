"""Check-in's SQL: find a party by code or badge, read it, list groups, admit, create bookings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import psycopg
import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col

from kiosk.core.groups import group_letters
from kiosk.store import party
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, TourGroup, Visitor
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import reservation_of, stored_row, visitor_ids

STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
EARLIER = datetime(2025, 2, 2, 9, 1, tzinfo=SHANGHAI)
NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)


def seed(engine: Engine) -> Engine:
    """The 09:30 tour with four groups A–D and two parties; an empty tour the next day."""
    add_session(
        engine,
        "S1",
        starts_at=STARTS,
        parties=(
            Party("AAAA1111", 3, names=["李华", "李雷", ""], language="en", group="B"),
            Party("BBBB2222", 1, notes="wheelchair"),
        ),
    )
    add_session(engine, "S2", starts_at=STARTS + timedelta(days=1), groups=0)
    return engine


@pytest.fixture
def engine(database: Engine) -> Engine:
    return seed(database)


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    yield seed(engine)
    engine.dispose()


def place(engine: Engine, ids: list[int], letter: str, *, in_at: datetime | None = None) -> None:
    """Put visitors of S1 into a group (checked in at ``in_at`` by kiosk K0 when given)."""
    with engine.begin() as conn:
        group_id = conn.scalar(
            select(col(TourGroup.id))
            .where(col(TourGroup.session_id) == "S1")
            .where(col(TourGroup.letter) == letter)
        )
        conn.execute(
            update(Visitor)
            .where(col(Visitor.id).in_(ids))
            .values(group_id=group_id, checked_in_at=in_at, kiosk_id="K0" if in_at else None)
        )


def test_reservation_id_finds_a_code_and_nothing_else(engine: Engine) -> None:
    """A known code gives its reservation's id; an unknown one gives None."""
    with engine.connect() as conn:
        assert party.reservation_id(conn, "AAAA1111") == reservation_of(engine, "AAAA1111")
        assert party.reservation_id(conn, "ZZZZ9999") is None


def test_badge_owner_names_the_visitor_and_their_party(engine: Engine) -> None:
    """A badge code gives whose badge it is and which reservation they belong to."""
    second = visitor_ids(engine, "AAAA1111")[1]
    with engine.connect() as conn:
        hit = party.badge_owner(conn, "AAAA1111-2")
        missing = party.badge_owner(conn, "AAAA1111-9")
    assert hit == party.BadgeHit(second, reservation_of(engine, "AAAA1111"))
    assert missing is None


def _set_badges(engine: Engine, codes: dict[int, str]) -> None:
    with engine.begin() as conn:
        for visitor_id, code in codes.items():
            conn.execute(
                update(Visitor).where(col(Visitor.id) == visitor_id).values(badge_code=code)
            )


def test_badge_by_tail_finds_the_one_badge_of_its_booking_code_and_tail(engine: Engine) -> None:
    """An Eventbrite barcode (order, attendee number, 001) is found from its tail alone."""
    first, second, _third = visitor_ids(engine, "AAAA1111")
    (single,) = visitor_ids(engine, "BBBB2222")
    _set_badges(
        engine,
        {
            first: "AAAA111118441583423001",
            second: "AAAA111118441583424001",
            single: "BBBB222299990000001",
        },
    )
    with engine.connect() as conn:
        hit = party.badge_by_tail(conn, "18441583424001")
        # A tail must follow the booking's own code: "2222" + "99990000001" is no attendee.
        partial = party.badge_by_tail(conn, "222299990000001")
        unknown = party.badge_by_tail(conn, "55555555001")
    assert hit == party.BadgeHit(second, reservation_of(engine, "AAAA1111"))
    assert (partial, unknown) == (None, None)


def test_badge_by_tail_never_picks_one_of_two(engine: Engine) -> None:
    """Two bookings whose badges end the same way: neither is guessed."""
    first = visitor_ids(engine, "AAAA1111")[0]
    (single,) = visitor_ids(engine, "BBBB2222")
    _set_badges(engine, {first: "AAAA111112345678001", single: "BBBB222212345678001"})
    with engine.connect() as conn:
        assert party.badge_by_tail(conn, "12345678001") is None


def test_session_exists_only_for_known_sessions(engine: Engine) -> None:
    """A session id is known or not."""
    with engine.connect() as conn:
        assert party.session_exists(conn, "S1")
        assert not party.session_exists(conn, "S9")


def test_load_party_gives_the_booking_with_its_session_times(engine: Engine) -> None:
    """The booking carries what the admission rules need, times aware and exact."""
    rid = reservation_of(engine, "AAAA1111")
    with engine.connect() as conn:
        loaded = party.load_party(conn, rid)
    booking = loaded.reservation
    assert (booking.id, booking.code, booking.session_id) == (rid, "AAAA1111", "S1")
    assert (booking.language, booking.status, booking.pre_assigned_group) == (
        "en",
        "confirmed",
        "B",
    )
    assert (booking.provisional, booking.accessibility) == (False, False)
    assert booking.starts_at == STARTS and booking.starts_at.tzinfo is not None
    assert booking.ends_at == STARTS + timedelta(minutes=120)


def test_load_party_lists_visitors_in_seq_order(engine: Engine) -> None:
    """People come in their place in the party, not in the order their rows were written."""
    with Session(engine) as db:
        booking = Reservation(code="MIXED333", session_id="S1", party_size=3)
        db.add(booking)
        db.flush()
        for seq in (3, 1, 2):
            db.add(
                Visitor(
                    reservation_id=booking.id or 0,
                    session_id="S1",
                    seq=seq,
                    name=f"person {seq}",
                    badge_code=f"MIXED333-{seq}",
                )
            )
        db.commit()
    with engine.connect() as conn:
        loaded = party.load_party(conn, reservation_of(engine, "MIXED333"))
    assert [(v.seq, v.name, v.badge_code) for v in loaded.visitors] == [
        (1, "person 1", "MIXED333-1"),
        (2, "person 2", "MIXED333-2"),
        (3, "person 3", "MIXED333-3"),
    ]
    assert all(v.checked_in_at is None and v.group_id is None for v in loaded.visitors)


def test_session_groups_come_in_departure_order_past_z(engine: Engine) -> None:
    """28 groups list A … Z, AA, AB (not text order), whatever order they were created in."""
    letters = group_letters(28)
    with Session(engine) as db:
        for letter in reversed(letters):
            db.add(TourGroup(session_id="S2", letter=letter, capacity=10))
        db.commit()
    with engine.connect() as conn:
        groups = party.session_groups(conn, "S2")
    assert [g.letter for g in groups] == letters
    assert letters[25:] == ["Z", "AA", "AB"]


def test_session_groups_carry_guide_and_placed_count(engine: Engine) -> None:
    """Each group has its guide (None without one) and how many people are placed in it."""
    family = visitor_ids(engine, "AAAA1111")
    place(engine, family[:2], "B", in_at=EARLIER)
    place(engine, family[2:], "D")
    with Session(engine) as db:
        db.add(TourGroup(session_id="S1", letter="E", capacity=5, meeting_point="Hall"))
        db.commit()
    with engine.connect() as conn:
        groups = party.session_groups(conn, "S1")
    summary = [(g.letter, g.guide, g.count) for g in groups]
    assert summary == [
        ("A", "Guide S1-A", 0),
        ("B", "Guide S1-B", 2),
        ("C", "Guide S1-C", 0),
        ("D", "Guide S1-D", 1),
        ("E", None, 0),
    ]
    second = groups[1]
    assert (second.capacity, second.guide_languages, second.meeting_point) == (
        15,
        "zh,en",
        "Gate 2",
    )
    assert groups[4].guide_languages is None


def test_session_groups_of_a_session_without_groups_is_empty(engine: Engine) -> None:
    """A session with no roster yet has no groups to list."""
    with engine.connect() as conn:
        assert party.session_groups(conn, "S2") == []


def test_session_groups_with_lock_holds_the_groups(pg_engine: Engine) -> None:
    """``lock=True`` takes the session's group locks: on PostgreSQL a second kiosk must wait."""
    with pg_engine.connect() as holder:
        holder.begin()
        assert len(party.session_groups(holder, "S1", lock=True)) == 4
        with pytest.raises(OperationalError) as caught, pg_engine.begin() as other:
            other.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
            party.session_groups(other, "S1", lock=True)
        assert isinstance(caught.value.orig, psycopg.errors.LockNotAvailable)
        holder.rollback()


def test_admit_marks_only_visitors_not_yet_in(engine: Engine) -> None:
    """Admitting a party touches those not in yet and returns how many; the one in keeps his."""
    family = visitor_ids(engine, "AAAA1111")
    place(engine, family[:1], "A", in_at=EARLIER)
    with engine.connect() as conn:
        group_a, group_b = (g.id for g in party.session_groups(conn, "S1")[:2])
    with engine.begin() as conn:
        changed = party.admit(conn, family, at=NOW, kiosk_id="GATE-2", group_id=group_b)
    assert changed == 2
    with engine.connect() as conn:
        visitors = party.load_party(conn, reservation_of(engine, "AAAA1111")).visitors
    first, *others = visitors
    assert (first.checked_in_at, first.kiosk_id, first.group_id) == (EARLIER, "K0", group_a)
    for visitor in others:
        assert (visitor.checked_in_at, visitor.kiosk_id, visitor.group_id) == (
            NOW,
            "GATE-2",
            group_b,
        )
        assert visitor.checked_out_at is None


def test_admit_twice_changes_nothing_the_second_time(engine: Engine) -> None:
    """A second admission of the same people returns 0 and keeps the first time."""
    ids = visitor_ids(engine, "BBBB2222")
    with engine.begin() as conn:
        assert party.admit(conn, ids, at=NOW, kiosk_id="GATE-1", group_id=None) == 1
    with engine.begin() as conn:
        later = NOW + timedelta(minutes=5)
        assert party.admit(conn, ids, at=later, kiosk_id="GATE-2", group_id=None) == 0
    row = stored_row(engine, Visitor, ids[0])
    assert (row["checked_in_at"], row["kiosk_id"]) == (NOW, "GATE-1")


def test_admit_stores_the_instant_exactly(engine: Engine) -> None:
    """A site-time instant comes back as the same instant (UTC-aware) on every backend."""
    ids = visitor_ids(engine, "BBBB2222")
    at = datetime(2025, 2, 2, 9, 10, 42, 123000, tzinfo=SHANGHAI)
    with engine.begin() as conn:
        party.admit(conn, ids, at=at, kiosk_id="GATE-1", group_id=None)
    stored = stored_row(engine, Visitor, ids[0])["checked_in_at"]
    assert stored == at and stored.utcoffset() == timedelta(0)


def test_set_visitor_state_changes_only_the_given_visitors(engine: Engine) -> None:
    """Check-out sets a column on the chosen people; the rest of the party keeps theirs."""
    family = visitor_ids(engine, "AAAA1111")
    place(engine, family, "A", in_at=EARLIER)
    with engine.begin() as conn:
        party.set_visitor_state(conn, family[1:], {"checked_out_at": NOW})
    assert stored_row(engine, Visitor, family[0])["checked_out_at"] is None
    assert [stored_row(engine, Visitor, vid)["checked_out_at"] for vid in family[1:]] == [NOW, NOW]
    with engine.begin() as conn:
        party.set_visitor_state(
            conn, family[:1], {"checked_in_at": None, "group_id": None, "kiosk_id": None}
        )
    undone = stored_row(engine, Visitor, family[0])
    assert (undone["checked_in_at"], undone["group_id"], undone["kiosk_id"]) == (None, None, None)
    assert stored_row(engine, Visitor, family[1])["checked_in_at"] == EARLIER


def test_create_provisional_booking_writes_a_flagged_party(engine: Engine) -> None:
    """A signed ticket's booking is confirmed, provisional, and has one visitor per person."""
    with engine.begin() as conn:
        rid = party.create_provisional_booking(conn, code="TICKET55", session_id="S1", party_size=3)
    booking = stored_row(engine, Reservation, rid)
    assert (booking["code"], booking["session_id"], booking["party_size"]) == ("TICKET55", "S1", 3)
    assert (booking["status"], booking["provisional"], booking["source"]) == (
        "confirmed",
        True,
        "signed-ticket",
    )
    with engine.connect() as conn:
        visitors = party.load_party(conn, rid).visitors
    assert [(v.seq, v.badge_code) for v in visitors] == [
        (1, "TICKET55-1"),
        (2, "TICKET55-2"),
        (3, "TICKET55-3"),
    ]
    assert all(v.checked_in_at is None and v.group_id is None for v in visitors)


def test_create_provisional_booking_twice_is_an_integrity_error(engine: Engine) -> None:
    """Another kiosk that created the same booking first makes the second insert fail."""
    with engine.begin() as conn:
        party.create_provisional_booking(conn, code="TICKET55", session_id="S1", party_size=1)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        party.create_provisional_booking(conn, code="TICKET55", session_id="S1", party_size=2)
    assert len(visitor_ids(engine, "TICKET55")) == 1


def test_create_provisional_booking_for_an_existing_code_is_an_integrity_error(
    engine: Engine,
) -> None:
    """A code already synced from the platform cannot be created again."""
    with pytest.raises(IntegrityError), engine.begin() as conn:
        party.create_provisional_booking(conn, code="BBBB2222", session_id="S1", party_size=1)
    assert len(visitor_ids(engine, "BBBB2222")) == 1
