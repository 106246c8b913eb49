"""Live headcounts: who is in, on site, still expected, and how full each group is."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.engine import Engine

from kiosk.core.groups import ready_to_depart
from kiosk.services.results import GroupCount, Headcount, SessionCount
from kiosk.store.db import read_connection
from kiosk.store.models import Guide, Reservation, ScanEvent, TourGroup, TourSession, Visitor
from kiosk.store.types import UTCDateTime

RECENT_SCANS = timedelta(minutes=10)

_SESSION_COLUMNS = (
    TourSession.id,
    TourSession.starts_at,
    TourSession.ends_at,
    TourSession.label_zh,
    TourSession.label_en,
    TourSession.capacity,
)
_SESSIONS_OF_DAY = (
    select(*_SESSION_COLUMNS)
    .where(TourSession.starts_at >= bindparam("start", type_=UTCDateTime()))
    .where(TourSession.starts_at < bindparam("end", type_=UTCDateTime()))
    .order_by(TourSession.starts_at, TourSession.id)
)
_SESSION_BY_ID = select(*_SESSION_COLUMNS).where(TourSession.id == bindparam("sid"))
_CHECKED_IN = Visitor.checked_in_at.isnot(None)
_COUNTS = (
    select(
        Visitor.session_id,
        Visitor.group_id,
        func.count(case((Reservation.status == "confirmed", 1))),
        func.count(Visitor.checked_in_at),
        func.count(case((and_(_CHECKED_IN, Visitor.checked_out_at.is_(None)), 1))),
        func.count(Visitor.checked_out_at),
    )
    .join(Reservation, Reservation.id == Visitor.reservation_id)
    .where(Visitor.session_id.in_(bindparam("ids", expanding=True)))
    .where(or_(Reservation.status == "confirmed", _CHECKED_IN))
    .group_by(Visitor.session_id, Visitor.group_id)
)
_GROUPS = (
    select(
        TourGroup.id,
        TourGroup.session_id,
        TourGroup.letter,
        TourGroup.colour,
        TourGroup.capacity,
        TourGroup.meeting_point,
        Guide.name,
    )
    .outerjoin(Guide, Guide.id == TourGroup.guide_id)
    .where(TourGroup.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(TourGroup.session_id, func.length(TourGroup.letter), TourGroup.letter)
)
_RECENT_SCANS = (
    select(ScanEvent.kiosk_id, func.count())
    .where(ScanEvent.at >= bindparam("since", type_=UTCDateTime()))
    .where(ScanEvent.at <= bindparam("until", type_=UTCDateTime()))
    .group_by(ScanEvent.kiosk_id)
)
_TOKEN = select(func.coalesce(func.max(ScanEvent.id), 0))


def change_token(engine: Engine) -> int:
    """A cheap number that changes whenever any kiosk logs a scan or a staff action."""
    with engine.connect() as conn:
        return int(conn.execute(_TOKEN).scalar_one())


def headcount(
    engine: Engine,
    *,
    now: datetime,
    zone: tzinfo,
    grace_after: timedelta = timedelta(minutes=20),
    session_id: str | None = None,
    day: datetime | None = None,
) -> Headcount:
    """Count every session of the local day of ``now`` (or one session by id).

    A session's window is closed once ``grace_after`` has passed since its start: from
    then on, booked visitors who never arrived are no-shows instead of expected.
    """
    local_day = (day or now).astimezone(zone).date()
    day_start = datetime.combine(local_day, time.min, tzinfo=zone)
    day_end = day_start + timedelta(days=1)
    counts: dict[tuple[str, int | None], tuple[int, int, int, int]] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    groups_by_session: dict[str, list[Any]] = defaultdict(list)
    # Plain rows on one connection with prebuilt statements: the dashboard polls this, and
    # building SQL or ORM objects would cost more than the SQL itself.
    with read_connection(engine) as conn:
        if session_id is not None:
            sessions = conn.execute(_SESSION_BY_ID, {"sid": session_id}).all()
        else:
            sessions = conn.execute(_SESSIONS_OF_DAY, {"start": day_start, "end": day_end}).all()
        ids = [s.id for s in sessions]
        if ids:
            for sid, gid, booked, inside, present, out in conn.execute(_COUNTS, {"ids": ids}):
                counts[(sid, gid)] = (booked, inside, present, out)
                total = totals[sid]
                total[0] += booked
                total[1] += inside
                total[2] += present
                total[3] += out
            for group in conn.execute(_GROUPS, {"ids": ids}):
                groups_by_session[group.session_id].append(group)
        kiosks = {
            kiosk_id: int(scans)
            for kiosk_id, scans in conn.execute(
                _RECENT_SCANS, {"since": now - RECENT_SCANS, "until": now}
            )
        }
        token = int(conn.execute(_TOKEN).scalar_one())
    result = []
    empty = (0, 0, 0, 0)
    for session in sessions:
        booked, inside, present, out = totals.get(session.id, [0, 0, 0, 0])
        closed = now > session.starts_at + grace_after
        missing = max(booked - inside, 0)
        group_counts = tuple(
            GroupCount(
                id=group.id,
                name=group.letter,
                colour=group.colour,
                guide=group.name,
                capacity=group.capacity,
                count=counts.get((session.id, group.id), empty)[1],
                on_site=counts.get((session.id, group.id), empty)[2],
                meeting_point=group.meeting_point,
                ready_to_depart=ready_to_depart(
                    counts.get((session.id, group.id), empty)[1],
                    group.capacity,
                    session.starts_at,
                    now,
                ),
            )
            for group in groups_by_session.get(session.id, [])
        )
        result.append(
            SessionCount(
                id=session.id,
                starts_at=session.starts_at.astimezone(zone),
                ends_at=session.ends_at.astimezone(zone),
                label_zh=session.label_zh,
                label_en=session.label_en,
                capacity=session.capacity,
                booked=booked,
                checked_in=inside,
                on_site=present,
                checked_out=out,
                expected=0 if closed else missing,
                no_show=missing if closed else 0,
                window_closed=closed,
                groups=group_counts,
            )
        )
    return Headcount(at=now, sessions=tuple(result), kiosks=kiosks, change_token=token)
