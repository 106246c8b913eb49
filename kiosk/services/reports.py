"""Read models of the supervisor console: the evacuation roster, the scan log, a guide's
manifest, the arrivals curve and the print queue. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlmodel import col

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import InputError
from kiosk.core.masking import mask_phone
from kiosk.services.env import ServiceEnv
from kiosk.store.db import read_session
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
            start, end = local_day_bounds(now, env.settings.zone)
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
                checked_in_at=env.local(v.checked_in_at),
                checked_out_at=env.local(v.checked_out_at),
            )
            for v, r in members
        ),
    )


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
