"""The rows behind booking search: what an index reads, how it learns of new and re-imported
bookings, and the details of the bookings it found."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, update
from sqlalchemy.engine import Engine

from kiosk.store.bookings import add_walk_in
from kiosk.store.models import Reservation, SyncRun, table_of
from kiosk.store.party import admit
from kiosk.store.search import (
    BookingHit,
    IndexMarks,
    booking_hits,
    index_marks,
    index_rows,
    names_of,
)
from tests.factories import SHANGHAI, Party, add_session
from tests.support.rows import visitor_ids

MORNING = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def engine(database: Engine) -> Engine:
    add_session(
        database,
        "AM",
        starts_at=MORNING,
        parties=(
            Party("WANG0005", 3, names=["王芳", "李雷", ""], phone="13812345678"),
            Party("ADA00006", 1, names=["Ada Lovelace"], phone="+44 20 7946 5678"),
        ),
    )
    return database


def ids_by_code(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {row.code: row.id for row in index_rows(conn)}


def test_every_booking_is_read_in_id_order_in_batches(engine: Engine) -> None:
    """All bookings come back, whatever the batch size, each with its session and contact."""
    with engine.connect() as conn:
        rows = list(index_rows(conn, batch=1))
    assert [(r.code, r.session_id, r.contact_name) for r in rows] == [
        ("WANG0005", "AM", "王芳"),
        ("ADA00006", "AM", "Ada Lovelace"),
    ]
    assert rows[0].id < rows[1].id
    assert rows[0].keys is None  # not synced: the index computes them from the names


def test_marks_move_with_new_bookings_and_imports_and_only_those_are_read(
    engine: Engine,
) -> None:
    """A walk-in raises the newest booking id, an import the newest run; reading after the
    old marks returns only the new booking and those the import touched."""
    with engine.connect() as conn:
        before = index_marks(conn)
    assert before.last_reservation == max(ids_by_code(engine).values())
    with engine.begin() as conn:
        add_walk_in(
            conn,
            code="WALK-1",
            session_id="AM",
            size=1,
            name="Zoë",
            phone="",
            language="en",
            notes="",
        )
    with engine.connect() as conn:
        after_walk_in = index_marks(conn)
        assert after_walk_in == IndexMarks(before.last_reservation + 1, before.last_sync_run)
        assert [(r.code, r.keys) for r in index_rows(conn, after=before)] == [("WALK-1", "1|zoe")]
    reservations = table_of(Reservation)
    with engine.begin() as conn:
        run = conn.execute(
            insert(table_of(SyncRun)).returning(table_of(SyncRun).c.id),
            {"started_at": MORNING - timedelta(hours=1)},
        ).scalar_one()
        conn.execute(
            update(reservations)
            .where(reservations.c.code == "ADA00006")
            .values(contact_name="Ada King", sync_run_id=run)
        )
    with engine.connect() as conn:
        assert index_marks(conn) == IndexMarks(after_walk_in.last_reservation, run)
        changed = list(index_rows(conn, after=after_walk_in))
    assert [(r.code, r.contact_name) for r in changed] == [("ADA00006", "Ada King")]


def test_names_of_a_party_in_order(engine: Engine) -> None:
    """Each booking's visitors' names in party order, blanks included; unknown ids absent."""
    ids = ids_by_code(engine)
    with engine.connect() as conn:
        names = names_of(conn, [ids["WANG0005"], ids["ADA00006"], 999_999])
    assert names == {ids["WANG0005"]: ["王芳", "李雷", ""], ids["ADA00006"]: ["Ada Lovelace"]}


def test_a_hit_carries_its_session_start_its_names_and_how_many_are_in(engine: Engine) -> None:
    """Details of the bookings found: contact, phone, start, size, the number checked in and
    every name once, without blanks; a booking no longer there is left out."""
    family = visitor_ids(engine, "WANG0005")
    with engine.begin() as conn:
        admit(conn, family[:2], at=MORNING - timedelta(minutes=20), kiosk_id="K1", group_id=None)
    ids = ids_by_code(engine)
    with engine.connect() as conn:
        hits = booking_hits(conn, [ids["WANG0005"], 999_999])
    assert hits == {
        ids["WANG0005"]: BookingHit(
            id=ids["WANG0005"],
            code="WANG0005",
            contact_name="王芳",
            phone="13812345678",
            session_id="AM",
            starts_at=MORNING,
            party_size=3,
            status="confirmed",
            checked_in=2,
            names=("王芳", "李雷"),
        )
    }
