"""Supervisor and staff use cases: move a party, walk-ins, reveal a phone, and the read queries
behind the supervisor console (evacuation roster, scan log, guide manifest, arrivals, print jobs).

Every action that changes something or shows personal data appends one ScanEvent (action,
operator, detail as JSON) in the same transaction: the log is the audit trail, never edited.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlmodel import Session, col

from kiosk.core.errors import InputError
from kiosk.core.masking import digest_secret, hint, mask_phone
from kiosk.core.scan import normalise_scan
from kiosk.services.env import ServiceEnv
from kiosk.services.results import CheckInResult, GroupCount, SessionCount, VisitorInfo
from kiosk.store.db import read_session, write_session
from kiosk.store.models import (
    Guide,
    PrintJob,
    Reservation,
    ScanEvent,
    TourGroup,
    TourSession,
    Visitor,
)

ARRIVAL_STEP = timedelta(minutes=5)
WALK_IN_PREFIX = "WALK-"

# --- plain results ------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterEntry:
    """One person on site now: what a fire warden needs to call the roll."""

    visitor_id: int
    session_id: str
    starts_at: datetime
    group: str | None
    colour: str | None
    guide: str | None
    meeting_point: str | None
    code: str
    seq: int
    party_size: int
    name: str
    contact_name: str
    phone_masked: str
    language: str
    accessibility: bool
    checked_in_at: datetime
    kiosk_id: str | None

    @property
    def display_name(self) -> str:
        """The visitor's name, else the contact's with the place in the party."""
        if self.name:
            return self.name
        return f"{self.contact_name or self.code} ({self.seq}/{self.party_size})"


@dataclass(frozen=True)
class ScanLogEntry:
    """One line of the audit log as the supervisor sees it (the input only as a hint)."""

    id: int
    at: datetime
    kiosk_id: str
    operator: str
    action: str
    outcome: str
    reservation_code: str | None
    session_id: str | None
    input_hint: str
    visitor_count: int
    detail: str


@dataclass(frozen=True)
class ManifestMember:
    """One person a guide leads (or will lead, for a pre-assigned party)."""

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


@dataclass(frozen=True)
class GuideManifest:
    """Everything a guide's printed sheet shows for one group."""

    group_id: int
    group: str
    colour: str
    guide: str | None
    guide_languages: str | None
    meeting_point: str
    capacity: int
    session_id: str
    starts_at: datetime
    label_en: str
    label_zh: str
    members: tuple[ManifestMember, ...]

    @property
    def on_site(self) -> int:
        return sum(
            1 for m in self.members if m.checked_in_at is not None and m.checked_out_at is None
        )


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


@dataclass(frozen=True)
class MoveResult:
    """What ``move_party`` did."""

    code: str
    group: str
    moved: int
    from_groups: tuple[str, ...]
    event_id: int


@dataclass(frozen=True)
class WalkIn:
    """A walk-in registered as a reservation of its own (code ``WALK-…``)."""

    code: str
    session_id: str
    size: int
    event_id: int
    check_in: CheckInResult | None = None


@dataclass(frozen=True)
class PrintJobRow:
    """One badge print job, with whose badge it is."""

    id: int
    created_at: datetime
    updated_at: datetime
    status: str
    printer: str
    preset: str
    attempts: int
    reason: str
    kiosk_id: str
    visitor_id: int
    badge_code: str
    name: str


# --- rules --------------------------------------------------------------------------------


def ready_to_depart(group: GroupCount, session: SessionCount, now: datetime) -> bool:
    """Whether a guide may lead this group away now.

    A group is ready when it is full (nobody else can be placed in it), or when the tour's
    start time has come and the group has people: check-in places arrivals into groups as
    they come, so at the start everyone already admitted to this group is at its meeting
    point, and latecomers within the grace period go to a group that is still waiting.
    An empty group is never "ready".
    """
    if group.count <= 0:
        return False
    return group.count >= group.capacity or now >= session.starts_at


# --- actions ------------------------------------------------------------------------------


def move_party(env: ServiceEnv, code: str, group: str, *, reason: str = "") -> MoveResult:
    """Move every person of a party into ``group`` (a letter of the party's session).

    The party's checked-in people change group at once; the reservation is pre-assigned to
    the group so that latecomers of the party follow. The group's capacity is checked against
    the whole party (those not yet in it), so a move never overfills a group.

    Raises:
        InputError: unknown reservation or group, or the group has no room for the party.
    """
    now = env.now()
    letter = group.strip().upper()
    with write_session(env.engine) as db:
        reservation = _reservation_for_update(db, code)
        groups = _lock_groups(db, reservation.session_id)
        target = next((g for g in groups if g.letter.upper() == letter), None)
        if target is None or target.id is None:
            raise InputError(
                f"Session {reservation.session_id} has no group {letter}.",
                f"场次 {reservation.session_id} 没有 {letter} 组。",
            )
        visitors = _visitor_rows(db, reservation.id or 0)
        letters = {g.id: g.letter for g in groups}
        assigned = int(
            db.execute(select(func.count()).where(col(Visitor.group_id) == target.id)).scalar_one()
        )
        joining = [v for v in visitors if v.group_id != target.id]
        if assigned + len(joining) > target.capacity:
            room = max(target.capacity - assigned, 0)
            raise InputError(
                f"Group {target.letter} has room for {room} more; this party needs "
                f"{len(joining)} places.",
                f"{target.letter} 组只剩 {room} 个名额，此预约需要 {len(joining)} 个。",
            )
        movers = [v for v in joining if v.checked_in_at is not None]
        from_groups = tuple(
            sorted({letters.get(v.group_id, "") for v in movers if v.group_id is not None})
        )
        if movers:
            db.execute(
                update(Visitor)
                .where(col(Visitor.id).in_([v.id for v in movers]))
                .values(group_id=target.id)
            )
        db.execute(
            update(Reservation)
            .where(col(Reservation.id) == reservation.id)
            .values(pre_assigned_group=target.letter)
        )
        event_id = _log(
            db,
            env,
            now,
            action="move",
            outcome="moved",
            code=reservation.code,
            session_id=reservation.session_id,
            visitor_ids=[v.id for v in movers],
            detail={"to": target.letter, "from": list(from_groups), "reason": reason},
        )
    return MoveResult(reservation.code, target.letter, len(movers), from_groups, event_id)


def walk_in(
    env: ServiceEnv,
    session_id: str,
    *,
    size: int,
    name: str = "",
    phone: str = "",
    language: str = "zh",
    notes: str = "",
    admit: bool = True,
) -> WalkIn:
    """Register people who came without a booking into a session that still has room.

    The walk-in becomes a reservation of its own (code ``WALK-xxxxxx``) in one transaction,
    checked against the session's free places. With ``admit`` it is then checked in through
    the ordinary check-in use case, so the same window rules and group placement apply; a
    refused admission leaves the registration in place for staff to override.

    Raises:
        InputError: bad size, unknown session, or not enough free places.
    """
    if size < 1:
        raise InputError("A walk-in needs at least one person.", "现场登记至少需要一人。")
    now = env.now()
    with write_session(env.engine) as db:
        query = select(TourSession).where(col(TourSession.id) == session_id)
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        session = db.scalars(query).first()
        if session is None:
            raise InputError(f"There is no session {session_id}.", f"没有场次 {session_id}。")
        room = _session_room(db, session)
        if room.free < size:
            raise InputError(
                f"Session {session_id} has {room.free} free places; {size} were asked for.",
                f"场次 {session_id} 只剩 {room.free} 个名额，申请了 {size} 个。",
            )
        code = _new_walk_in_code(db)
        reservation = Reservation(
            code=code,
            session_id=session_id,
            contact_name=name.strip(),
            phone=phone.strip(),
            party_size=size,
            language=language or "zh",
            notes=notes,
            status="confirmed",
            source="walk-in",
        )
        db.add(reservation)
        db.flush()
        db.execute(
            insert(Visitor),
            [
                {
                    "reservation_id": reservation.id,
                    "session_id": session_id,
                    "seq": seq,
                    "name": name.strip() if seq == 1 else "",
                    "badge_code": f"{code}-{seq}",
                }
                for seq in range(1, size + 1)
            ],
        )
        event_id = _log(
            db,
            env,
            now,
            action="walk_in",
            outcome="registered",
            code=code,
            session_id=session_id,
            visitor_ids=[],
            detail={"size": size},
        )
    result = None
    if admit:
        from kiosk.services.checkin import check_in

        result = check_in(env, code)
    return WalkIn(code, session_id, size, event_id, result)


def reveal_phone(env: ServiceEnv, code: str, *, reason: str) -> str:
    """The full phone number of a booking, for a supervisor who must call the party.

    Showing it is logged with the operator and the reason (the number itself is not logged).

    Raises:
        InputError: no reason given, or the reservation is unknown.
    """
    if not reason.strip():
        raise InputError("Showing a phone number needs a reason.", "查看完整电话号码需要填写原因。")
    now = env.now()
    with write_session(env.engine) as db:
        reservation = _reservation(db, code)
        _log(
            db,
            env,
            now,
            action="reveal_phone",
            outcome="shown",
            code=reservation.code,
            session_id=reservation.session_id,
            visitor_ids=[],
            detail={"reason": reason.strip()},
        )
    return reservation.phone


def log_export(env: ServiceEnv, *, what: str, file_name: str, rows: int, contact: bool) -> int:
    """Record that personal data left the kiosk as a file (for the audit log)."""
    with write_session(env.engine) as db:
        return _log(
            db,
            env,
            env.now(),
            action="export",
            outcome="written",
            code=None,
            session_id=None,
            visitor_ids=[],
            detail={"what": what, "file": file_name, "rows": rows, "with_contact": contact},
        )


# --- read queries -------------------------------------------------------------------------


def roster(
    env: ServiceEnv, *, session_id: str | None = None, all_days: bool = False
) -> list[RosterEntry]:
    """Everyone checked in and not checked out: the evacuation roster.

    By default only today's sessions count (a visitor of an earlier day who was never
    checked out is not on site now). Ordered by session, group, party and place in party.
    """
    now = env.now()
    zone = env.settings.zone
    with read_session(env.engine) as db:
        query = (
            select(
                Visitor,
                Reservation,
                col(TourSession.starts_at),
                col(TourGroup.letter),
                col(TourGroup.colour),
                col(TourGroup.meeting_point),
                col(Guide.name),
            )
            .join(Reservation, col(Reservation.id) == col(Visitor.reservation_id))
            .join(TourSession, col(TourSession.id) == col(Visitor.session_id))
            .outerjoin(TourGroup, col(TourGroup.id) == col(Visitor.group_id))
            .outerjoin(Guide, col(Guide.id) == col(TourGroup.guide_id))
            .where(col(Visitor.checked_in_at).isnot(None))
            .where(col(Visitor.checked_out_at).is_(None))
        )
        if session_id is not None:
            query = query.where(col(Visitor.session_id) == session_id)
        elif not all_days:
            start, end = _day_bounds(now, env)
            query = query.where(
                and_(col(TourSession.starts_at) >= start, col(TourSession.starts_at) < end)
            )
        rows = db.execute(query).all()
    entries = [
        RosterEntry(
            visitor_id=v.id or 0,
            session_id=v.session_id,
            starts_at=starts.astimezone(zone),
            group=letter,
            colour=colour,
            guide=guide,
            meeting_point=meeting_point,
            code=r.code,
            seq=v.seq,
            party_size=r.party_size,
            name=v.name,
            contact_name=r.contact_name,
            phone_masked=mask_phone(r.phone),
            language=r.language,
            accessibility=r.accessibility,
            checked_in_at=(v.checked_in_at or now).astimezone(zone),
            kiosk_id=v.kiosk_id,
        )
        for v, r, starts, letter, colour, meeting_point, guide in rows
    ]
    entries.sort(key=lambda e: (e.starts_at, e.session_id, e.group or "~", e.code, e.seq))
    return entries


def scan_log(
    env: ServiceEnv,
    *,
    kiosk_id: str | None = None,
    outcome: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[ScanLogEntry]:
    """The newest scan events first, filtered; the input shows only as a short hint."""
    zone = env.settings.zone
    with read_session(env.engine) as db:
        query = select(ScanEvent).order_by(col(ScanEvent.id).desc())
        if kiosk_id:
            query = query.where(col(ScanEvent.kiosk_id) == kiosk_id)
        if outcome:
            query = query.where(col(ScanEvent.outcome) == outcome)
        if action:
            query = query.where(col(ScanEvent.action) == action)
        if since is not None:
            query = query.where(col(ScanEvent.at) >= since)
        if until is not None:
            query = query.where(col(ScanEvent.at) <= until)
        events = list(db.scalars(query.limit(limit)))
    return [
        ScanLogEntry(
            id=e.id or 0,
            at=e.at.astimezone(zone),
            kiosk_id=e.kiosk_id,
            operator=e.operator,
            action=e.action,
            outcome=e.outcome,
            reservation_code=e.reservation_code,
            session_id=e.session_id,
            input_hint=e.input_hint,
            visitor_count=len([part for part in e.visitor_ids.split(",") if part]),
            detail=e.detail,
        )
        for e in events
    ]


def scan_log_facets(env: ServiceEnv) -> tuple[list[str], list[str], list[str]]:
    """The kiosks, outcomes and actions the log holds, for the viewer's filters."""
    with read_session(env.engine) as db:
        kiosks = sorted(db.scalars(select(col(ScanEvent.kiosk_id)).distinct()))
        outcomes = sorted(db.scalars(select(col(ScanEvent.outcome)).distinct()))
        actions = sorted(db.scalars(select(col(ScanEvent.action)).distinct()))
    return kiosks, outcomes, actions


def guide_manifest(env: ServiceEnv, group_id: int) -> GuideManifest:
    """The people of one group, for the guide's printed sheet.

    Members are the people placed in the group (checked in, or checked out since) plus the
    people of parties pre-assigned to it who have not arrived yet.

    Raises:
        InputError: the group does not exist.
    """
    zone = env.settings.zone
    with read_session(env.engine) as db:
        row = db.execute(
            select(TourGroup, TourSession, Guide)
            .join(TourSession, col(TourSession.id) == col(TourGroup.session_id))
            .outerjoin(Guide, col(Guide.id) == col(TourGroup.guide_id))
            .where(col(TourGroup.id) == group_id)
        ).first()
        if row is None:
            raise InputError(f"There is no group {group_id}.", f"没有编号为 {group_id} 的组。")
        group, session, guide = row
        placed = (col(Visitor.group_id) == group_id) | and_(
            col(Visitor.checked_in_at).is_(None),
            col(Visitor.session_id) == group.session_id,
            col(Reservation.pre_assigned_group) == group.letter,
            col(Reservation.status) == "confirmed",
        )
        members = db.execute(
            select(Visitor, Reservation)
            .join(Reservation, col(Reservation.id) == col(Visitor.reservation_id))
            .where(placed)
            .order_by(col(Reservation.code), col(Visitor.seq))
        ).all()
    return GuideManifest(
        group_id=group_id,
        group=group.letter,
        colour=group.colour,
        guide=guide.name if guide else None,
        guide_languages=guide.languages if guide else None,
        meeting_point=group.meeting_point,
        capacity=group.capacity,
        session_id=session.id,
        starts_at=session.starts_at.astimezone(zone),
        label_en=session.label_en,
        label_zh=session.label_zh,
        members=tuple(
            ManifestMember(
                code=r.code,
                seq=v.seq,
                party_size=r.party_size,
                name=v.name,
                contact_name=r.contact_name,
                language=r.language,
                accessibility=r.accessibility,
                notes=r.notes,
                checked_in_at=_local(v.checked_in_at, env),
                checked_out_at=_local(v.checked_out_at, env),
            )
            for v, r in members
        ),
    )


def party_details(env: ServiceEnv, code: str) -> PartyDetails:
    """A reservation and each of its people with group and guide (phone masked).

    Raises:
        InputError: the reservation is unknown.
    """
    with read_session(env.engine) as db:
        reservation = _reservation(db, code)
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
            checked_in_at=_local(v.checked_in_at, env),
            checked_out_at=_local(v.checked_out_at, env),
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
    start, end = _day_bounds(now, env)
    with read_session(env.engine) as db:
        sessions = db.scalars(
            select(TourSession)
            .where(col(TourSession.starts_at) >= start)
            .where(col(TourSession.starts_at) < end)
            .where(col(TourSession.ends_at) > now)
            .order_by(col(TourSession.starts_at))
        ).all()
        return [_session_room(db, s) for s in sessions]


def arrivals(
    env: ServiceEnv, session_id: str, *, step: timedelta = ARRIVAL_STEP
) -> list[tuple[datetime, int]]:
    """Cumulative arrivals of a session every ``step``, from its window opening until now.

    The curve starts at the window opening (or the first arrival, if earlier) and ends at
    now or the session's end, whichever comes first. Undone check-ins do not count.
    """
    now = env.now()
    zone = env.settings.zone
    with read_session(env.engine) as db:
        session = db.get(TourSession, session_id)
        if session is None:
            return []
        times = sorted(
            t.astimezone(zone)
            for t in db.scalars(
                select(col(Visitor.checked_in_at))
                .where(col(Visitor.session_id) == session_id)
                .where(col(Visitor.checked_in_at).isnot(None))
            )
            if t is not None
        )
    opens = session.starts_at.astimezone(zone) - env.window_opens
    first = min([opens, *times[:1]])
    end = min(max(now.astimezone(zone), first), session.ends_at.astimezone(zone))
    points: list[tuple[datetime, int]] = []
    moment, index = first, 0
    while True:
        while index < len(times) and times[index] <= moment:
            index += 1
        points.append((moment, index))
        if moment >= end:
            break
        moment = min(moment + step, end)
    return points


def print_jobs(env: ServiceEnv, *, limit: int = 200) -> list[PrintJobRow]:
    """The newest print jobs first (failed ones are what the printer page is for)."""
    zone = env.settings.zone
    with read_session(env.engine) as db:
        rows = db.execute(
            select(PrintJob, col(Visitor.badge_code), col(Visitor.name))
            .join(Visitor, col(Visitor.id) == col(PrintJob.visitor_id))
            .order_by(col(PrintJob.id).desc())
            .limit(limit)
        ).all()
    return [
        PrintJobRow(
            id=j.id or 0,
            created_at=j.created_at.astimezone(zone),
            updated_at=j.updated_at.astimezone(zone),
            status=j.status,
            printer=j.printer,
            preset=j.preset,
            attempts=j.attempts,
            reason=j.reason,
            kiosk_id=j.kiosk_id,
            visitor_id=j.visitor_id,
            badge_code=badge,
            name=name,
        )
        for j, badge, name in rows
    ]


# --- internals ----------------------------------------------------------------------------


def _day_bounds(now: datetime, env: ServiceEnv) -> tuple[datetime, datetime]:
    local_day = now.astimezone(env.settings.zone).date()
    start = datetime.combine(local_day, time.min, tzinfo=env.settings.zone)
    return start, start + timedelta(days=1)


def _local(value: datetime | None, env: ServiceEnv) -> datetime | None:
    return value.astimezone(env.settings.zone) if value is not None else None


def _reservation(db: Session, code: str) -> Reservation:
    wanted = normalise_scan(code).strip().upper()
    reservation = db.scalars(select(Reservation).where(col(Reservation.code) == wanted)).first()
    if reservation is None:
        raise InputError(f"There is no reservation {wanted}.", f"没有预约 {wanted}。")
    return reservation


def _reservation_for_update(db: Session, code: str) -> Reservation:
    reservation = _reservation(db, code)
    if db.get_bind().dialect.name == "postgresql":
        db.execute(
            select(col(Reservation.id))
            .where(col(Reservation.id) == reservation.id)
            .with_for_update()
        )
    return reservation


def _lock_groups(db: Session, session_id: str) -> list[TourGroup]:
    """The session's groups; on PostgreSQL locked like check-in locks them (same order: id).

    Locking in another order than check-in's ``_LOCK_GROUPS`` could deadlock the two.
    """
    query = (
        select(TourGroup).where(col(TourGroup.session_id) == session_id).order_by(col(TourGroup.id))
    )
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return list(db.scalars(query))


@dataclass(frozen=True)
class _VisitorRow:
    id: int
    group_id: int | None
    checked_in_at: datetime | None


def _visitor_rows(db: Session, reservation_id: int) -> list[_VisitorRow]:
    rows = db.execute(
        select(col(Visitor.id), col(Visitor.group_id), col(Visitor.checked_in_at)).where(
            col(Visitor.reservation_id) == reservation_id
        )
    ).all()
    return [_VisitorRow(int(r[0]), r[1], r[2]) for r in rows]


def _session_room(db: Session, session: TourSession) -> SessionRoom:
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


def _new_walk_in_code(db: Session) -> str:
    while True:
        code = WALK_IN_PREFIX + secrets.token_hex(3).upper()
        taken = db.execute(select(col(Reservation.id)).where(col(Reservation.code) == code)).first()
        if taken is None:
            return code


def _log(
    db: Session,
    env: ServiceEnv,
    now: datetime,
    *,
    action: str,
    outcome: str,
    code: str | None,
    session_id: str | None,
    visitor_ids: list[int],
    detail: dict[str, Any],
) -> int:
    """Append one staff action to the scan log (never updated or deleted afterwards)."""
    raw = code or action
    row = db.execute(
        insert(ScanEvent).returning(col(ScanEvent.id)),
        {
            "at": now,
            "kiosk_id": env.kiosk_id,
            "operator": env.operator,
            "action": action,
            "input_digest": digest_secret(raw),
            "input_hint": hint(raw),
            "reservation_code": code,
            "session_id": session_id,
            "outcome": outcome,
            "visitor_ids": ",".join(str(i) for i in visitor_ids),
            "detail": json.dumps(detail, ensure_ascii=False),
        },
    ).scalar_one()
    return int(row)
