"""Reservations as staff handle them: find one by code, register a walk-in, pre-assign a group,
move people between groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select, update

from kiosk.store.models import Reservation, TourSession, Visitor, table_of

_RESERVATION = table_of(Reservation)
_VISITOR = table_of(Visitor)
_SESSION = table_of(TourSession)


@dataclass(frozen=True)
class BookingRecord:
    """A reservation's own columns (its people are in ``kiosk.store.placement``)."""

    id: int
    code: str
    session_id: str
    contact_name: str
    phone: str
    party_size: int
    language: str
    notes: str
    accessibility: bool
    status: str
    pre_assigned_group: str | None
    provisional: bool
    source: str


_BY_CODE = select(
    _RESERVATION.c.id,
    _RESERVATION.c.code,
    _RESERVATION.c.session_id,
    _RESERVATION.c.contact_name,
    _RESERVATION.c.phone,
    _RESERVATION.c.party_size,
    _RESERVATION.c.language,
    _RESERVATION.c.notes,
    _RESERVATION.c.accessibility,
    _RESERVATION.c.status,
    _RESERVATION.c.pre_assigned_group,
    _RESERVATION.c.provisional,
    _RESERVATION.c.source,
).where(_RESERVATION.c.code == bindparam("code"))
_CODES_OF_SESSION = (
    select(_RESERVATION.c.code)
    .where(_RESERVATION.c.session_id == bindparam("sid"))
    .where(_RESERVATION.c.status == bindparam("status"))
    .order_by(_RESERVATION.c.id)
)


def booking_by_code(conn: Connection, code: str) -> BookingRecord | None:
    """The reservation with this (upper-case) code, if any."""
    row = conn.execute(_BY_CODE, {"code": code}).first()
    return None if row is None else BookingRecord(*tuple(row))


def codes_of_session(conn: Connection, session_id: str, status: str) -> list[str]:
    """A session's booking codes in one status, in the order they were imported."""
    return [
        str(code) for code in conn.scalars(_CODES_OF_SESSION, {"sid": session_id, "status": status})
    ]


def add_walk_in(
    conn: Connection,
    *,
    code: str,
    session_id: str,
    size: int,
    name: str,
    phone: str,
    language: str,
    notes: str,
) -> int:
    """Insert a walk-in party as a confirmed booking with one visitor per person; its id."""
    from kiosk.core.search import search_keys  # rapidfuzz and pypinyin: not at start-up

    reservation_id = conn.execute(
        insert(_RESERVATION).returning(_RESERVATION.c.id),
        {
            "code": code,
            "session_id": session_id,
            "contact_name": name,
            "phone": phone,
            "party_size": size,
            "language": language,
            "notes": notes,
            "accessibility": False,
            "status": "confirmed",
            "pre_assigned_group": None,
            "provisional": False,
            "source": "walk-in",
            "sync_run_id": None,
            "row_hash": "",
            "search_keys": search_keys([name]),
        },
    ).scalar_one()
    conn.execute(
        insert(_VISITOR),
        [
            {
                "reservation_id": reservation_id,
                "session_id": session_id,
                "seq": seq,
                "name": name if seq == 1 else "",
                "badge_code": f"{code}-{seq}",
            }
            for seq in range(1, size + 1)
        ],
    )
    return int(reservation_id)


def code_taken(conn: Connection, code: str) -> bool:
    return conn.execute(_BY_CODE, {"code": code}).first() is not None


def pre_assign(conn: Connection, reservation_id: int, letter: str) -> None:
    """Send a party's latecomers to this group when they arrive."""
    conn.execute(
        update(_RESERVATION)
        .where(_RESERVATION.c.id == reservation_id)
        .values(pre_assigned_group=letter)
    )


def move_visitors(conn: Connection, visitor_ids: Sequence[int], group_id: int) -> None:
    """Put visitors in another group (their check-in stays as it is)."""
    conn.execute(
        update(_VISITOR).where(_VISITOR.c.id.in_(list(visitor_ids))).values(group_id=group_id)
    )


@dataclass(frozen=True)
class TicketBooking:
    """What a QR ticket carries for one confirmed booking."""

    code: str
    session_id: str
    party_size: int
    starts_at: datetime


def confirmed_bookings(conn: Connection, session_id: str | None = None) -> list[TicketBooking]:
    """Confirmed bookings (of one session, if given) by session start and code."""
    query = (
        select(
            _RESERVATION.c.code,
            _RESERVATION.c.session_id,
            _RESERVATION.c.party_size,
            _SESSION.c.starts_at,
        )
        .join(_SESSION, _SESSION.c.id == _RESERVATION.c.session_id)
        .where(_RESERVATION.c.status == "confirmed")
        .order_by(_SESSION.c.starts_at, _RESERVATION.c.code)
    )
    if session_id is not None:
        query = query.where(_RESERVATION.c.session_id == session_id)
    return [TicketBooking(*tuple(row)) for row in conn.execute(query)]
