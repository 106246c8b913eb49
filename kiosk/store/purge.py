"""Erasing personal detail of past sessions while keeping their counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, or_, select, update

from kiosk.store.models import Reservation, TourSession, Visitor, table_of

_SESSION = table_of(TourSession)
_RESERVATION = table_of(Reservation)
_VISITOR = table_of(Visitor)


@dataclass(frozen=True)
class Erased:
    """How many sessions were past, and how many bookings and visitors lost personal data."""

    sessions: int
    reservations: int
    visitors: int


def erase_personal_data(conn: Connection, before: datetime) -> Erased:
    """Blank names, phones and notes of sessions that started before ``before``."""
    past = select(_SESSION.c.id).where(_SESSION.c.starts_at < before)
    sessions = int(conn.execute(select(func.count()).select_from(past.subquery())).scalar_one())
    reservations = conn.execute(
        update(_RESERVATION)
        .where(_RESERVATION.c.session_id.in_(past))
        .where(
            or_(
                _RESERVATION.c.contact_name != "",
                _RESERVATION.c.phone != "",
                _RESERVATION.c.notes != "",
                _RESERVATION.c.search_keys.isnot(None),
            )
        )
        .values(contact_name="", phone="", notes="", search_keys=None)
    ).rowcount
    visitors = conn.execute(
        update(_VISITOR)
        .where(_VISITOR.c.session_id.in_(past))
        .where(_VISITOR.c.name != "")
        .values(name="")
    ).rowcount
    return Erased(sessions, int(reservations), int(visitors))
