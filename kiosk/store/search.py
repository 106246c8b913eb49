"""Booking search for gate staff: names, a code, the last digits of a phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, func, or_, select

from kiosk.store.models import Reservation, TourSession, Visitor, table_of

_RESERVATION = table_of(Reservation)
_SESSION = table_of(TourSession)
_VISITOR = table_of(Visitor)


@dataclass(frozen=True)
class BookingHit:
    """A booking that matched, with its session's start and how many are in."""

    code: str
    contact_name: str
    phone: str
    session_id: str
    starts_at: datetime
    party_size: int
    status: str
    checked_in: int


def find_bookings(
    conn: Connection, text: str, *, today: tuple[datetime, datetime], limit: int
) -> list[BookingHit]:
    """Bookings whose contact or a visitor's name contains ``text``, whose code is ``text``,
    or (four digits or more) whose phone ends in its last four digits; today's sessions first.
    """
    day_start, day_end = today
    pattern = f"%{text.replace('%', '').replace('_', '')}%"
    conditions = [
        _RESERVATION.c.contact_name.ilike(pattern),
        _RESERVATION.c.code == text.upper(),
        _RESERVATION.c.id.in_(
            select(_VISITOR.c.reservation_id).where(_VISITOR.c.name.ilike(pattern))
        ),
    ]
    if text.isdigit() and len(text) >= 4:
        conditions.append(_RESERVATION.c.phone.endswith(text[-4:]))
    checked = (
        select(func.count())
        .where(_VISITOR.c.reservation_id == _RESERVATION.c.id)
        .where(_VISITOR.c.checked_in_at.isnot(None))
        .scalar_subquery()
    )
    today_first = case(
        ((_SESSION.c.starts_at >= day_start) & (_SESSION.c.starts_at < day_end), 0), else_=1
    )
    rows = conn.execute(
        select(
            _RESERVATION.c.code,
            _RESERVATION.c.contact_name,
            _RESERVATION.c.phone,
            _RESERVATION.c.session_id,
            _SESSION.c.starts_at,
            _RESERVATION.c.party_size,
            _RESERVATION.c.status,
            checked,
        )
        .join(_SESSION, _SESSION.c.id == _RESERVATION.c.session_id)
        .where(or_(*conditions))
        .order_by(today_first, _SESSION.c.starts_at, _RESERVATION.c.contact_name)
        .limit(limit)
    )
    return [BookingHit(*tuple(row)) for row in rows]
