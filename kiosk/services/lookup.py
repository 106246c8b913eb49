"""Read-only look-ups for the kiosk's pages: the session being served, a booking search, a
party's details, and the room left in groups and sessions (to move a party or add walk-ins).

Nothing here writes; the phone numbers these return are masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlmodel import Session, col

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import InputError
from kiosk.core.masking import mask_phone
from kiosk.core.scan import normalise_scan
from kiosk.services.env import ServiceEnv
from kiosk.services.results import VisitorInfo
from kiosk.store.db import read_session
from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor


@dataclass(frozen=True)
class SessionInfo:
    """The session a kiosk is serving now, for the Scan page."""

    id: str
    starts_at: datetime
    ends_at: datetime
    label_zh: str
    label_en: str
    capacity: int


@dataclass(frozen=True)
class ReservationSummary:
    """One search hit for gate staff; the phone number is masked."""

    code: str
    contact_name: str
    phone_masked: str
    session_id: str
    starts_at: datetime
    party_size: int
    checked_in: int
    status: str


@dataclass(frozen=True)
class PartyDetails:
    """A reservation with each of its people, for the staff tools page."""

    code: str
    contact_name: str
    phone_masked: str
    session_id: str
    starts_at: datetime
    party_size: int
    status: str
    language: str
    notes: str
    pre_assigned_group: str | None
    visitors: tuple[VisitorInfo, ...]

    @property
    def checked_in(self) -> int:
        return sum(1 for v in self.visitors if v.checked_in_at is not None)

    @property
    def on_site(self) -> int:
        return sum(
            1 for v in self.visitors if v.checked_in_at is not None and v.checked_out_at is None
        )


@dataclass(frozen=True)
class GroupRoom:
    """A group of a session and how many people are already placed in it."""

    id: int
    letter: str
    colour: str
    guide: str | None
    capacity: int
    assigned: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.assigned, 0)


@dataclass(frozen=True)
class SessionRoom:
    """A session of today and how many more people it can take (walk-ins)."""

    id: str
    starts_at: datetime
    ends_at: datetime
    label_en: str
    label_zh: str
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


def current_session(env: ServiceEnv) -> SessionInfo | None:
    """The session whose check-in window is open now, else the next one today, else None."""
    now = env.now()
    _, day_end = local_day_bounds(now, env.settings.zone)
    with read_session(env.engine) as db:
        rows = db.scalars(
            select(TourSession)
            .where(TourSession.starts_at >= now - env.grace_after)  # type: ignore[arg-type, operator]
            .where(TourSession.starts_at < day_end)  # type: ignore[arg-type, operator]
            .order_by(TourSession.starts_at)  # type: ignore[arg-type]
        ).all()
    if not rows:
        return None
    open_now = [s for s in rows if s.starts_at - env.window_opens <= now]
    chosen = open_now[0] if open_now else rows[0]
    return SessionInfo(
        chosen.id,
        chosen.starts_at.astimezone(env.settings.zone),
        chosen.ends_at.astimezone(env.settings.zone),
        chosen.label_zh,
        chosen.label_en,
        chosen.capacity,
    )


def search_reservations(
    env: ServiceEnv, query: str, *, limit: int = 20
) -> list[ReservationSummary]:
    """Find bookings by contact or visitor name, or by the last four digits of the phone.

    Today's sessions come first. Phone numbers are masked: gate staff see enough to ask
    "is your number 138****5678?", never the whole number.
    """
    text = normalise_scan(query).strip()
    if len(text) < 2:
        return []
    day_start, day_end = local_day_bounds(env.now(), env.settings.zone)
    with read_session(env.engine) as db:
        conditions = []
        if text.isdigit() and len(text) >= 4:
            conditions.append(Reservation.phone.endswith(text[-4:]))  # type: ignore[attr-defined]
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        conditions.append(Reservation.contact_name.ilike(pattern))  # type: ignore[attr-defined]
        conditions.append(Reservation.code == text.upper())
        visitor_match = select(Visitor.reservation_id).where(
            Visitor.name.ilike(pattern)  # type: ignore[attr-defined]
        )
        conditions.append(Reservation.id.in_(visitor_match))  # type: ignore[union-attr]
        checked = (
            select(func.count())
            .where(Visitor.reservation_id == Reservation.id)
            .where(Visitor.checked_in_at.isnot(None))  # type: ignore[union-attr]
            .scalar_subquery()
        )
        today_first = case(
            (
                (TourSession.starts_at >= day_start)  # type: ignore[operator]
                & (TourSession.starts_at < day_end),  # type: ignore[operator]
                0,
            ),
            else_=1,
        )
        rows = db.execute(
            select(Reservation, TourSession.starts_at, checked)
            .join(TourSession, TourSession.id == Reservation.session_id)  # type: ignore[arg-type]
            .where(or_(*conditions))
            .order_by(today_first, TourSession.starts_at, Reservation.contact_name)
            .limit(limit)
        ).all()
    return [
        ReservationSummary(
            code=r.code,
            contact_name=r.contact_name,
            phone_masked=mask_phone(r.phone),
            session_id=r.session_id,
            starts_at=starts.astimezone(env.settings.zone),
            party_size=r.party_size,
            checked_in=int(n),
            status=r.status,
        )
        for r, starts, n in rows
    ]


def party_details(env: ServiceEnv, code: str) -> PartyDetails:
    """A reservation and each of its people with group and guide (phone masked).

    Raises:
        InputError: the reservation is unknown.
    """
    with read_session(env.engine) as db:
        reservation = find_reservation(db, code)
        session = db.get(TourSession, reservation.session_id)
        assert session is not None
        rows = db.execute(
            select(
                Visitor,
                col(TourGroup.letter),
                col(TourGroup.colour),
                col(Guide.name),
                col(Guide.languages),
                col(TourGroup.meeting_point),
            )
            .outerjoin(TourGroup, col(TourGroup.id) == col(Visitor.group_id))
            .outerjoin(Guide, col(Guide.id) == col(TourGroup.guide_id))
            .where(col(Visitor.reservation_id) == reservation.id)
            .order_by(col(Visitor.seq))
        ).all()
    visitors = tuple(
        VisitorInfo(
            id=v.id or 0,
            seq=v.seq,
            name=v.name,
            badge_code=v.badge_code,
            group=letter,
            colour=colour,
            guide=guide,
            guide_languages=languages,
            meeting_point=meeting_point,
            checked_in_at=env.local(v.checked_in_at),
            checked_out_at=env.local(v.checked_out_at),
            kiosk_id=v.kiosk_id,
        )
        for v, letter, colour, guide, languages, meeting_point in rows
    )
    return PartyDetails(
        code=reservation.code,
        contact_name=reservation.contact_name,
        phone_masked=mask_phone(reservation.phone),
        session_id=reservation.session_id,
        starts_at=session.starts_at.astimezone(env.settings.zone),
        party_size=reservation.party_size,
        status=reservation.status,
        language=reservation.language,
        notes=reservation.notes,
        pre_assigned_group=reservation.pre_assigned_group,
        visitors=visitors,
    )


def session_groups(env: ServiceEnv, session_id: str) -> list[GroupRoom]:
    """The groups of a session with how many are placed in each (to pick a move target)."""
    with read_session(env.engine) as db:
        assigned = dict(
            db.execute(
                select(col(Visitor.group_id), func.count())
                .where(col(Visitor.session_id) == session_id)
                .where(col(Visitor.group_id).isnot(None))
                .group_by(col(Visitor.group_id))
            ).all()
        )
        rows = db.execute(
            select(TourGroup, col(Guide.name))
            .outerjoin(Guide, col(Guide.id) == col(TourGroup.guide_id))
            .where(col(TourGroup.session_id) == session_id)
            .order_by(col(TourGroup.letter))
        ).all()
    return [
        GroupRoom(
            id=g.id or 0,
            letter=g.letter,
            colour=g.colour,
            guide=guide,
            capacity=g.capacity,
            assigned=int(assigned.get(g.id, 0)),
        )
        for g, guide in rows
    ]


def sessions_with_room(env: ServiceEnv) -> list[SessionRoom]:
    """Today's sessions that have not ended, with their free places (for walk-ins)."""
    now = env.now()
    start, end = local_day_bounds(now, env.settings.zone)
    with read_session(env.engine) as db:
        sessions = db.scalars(
            select(TourSession)
            .where(col(TourSession.starts_at) >= start)
            .where(col(TourSession.starts_at) < end)
            .where(col(TourSession.ends_at) > now)
            .order_by(col(TourSession.starts_at))
        ).all()
        return [session_room(db, s) for s in sessions]


def find_reservation(db: Session, code: str) -> Reservation:
    """The reservation a typed or scanned code names.

    Raises:
        InputError: no reservation has that code.
    """
    wanted = normalise_scan(code).strip().upper()
    reservation = db.scalars(select(Reservation).where(col(Reservation.code) == wanted)).first()
    if reservation is None:
        raise InputError(f"There is no reservation {wanted}.", f"没有预约 {wanted}。")
    return reservation


def session_room(db: Session, session: TourSession) -> SessionRoom:
    """A session's capacity (its groups' places when it has none) and its booked places."""
    booked = int(
        db.execute(
            select(func.count())
            .select_from(Visitor)
            .join(Reservation, col(Reservation.id) == col(Visitor.reservation_id))
            .where(col(Visitor.session_id) == session.id)
            .where(col(Reservation.status) == "confirmed")
        ).scalar_one()
    )
    capacity = session.capacity
    if capacity <= 0:
        capacity = int(
            db.execute(
                select(func.coalesce(func.sum(col(TourGroup.capacity)), 0)).where(
                    col(TourGroup.session_id) == session.id
                )
            ).scalar_one()
        )
    return SessionRoom(
        id=session.id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        label_en=session.label_en,
        label_zh=session.label_zh,
        capacity=capacity,
        booked=booked,
    )


def booking_codes(env: ServiceEnv, session_id: str, *, status: str = "confirmed") -> list[str]:
    """The codes of a session's bookings in a given status, in the order they were imported."""
    with read_session(env.engine) as db:
        return list(
            db.scalars(
                select(col(Reservation.code))
                .where(col(Reservation.status) == status)
                .where(col(Reservation.session_id) == session_id)
                .order_by(col(Reservation.id))
            )
        )
