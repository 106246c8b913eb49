"""Badge data and print jobs: a printer fault never undoes or blocks a check-in.

A print is recorded as a job row *before* it is sent (``queued``), then marked ``printed``
or ``failed`` with the reason in its own transaction. The check-in was committed earlier
and is never touched here; staff see failed jobs and retry them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from kiosk.badges.model import BadgeData, get_preset
from kiosk.core.errors import InputError
from kiosk.core.scan import normalise_scan, parse_scan
from kiosk.services.env import ServiceEnv
from kiosk.store.db import read_session, write_session
from kiosk.store.models import Guide, PrintJob, Reservation, TourGroup, TourSession, Visitor

QUEUED, PRINTED, FAILED = "queued", "printed", "failed"


def visitor_ids_for_code(env: ServiceEnv, code: str) -> list[int]:
    """The visitors a reservation code (or one badge code) stands for."""
    scan = parse_scan(normalise_scan(code))
    if scan.kind != "code" or not scan.code:
        raise InputError(
            f"{code!r} is not a reservation or badge code.", f"{code!r} 不是有效的预约码或胸卡码。"
        )
    with read_session(env.engine) as db:
        rows = db.scalars(
            select(Visitor.id)
            .join(Reservation, Reservation.id == Visitor.reservation_id)  # type: ignore[arg-type]
            .where((Reservation.code == scan.code) | (Visitor.badge_code == scan.code))
            .order_by(Visitor.seq)  # type: ignore[arg-type]
        ).all()
    if not rows:
        raise InputError(
            f"No booking or badge has the code {scan.code}.",
            f"找不到代码为 {scan.code} 的预约或胸卡。",
        )
    return [int(r) for r in rows]


def badge_data(env: ServiceEnv, visitor_ids: Sequence[int]) -> list[BadgeData]:
    """Everything each visitor's badge shows, in the order given."""
    zone = env.settings.zone
    with read_session(env.engine) as db:
        rows = db.execute(
            select(
                Visitor.id,
                Visitor.seq,
                Visitor.name,
                Visitor.badge_code,
                Reservation.party_size,
                Reservation.language,
                Reservation.accessibility,
                TourSession.starts_at,
                TourSession.ends_at,
                TourGroup.letter,
                TourGroup.colour,
                TourGroup.meeting_point,
                Guide.name,
            )
            .join(Reservation, Reservation.id == Visitor.reservation_id)  # type: ignore[arg-type]
            .join(TourSession, TourSession.id == Visitor.session_id)  # type: ignore[arg-type]
            .outerjoin(TourGroup, TourGroup.id == Visitor.group_id)  # type: ignore[arg-type]
            .outerjoin(Guide, Guide.id == TourGroup.guide_id)  # type: ignore[arg-type]
            .where(Visitor.id.in_(list(visitor_ids)))  # type: ignore[union-attr]
        ).all()
    by_id = {row[0]: row for row in rows}
    result = []
    for visitor_id in visitor_ids:
        row = by_id.get(visitor_id)
        if row is None:
            continue
        language = "en" if (row.language or "").lower().startswith("en") else "zh"
        result.append(
            BadgeData(
                tour_title=env.settings.tour_title
                if language == "en"
                else env.settings.tour_title_zh,
                starts_at=row.starts_at.astimezone(zone),
                ends_at=row.ends_at.astimezone(zone),
                visitor_name=row.name or None,
                guest_index=row.seq,
                party_size=row.party_size,
                group_letter=row.letter or "?",
                group_colour=row.colour or "#607D8B",
                guide_name=row[12],
                meeting_point=row.meeting_point or "",
                language=language,  # type: ignore[arg-type]
                accessibility=bool(row.accessibility),
                badge_code=row.badge_code,
            )
        )
    return result


def queue_jobs(
    env: ServiceEnv, visitor_ids: Sequence[int], *, printer: str, preset: str
) -> list[int]:
    """Record one queued job per visitor; returns the job ids (one transaction)."""
    get_preset(preset)
    now = env.now()
    with write_session(env.engine) as db:
        jobs = [
            PrintJob(
                visitor_id=visitor_id,
                created_at=now,
                updated_at=now,
                status=QUEUED,
                printer=printer,
                preset=preset,
                attempts=0,
                kiosk_id=env.kiosk_id,
            )
            for visitor_id in visitor_ids
        ]
        db.add_all(jobs)
        db.flush()
        return [job.id or 0 for job in jobs]


def finish_jobs(env: ServiceEnv, job_ids: Sequence[int], *, error: str | None) -> None:
    """Mark jobs printed, or failed with the reason; each call counts one attempt."""
    now = env.now()
    with write_session(env.engine) as db:
        db.execute(
            update(PrintJob)
            .where(PrintJob.id.in_(list(job_ids)))  # type: ignore[union-attr]
            .values(
                status=FAILED if error else PRINTED,
                reason=error or "",
                updated_at=now,
                attempts=PrintJob.attempts + 1,
            )
        )


def retry_jobs(
    env: ServiceEnv, job_ids: Sequence[int], *, printer: str | None = None
) -> list[tuple[int, int, str]]:
    """Put failed jobs back in the queue; returns (job id, visitor id, preset) to print."""
    now = env.now()
    with write_session(env.engine) as db:
        jobs = db.execute(select(PrintJob).where(PrintJob.id.in_(list(job_ids)))).scalars().all()  # type: ignore[union-attr]
        for job in jobs:
            job.status = QUEUED
            job.updated_at = now
            if printer:
                job.printer = printer
        return [(job.id or 0, job.visitor_id, job.preset) for job in jobs]
