"""Live headcounts: who is in, on site, still expected, and how full each group is."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta, tzinfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Engine

from kiosk.services.results import GroupCount, Headcount, SessionCount
from kiosk.store.db import read_session
from kiosk.store.models import Guide, Reservation, ScanEvent, TourGroup, TourSession, Visitor

RECENT_SCANS = timedelta(minutes=10)


def change_token(engine: Engine) -> int:
    """A cheap number that changes whenever any kiosk logs a scan or a staff action."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(ScanEvent.id), 0))).scalar_one())


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
    with read_session(engine) as db:
        query = select(TourSession).order_by(TourSession.starts_at, TourSession.id)
        if session_id is not None:
            query = query.where(TourSession.id == session_id)
        else:
            query = query.where(
                and_(TourSession.starts_at >= day_start, TourSession.starts_at < day_end)
            )
        sessions = list(db.scalars(query))
        ids = [s.id for s in sessions]
        counts: dict[tuple[str, int | None], tuple[int, int, int, int]] = {}
        groups_by_session: dict[str, list[tuple[TourGroup, str | None]]] = defaultdict(list)
        kiosks: dict[str, int] = {}
        if ids:
            checked_in = Visitor.checked_in_at.isnot(None)  # type: ignore[union-attr]
            on_site = and_(checked_in, Visitor.checked_out_at.is_(None))  # type: ignore[union-attr]
            rows = db.execute(
                select(
                    Visitor.session_id,
                    Visitor.group_id,
                    func.count(case((Reservation.status == "confirmed", 1))),
                    func.count(Visitor.checked_in_at),
                    func.count(case((on_site, 1))),
                    func.count(Visitor.checked_out_at),
                )
                .join(Reservation, Reservation.id == Visitor.reservation_id)  # type: ignore[arg-type]
                .where(Visitor.session_id.in_(ids))  # type: ignore[attr-defined]
                .where(or_(Reservation.status == "confirmed", checked_in))
                .group_by(Visitor.session_id, Visitor.group_id)
            )
            for sid, gid, booked, inside, present, out in rows:
                counts[(sid, gid)] = (booked, inside, present, out)
            group_rows = db.execute(
                select(TourGroup, Guide.name)
                .outerjoin(Guide, Guide.id == TourGroup.guide_id)  # type: ignore[arg-type]
                .where(TourGroup.session_id.in_(ids))  # type: ignore[attr-defined]
                .order_by(TourGroup.session_id, TourGroup.letter)
            )
            for group, guide_name in group_rows:
                groups_by_session[group.session_id].append((group, guide_name))
        for kiosk_id, scans in db.execute(
            select(ScanEvent.kiosk_id, func.count())
            .where(ScanEvent.at >= now - RECENT_SCANS)  # type: ignore[arg-type, operator]
            .where(ScanEvent.at <= now)  # type: ignore[arg-type, operator]
            .group_by(ScanEvent.kiosk_id)
        ):
            kiosks[kiosk_id] = int(scans)
        token = int(db.execute(select(func.coalesce(func.max(ScanEvent.id), 0))).scalar_one())
    result = []
    for session in sessions:
        totals = [0, 0, 0, 0]
        for (sid, _gid), values in counts.items():
            if sid == session.id:
                totals = [a + b for a, b in zip(totals, values, strict=True)]
        booked, inside, present, out = totals
        closed = now > session.starts_at + grace_after
        missing = max(booked - inside, 0)
        group_counts = tuple(
            GroupCount(
                id=group.id or 0,
                name=group.letter,
                colour=group.colour,
                guide=guide_name,
                capacity=group.capacity,
                count=counts.get((session.id, group.id), (0, 0, 0, 0))[1],
                on_site=counts.get((session.id, group.id), (0, 0, 0, 0))[2],
                meeting_point=group.meeting_point,
            )
            for group, guide_name in groups_by_session.get(session.id, [])
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
