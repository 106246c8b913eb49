"""Badge print jobs: recorded before sending, finished after, listed for the printer page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, or_, select, update

from kiosk.store.models import PrintJob, Reservation, Visitor, table_of

QUEUED, PRINTED, FAILED = "queued", "printed", "failed"
WAITING = "waiting"
"""Refused by the printer before anything was sent (out of labels, cover open, offline): the
job prints by itself once the printer reports ready again."""

_JOB = table_of(PrintJob)
_VISITOR = table_of(Visitor)
_RESERVATION = table_of(Reservation)


@dataclass(frozen=True)
class JobRecord:
    """One job with whose badge it is."""

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


def visitors_for_code(conn: Connection, code: str) -> list[int]:
    """The visitors a reservation code (all of the party) or a badge code (one) names."""
    rows = conn.scalars(
        select(_VISITOR.c.id)
        .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
        .where(or_(_RESERVATION.c.code == code, _VISITOR.c.badge_code == code))
        .order_by(_VISITOR.c.seq)
    )
    return [int(row) for row in rows]


def queue(
    conn: Connection,
    visitor_ids: Sequence[int],
    *,
    at: datetime,
    printer: str,
    preset: str,
    kiosk_id: str,
) -> list[int]:
    """One queued job per visitor; returns the job ids in the same order."""
    statement = insert(_JOB).returning(_JOB.c.id)
    return [
        int(
            conn.execute(
                statement,
                {
                    "visitor_id": visitor_id,
                    "created_at": at,
                    "updated_at": at,
                    "status": QUEUED,
                    "printer": printer,
                    "preset": preset,
                    "attempts": 0,
                    "reason": "",
                    "kiosk_id": kiosk_id,
                },
            ).scalar_one()
        )
        for visitor_id in visitor_ids
    ]


def finish(conn: Connection, job_ids: Sequence[int], *, at: datetime, error: str | None) -> None:
    """Mark jobs printed, or failed with the reason; each call counts one attempt."""
    conn.execute(
        update(_JOB)
        .where(_JOB.c.id.in_(list(job_ids)))
        .values(
            status=FAILED if error else PRINTED,
            reason=error or "",
            updated_at=at,
            attempts=_JOB.c.attempts + 1,
        )
    )


def requeue(
    conn: Connection, job_ids: Sequence[int], *, at: datetime, printer: str | None
) -> list[tuple[int, int, str]]:
    """Put jobs back in the queue (on another printer if given); (job, visitor, preset)."""
    values: dict[str, object] = {"status": QUEUED, "updated_at": at}
    if printer:
        values["printer"] = printer
    conn.execute(update(_JOB).where(_JOB.c.id.in_(list(job_ids))).values(**values))
    rows = conn.execute(
        select(_JOB.c.id, _JOB.c.visitor_id, _JOB.c.preset)
        .where(_JOB.c.id.in_(list(job_ids)))
        .order_by(_JOB.c.id)
    )
    return [(int(job), int(visitor), str(preset)) for job, visitor, preset in rows]


def newest_jobs(conn: Connection, *, limit: int) -> list[JobRecord]:
    """The newest jobs first."""
    rows = conn.execute(
        select(
            _JOB.c.id,
            _JOB.c.created_at,
            _JOB.c.updated_at,
            _JOB.c.status,
            _JOB.c.printer,
            _JOB.c.preset,
            _JOB.c.attempts,
            _JOB.c.reason,
            _JOB.c.kiosk_id,
            _JOB.c.visitor_id,
            _VISITOR.c.badge_code,
            _VISITOR.c.name,
        )
        .join(_VISITOR, _VISITOR.c.id == _JOB.c.visitor_id)
        .order_by(_JOB.c.id.desc())
        .limit(limit)
    )
    return [JobRecord(*tuple(row)) for row in rows]


def hold(conn: Connection, job_ids: Sequence[int], *, at: datetime, reason: str) -> None:
    """Mark jobs waiting for the printer (nothing was sent); each call counts one attempt."""
    conn.execute(
        update(_JOB)
        .where(_JOB.c.id.in_(list(job_ids)))
        .values(status=WAITING, reason=reason, updated_at=at, attempts=_JOB.c.attempts + 1)
    )


def claim(
    conn: Connection,
    job_ids: Sequence[int],
    *,
    at: datetime,
    printer: str | None,
    statuses: Sequence[str] = (FAILED, WAITING),
) -> list[tuple[int, int, str]]:
    """Put back in the queue those of ``job_ids`` still in one of ``statuses``.

    The status test and the change are one statement, so two retries of the same job (the
    automatic one and a supervisor's, or two kiosks) never both get it: a job is printed by
    whoever claimed it. Returns (job, visitor, preset) of the claimed jobs, oldest first.
    """
    values: dict[str, object] = {"status": QUEUED, "updated_at": at}
    if printer:
        values["printer"] = printer
    claimed = conn.execute(
        update(_JOB)
        .where(_JOB.c.id.in_(list(job_ids)), _JOB.c.status.in_(list(statuses)))
        .values(**values)
        .returning(_JOB.c.id, _JOB.c.visitor_id, _JOB.c.preset)
    ).all()
    return sorted((int(job), int(visitor), str(preset)) for job, visitor, preset in claimed)


def waiting(conn: Connection, *, kiosk_id: str, since: datetime, limit: int) -> list[int]:
    """This kiosk's jobs waiting for its printer, queued at ``since`` or later, oldest first."""
    rows = conn.scalars(
        select(_JOB.c.id)
        .where(
            _JOB.c.status == WAITING,
            _JOB.c.kiosk_id == kiosk_id,
            _JOB.c.created_at >= since,
        )
        .order_by(_JOB.c.id)
        .limit(limit)
    )
    return [int(row) for row in rows]
