"""The dashboard's counting queries: a day's sessions by group, in one round trip each.

Plain rows on one connection with prebuilt statements: dashboards refresh on every change, and
building SQL or ORM objects would cost more than the SQL itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, case, func, or_, select

from kiosk.store.models import Guide, Reservation, ScanEvent, TourGroup, Visitor, table_of
from kiosk.store.types import UTCDateTime

_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)
_GROUP = table_of(TourGroup)
_GUIDE = table_of(Guide)
_EVENT = table_of(ScanEvent)


@dataclass(frozen=True)
class GroupTally:
    """People of a session in one group (None: not placed yet), by state."""

    session_id: str
    group_id: int | None
    booked: int
    checked_in: int
    on_site: int
    checked_out: int


@dataclass(frozen=True)
class GroupLine:
    """A group of a session as the dashboard lists it."""

    id: int
    session_id: str
    letter: str
    colour: str
    capacity: int
    meeting_point: str
    guide: str | None


_CHECKED_IN = _VISITOR.c.checked_in_at.isnot(None)
_CONFIRMED = _RESERVATION.c.status == "confirmed"
_TALLIES = (
    select(
        _VISITOR.c.session_id,
        _VISITOR.c.group_id,
        func.count(case((_CONFIRMED, 1))),
        func.count(_VISITOR.c.checked_in_at),
        func.count(case((and_(_CHECKED_IN, _VISITOR.c.checked_out_at.is_(None)), 1))),
        func.count(_VISITOR.c.checked_out_at),
    )
    .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
    .where(_VISITOR.c.session_id.in_(bindparam("ids", expanding=True)))
    .where(or_(_CONFIRMED, _CHECKED_IN))
    .group_by(_VISITOR.c.session_id, _VISITOR.c.group_id)
)
_GROUPS = (
    select(
        _GROUP.c.id,
        _GROUP.c.session_id,
        _GROUP.c.letter,
        _GROUP.c.colour,
        _GROUP.c.capacity,
        _GROUP.c.meeting_point,
        _GUIDE.c.name,
    )
    .outerjoin(_GUIDE, _GUIDE.c.id == _GROUP.c.guide_id)
    .where(_GROUP.c.session_id.in_(bindparam("ids", expanding=True)))
    # Departure order within each session (core.groups.departure_order).
    .order_by(_GROUP.c.session_id, func.length(_GROUP.c.letter), _GROUP.c.letter)
)
_RECENT_SCANS = (
    select(_EVENT.c.kiosk_id, func.count())
    .where(_EVENT.c.at >= bindparam("since", type_=UTCDateTime()))
    .where(_EVENT.c.at <= bindparam("until", type_=UTCDateTime()))
    .group_by(_EVENT.c.kiosk_id)
)
_TOKEN = select(func.coalesce(func.max(_EVENT.c.id), 0))


def tallies(conn: Connection, session_ids: Sequence[str]) -> list[GroupTally]:
    """Booked (confirmed), in, on site and out, per session and group."""
    if not session_ids:
        return []
    rows = conn.execute(_TALLIES, {"ids": list(session_ids)})
    return [GroupTally(*tuple(row)) for row in rows]


def group_lines(conn: Connection, session_ids: Sequence[str]) -> list[GroupLine]:
    """The sessions' groups, by session and in departure order."""
    if not session_ids:
        return []
    return [GroupLine(*tuple(row)) for row in conn.execute(_GROUPS, {"ids": list(session_ids)})]


def scans_by_kiosk(conn: Connection, since: datetime, until: datetime) -> dict[str, int]:
    """How many events each kiosk logged in [since, until]."""
    rows = conn.execute(_RECENT_SCANS, {"since": since, "until": until})
    return {str(kiosk): int(count) for kiosk, count in rows}


def change_token(conn: Connection) -> int:
    """The newest audit event's id: it moves whenever any kiosk changes anything."""
    return int(conn.execute(_TOKEN).scalar_one())
