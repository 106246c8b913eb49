"""Where each visitor stands: visitor -> reservation -> session -> group -> guide, in one join.

The roster, a party's details, badges and the check-in export all show the same facts about
a visitor; they read them here, filtered for what they need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor, table_of

_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)
_SESSION = table_of(TourSession)
_GROUP = table_of(TourGroup)
_GUIDE = table_of(Guide)


@dataclass(frozen=True)
class Placement:
    """One visitor with their booking, session, group and guide (None: not placed yet)."""

    visitor_id: int
    seq: int
    name: str
    badge_code: str
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    kiosk_id: str | None
    reservation_id: int
    code: str
    contact_name: str
    phone: str
    party_size: int
    language: str
    accessibility: bool
    notes: str
    status: str
    pre_assigned_group: str | None
    session_id: str
    starts_at: datetime
    ends_at: datetime
    group_id: int | None
    group: str | None
    colour: str | None
    meeting_point: str | None
    guide: str | None
    guide_languages: str | None


_PLACEMENTS = (
    select(
        _VISITOR.c.id,
        _VISITOR.c.seq,
        _VISITOR.c.name,
        _VISITOR.c.badge_code,
        _VISITOR.c.checked_in_at,
        _VISITOR.c.checked_out_at,
        _VISITOR.c.kiosk_id,
        _RESERVATION.c.id,
        _RESERVATION.c.code,
        _RESERVATION.c.contact_name,
        _RESERVATION.c.phone,
        _RESERVATION.c.party_size,
        _RESERVATION.c.language,
        _RESERVATION.c.accessibility,
        _RESERVATION.c.notes,
        _RESERVATION.c.status,
        _RESERVATION.c.pre_assigned_group,
        _SESSION.c.id,
        _SESSION.c.starts_at,
        _SESSION.c.ends_at,
        _GROUP.c.id,
        _GROUP.c.letter,
        _GROUP.c.colour,
        _GROUP.c.meeting_point,
        _GUIDE.c.name,
        _GUIDE.c.languages,
    )
    .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
    .join(_SESSION, _SESSION.c.id == _VISITOR.c.session_id)
    .outerjoin(_GROUP, _GROUP.c.id == _VISITOR.c.group_id)
    .outerjoin(_GUIDE, _GUIDE.c.id == _GROUP.c.guide_id)
)


def placements(
    conn: Connection,
    *,
    visitor_ids: Sequence[int] | None = None,
    reservation_id: int | None = None,
    session_id: str | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    checked_in: bool = False,
    on_site: bool = False,
) -> list[Placement]:
    """Visitors with everything around them, in session, party and ``seq`` order.

    Args:
        visitor_ids: only these visitors.
        reservation_id: only this party.
        session_id: only this session.
        starts_from: only sessions starting at or after this instant.
        starts_before: only sessions starting before this instant.
        checked_in: only visitors who were checked in (and maybe left since).
        on_site: only visitors checked in and not checked out.
    """
    query = _PLACEMENTS
    if visitor_ids is not None:
        query = query.where(_VISITOR.c.id.in_(list(visitor_ids)))
    if reservation_id is not None:
        query = query.where(_VISITOR.c.reservation_id == reservation_id)
    if session_id is not None:
        query = query.where(_VISITOR.c.session_id == session_id)
    if starts_from is not None:
        query = query.where(_SESSION.c.starts_at >= starts_from)
    if starts_before is not None:
        query = query.where(_SESSION.c.starts_at < starts_before)
    if checked_in or on_site:
        query = query.where(_VISITOR.c.checked_in_at.isnot(None))
    if on_site:
        query = query.where(_VISITOR.c.checked_out_at.is_(None))
    query = query.order_by(_SESSION.c.starts_at, _RESERVATION.c.code, _VISITOR.c.seq)
    return [Placement(*tuple(row)) for row in conn.execute(query)]
