"""Check-in, check-out and undo: one scan in, one explainable decision out, one transaction.

Safety across kiosks: on SQLite every write transaction starts with ``BEGIN IMMEDIATE``
(kiosks queue on the busy timeout); on PostgreSQL the reservation row and then the
session's group rows are locked ``FOR UPDATE`` before anything is read that the decision
depends on, and visitors are admitted with a conditional update (``checked_in_at IS NULL``).
Two kiosks therefore never admit the same visitor twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from kiosk.core import messages
from kiosk.core.groups import GroupState, Party, assign_groups, languages
from kiosk.core.masking import digest_secret, hint, mask_phone
from kiosk.core.messages import Message
from kiosk.core.rules import ADMITTING, AdmissionWindow, Outcome, ReservationView, decide
from kiosk.core.scan import ScanInput, normalise_scan, parse_scan
from kiosk.core.tickets import (
    InvalidTicket,
    TicketOutsideValidity,
    TicketPayload,
    load_public_keys,
    verify_ticket,
)
from kiosk.services.env import ServiceEnv
from kiosk.services.results import CheckInResult, VisitorInfo
from kiosk.store.db import read_session, write_session
from kiosk.store.models import Guide, Reservation, ScanEvent, TourGroup, TourSession, Visitor

CHECKED_OUT = "checked_out"
NOT_CHECKED_IN = "not_checked_in"
UNDONE = "undone"


@dataclass(frozen=True)
class _Found:
    """What a scan resolved to before any rule is applied."""

    reservation_id: int | None
    badge_visitor_id: int | None = None
    provisional: bool = False
    refusal: Outcome | None = None
    refusal_message: Message | None = None


@dataclass(frozen=True)
class SessionInfo:
    """The session a kiosk is serving now, for the Scan page."""

    id: str
    starts_at: datetime
    ends_at: datetime
    label_zh: str
    label_en: str
    capacity: int


@dataclass(frozen=True)
class ReservationSummary:
    """One search hit for gate staff; the phone number is masked."""

    code: str
    contact_name: str
    phone_masked: str
    session_id: str
    starts_at: datetime
    party_size: int
    checked_in: int
    status: str


# --- public use cases ---------------------------------------------------------------------


def preview_scan(env: ServiceEnv, raw: str) -> CheckInResult:
    """The decision a scan would get now, without writing anything (for the Party page)."""
    now = env.now()
    scan = parse_scan(normalise_scan(raw))
    with read_session(env.engine) as db:
        found = _resolve(db, env, scan, now, create_provisional=False)
        if found.reservation_id is None:
            return _refusal_result(found)
        return _decide_and_apply(db, env, found, now, count=None, write=False)


def check_in(
    env: ServiceEnv,
    raw: str,
    *,
    count: int | None = None,
    visitor_ids: Sequence[int] | None = None,
    override_reason: str | None = None,
) -> CheckInResult:
    """Admit a party (or ``count`` of it, or the given visitors) for one scan.

    Every call appends one ScanEvent, refused or not. A refusal that staff override needs a
    reason, which is logged with the operator's name.
    """
    if override_reason is not None and not override_reason.strip():
        raise _input_error("A staff override needs a reason.", "工作人员放行需要填写原因。")
    if visitor_ids is not None and not visitor_ids:
        # An empty selection would otherwise read as "everyone is already checked in".
        raise _input_error("Choose at least one visitor to check in.", "请至少选择一位访客签到。")
    now = env.now()
    normalised = normalise_scan(raw)
    scan = parse_scan(normalised)
    with write_session(env.engine) as db:
        found = _resolve(db, env, scan, now, create_provisional=True)
        if found.reservation_id is None:
            result = _refusal_result(found)
        else:
            result = _decide_and_apply(
                db,
                env,
                found,
                now,
                count=count,
                visitor_ids=visitor_ids,
                override_reason=override_reason,
                write=True,
            )
        event_id = _log(
            db,
            env,
            now,
            action="override" if override_reason else "checkin",
            raw=normalised,
            result=result,
            detail={"reason": override_reason} if override_reason else None,
        )
    return replace(result, event_id=event_id)


def check_out(env: ServiceEnv, raw: str) -> CheckInResult:
    """Record that a visitor (badge code) or a whole party (reservation code) left the site."""
    now = env.now()
    normalised = normalise_scan(raw)
    scan = parse_scan(normalised)
    with write_session(env.engine) as db:
        found = _resolve(db, env, scan, now, create_provisional=False)
        if found.reservation_id is None:
            result = _refusal_result(found)
        else:
            _lock_reservation(db, found.reservation_id)
            party = _party(db, found.reservation_id)
            targets = [
                v
                for v in party.visitors
                if v.checked_in_at is not None
                and v.checked_out_at is None
                and (found.badge_visitor_id is None or v.id == found.badge_visitor_id)
            ]
            if targets:
                db.execute(
                    update(Visitor)
                    .where(Visitor.id.in_([v.id for v in targets]))  # type: ignore[union-attr]
                    .where(Visitor.checked_out_at.is_(None))  # type: ignore[union-attr]
                    .values(checked_out_at=now)
                )
                outcome = CHECKED_OUT
                message = Message(
                    f"Goodbye! {len(targets)} checked out.",
                    f"再见！已为 {len(targets)} 位访客办理离场。",
                )
            else:
                outcome = NOT_CHECKED_IN
                message = Message(
                    "Nobody of this booking is on site to check out.",
                    "此预约没有在场的访客可办理离场。",
                )
            party = _party(db, found.reservation_id)
            result = _result_from_party(party, outcome, message, [v.id for v in targets] or None)
        event_id = _log(
            db,
            env,
            now,
            action="checkout",
            raw=normalised,
            result=result,
            touched=[v.id for v in result.visitors] if result.outcome == CHECKED_OUT else [],
        )
    return replace(result, event_id=event_id)


def undo_check_in(env: ServiceEnv, code: str, *, reason: str) -> CheckInResult:
    """Take back the check-ins of a reservation (or one badge): staff only, reason logged."""
    if not reason.strip():
        raise _input_error("Undoing a check-in needs a reason.", "撤销签到需要填写原因。")
    now = env.now()
    normalised = normalise_scan(code)
    scan = parse_scan(normalised)
    targets: list[int] = []
    with write_session(env.engine) as db:
        found = _resolve(db, env, scan, now, create_provisional=False)
        if found.reservation_id is None:
            result = _refusal_result(found)
        else:
            _lock_reservation(db, found.reservation_id)
            party = _party(db, found.reservation_id)
            targets = [
                v.id
                for v in party.visitors
                if v.checked_in_at is not None
                and (found.badge_visitor_id is None or v.id == found.badge_visitor_id)
            ]
            if targets:
                db.execute(
                    update(Visitor)
                    .where(Visitor.id.in_(targets))  # type: ignore[union-attr]
                    .values(checked_in_at=None, checked_out_at=None, kiosk_id=None, group_id=None)
                )
                message = Message(
                    f"Check-in of {len(targets)} undone.", f"已撤销 {len(targets)} 位访客的签到。"
                )
                outcome = UNDONE
            else:
                message = Message("Nobody of this booking is checked in.", "此预约尚无人签到。")
                outcome = NOT_CHECKED_IN
            result = _result_from_party(_party(db, found.reservation_id), outcome, message, None)
        event_id = _log(
            db,
            env,
            now,
            action="undo",
            raw=normalised,
            result=result,
            detail={"reason": reason},
            touched=targets,
        )
    return replace(result, event_id=event_id)


def current_session(env: ServiceEnv) -> SessionInfo | None:
    """The session whose check-in window is open now, else the next one today, else None."""
    now = env.now()
    local = now.astimezone(env.settings.zone)
    day_end = local.replace(hour=23, minute=59, second=59)
    with read_session(env.engine) as db:
        rows = db.scalars(
            select(TourSession)
            .where(TourSession.starts_at >= now - env.grace_after)  # type: ignore[arg-type, operator]
            .where(TourSession.starts_at <= day_end)  # type: ignore[arg-type, operator]
            .order_by(TourSession.starts_at)  # type: ignore[arg-type]
        ).all()
    if not rows:
        return None
    open_now = [s for s in rows if s.starts_at - env.window_opens <= now]
    chosen = open_now[0] if open_now else rows[0]
    return SessionInfo(
        chosen.id,
        chosen.starts_at.astimezone(env.settings.zone),
        chosen.ends_at.astimezone(env.settings.zone),
        chosen.label_zh,
        chosen.label_en,
        chosen.capacity,
    )


def search_reservations(
    env: ServiceEnv, query: str, *, limit: int = 20
) -> list[ReservationSummary]:
    """Find bookings by contact or visitor name, or by the last four digits of the phone.

    Today's sessions come first. Phone numbers are masked: gate staff see enough to ask
    "is your number 138****5678?", never the whole number.
    """
    text = normalise_scan(query).strip()
    if len(text) < 2:
        return []
    now = env.now()
    local = now.astimezone(env.settings.zone)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    with read_session(env.engine) as db:
        conditions = []
        if text.isdigit() and len(text) >= 4:
            conditions.append(Reservation.phone.endswith(text[-4:]))  # type: ignore[attr-defined]
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        conditions.append(Reservation.contact_name.ilike(pattern))  # type: ignore[attr-defined]
        conditions.append(Reservation.code == text.upper())
        visitor_match = select(Visitor.reservation_id).where(
            Visitor.name.ilike(pattern)  # type: ignore[attr-defined]
        )
        conditions.append(Reservation.id.in_(visitor_match))  # type: ignore[union-attr]
        from sqlalchemy import case, or_

        checked = (
            select(func.count())
            .where(Visitor.reservation_id == Reservation.id)
            .where(Visitor.checked_in_at.isnot(None))  # type: ignore[union-attr]
            .scalar_subquery()
        )
        today_first = case(
            (
                (TourSession.starts_at >= day_start)  # type: ignore[operator]
                & (TourSession.starts_at < day_start + timedelta(days=1)),  # type: ignore[operator]
                0,
            ),
            else_=1,
        )
        rows = db.execute(
            select(Reservation, TourSession.starts_at, checked)
            .join(TourSession, TourSession.id == Reservation.session_id)  # type: ignore[arg-type]
            .where(or_(*conditions))
            .order_by(today_first, TourSession.starts_at, Reservation.contact_name)
            .limit(limit)
        ).all()
    return [
        ReservationSummary(
            code=r.code,
            contact_name=r.contact_name,
            phone_masked=mask_phone(r.phone),
            session_id=r.session_id,
            starts_at=starts.astimezone(env.settings.zone),
            party_size=r.party_size,
            checked_in=int(n),
            status=r.status,
        )
        for r, starts, n in rows
    ]


# --- internals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _VisitorRow:
    id: int
    seq: int
    name: str
    badge_code: str
    group_id: int | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    kiosk_id: str | None


@dataclass(frozen=True)
class _PartyRows:
    reservation: Reservation
    session: TourSession
    visitors: tuple[_VisitorRow, ...]


def _input_error(en: str, zh: str) -> Exception:
    from kiosk.core.errors import InputError

    return InputError(en, zh)


@lru_cache(maxsize=8)
def _public_keys(paths: tuple[str, ...]) -> list[object]:
    return list(load_public_keys(paths))


def _resolve(
    db: Session, env: ServiceEnv, scan: ScanInput, now: datetime, *, create_provisional: bool
) -> _Found:
    """Find the reservation (and the badge's visitor) a scan names; refusals before rules."""
    if scan.kind == "empty":
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.empty_scan())
    if scan.kind == "invalid":
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.invalid_scan())
    if scan.kind == "signed_ticket":
        return _resolve_ticket(db, env, scan.ticket or "", now, create_provisional)
    code = scan.code or ""
    reservation_id = db.execute(
        select(Reservation.id).where(Reservation.code == code)
    ).scalar_one_or_none()
    if reservation_id is not None:
        return _Found(reservation_id)
    badge = db.execute(
        select(Visitor.id, Visitor.reservation_id).where(Visitor.badge_code == code)
    ).first()
    if badge is not None:
        return _Found(badge.reservation_id, badge_visitor_id=badge.id)
    return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())


def _resolve_ticket(
    db: Session, env: ServiceEnv, ticket: str, now: datetime, create_provisional: bool
) -> _Found:
    keys = _public_keys(tuple(env.settings.public_keys))
    payload: TicketPayload | None
    try:
        payload = verify_ticket(ticket, keys, now)  # type: ignore[arg-type]
        within_validity = True
    except TicketOutsideValidity as exc:
        payload, within_validity = exc.payload, False
    except InvalidTicket as exc:
        # "unknown" comes before "invalid_signature": a forged ticket for a code we do not
        # know is unknown; a forged ticket for a real booking is invalid_signature.
        claimed = (exc.claimed_code or "").strip().upper()
        known = (
            claimed
            and db.execute(
                select(Reservation.id).where(Reservation.code == claimed)
            ).scalar_one_or_none()
        )
        if not known:
            return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
        return _Found(
            None, refusal=Outcome.INVALID_SIGNATURE, refusal_message=messages.invalid_signature()
        )
    code = payload.code.strip().upper()
    reservation_id = db.execute(
        select(Reservation.id).where(Reservation.code == code)
    ).scalar_one_or_none()
    if reservation_id is not None:
        return _Found(reservation_id)
    if not within_validity:
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
    session_exists = db.get(TourSession, payload.session_id) is not None
    if not (env.settings.allow_provisional and session_exists and create_provisional):
        if env.settings.allow_provisional and session_exists:
            return _Found(-1, provisional=True)  # preview: would be admitted provisionally
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
    try:
        # A savepoint, so that losing a race with another kiosk leaves our transaction usable.
        with db.begin_nested():
            reservation_id = _create_provisional(db, code, payload)
    except IntegrityError:
        # Another kiosk admitted the same ticket at the same moment and created the booking
        # first (PostgreSQL: our insert waited for its commit). Carry on with that booking.
        existing = db.execute(
            select(Reservation.id).where(Reservation.code == code)
        ).scalar_one_or_none()
        if existing is None:
            raise
        return _Found(existing, provisional=True)
    return _Found(reservation_id, provisional=True)


def _create_provisional(db: Session, code: str, payload: TicketPayload) -> int:
    """Insert the booking a verified ticket vouches for, with one visitor per person."""
    reservation = Reservation(
        code=code,
        session_id=payload.session_id,
        party_size=payload.party_size,
        status="confirmed",
        provisional=True,
        source="signed-ticket",
        notes="Admitted on a signed ticket before the reservation was synced.",
    )
    db.add(reservation)
    db.flush()
    assert reservation.id is not None
    db.execute(
        insert(Visitor),
        [
            {
                "reservation_id": reservation.id,
                "session_id": payload.session_id,
                "seq": seq,
                "name": "",
                "badge_code": f"{code}-{seq}",
            }
            for seq in range(1, payload.party_size + 1)
        ],
    )
    return reservation.id


def _lock_reservation(db: Session, reservation_id: int) -> None:
    """On PostgreSQL, serialise every change to one party (SQLite is serialised already)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(select(Reservation.id).where(Reservation.id == reservation_id).with_for_update())


def _party(db: Session, reservation_id: int) -> _PartyRows:
    reservation = db.get(Reservation, reservation_id, populate_existing=True)
    assert reservation is not None
    session = db.get(TourSession, reservation.session_id)
    assert session is not None
    rows = db.execute(
        select(
            Visitor.id,
            Visitor.seq,
            Visitor.name,
            Visitor.badge_code,
            Visitor.group_id,
            Visitor.checked_in_at,
            Visitor.checked_out_at,
            Visitor.kiosk_id,
        )
        .where(Visitor.reservation_id == reservation_id)
        .order_by(Visitor.seq)  # type: ignore[arg-type]
    ).all()
    return _PartyRows(reservation, session, tuple(_VisitorRow(*row) for row in rows))


def _decide_and_apply(
    db: Session,
    env: ServiceEnv,
    found: _Found,
    now: datetime,
    *,
    count: int | None,
    visitor_ids: Sequence[int] | None = None,
    override_reason: str | None = None,
    write: bool,
) -> CheckInResult:
    assert found.reservation_id is not None
    if found.reservation_id == -1:  # preview of a provisional admission
        return CheckInResult(
            outcome=Outcome.OK.value,
            message_en="Signed ticket accepted; the booking will be admitted provisionally.",
            message_zh="电子票验证通过，将临时放行此预约。",
            provisional=True,
        )
    if write:
        _lock_reservation(db, found.reservation_id)
    party = _party(db, found.reservation_id)
    waiting = [v for v in party.visitors if v.checked_in_at is None]
    if found.badge_visitor_id is not None and visitor_ids is None:
        visitor_ids = [found.badge_visitor_id]
    if visitor_ids is not None:
        wanted = set(visitor_ids)
        waiting = [v for v in waiting if v.id in wanted]
        count = len(waiting) if waiting else None
    inside = [v for v in party.visitors if v.checked_in_at is not None]
    last = max(inside, key=lambda v: v.checked_in_at or now, default=None)
    view = ReservationView(
        code=party.reservation.code,
        status=party.reservation.status,
        starts_at=party.session.starts_at,
        ends_at=party.session.ends_at,
        party_size=len(party.visitors),
        checked_in_count=len(inside),
        last_check_in_at=last.checked_in_at if last else None,
        last_check_in_kiosk=last.kiosk_id if last else None,
    )
    if visitor_ids is not None and not waiting:
        view = replace(view, checked_in_count=view.party_size)  # the chosen ones are all in
    decision = decide(
        view,
        now=now,
        zone=env.settings.zone,
        window=AdmissionWindow(env.window_opens, env.grace_after),
        requested=count,
        override=override_reason is not None,
    )
    message = Message(decision.message_en, decision.message_zh)
    overflow = False
    admitted_ids: list[int] | None = None
    if decision.outcome in ADMITTING and write:
        chosen = waiting[: decision.admit_count]
        overflow = _admit(db, env, party, chosen, now)
        admitted_ids = [v.id for v in chosen]
        party = _party(db, found.reservation_id)
    elif decision.outcome in ADMITTING:
        admitted_ids = [v.id for v in waiting[: decision.admit_count]]
    result = _result_from_party(party, decision.outcome.value, message, admitted_ids)
    return replace(
        result,
        admitted=decision.admit_count,
        provisional=found.provisional or party.reservation.provisional,
        overridden=decision.overridden is not None,
        overflow=overflow,
    )


def _admit(
    db: Session,
    env: ServiceEnv,
    party: _PartyRows,
    chosen: Sequence[_VisitorRow],
    now: datetime,
) -> bool:
    """Place the chosen visitors in groups and mark them in; returns True on overflow."""
    is_pg = db.get_bind().dialect.name == "postgresql"
    group_query = (
        select(TourGroup.id, TourGroup.letter, TourGroup.capacity, Guide.languages)
        .outerjoin(Guide, Guide.id == TourGroup.guide_id)  # type: ignore[arg-type]
        .where(TourGroup.session_id == party.session.id)
        # Departure order: A … Z, then AA, AB … (a plain text sort would put AA before B).
        .order_by(func.length(TourGroup.letter), TourGroup.letter)
    )
    if is_pg:
        group_query = group_query.with_for_update(of=TourGroup)  # type: ignore[arg-type]
    groups = db.execute(group_query).all()
    overflow = False
    assignments: dict[int, int | None] = {}
    if groups:
        counts: dict[int | None, int] = dict(
            db.execute(
                select(Visitor.group_id, func.count())
                .where(Visitor.session_id == party.session.id)
                .where(Visitor.group_id.isnot(None))  # type: ignore[union-attr]
                .group_by(Visitor.group_id)
            ).all()
        )
        states = [
            GroupState(
                letter=g.letter,
                capacity=g.capacity,
                count=int(counts.get(g.id, 0)),
                languages=languages((g.languages or "").split(",")) if g.languages else frozenset(),
            )
            for g in groups
        ]
        by_letter = {g.letter: g.id for g in groups}
        already = {v.group_id for v in party.visitors if v.group_id is not None}
        preassigned = party.reservation.pre_assigned_group
        if preassigned is None and len(already) == 1:
            # Latecomers of a party join the group the rest of the party is already in.
            letter = next(g.letter for g in groups if g.id in already)
            preassigned = letter
        assignment = assign_groups(
            states,
            Party(
                size=len(chosen),
                language=party.reservation.language or None,
                preassigned=preassigned,
            ),
        )
        overflow = assignment.overflow
        queue = list(chosen)
        for letter, n in assignment.allocations:
            for visitor in queue[:n]:
                assignments[visitor.id] = by_letter[letter]
            queue = queue[n:]
    for visitor in chosen:
        done = db.execute(
            update(Visitor)
            .where(Visitor.id == visitor.id)
            .where(Visitor.checked_in_at.is_(None))  # type: ignore[union-attr]
            .values(
                checked_in_at=now,
                checked_out_at=None,
                kiosk_id=env.kiosk_id,
                group_id=assignments.get(visitor.id, visitor.group_id),
            )
        )
        if done.rowcount != 1:  # pragma: no cover - prevented by the locks above
            raise RuntimeError("visitor admitted concurrently despite the reservation lock")
    return overflow


def _group_details(
    db: Session, group_ids: set[int]
) -> dict[int, tuple[str, str, str | None, str | None, str]]:
    if not group_ids:
        return {}
    rows = db.execute(
        select(
            TourGroup.id,
            TourGroup.letter,
            TourGroup.colour,
            Guide.name,
            Guide.languages,
            TourGroup.meeting_point,
        )
        .outerjoin(Guide, Guide.id == TourGroup.guide_id)  # type: ignore[arg-type]
        .where(TourGroup.id.in_(group_ids))  # type: ignore[union-attr]
    ).all()
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}


def _result_from_party(
    party: _PartyRows, outcome: str, message: Message, admitted_ids: Sequence[int] | None
) -> CheckInResult:
    from sqlalchemy.orm import object_session

    db = object_session(party.reservation)
    assert db is not None
    details = _group_details(db, {v.group_id for v in party.visitors if v.group_id is not None})
    shown = party.visitors
    if admitted_ids is not None:
        wanted = set(admitted_ids)
        shown = tuple(v for v in party.visitors if v.id in wanted)
    infos = []
    for v in shown:
        group = details.get(v.group_id) if v.group_id is not None else None
        infos.append(
            VisitorInfo(
                id=v.id,
                seq=v.seq,
                name=v.name,
                badge_code=v.badge_code,
                group=group[0] if group else None,
                colour=group[1] if group else None,
                guide=group[2] if group else None,
                guide_languages=group[3] if group else None,
                meeting_point=group[4] if group else None,
                checked_in_at=v.checked_in_at,
                checked_out_at=v.checked_out_at,
                kiosk_id=v.kiosk_id,
            )
        )
    r = party.reservation
    return CheckInResult(
        outcome=outcome,
        message_en=message.en,
        message_zh=message.zh,
        code=r.code,
        session_id=party.session.id,
        session_starts_at=party.session.starts_at,
        session_ends_at=party.session.ends_at,
        party_size=len(party.visitors),
        checked_in=sum(1 for v in party.visitors if v.checked_in_at is not None),
        language=r.language,
        accessibility=r.accessibility,
        notes=r.notes,
        contact_name=r.contact_name,
        provisional=r.provisional,
        visitors=tuple(infos),
    )


def _refusal_result(found: _Found) -> CheckInResult:
    message = found.refusal_message or messages.unknown_code()
    outcome = (found.refusal or Outcome.UNKNOWN).value
    return CheckInResult(outcome=outcome, message_en=message.en, message_zh=message.zh)


def _log(
    db: Session,
    env: ServiceEnv,
    now: datetime,
    *,
    action: str,
    raw: str,
    result: CheckInResult,
    detail: dict[str, object] | None = None,
    touched: Sequence[int] | None = None,
) -> int:
    """Append one scan event; the input is stored as a digest and a short hint only.

    ``touched`` names the visitors a staff action changed (check-out, undo); for a check-in
    they are the visitors admitted.
    """
    if touched is None:
        touched = [v.id for v in result.visitors] if result.admitted_ok else []
    ids = ",".join(str(i) for i in touched)
    extra = dict(detail or {})
    if result.overflow:
        extra["overflow"] = True
    if result.provisional:
        extra["provisional"] = True
    row = db.execute(
        insert(ScanEvent).returning(ScanEvent.id),  # type: ignore[arg-type]
        {
            "at": now,
            "kiosk_id": env.kiosk_id,
            "operator": env.operator,
            "action": action,
            "input_digest": digest_secret(raw),
            "input_hint": hint(raw),
            "reservation_code": result.code,
            "session_id": result.session_id,
            "outcome": result.outcome,
            "visitor_ids": ids,
            "detail": json.dumps(extra, ensure_ascii=False) if extra else "",
        },
    ).scalar_one()
    return int(row)
