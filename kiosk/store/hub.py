"""The hub's own rows: applied idempotency keys, conflicts, and what each kiosk last reported."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.store.hub_models import AppliedEvent, Conflict, KioskStatus
from kiosk.store.models import Reservation, TourSession, Visitor, table_of
from kiosk.store.party import (
    BOOKING_COLUMNS,
    VISITOR_COLUMNS,
    BookingRow,
    PartyRows,
    VisitorRow,
)

_APPLIED = table_of(AppliedEvent)
_CONFLICT = table_of(Conflict)
_KIOSK = table_of(KioskStatus)
_VISITOR = table_of(Visitor)


def _insert(conn: Connection, table: Any) -> Any:
    return pg_insert(table) if conn.dialect.name == "postgresql" else sqlite_insert(table)


# --- idempotency keys -------------------------------------------------------------------------


@dataclass(frozen=True)
class AppliedRecord:
    key: str
    kiosk_id: str
    seq: int
    applied_at: datetime
    state: str
    scan_event_id: int | None
    visitor_seqs: tuple[int, ...]
    conflicts: int


def claim_key(
    conn: Connection,
    *,
    key: str,
    kiosk_id: str,
    seq: int,
    at: datetime,
    state: str,
    visitor_seqs: Sequence[int] = (),
    scan_event_id: int | None = None,
    conflicts: int = 0,
) -> bool:
    """Record a key in the caller's transaction; False when it was already there.

    A second transaction claiming the same key waits for the first to finish (the primary
    key's lock), so two uploads of one event can never both apply it.
    """
    statement = (
        _insert(conn, _APPLIED)
        .values(
            key=key,
            kiosk_id=kiosk_id,
            seq=seq,
            applied_at=at,
            state=state,
            scan_event_id=scan_event_id,
            visitor_seqs=_seqs_text(visitor_seqs),
            conflicts=conflicts,
        )
        .on_conflict_do_nothing(index_elements=[_APPLIED.c.key])
        .returning(_APPLIED.c.key)
    )
    return conn.execute(statement).first() is not None


def applied(conn: Connection, key: str) -> AppliedRecord | None:
    row = conn.execute(select(*_APPLIED.c).where(_APPLIED.c.key == key)).first()
    if row is None:
        return None
    return AppliedRecord(
        key=row.key,
        kiosk_id=row.kiosk_id,
        seq=int(row.seq),
        applied_at=row.applied_at,
        state=row.state,
        scan_event_id=row.scan_event_id,
        visitor_seqs=tuple(int(s) for s in row.visitor_seqs.split(",") if s),
        conflicts=int(row.conflicts),
    )


def finish_key(
    conn: Connection,
    key: str,
    *,
    state: str,
    scan_event_id: int | None,
    visitor_seqs: Sequence[int],
    conflicts: int,
) -> None:
    conn.execute(
        update(_APPLIED)
        .where(_APPLIED.c.key == key)
        .values(
            state=state,
            scan_event_id=scan_event_id,
            visitor_seqs=_seqs_text(visitor_seqs),
            conflicts=conflicts,
        )
    )


def applied_keys(conn: Connection, kiosk_id: str | None = None) -> list[AppliedRecord]:
    """Every applied key (of one kiosk), oldest first (audits and tests)."""
    query = select(_APPLIED.c.key).order_by(_APPLIED.c.applied_at, _APPLIED.c.seq)
    if kiosk_id is not None:
        query = query.where(_APPLIED.c.kiosk_id == kiosk_id)
    found = []
    for key in conn.execute(query).scalars():
        record = applied(conn, str(key))
        if record is not None:
            found.append(record)
    return found


_RESERVATION = table_of(Reservation)
_SESSION = table_of(TourSession)
_PARTY_BY_CODE = (
    select(*BOOKING_COLUMNS, *VISITOR_COLUMNS)
    .select_from(
        _RESERVATION.join(_SESSION, _SESSION.c.id == _RESERVATION.c.session_id).outerjoin(
            _VISITOR, _VISITOR.c.reservation_id == _RESERVATION.c.id
        )
    )
    .where(_RESERVATION.c.code == bindparam("code"))
    .order_by(_VISITOR.c.seq)
)


def party_by_code(conn: Connection, code: str) -> PartyRows | None:
    """A booking and its people in one round trip (uploads apply many in a row)."""
    rows = conn.execute(_PARTY_BY_CODE, {"code": code}).all()
    if not rows:
        return None
    split = len(BOOKING_COLUMNS)
    booking = BookingRow(*tuple(rows[0])[:split])
    visitors = tuple(VisitorRow(*tuple(row)[split:]) for row in rows if row[split] is not None)
    return PartyRows(booking, visitors)


def _seqs_text(seqs: Sequence[int]) -> str:
    return ",".join(str(s) for s in sorted(set(seqs)))


# --- conflicts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRecord:
    """One conflict with the visitor's name where the hub still has the visitor."""

    id: int
    kind: str
    reservation_code: str | None
    session_id: str | None
    visitor_id: int | None
    visitor_seq: int | None
    visitor_name: str | None
    kiosk_a: str
    at_a: datetime | None
    kiosk_b: str
    at_b: datetime | None
    detail: dict[str, Any]
    event_key: str
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None


def add_conflict(
    conn: Connection,
    *,
    kind: str,
    created_at: datetime,
    event_key: str,
    reservation_code: str | None = None,
    session_id: str | None = None,
    visitor_id: int | None = None,
    visitor_seq: int | None = None,
    kiosk_a: str = "",
    at_a: datetime | None = None,
    kiosk_b: str = "",
    at_b: datetime | None = None,
    detail: Mapping[str, Any] | None = None,
) -> int:
    new_id = conn.execute(
        _CONFLICT.insert()
        .values(
            kind=kind,
            reservation_code=reservation_code,
            session_id=session_id,
            visitor_id=visitor_id,
            visitor_seq=visitor_seq,
            kiosk_a=kiosk_a,
            at_a=at_a,
            kiosk_b=kiosk_b,
            at_b=at_b,
            detail=json.dumps(dict(detail or {}), ensure_ascii=False, default=str),
            event_key=event_key,
            created_at=created_at,
            acknowledged_by=None,
            acknowledged_at=None,
        )
        .returning(_CONFLICT.c.id)
    ).scalar_one()
    return int(new_id)


_CONFLICT_COLUMNS = (
    _CONFLICT.c.id,
    _CONFLICT.c.kind,
    _CONFLICT.c.reservation_code,
    _CONFLICT.c.session_id,
    _CONFLICT.c.visitor_id,
    _CONFLICT.c.visitor_seq,
    _VISITOR.c.name,
    _CONFLICT.c.kiosk_a,
    _CONFLICT.c.at_a,
    _CONFLICT.c.kiosk_b,
    _CONFLICT.c.at_b,
    _CONFLICT.c.detail,
    _CONFLICT.c.event_key,
    _CONFLICT.c.created_at,
    _CONFLICT.c.acknowledged_by,
    _CONFLICT.c.acknowledged_at,
)


def conflicts(
    conn: Connection,
    *,
    open_only: bool = True,
    event_keys: Sequence[str] | None = None,
    limit: int = 500,
) -> list[ConflictRecord]:
    """Conflicts, oldest first (open ones only unless asked)."""
    query = (
        select(*_CONFLICT_COLUMNS)
        .select_from(_CONFLICT.outerjoin(_VISITOR, _VISITOR.c.id == _CONFLICT.c.visitor_id))
        .order_by(_CONFLICT.c.id)
        .limit(limit)
    )
    if open_only:
        query = query.where(_CONFLICT.c.acknowledged_at.is_(None))
    if event_keys is not None:
        if not event_keys:
            return []
        query = query.where(_CONFLICT.c.event_key.in_(list(event_keys)))
    found = []
    for row in conn.execute(query):
        values = list(row)
        values[11] = json.loads(values[11]) if values[11] else {}
        found.append(ConflictRecord(*values))
    return found


def open_conflict_count(conn: Connection) -> int:
    query = select(func.count()).where(_CONFLICT.c.acknowledged_at.is_(None))
    return int(conn.execute(query).scalar_one())


def acknowledge(conn: Connection, conflict_id: int, *, by: str, at: datetime) -> bool:
    """Mark one open conflict seen and dealt with; False if there is no such open conflict."""
    done = conn.execute(
        update(_CONFLICT)
        .where(_CONFLICT.c.id == conflict_id)
        .where(_CONFLICT.c.acknowledged_at.is_(None))
        .values(acknowledged_by=by, acknowledged_at=at)
    ).rowcount
    return int(done) == 1


# --- kiosks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KioskReport:
    kiosk_id: str
    last_contact_at: datetime
    pending_uploads: int
    held_uploads: int
    uploaded_total: int
    offline_since: datetime | None
    offline_until: datetime | None


def report_kiosk(conn: Connection, report: KioskReport) -> None:
    """Upsert what a kiosk says about itself (on every contact, throttled by the kiosk)."""
    values = {
        "kiosk_id": report.kiosk_id,
        "last_contact_at": report.last_contact_at,
        "pending_uploads": report.pending_uploads,
        "held_uploads": report.held_uploads,
        "uploaded_total": report.uploaded_total,
        "offline_since": report.offline_since,
        "offline_until": report.offline_until,
    }
    statement = _insert(conn, _KIOSK).values(**values)
    changes = {k: v for k, v in values.items() if k != "kiosk_id"}
    if report.offline_since is None:
        # A kiosk that has been online all along keeps the record of its last outage.
        changes.pop("offline_since")
        changes.pop("offline_until")
    conn.execute(statement.on_conflict_do_update(index_elements=[_KIOSK.c.kiosk_id], set_=changes))


def kiosk_reports(conn: Connection) -> list[KioskReport]:
    rows = conn.execute(select(*_KIOSK.c).order_by(_KIOSK.c.kiosk_id))
    return [KioskReport(*tuple(row)) for row in rows]
