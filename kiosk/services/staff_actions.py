"""Staff actions that change something: move a party, register walk-ins, reveal a phone
number, record an export.

Every action appends one audit event (action, operator, detail) in the same transaction: the
log is the audit trail, never edited.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from kiosk.core.errors import InputError
from kiosk.services.env import ServiceEnv
from kiosk.services.lookup import find_booking, session_room
from kiosk.services.results import CheckInResult
from kiosk.store import bookings
from kiosk.store.audit import record_event
from kiosk.store.db import write_connection
from kiosk.store.locks import lock_reservation, lock_session
from kiosk.store.party import load_party, session_groups
from kiosk.store.sessions import session_by_id

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
    with write_connection(env.engine) as db:
        reservation = find_booking(db, code)
        lock_reservation(db, reservation.id)
        groups = session_groups(db, reservation.session_id, lock=True)
        target = next((g for g in groups if g.letter.upper() == letter), None)
        if target is None:
            raise InputError(
                f"Session {reservation.session_id} has no group {letter}.",
                f"场次 {reservation.session_id} 没有 {letter} 组。",
            )
        visitors = load_party(db, reservation.id).visitors
        letters = {g.id: g.letter for g in groups}
        joining = [v for v in visitors if v.group_id != target.id]
        if target.count + len(joining) > target.capacity:
            room = max(target.capacity - target.count, 0)
            raise InputError(
                f"Group {target.letter} has room for {room} more; this party needs "
                f"{len(joining)} places.",
                f"{target.letter} 组只剩 {room} 个名额，此预约需要 {len(joining)} 个。",
            )
        movers = [v.id for v in joining if v.checked_in_at is not None]
        from_groups = tuple(
            sorted(
                {
                    letters.get(v.group_id, "")
                    for v in joining
                    if v.id in movers and v.group_id is not None
                }
            )
        )
        if movers:
            bookings.move_visitors(db, movers, target.id)
        bookings.pre_assign(db, reservation.id, target.letter)
        event_id = _log(
            db,
            env,
            now,
            action="move",
            outcome="moved",
            code=reservation.code,
            session_id=reservation.session_id,
            visitor_ids=movers,
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
    with write_connection(env.engine) as db:
        lock_session(db, session_id)
        session = session_by_id(db, session_id)
        if session is None:
            raise InputError(f"There is no session {session_id}.", f"没有场次 {session_id}。")
        room = session_room(db, session, env.settings.zone)
        if room.free < size:
            raise InputError(
                f"Session {session_id} has {room.free} free places; {size} were asked for.",
                f"场次 {session_id} 只剩 {room.free} 个名额，申请了 {size} 个。",
            )
        code = _new_walk_in_code(db)
        bookings.add_walk_in(
            db,
            code=code,
            session_id=session_id,
            size=size,
            name=name.strip(),
            phone=phone.strip(),
            language=language or "zh",
            notes=notes,
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
    with write_connection(env.engine) as db:
        reservation = find_booking(db, code)
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
    with write_connection(env.engine) as db:
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


def _new_walk_in_code(db: Connection) -> str:
    while True:
        code = WALK_IN_PREFIX + secrets.token_hex(3).upper()
        if not bookings.code_taken(db, code):
            return code


def _log(
    db: Connection,
    env: ServiceEnv,
    now: datetime,
    *,
    action: str,
    outcome: str,
    code: str | None,
    session_id: str | None,
    visitor_ids: Sequence[int],
    detail: dict[str, Any],
) -> int:
    """Append one staff action to the audit trail, in the action's transaction."""
    return record_event(
        db,
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
