"""Staff actions that change something: move a party, register walk-ins, reveal a phone
number, record an export.

Every action appends one audit event (action, operator, detail) in the same transaction: the
log is the audit trail, never edited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session, col

from kiosk.core.errors import InputError
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import find_reservation, session_room
from kiosk.services.results import CheckInResult
from kiosk.store.audit import record_event
from kiosk.store.db import write_session
from kiosk.store.models import Reservation, TourGroup, TourSession, Visitor

WALK_IN_PREFIX = "WALK-"


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
        room = session_room(db, session)
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
        reservation = find_reservation(db, code)
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


def _reservation_for_update(db: Session, code: str) -> Reservation:
    reservation = find_reservation(db, code)
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
    """Append one staff action to the audit trail, in the action's transaction."""
    return record_event(
        db.connection(),
        at=now,
        kiosk_id=env.kiosk_id,
        operator=env.operator,
        action=action,
        outcome=outcome,
        raw_input=code or action,
        reservation_code=code,
        session_id=session_id,
        visitor_ids=visitor_ids,
        detail=detail,
    )
