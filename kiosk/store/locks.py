"""Row locks for changes that must not interleave across kiosks, always taken in one order.

On PostgreSQL two transactions that lock the same rows in different orders can deadlock, so
every use case locks through here: first the reservation, then its session's groups by id.
On SQLite a writer already holds the database lock (``BEGIN IMMEDIATE``), so these do nothing.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, bindparam, select
from sqlmodel import col

from kiosk.store.models import Reservation, TourGroup, TourSession

_RESERVATION = (
    select(col(Reservation.id)).where(col(Reservation.id) == bindparam("rid")).with_for_update()
)
_GROUPS = (
    select(col(TourGroup.id))
    .where(col(TourGroup.session_id) == bindparam("sid"))
    .order_by(col(TourGroup.id))
    .with_for_update()
)
_SESSION = (
    select(col(TourSession.id)).where(col(TourSession.id) == bindparam("sid")).with_for_update()
)


def needs_row_locks(conn: Connection) -> bool:
    """True on backends where concurrent writers are not already serialised (PostgreSQL)."""
    return conn.dialect.name == "postgresql"


def lock_reservation(conn: Connection, reservation_id: int) -> None:
    """Serialise every change to one party (take this before the session's groups)."""
    if needs_row_locks(conn):
        conn.execute(_RESERVATION, {"rid": reservation_id})


def lock_session_groups(conn: Connection, session_id: str) -> None:
    """Serialise placements into one session's groups (after the reservation, never before)."""
    if needs_row_locks(conn):
        conn.execute(_GROUPS, {"sid": session_id})


def lock_session(conn: Connection, session_id: str) -> None:
    """Serialise bookings added to one session (walk-ins counting its free places)."""
    if needs_row_locks(conn):
        conn.execute(_SESSION, {"sid": session_id})


_RESERVATIONS_BY_CODE = (
    select(col(Reservation.id))
    .where(col(Reservation.code).in_(bindparam("codes", expanding=True)))
    .order_by(col(Reservation.id))
    .with_for_update()
)
_GROUPS_OF_SESSIONS = (
    select(col(TourGroup.id))
    .where(col(TourGroup.session_id).in_(bindparam("sids", expanding=True)))
    .order_by(col(TourGroup.id))
    .with_for_update()
)


def lock_for_batch(conn: Connection, codes: Collection[str], session_ids: Collection[str]) -> None:
    """Lock several bookings, then their sessions' groups, in the order single changes use.

    A kiosk uploading many offline check-ins in one transaction takes every lock first: all
    reservations by id, then all the groups by id. A single check-in takes one reservation
    and then its session's groups by id, so no two transactions can wait on each other in
    a circle.
    """
    if not needs_row_locks(conn):
        return
    if codes:
        conn.execute(_RESERVATIONS_BY_CODE, {"codes": sorted(codes)})
    if session_ids:
        conn.execute(_GROUPS_OF_SESSIONS, {"sids": sorted(session_ids)})
