"""A tour group for its guide: the group, its session, and the people it leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, select

from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor, table_of

_GROUP = table_of(TourGroup)
_SESSION = table_of(TourSession)
_GUIDE = table_of(Guide)
_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)


@dataclass(frozen=True)
class GroupDetail:
    """A group with its guide and its session's times and labels."""

    id: int
    letter: str
    colour: str
    capacity: int
    meeting_point: str
    guide: str | None
    guide_languages: str | None
    session_id: str
    starts_at: datetime
    label_en: str
    label_zh: str


@dataclass(frozen=True)
class Member:
    """One person a group leads or will lead."""

    code: str
    seq: int
    party_size: int
    name: str
    contact_name: str
    language: str
    accessibility: bool
    notes: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None


def group_detail(conn: Connection, group_id: int) -> GroupDetail | None:
    row = conn.execute(
        select(
            _GROUP.c.id,
            _GROUP.c.letter,
            _GROUP.c.colour,
            _GROUP.c.capacity,
            _GROUP.c.meeting_point,
            _GUIDE.c.name,
            _GUIDE.c.languages,
            _SESSION.c.id,
            _SESSION.c.starts_at,
            _SESSION.c.label_en,
            _SESSION.c.label_zh,
        )
        .join(_SESSION, _SESSION.c.id == _GROUP.c.session_id)
        .outerjoin(_GUIDE, _GUIDE.c.id == _GROUP.c.guide_id)
        .where(_GROUP.c.id == group_id)
    ).first()
    return None if row is None else GroupDetail(*tuple(row))


def members(conn: Connection, group: GroupDetail) -> list[Member]:
    """People placed in the group (in, or out since) and the not-yet-arrived people of
    confirmed parties pre-assigned to it, by party code and place in the party."""
    placed = (_VISITOR.c.group_id == group.id) | and_(
        _VISITOR.c.checked_in_at.is_(None),
        _VISITOR.c.session_id == group.session_id,
        _RESERVATION.c.pre_assigned_group == group.letter,
        _RESERVATION.c.status == "confirmed",
    )
    rows = conn.execute(
        select(
            _RESERVATION.c.code,
            _VISITOR.c.seq,
            _RESERVATION.c.party_size,
            _VISITOR.c.name,
            _RESERVATION.c.contact_name,
            _RESERVATION.c.language,
            _RESERVATION.c.accessibility,
            _RESERVATION.c.notes,
            _VISITOR.c.checked_in_at,
            _VISITOR.c.checked_out_at,
        )
        .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
        .where(placed)
        .order_by(_RESERVATION.c.code, _VISITOR.c.seq)
    )
    return [Member(*tuple(row)) for row in rows]
