"""Read models of the supervisor console: the evacuation roster, the scan log, a guide's
manifest, the arrivals curve and the print queue. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from kiosk.core.clock import local_day_bounds
from kiosk.core.errors import InputError
from kiosk.core.masking import mask_phone
from kiosk.services.env import ServiceEnv
from kiosk.store import audit
from kiosk.store import groups as group_sql
from kiosk.store import print_jobs as job_sql
from kiosk.store.db import read_connection
from kiosk.store.placement import placements
from kiosk.store.print_jobs import JobRecord
from kiosk.store.sessions import check_in_times, session_by_id

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


PrintJobRow = JobRecord
"""One badge print job with whose badge it is (times in the site's zone)."""


def roster(
    env: ServiceEnv,
    *,
    session_id: str | None = None,
    all_days: bool = False,
    visitor_ids: Sequence[int] | None = None,
) -> list[RosterEntry]:
    """Everyone checked in and not checked out: the evacuation roster.

    By default only today's sessions count (a visitor of an earlier day who was never
    checked out is not on site now). Ordered by session, group, party and place in party
    (:func:`roster_order`).

    Args:
        visitor_ids: only these visitors' lines (a live roster updating what changed).
    """
    now = env.now()
    zone = env.settings.zone
    start: datetime | None = None
    end: datetime | None = None
    if session_id is None and not all_days:
        start, end = local_day_bounds(now, zone)
    with read_connection(env.engine) as db:
        people = placements(
            db,
            on_site=True,
            session_id=session_id,
            starts_from=start,
            starts_before=end,
            visitor_ids=visitor_ids,
        )
    entries = [
        RosterEntry(
            visitor_id=p.visitor_id,
            session_id=p.session_id,
            starts_at=p.starts_at.astimezone(zone),
            group=p.group,
            colour=p.colour,
            guide=p.guide,
            meeting_point=p.meeting_point,
            code=p.code,
            seq=p.seq,
            party_size=p.party_size,
            name=p.name,
            contact_name=p.contact_name,
            phone_masked=mask_phone(p.phone),
            language=p.language,
            accessibility=p.accessibility,
            checked_in_at=(p.checked_in_at or now).astimezone(zone),
            kiosk_id=p.kiosk_id,
        )
        for p in people
    ]
    entries.sort(key=roster_order)
    return entries


def roster_order(entry: RosterEntry) -> tuple[datetime, str, str, str, int]:
    """The roster's order: session, group (unplaced last), party, place in the party."""
    return (entry.starts_at, entry.session_id, entry.group or "~", entry.code, entry.seq)


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
    with read_connection(env.engine) as db:
        found = audit.events(
            db,
            kiosk_id=kiosk_id,
            outcome=outcome,
            action=action,
            since=since,
            until=until,
            limit=limit,
        )
    return [log_entry(e, zone) for e in found]


def log_entry(event: audit.EventRecord, zone: tzinfo) -> ScanLogEntry:
    """One stored event as the log viewer shows it, in site time."""
    return ScanLogEntry(
        id=event.id,
        at=event.at.astimezone(zone),
        kiosk_id=event.kiosk_id,
        operator=event.operator,
        action=event.action,
        outcome=event.outcome,
        reservation_code=event.reservation_code,
        session_id=event.session_id,
        input_hint=event.input_hint,
        visitor_count=len([part for part in event.visitor_ids.split(",") if part]),
        detail=event.detail,
    )


def scan_log_facets(env: ServiceEnv) -> tuple[list[str], list[str], list[str]]:
    """The kiosks, outcomes and actions the log holds, for the viewer's filters."""
    with read_connection(env.engine) as db:
        return audit.event_facets(db)


def guide_manifest(env: ServiceEnv, group_id: int) -> GuideManifest:
    """The people of one group, for the guide's printed sheet.

    Members are the people placed in the group (checked in, or checked out since) plus the
    people of parties pre-assigned to it who have not arrived yet.

    Raises:
        InputError: the group does not exist.
    """
    with read_connection(env.engine) as db:
        group = group_sql.group_detail(db, group_id)
        if group is None:
            raise InputError(f"There is no group {group_id}.", f"没有编号为 {group_id} 的组。")
        people = group_sql.members(db, group)
    return GuideManifest(
        group_id=group_id,
        group=group.letter,
        colour=group.colour,
        guide=group.guide,
        guide_languages=group.guide_languages,
        meeting_point=group.meeting_point,
        capacity=group.capacity,
        session_id=group.session_id,
        starts_at=group.starts_at.astimezone(env.settings.zone),
        label_en=group.label_en,
        label_zh=group.label_zh,
        members=tuple(
            ManifestMember(
                code=m.code,
                seq=m.seq,
                party_size=m.party_size,
                name=m.name,
                contact_name=m.contact_name,
                language=m.language,
                accessibility=m.accessibility,
                notes=m.notes,
                checked_in_at=env.local(m.checked_in_at),
                checked_out_at=env.local(m.checked_out_at),
            )
            for m in people
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
    with read_connection(env.engine) as db:
        session = session_by_id(db, session_id)
        if session is None:
            return []
        times = sorted(t.astimezone(zone) for t in check_in_times(db, session_id))
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
    with read_connection(env.engine) as db:
        jobs = job_sql.newest_jobs(db, limit=limit)
    return [
        replace(
            j, created_at=j.created_at.astimezone(zone), updated_at=j.updated_at.astimezone(zone)
        )
        for j in jobs
    ]
