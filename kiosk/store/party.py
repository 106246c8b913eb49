"""The SQL of check-in, check-out and undo: find a party, read it, place and admit it.

Every statement is built once at import and runs on a bare Core connection with bound
values: a check-in is about six cached statements and no ORM unit of work (the scan path's
budget is a few milliseconds). The decisions are the services'; this module only reads and
writes rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, bindparam, func, insert, select, update

from kiosk.store.locks import lock_session_groups
from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor, table_of


@dataclass(frozen=True)
class VisitorRow:
    """One person of a party as check-in sees them."""

    id: int
    seq: int
    name: str
    badge_code: str
    group_id: int | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    kiosk_id: str | None


@dataclass(frozen=True)
class BookingRow:
    """A reservation with its session's times: what the admission rules look at."""

    id: int
    code: str
    session_id: str
    contact_name: str
    language: str
    notes: str
    accessibility: bool
    status: str
    pre_assigned_group: str | None
    provisional: bool
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class GroupRow:
    """A group of a session with its guide and how many people are placed in it."""

    id: int
    letter: str
    capacity: int
    colour: str
    meeting_point: str
    guide: str | None
    guide_languages: str | None
    count: int


@dataclass(frozen=True)
class PartyRows:
    """A reservation and its people in ``seq`` order."""

    reservation: BookingRow
    visitors: tuple[VisitorRow, ...]


@dataclass(frozen=True)
class BadgeHit:
    """A scanned badge code: whose badge it is."""

    visitor_id: int
    reservation_id: int


_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)
_SESSION = table_of(TourSession)
_GROUP = table_of(TourGroup)
_GUIDE = table_of(Guide)

BOOKING_COLUMNS = (
    _RESERVATION.c.id,
    _RESERVATION.c.code,
    _RESERVATION.c.session_id,
    _RESERVATION.c.contact_name,
    _RESERVATION.c.language,
    _RESERVATION.c.notes,
    _RESERVATION.c.accessibility,
    _RESERVATION.c.status,
    _RESERVATION.c.pre_assigned_group,
    _RESERVATION.c.provisional,
    _SESSION.c.starts_at,
    _SESSION.c.ends_at,
)
"""A :class:`BookingRow`'s columns, in its order (reservation joined to its session)."""
VISITOR_COLUMNS = (
    _VISITOR.c.id,
    _VISITOR.c.seq,
    _VISITOR.c.name,
    _VISITOR.c.badge_code,
    _VISITOR.c.group_id,
    _VISITOR.c.checked_in_at,
    _VISITOR.c.checked_out_at,
    _VISITOR.c.kiosk_id,
)
"""A :class:`VisitorRow`'s columns, in its order."""

_BOOKING_BY_ID = (
    select(*BOOKING_COLUMNS)
    .join(_SESSION, _SESSION.c.id == _RESERVATION.c.session_id)
    .where(_RESERVATION.c.id == bindparam("rid"))
)
_ID_BY_CODE = select(_RESERVATION.c.id).where(_RESERVATION.c.code == bindparam("code"))
_BADGE = select(_VISITOR.c.id, _VISITOR.c.reservation_id).where(
    _VISITOR.c.badge_code == bindparam("code")
)
_BADGE_BY_TAIL = (
    select(_VISITOR.c.id, _VISITOR.c.reservation_id)
    .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
    .where(_VISITOR.c.badge_code.like(bindparam("pattern", type_=String())))
    .where(_VISITOR.c.badge_code == _RESERVATION.c.code + bindparam("tail", type_=String()))
    .limit(2)
)
_SESSION_EXISTS = select(_SESSION.c.id).where(_SESSION.c.id == bindparam("sid"))
_VISITORS = (
    select(*VISITOR_COLUMNS)
    .where(_VISITOR.c.reservation_id == bindparam("rid"))
    .order_by(_VISITOR.c.seq)
)
_PLACED = (
    select(func.count())
    .where(_VISITOR.c.group_id == _GROUP.c.id)
    .correlate(_GROUP)
    .scalar_subquery()
)
_GROUPS = (
    select(
        _GROUP.c.id,
        _GROUP.c.letter,
        _GROUP.c.capacity,
        _GROUP.c.colour,
        _GROUP.c.meeting_point,
        _GUIDE.c.name,
        _GUIDE.c.languages,
        _PLACED,
    )
    .outerjoin(_GUIDE, _GUIDE.c.id == _GROUP.c.guide_id)
    .where(_GROUP.c.session_id == bindparam("sid"))
    # Departure order (core.groups.departure_order): A … Z, then AA, AB … (text order would
    # put AA before B).
    .order_by(func.length(_GROUP.c.letter), _GROUP.c.letter)
)
_ADMIT = (
    update(_VISITOR)
    .where(_VISITOR.c.id.in_(bindparam("ids", expanding=True)))
    .where(_VISITOR.c.checked_in_at.is_(None))
    .values(
        checked_in_at=bindparam("at"),
        checked_out_at=None,
        kiosk_id=bindparam("kiosk"),
        group_id=bindparam("gid"),
    )
)
_NEW_BOOKING = insert(_RESERVATION).returning(_RESERVATION.c.id)
_NEW_VISITORS = insert(_VISITOR)

LOCAL_IDS_OPTION = "kiosk_local_ids"
"""Execution option of a kiosk's replica: bookings it creates itself get negative ids.

The replica copies the hub's rows with the hub's (positive) ids; a booking a kiosk admits
offline on a signed ticket must never take an id the hub will hand out later.
"""


def _local_ids(conn: Connection, table_id: Any, count: int) -> list[int] | None:
    """``count`` fresh negative ids when the connection is a replica's, else None."""
    if not conn.get_execution_options().get(LOCAL_IDS_OPTION):
        return None
    lowest = conn.execute(select(func.min(table_id))).scalar()
    start = min(int(lowest or 0), 0) - 1
    return list(range(start, start - count, -1))


def reservation_id(conn: Connection, code: str) -> int | None:
    """The id of the reservation with this (upper-case) code, if any."""
    value = conn.execute(_ID_BY_CODE, {"code": code}).scalar_one_or_none()
    return None if value is None else int(value)


def badge_owner(conn: Connection, code: str) -> BadgeHit | None:
    """Whose badge code this is, if any visitor has it."""
    row = conn.execute(_BADGE, {"code": code}).first()
    return None if row is None else BadgeHit(int(row.id), int(row.reservation_id))


def badge_by_tail(conn: Connection, tail: str) -> BadgeHit | None:
    """The one visitor whose badge code is their booking's code followed by ``tail``.

    An Eventbrite barcode is the order number, the attendee number and "001": a visitor who
    types only the attendee number is found this way. Never a guess: None unless exactly
    one badge fits. ``tail`` must hold no LIKE wildcards (it is digits). The suffix match
    reads every badge code, so it is kept for codes that are otherwise unknown.
    """
    rows = conn.execute(_BADGE_BY_TAIL, {"pattern": f"%{tail}", "tail": tail}).all()
    if len(rows) != 1:
        return None
    return BadgeHit(int(rows[0].id), int(rows[0].reservation_id))


def session_exists(conn: Connection, session_id: str) -> bool:
    return conn.execute(_SESSION_EXISTS, {"sid": session_id}).first() is not None


def load_party(conn: Connection, reservation_id: int) -> PartyRows:
    """A reservation (which must exist) and its people."""
    row = conn.execute(_BOOKING_BY_ID, {"rid": reservation_id}).one()
    booking = BookingRow(*tuple(row))
    rows = conn.execute(_VISITORS, {"rid": reservation_id}).all()
    return PartyRows(booking, tuple(VisitorRow(*row) for row in rows))


def session_groups(conn: Connection, session_id: str, *, lock: bool = False) -> list[GroupRow]:
    """A session's groups in departure order, with guides and people placed.

    Args:
        lock: take the session's group locks first (before placing people in them).
    """
    if lock:
        lock_session_groups(conn, session_id)
    return [GroupRow(*row) for row in conn.execute(_GROUPS, {"sid": session_id}).all()]


def admit(
    conn: Connection,
    visitor_ids: Sequence[int],
    *,
    at: datetime,
    kiosk_id: str,
    group_id: int | None,
) -> int:
    """Mark visitors in (only those not in yet) in one group; returns how many changed."""
    done = conn.execute(
        _ADMIT, {"ids": list(visitor_ids), "at": at, "kiosk": kiosk_id, "gid": group_id}
    ).rowcount
    return int(done)


def set_visitor_state(
    conn: Connection, visitor_ids: Sequence[int], values: dict[str, object]
) -> None:
    """Set columns of the given visitors (check-out and undo)."""
    conn.execute(update(_VISITOR).where(_VISITOR.c.id.in_(list(visitor_ids))).values(**values))


def create_provisional_booking(
    conn: Connection, *, code: str, session_id: str, party_size: int
) -> int:
    """Insert a booking vouched for by a signed ticket, one visitor per person; returns its id.

    Raises:
        IntegrityError: another kiosk created the same booking first.
    """
    local_booking = _local_ids(conn, _RESERVATION.c.id, 1)
    local_visitors = _local_ids(conn, _VISITOR.c.id, party_size)
    new_id = conn.execute(
        _NEW_BOOKING,
        {
            **({"id": local_booking[0]} if local_booking else {}),
            "code": code,
            "session_id": session_id,
            "contact_name": "",
            "phone": "",
            "party_size": party_size,
            "language": "zh",
            "notes": "Admitted on a signed ticket before the reservation was synced.",
            "accessibility": False,
            "status": "confirmed",
            "pre_assigned_group": None,
            "provisional": True,
            "source": "signed-ticket",
            "sync_run_id": None,
            "row_hash": "",
        },
    ).scalar_one()
    conn.execute(
        _NEW_VISITORS,
        [
            {
                **({"id": local_visitors[seq - 1]} if local_visitors else {}),
                "reservation_id": new_id,
                "session_id": session_id,
                "seq": seq,
                "name": "",
                "badge_code": f"{code}-{seq}",
                "group_id": None,
                "checked_in_at": None,
                "checked_out_at": None,
                "kiosk_id": None,
            }
            for seq in range(1, party_size + 1)
        ],
    )
    return int(new_id)
