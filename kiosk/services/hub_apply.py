"""The hub applies a kiosk's offline decision exactly once, and records every conflict.

The kiosk has already decided: the visitor walked in with a badge in the group it printed.
The hub does not decide again; it applies what it can as it was decided (original time,
kiosk and group) and records as a conflict what it cannot apply that way:

* ``double_admission``: the visitor was already in (another kiosk, online or uploaded
  first). The hub keeps the first check-in; the conflict names both kiosks and both times.
* ``over_capacity``: the group the badge shows is now over its capacity.
* ``cancelled``: the booking was cancelled on the hub meanwhile (the visitor stays in: the
  roster must show who is on site).
* ``unknown_visitor``, ``group_gone``, ``checkout_not_in``: the hub's party no longer matches.
* ``unapplied``: the event could not be applied at all (its booking or session is not on the
  hub, or it is malformed). It is *held*: kept in the kiosk's outbox and shown here with its
  content, never dropped; the drain goes on with the next event.

The idempotency key is claimed in the same transaction as the change, so the same event
uploaded again (a retry, a kiosk killed mid-drain) is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from kiosk.core.rules import CANCELLED_STATUSES
from kiosk.services.outbox_events import ADMITTING, VERSION
from kiosk.store import hub as hub_sql
from kiosk.store import party as party_sql
from kiosk.store.audit import record_event
from kiosk.store.locks import lock_for_batch, lock_reservation
from kiosk.store.outbox import OutboxEvent


class Unappliable(Exception):
    """An event the hub cannot apply as it stands; it is held and shown as a conflict."""


@dataclass(frozen=True)
class ConflictNote:
    """A conflict as the uploading kiosk reports it."""

    kind: str
    code: str | None
    visitor_seq: int | None
    kiosks: tuple[str, str]
    times: tuple[str | None, str | None]
    detail: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "visitor": self.visitor_seq,
            "kiosks": list(self.kiosks),
            "times": list(self.times),
            "detail": dict(self.detail),
        }


@dataclass(frozen=True)
class ApplyResult:
    """What the hub did with one event."""

    key: str
    state: str
    """``applied``, ``duplicate`` (the key was there already) or ``held``."""
    conflicts: tuple[ConflictNote, ...] = ()
    scan_event_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "conflicts": [c.to_json() for c in self.conflicts]}


def lock_for_upload(conn: Connection, events: Sequence[OutboxEvent]) -> None:
    """Lock every booking and group a batch of events touches, before applying any of them.

    All the bookings first (by id), then the groups of their sessions (by id): the order
    every check-in takes its locks in (kiosk.store.locks), so a batch never deadlocks with
    a kiosk deciding online or with another kiosk's batch.
    """
    codes = {str(e.payload["code"]) for e in events if e.payload.get("code")}
    sessions = {str(e.payload["session_id"]) for e in events if e.payload.get("session_id")}
    lock_for_batch(conn, codes, sessions)


class AlreadyApplied(Exception):
    """The event's key is on the hub already; the caller rolls its work back."""


def apply_event(
    conn: Connection, event: OutboxEvent, *, now: datetime, locked: bool = False
) -> ApplyResult:
    """Apply one outbox event in the caller's transaction (see the module doc).

    The key is recorded last, together with the outcome, in one statement; if it is there
    already the work is undone by the caller (:func:`apply_in_savepoint` does all this).

    Args:
        locked: the caller holds the locks (:func:`lock_for_upload`).

    Raises:
        Unappliable: the event cannot be applied; the caller rolls back and holds it.
        AlreadyApplied: the key is on the hub; the caller rolls back.
    """
    return _apply(conn, event, now=now, locked=locked, skip_seqs=frozenset())


def apply_in_savepoint(
    conn: Connection, event: OutboxEvent, *, now: datetime, locked: bool = False
) -> ApplyResult:
    """:func:`apply_event` in a savepoint, settling a key that is already on the hub.

    Raises:
        Unappliable: as :func:`apply_event` (the savepoint is rolled back).
    """
    try:
        with conn.begin_nested():
            return _apply(conn, event, now=now, locked=locked, skip_seqs=frozenset())
    except AlreadyApplied:
        pass
    record = hub_sql.applied(conn, event.key)
    if record is None or record.state != "online":
        return ApplyResult(event.key, "duplicate")
    # The hub decided this very scan online and its answer was lost on the way back: only
    # what the kiosk then admitted beyond that decision is still to apply.
    with conn.begin_nested():
        return _apply(conn, event, now=now, locked=locked, skip_seqs=frozenset(record.visitor_seqs),
                      online=record)  # fmt: skip


def _apply(
    conn: Connection,
    event: OutboxEvent,
    *,
    now: datetime,
    locked: bool,
    skip_seqs: frozenset[int],
    online: hub_sql.AppliedRecord | None = None,
) -> ApplyResult:
    data = event.payload
    if data.get("v") != VERSION or event.action not in (*ADMITTING, "checkout", "undo"):
        raise Unappliable(f"unknown event format (v={data.get('v')!r}, action={event.action!r})")
    try:
        kiosk_id = str(data["kiosk_id"])
        at = datetime.fromisoformat(str(data["at"]))
        places = [(int(p["seq"]), p.get("group")) for p in data.get("visitors") or []]
    except (KeyError, TypeError, ValueError) as exc:
        raise Unappliable(f"malformed event: {exc}") from exc
    places = [p for p in places if p[0] not in skip_seqs]
    if online is not None and not places:
        hub_sql.finish_key(conn, event.key, state="applied", scan_event_id=online.scan_event_id,
                           visitor_seqs=sorted(skip_seqs), conflicts=0)  # fmt: skip
        return ApplyResult(event.key, "duplicate")
    notes: list[ConflictNote] = []
    touched: list[int] = []
    touched_seqs: list[int] = []
    code = data.get("code")
    if places and code:
        upload = _Upload(conn, event, data, places, kiosk_id, at, now, notes, locked)
        if event.action in ADMITTING:
            touched, touched_seqs = _admit(upload)
        elif event.action == "checkout":
            touched, touched_seqs = _check_out(upload)
        else:
            raise Unappliable("an undo is never queued offline")
    detail = dict(data.get("detail") or {})
    detail.update({"offline": True, "key": event.key})
    if notes:
        detail["conflicts"] = len(notes)
    scan_event_id = record_event(
        conn,
        at=at,
        kiosk_id=kiosk_id,
        operator=str(data.get("operator") or ""),
        action=event.action,
        outcome=str(data.get("outcome") or ""),
        raw_input=None,
        input_digest=str(data.get("input_digest") or ""),
        input_hint=str(data.get("input_hint") or ""),
        reservation_code=code,
        session_id=data.get("session_id"),
        visitor_ids=touched,
        detail=detail,
    )
    seqs = sorted(set(touched_seqs) | skip_seqs)
    if online is not None:
        hub_sql.finish_key(conn, event.key, state="applied", scan_event_id=scan_event_id,
                           visitor_seqs=seqs, conflicts=len(notes))  # fmt: skip
    elif not hub_sql.claim_key(conn, key=event.key, kiosk_id=kiosk_id, seq=event.seq, at=now,
                               state="applied", visitor_seqs=seqs, scan_event_id=scan_event_id,
                               conflicts=len(notes)):  # fmt: skip
        raise AlreadyApplied(event.key)
    return ApplyResult(event.key, "applied", tuple(notes), scan_event_id)


def hold_event(conn: Connection, event: OutboxEvent, *, reason: str, now: datetime) -> ApplyResult:
    """Record an event the hub could not apply: its key (held) and an ``unapplied`` conflict."""
    data = event.payload
    kiosk_id = str(data.get("kiosk_id") or event.key.rsplit(":", 1)[0])
    at_text = data.get("at")
    try:
        at = datetime.fromisoformat(str(at_text)) if at_text else None
    except ValueError:
        at = None
    if not hub_sql.claim_key(
        conn, key=event.key, kiosk_id=kiosk_id, seq=event.seq, at=now, state="held", conflicts=1
    ):
        return ApplyResult(event.key, "duplicate")
    note = ConflictNote(
        "unapplied",
        data.get("code"),
        None,
        ("", kiosk_id),
        (None, at.isoformat() if at else None),
        {"reason": reason},
    )
    hub_sql.add_conflict(
        conn,
        kind="unapplied",
        created_at=now,
        event_key=event.key,
        reservation_code=data.get("code"),
        session_id=data.get("session_id"),
        kiosk_b=kiosk_id,
        at_b=at,
        detail={"reason": reason, "event": data},
    )
    return ApplyResult(event.key, "held", (note,))


# --- the two kinds of change ---------------------------------------------------------------


def _booking(conn: Connection, data: Mapping[str, Any], code: str) -> int:
    """The hub's booking for an event, created from a signed ticket if the kiosk did so."""
    reservation_id = party_sql.reservation_id(conn, code)
    if reservation_id is not None:
        return reservation_id
    if not data.get("provisional"):
        raise Unappliable(f"booking {code} is not on the hub")
    session_id = str(data.get("session_id") or "")
    if not party_sql.session_exists(conn, session_id):
        raise Unappliable(f"session {session_id!r} of provisional booking {code} is not on the hub")
    try:
        with conn.begin_nested():
            return party_sql.create_provisional_booking(
                conn, code=code, session_id=session_id, party_size=int(data["party_size"])
            )
    except IntegrityError:
        existing = party_sql.reservation_id(conn, code)
        if existing is None:
            raise
        return existing


@dataclass(frozen=True)
class _Upload:
    """One queued check-in or check-out being applied on the hub, and where its conflicts go."""

    conn: Connection
    event: OutboxEvent
    data: Mapping[str, Any]
    places: Sequence[tuple[int, str | None]]
    kiosk_id: str
    at: datetime
    now: datetime
    notes: list[ConflictNote]
    locked: bool


def _admit(upload: _Upload) -> tuple[list[int], list[int]]:
    conn, event, data, places = upload.conn, upload.event, upload.data, upload.places
    kiosk_id, at, now, notes, locked = (
        upload.kiosk_id, upload.at, upload.now, upload.notes, upload.locked
    )  # fmt: skip
    code = str(data["code"])
    party = None if not locked else hub_sql.party_by_code(conn, code)
    if party is None:
        reservation_id = _booking(conn, data, code)
        lock_reservation(conn, reservation_id)
        party = party_sql.load_party(conn, reservation_id)
    session_id = party.reservation.session_id
    groups = {g.letter: g for g in party_sql.session_groups(conn, session_id, lock=not locked)}
    by_seq = {v.seq: v for v in party.visitors}
    at_text = at.isoformat()

    def note(kind: str, *, seq: int | None = None, visitor_id: int | None = None,
             kiosk_a: str = "", at_a: datetime | None = None,
             detail: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        hub_sql.add_conflict(conn, kind=kind, created_at=now, event_key=event.key,
                             reservation_code=code, session_id=session_id, visitor_id=visitor_id,
                             visitor_seq=seq, kiosk_a=kiosk_a, at_a=at_a, kiosk_b=kiosk_id,
                             at_b=at, detail=detail)  # fmt: skip
        notes.append(ConflictNote(kind, code, seq, (kiosk_a, kiosk_id),
                                  (at_a.astimezone(at.tzinfo).isoformat() if at_a else None,
                                   at_text),
                                  dict(detail or {})))  # fmt: skip

    if party.reservation.status.strip().lower() in CANCELLED_STATUSES and not data.get(
        "overridden"
    ):
        note("cancelled", detail={"status": party.reservation.status})
    admitted: list[int] = []
    admitted_seqs: list[int] = []
    placed: dict[str, int] = {}
    by_group: dict[int | None, list[int]] = {}
    for seq, letter in places:
        visitor = by_seq.get(seq)
        if visitor is None:
            note("unknown_visitor", seq=seq, detail={"group": letter})
            continue
        if visitor.checked_in_at is not None:
            current = next((g.letter for g in groups.values() if g.id == visitor.group_id), None)
            note("double_admission", seq=seq, visitor_id=visitor.id,
                 kiosk_a=visitor.kiosk_id or "", at_a=visitor.checked_in_at,
                 detail={"group_a": current, "group_b": letter})  # fmt: skip
            continue
        group = groups.get(letter) if letter else None
        if letter and group is None:
            note("group_gone", seq=seq, visitor_id=visitor.id, detail={"group": letter})
        by_group.setdefault(group.id if group else None, []).append(visitor.id)
        admitted.append(visitor.id)
        admitted_seqs.append(seq)
        if group is not None:
            placed[group.letter] = placed.get(group.letter, 0) + 1
    for group_id, ids in by_group.items():
        party_sql.admit(conn, ids, at=at, kiosk_id=kiosk_id, group_id=group_id)
    for letter, added in placed.items():
        group = groups[letter]
        if group.count + added > group.capacity:
            note("over_capacity", detail={"group": letter, "count": group.count + added,
                                          "capacity": group.capacity})  # fmt: skip
    return admitted, admitted_seqs


def _check_out(upload: _Upload) -> tuple[list[int], list[int]]:
    conn, event, data, places = upload.conn, upload.event, upload.data, upload.places
    kiosk_id, at, now, notes, locked = (
        upload.kiosk_id, upload.at, upload.now, upload.notes, upload.locked
    )  # fmt: skip
    code = str(data["code"])
    party = hub_sql.party_by_code(conn, code)
    if party is None:
        raise Unappliable(f"booking {code} is not on the hub")
    if not locked:
        lock_reservation(conn, party.reservation.id)
        party = party_sql.load_party(conn, party.reservation.id)
    by_seq = {v.seq: v for v in party.visitors}
    changed: list[int] = []
    changed_seqs: list[int] = []
    for seq, _letter in places:
        visitor = by_seq.get(seq)
        if visitor is not None and visitor.checked_in_at is not None:
            if visitor.checked_out_at is None:
                party_sql.set_visitor_state(conn, [visitor.id], {"checked_out_at": at})
                changed.append(visitor.id)
                changed_seqs.append(seq)
            continue
        kind = "unknown_visitor" if visitor is None else "checkout_not_in"
        hub_sql.add_conflict(conn, kind=kind, created_at=now, event_key=event.key,
                             reservation_code=code, session_id=party.reservation.session_id,
                             visitor_id=visitor.id if visitor else None, visitor_seq=seq,
                             kiosk_b=kiosk_id, at_b=at)  # fmt: skip
        notes.append(ConflictNote(kind, code, seq, ("", kiosk_id), (None, at.isoformat())))
    return changed, changed_seqs
