"""Live headcounts: who is in, on site, still expected, and how full each group is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.engine import Engine

from kiosk.core.clock import local_day_bounds
from kiosk.core.groups import ready_to_depart
from kiosk.services.results import GroupCount, Headcount, SessionCount
from kiosk.store import counts
from kiosk.store.db import read_connection
from kiosk.store.sessions import session_by_id, sessions_starting

RECENT_SCANS = timedelta(minutes=10)


def change_token(engine: Engine) -> int:
    """A cheap number that changes whenever any kiosk logs a scan or a staff action."""
    with read_connection(engine) as conn:
        return counts.change_token(conn)


def headcount(
    engine: Engine,
    *,
    now: datetime,
    zone: tzinfo,
    grace_after: timedelta = timedelta(minutes=20),
    session_id: str | None = None,
    day: datetime | None = None,
    session_ids: Sequence[str] | None = None,
) -> Headcount:
    """Count every session of the local day of ``now`` (or one session by id).

    A session's window is closed once ``grace_after`` has passed since its start: from
    then on, booked visitors who never arrived are no-shows instead of expected.

    Args:
        session_ids: count only these sessions (a live screen recounting what a check-in
            changed); an empty list counts none and still gives the kiosks' scans.

    The change token is read first: the counts include at least every event up to it.
    """
    day_start, day_end = local_day_bounds(day or now, zone)
    by_group: dict[tuple[str, int | None], tuple[int, int, int, int]] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    groups_by_session: dict[str, list[counts.GroupLine]] = defaultdict(list)
    with read_connection(engine) as conn:
        token = counts.change_token(conn)
        if session_ids is not None:
            found = (session_by_id(conn, sid) for sid in dict.fromkeys(session_ids))
            sessions = sorted(
                (s for s in found if s is not None), key=lambda s: (s.starts_at, s.id)
            )
        elif session_id is not None:
            one = session_by_id(conn, session_id)
            sessions = [one] if one is not None else []
        else:
            sessions = sessions_starting(conn, day_start, day_end)
        ids = [s.id for s in sessions]
        for tally in counts.tallies(conn, ids):
            row = (tally.booked, tally.checked_in, tally.on_site, tally.checked_out)
            by_group[(tally.session_id, tally.group_id)] = row
            total = totals[tally.session_id]
            for index, value in enumerate(row):
                total[index] += value
        for group in counts.group_lines(conn, ids):
            groups_by_session[group.session_id].append(group)
        kiosks = counts.scans_by_kiosk(conn, now - RECENT_SCANS, now)
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
                guide=group.guide,
                capacity=group.capacity,
                count=by_group.get((session.id, group.id), empty)[1],
                on_site=by_group.get((session.id, group.id), empty)[2],
                meeting_point=group.meeting_point,
                ready_to_depart=ready_to_depart(
                    by_group.get((session.id, group.id), empty)[1],
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
