"""Read-only look-ups for the kiosk's pages: the session being served, a booking search, a
party's details, and the room left in groups and sessions (to move a party or add walk-ins).

Nothing here writes; the phone numbers these return are masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import Connection

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import InputError
from kiosk.core.masking import mask_phone
from kiosk.core.scan import normalise_scan
from kiosk.services.env import ServiceEnv
from kiosk.services.results import VisitorInfo
from kiosk.store import bookings
from kiosk.store import sessions as session_sql
from kiosk.store.bookings import BookingRecord
from kiosk.store.db import read_connection
from kiosk.store.party import session_groups as groups_of
from kiosk.store.placement import placements
from kiosk.store.sessions import SessionRecord


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
    """One search hit for gate staff; the phone number is masked.

    Attributes:
        reason: why it matched, a :class:`kiosk.core.search.MatchReason` value (``"pinyin_
            initials"``, ``"phone"`` …); the best reason when several apply.
        matched: the name as stored that matched (``"王小明"``), the code for a code match,
            empty for phone digits (the number is shown masked, never repeated).
        names: the contact's and the visitors' names as stored, contact first, no repeats.
    """

    code: str
    contact_name: str
    phone_masked: str
    session_id: str
    starts_at: datetime
    party_size: int
    checked_in: int
    status: str
    reason: str = ""
    matched: str = ""
    names: tuple[str, ...] = ()


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
    if env.route is not None:  # a kiosk of a hub: its replica while the hub does not answer
        return env.route.run(env, current_session)
    now = env.now()
    _, day_end = local_day_bounds(now, env.settings.zone)
    with read_connection(env.engine) as db:
        rows = session_sql.sessions_starting(db, now - env.grace_after, day_end)
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
    """Find bookings by name (pinyin, initials, a typo), code or the last phone digits, best
    first with the reason each matched (see :func:`kiosk.services.search.find_bookings`).

    Today's sessions come first within a reason. Phone numbers are masked: gate staff see
    enough to ask "is your number 138****5678?", never the whole number.
    """
    if env.route is not None:
        return env.route.run(env, lambda here: search_reservations(here, query, limit=limit))
    from kiosk.services import search

    return search.find_bookings(env, query, limit=limit)


def party_details(env: ServiceEnv, code: str) -> PartyDetails:
    """A reservation and each of its people with group and guide (phone masked).

    Raises:
        InputError: the reservation is unknown.
    """
    with read_connection(env.engine) as db:
        reservation = find_booking(db, code)
        session = session_sql.session_by_id(db, reservation.session_id)
        people = placements(db, reservation_id=reservation.id)
    assert session is not None  # a reservation's session is a foreign key
    visitors = tuple(
        VisitorInfo(
            id=p.visitor_id,
            seq=p.seq,
            name=p.name,
            badge_code=p.badge_code,
            group=p.group,
            colour=p.colour,
            guide=p.guide,
            guide_languages=p.guide_languages,
            meeting_point=p.meeting_point,
            checked_in_at=env.local(p.checked_in_at),
            checked_out_at=env.local(p.checked_out_at),
            kiosk_id=p.kiosk_id,
        )
        for p in people
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
    """The groups of a session in departure order, with how many are placed in each."""
    with read_connection(env.engine) as db:
        groups = groups_of(db, session_id)
    return [
        GroupRoom(
            id=g.id,
            letter=g.letter,
            colour=g.colour,
            guide=g.guide,
            capacity=g.capacity,
            assigned=g.count,
        )
        for g in groups
    ]


def sessions_with_room(env: ServiceEnv) -> list[SessionRoom]:
    """Today's sessions that have not ended, with their free places (for walk-ins)."""
    now = env.now()
    start, end = local_day_bounds(now, env.settings.zone)
    with read_connection(env.engine) as db:
        sessions = session_sql.sessions_starting(db, start, end)
        return [session_room(db, s, env.settings.zone) for s in sessions if s.ends_at > now]


def booking_codes(env: ServiceEnv, session_id: str, *, status: str = "confirmed") -> list[str]:
    """The codes of a session's bookings in a given status, in the order they were imported."""
    with read_connection(env.engine) as db:
        return bookings.codes_of_session(db, session_id, status)


def find_booking(db: Connection, code: str) -> BookingRecord:
    """The reservation a typed or scanned code names.

    Raises:
        InputError: no reservation has that code.
    """
    wanted = normalise_scan(code).strip().upper()
    found = bookings.booking_by_code(db, wanted)
    if found is None:
        raise InputError(f"There is no reservation {wanted}.", f"没有预约 {wanted}。")
    return found


def session_room(db: Connection, session: SessionRecord, zone: tzinfo) -> SessionRoom:
    """A session's places (its groups' when it has none set) and the places booked; its
    times in the site's ``zone``."""
    capacity, booked = session_sql.places(db, session)
    return SessionRoom(
        id=session.id,
        starts_at=session.starts_at.astimezone(zone),
        ends_at=session.ends_at.astimezone(zone),
        label_en=session.label_en,
        label_zh=session.label_zh,
        capacity=capacity,
        booked=booked,
    )
