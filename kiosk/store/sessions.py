"""Tour sessions: which are on when, and how many places they have and hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select

from kiosk.store.models import Reservation, TourGroup, TourSession, Visitor, table_of
from kiosk.store.types import UTCDateTime

_SESSION = table_of(TourSession)
_GROUP = table_of(TourGroup)
_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)


@dataclass(frozen=True)
class SessionRecord:
    """A session's own columns."""

    id: str
    starts_at: datetime
    ends_at: datetime
    label_zh: str
    label_en: str
    capacity: int


_COLUMNS = (
    _SESSION.c.id,
    _SESSION.c.starts_at,
    _SESSION.c.ends_at,
    _SESSION.c.label_zh,
    _SESSION.c.label_en,
    _SESSION.c.capacity,
)
_STARTING_BETWEEN = (
    select(*_COLUMNS)
    .where(_SESSION.c.starts_at >= bindparam("start", type_=UTCDateTime()))
    .where(_SESSION.c.starts_at < bindparam("end", type_=UTCDateTime()))
    .order_by(_SESSION.c.starts_at, _SESSION.c.id)
)
_BY_ID = select(*_COLUMNS).where(_SESSION.c.id == bindparam("sid"))
_BOOKED = (
    select(func.count())
    .select_from(_VISITOR)
    .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
    .where(_VISITOR.c.session_id == bindparam("sid"))
    .where(_RESERVATION.c.status == "confirmed")
)
_GROUP_PLACES = select(func.coalesce(func.sum(_GROUP.c.capacity), 0)).where(
    _GROUP.c.session_id == bindparam("sid")
)


def sessions_starting(conn: Connection, start: datetime, end: datetime) -> list[SessionRecord]:
    """Sessions starting in [start, end), earliest first."""
    rows = conn.execute(_STARTING_BETWEEN, {"start": start, "end": end})
    return [SessionRecord(*tuple(row)) for row in rows]


def session_by_id(conn: Connection, session_id: str) -> SessionRecord | None:
    row = conn.execute(_BY_ID, {"sid": session_id}).first()
    return None if row is None else SessionRecord(*tuple(row))


def places(conn: Connection, session: SessionRecord) -> tuple[int, int]:
    """(capacity, booked): the session's places (its groups' when it has none set) and the
    people of its confirmed bookings."""
    booked = int(conn.execute(_BOOKED, {"sid": session.id}).scalar_one())
    capacity = session.capacity
    if capacity <= 0:
        capacity = int(conn.execute(_GROUP_PLACES, {"sid": session.id}).scalar_one())
    return capacity, booked


def check_in_times(conn: Connection, session_id: str) -> list[datetime]:
    """When each visitor of a session now checked in arrived (undone check-ins are gone)."""
    rows = conn.scalars(
        select(_VISITOR.c.checked_in_at)
        .where(_VISITOR.c.session_id == session_id)
        .where(_VISITOR.c.checked_in_at.isnot(None))
    )
    return [value for value in rows if value is not None]
