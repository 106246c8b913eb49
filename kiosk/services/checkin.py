"""Check-in, check-out and undo: one scan in, one explainable decision out, one transaction.

Safety across kiosks: on SQLite every write transaction starts with ``BEGIN IMMEDIATE``
(kiosks queue on the busy timeout); on PostgreSQL the reservation row and then the
session's group rows are locked ``FOR UPDATE`` before anything is read that the decision
depends on, and visitors are admitted with a conditional update (``checked_in_at IS NULL``).
Two kiosks therefore never admit the same visitor twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from kiosk.core import messages
from kiosk.core.errors import InputError
from kiosk.core.groups import GroupState, Party, assign_groups, languages
from kiosk.core.keyboard_layouts import LAYOUTS, LayoutCandidate, repair, unique_repair
from kiosk.core.messages import Message
from kiosk.core.rules import ActionOutcome, AdmissionWindow, Outcome, ReservationView, decide
from kiosk.core.scan import (
    ScanInput,
    eventbrite_barcode,
    may_be_attendee_number,
    normalise_scan,
    parse_scan,
)
from kiosk.core.tickets import (
    InvalidTicket,
    TicketOutsideValidity,
    TicketPayload,
    load_public_keys,
    verify_ticket,
)
from kiosk.services.env import JournalEntry, ServiceEnv
from kiosk.services.results import CheckInResult, VisitorInfo
from kiosk.store import party as party_sql
from kiosk.store.audit import record_event
from kiosk.store.codes import known_codes
from kiosk.store.db import read_connection, write_connection
from kiosk.store.locks import lock_reservation
from kiosk.store.party import GroupRow, PartyRows, VisitorRow


@dataclass(frozen=True)
class _Found:
    """What a scan resolved to before any rule is applied."""

    reservation_id: int | None
    badge_visitor_id: int | None = None
    provisional: bool = False
    refusal: Outcome | None = None
    refusal_message: Message | None = None
    repair: LayoutCandidate | None = None
    """How the scan was read when a keyboard-layout mix-up had garbled it."""
    preview_only: bool = False
    """A preview of a provisional admission: no booking exists yet (``reservation_id`` is 0).
    Ids cannot say so: a kiosk's replica gives its own bookings negative ids."""


# --- public use cases ---------------------------------------------------------------------


def preview_scan(env: ServiceEnv, raw: str) -> CheckInResult:
    """The decision a scan would get now, without writing anything (for the Party page)."""
    if env.route is not None:
        return env.route.decide(env, "preview", lambda here: _preview_scan(here, raw))
    return _preview_scan(env, raw)


def _preview_scan(env: ServiceEnv, raw: str) -> CheckInResult:
    now = env.now()
    typed = normalise_scan(raw)
    with read_connection(env.engine) as db:
        found = _resolve(db, env, parse_scan(typed), now, create_provisional=False, typed=typed)
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
    ask_party: bool = False,
) -> CheckInResult:
    """Admit a party (or ``count`` of it, or the given visitors) for one scan.

    Every call that decides appends one ScanEvent, refused or not. A refusal that staff
    override needs a reason, which is logged with the operator's name.

    Args:
        ask_party: when the scan would admit several people and no ``count`` or
            ``visitor_ids`` was given, write nothing and return the decision with
            ``needs_party`` set, so the kiosk can ask how many are here (then call again with
            ``count``). A one-person booking is admitted in this same call.
    """
    if env.route is not None:
        return env.route.decide(
            env,
            "override" if override_reason is not None else "checkin",
            lambda here: _check_in(
                here,
                raw,
                count=count,
                visitor_ids=visitor_ids,
                override_reason=override_reason,
                ask_party=ask_party,
            ),
        )
    return _check_in(
        env,
        raw,
        count=count,
        visitor_ids=visitor_ids,
        override_reason=override_reason,
        ask_party=ask_party,
    )


def _check_in(
    env: ServiceEnv,
    raw: str,
    *,
    count: int | None,
    visitor_ids: Sequence[int] | None,
    override_reason: str | None,
    ask_party: bool,
) -> CheckInResult:
    if override_reason is not None and not override_reason.strip():
        raise InputError("A staff override needs a reason.", "工作人员放行需要填写原因。")
    if visitor_ids is not None and not visitor_ids:
        # An empty selection would otherwise read as "everyone is already checked in".
        raise InputError("Choose at least one visitor to check in.", "请至少选择一位访客签到。")
    now = env.now()
    normalised = normalise_scan(raw)
    scan = parse_scan(normalised)
    try:
        with write_connection(env.engine) as db:
            found = _resolve(db, env, scan, now, create_provisional=True, typed=normalised)
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
                    ask_party=ask_party,
                )
            if result.needs_party:
                raise _HoldForParty(result)  # roll back: nothing is decided yet
            event_id = _log(
                db,
                env,
                now,
                action="override" if override_reason else "checkin",
                raw=normalised,
                result=result,
                detail={"reason": override_reason} if override_reason else None,
            )
    except _HoldForParty as held:
        return held.result
    return replace(result, event_id=event_id)


def check_out(env: ServiceEnv, raw: str) -> CheckInResult:
    """Record that a visitor (badge code) or a whole party (reservation code) left the site."""
    if env.route is not None:
        return env.route.decide(env, "checkout", lambda here: _check_out(here, raw))
    return _check_out(env, raw)


def _check_out(env: ServiceEnv, raw: str) -> CheckInResult:
    now = env.now()
    return _change_party(
        env,
        now,
        raw,
        action="checkout",
        affects=lambda v: v.checked_in_at is not None and v.checked_out_at is None,
        values={"checked_out_at": now},
        done=lambda n: Message(f"Goodbye! {n} checked out.", f"再见！已为 {n} 位访客办理离场。"),
        outcome=ActionOutcome.CHECKED_OUT,
        nobody=Message(
            "Nobody of this booking is on site to check out.", "此预约没有在场的访客可办理离场。"
        ),
        show_changed_only=True,
    )


def undo_check_in(env: ServiceEnv, code: str, *, reason: str) -> CheckInResult:
    """Take back the check-ins of a reservation (or one badge): staff only, reason logged."""
    if not reason.strip():
        raise InputError("Undoing a check-in needs a reason.", "撤销签到需要填写原因。")
    if env.route is not None:
        return env.route.decide(env, "undo", lambda here: _undo_check_in(here, code, reason))
    return _undo_check_in(env, code, reason)


def _undo_check_in(env: ServiceEnv, code: str, reason: str) -> CheckInResult:
    return _change_party(
        env,
        env.now(),
        code,
        action="undo",
        affects=lambda v: v.checked_in_at is not None,
        values={"checked_in_at": None, "checked_out_at": None, "kiosk_id": None, "group_id": None},
        done=lambda n: Message(f"Check-in of {n} undone.", f"已撤销 {n} 位访客的签到。"),
        outcome=ActionOutcome.UNDONE,
        nobody=Message("Nobody of this booking is checked in.", "此预约尚无人签到。"),
        show_changed_only=False,
        detail={"reason": reason},
    )


# --- internals ----------------------------------------------------------------------------
#
# The hot path speaks SQLAlchemy Core on one Connection through kiosk.store.party (no ORM unit
# of work): a check-in is about six cached statements.


@lru_cache(maxsize=8)
def _public_keys(paths: tuple[str, ...]) -> list[Ed25519PublicKey]:
    return list(load_public_keys(paths))


def _resolve(
    db: Connection,
    env: ServiceEnv,
    scan: ScanInput,
    now: datetime,
    *,
    create_provisional: bool,
    typed: str = "",
) -> _Found:
    """Find the reservation (and the badge's visitor) a scan names; refusals before rules.

    A long run of digits that is no code is tried as an Eventbrite attendee number (the
    ticket's barcode without the order number and "001"). ``typed`` is the scan as received
    (normalised, case kept): a code still unknown, or text that is no code, is then tried as a
    keyboard-layout mix-up (:func:`_read_by_layout`).
    """
    if scan.kind == "empty":
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.empty_scan())
    if scan.kind == "invalid":
        return _read_by_layout(db, env, typed, now, create_provisional) or _Found(
            None, refusal=Outcome.UNKNOWN, refusal_message=messages.invalid_scan()
        )
    if scan.kind == "signed_ticket":
        return _resolve_ticket(db, env, scan.ticket or "", now, create_provisional)
    code = scan.code or ""
    reservation_id = party_sql.reservation_id(db, code)
    if reservation_id is not None:
        return _Found(reservation_id)
    badge = party_sql.badge_owner(db, code)
    if badge is None and may_be_attendee_number(code):
        badge = party_sql.badge_by_tail(db, eventbrite_barcode("", code))
    if badge is not None:
        return _Found(badge.reservation_id, badge_visitor_id=badge.visitor_id)
    return _read_by_layout(db, env, typed, now, create_provisional) or _Found(
        None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code()
    )


def _read_by_layout(
    db: Connection, env: ServiceEnv, typed: str, now: datetime, create_provisional: bool
) -> _Found | None:
    """The booking an unknown scan names once a keyboard-layout mix-up is undone, if any.

    A US-layout scanner on a German or French kiosk types other characters on the same keys
    (``HXUYSRQXLE`` arrives as ``HXUZSRQXLE``). With ``scanner_layout = "auto"`` every code
    such a mix-up could have turned into ``typed`` is looked up at once (booking and badge
    codes, one statement), and the scan is read as the one that exists: never when none or
    several do. A layout named by the setting is undone directly; ``"us"`` never repairs.
    """
    setting = env.settings.scanner_layout
    if not typed or setting == "us":
        return None

    def existing(candidates: Sequence[str]) -> list[str]:
        """The candidates that name a booking or badge, or are a ticket signed by us."""
        scans = {text: parse_scan(normalise_scan(text)) for text in candidates}
        known = known_codes(db, {scan.code for scan in scans.values() if scan.code})
        return [
            text
            for text, scan in scans.items()
            if (scan.code in known) or (scan.ticket and _signed_by_us(env, scan.ticket, now))
        ]

    candidate: LayoutCandidate | None
    if setting in LAYOUTS:  # the kiosk's layout is known: undo it, nothing else
        text = repair(typed, setting)
        candidate = LayoutCandidate(text, setting, "kiosk") if existing([text]) else None
    else:
        candidate = unique_repair(typed, existing)
    if candidate is None or candidate.text == typed:
        return None
    found = _resolve(
        db, env, parse_scan(candidate.text), now, create_provisional=create_provisional
    )
    return replace(found, repair=candidate) if found.reservation_id is not None else None


def _signed_by_us(env: ServiceEnv, ticket: str, now: datetime) -> bool:
    """Whether a ticket carries a valid signature of one of our keys (valid today or not)."""
    try:
        verify_ticket(ticket, _public_keys(tuple(env.settings.public_keys)), now)
    except TicketOutsideValidity:
        return True
    except InvalidTicket:
        return False
    return True


def _resolve_ticket(
    db: Connection, env: ServiceEnv, ticket: str, now: datetime, create_provisional: bool
) -> _Found:
    keys = _public_keys(tuple(env.settings.public_keys))
    payload: TicketPayload | None
    try:
        payload = verify_ticket(ticket, keys, now)
        within_validity = True
    except TicketOutsideValidity as exc:
        payload, within_validity = exc.payload, False
    except InvalidTicket as exc:
        # "unknown" comes before "invalid_signature": a forged ticket for a code we do not
        # know is unknown; a forged ticket for a real booking is invalid_signature.
        claimed = (exc.claimed_code or "").strip().upper()
        if not (claimed and party_sql.reservation_id(db, claimed) is not None):
            return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
        return _Found(
            None, refusal=Outcome.INVALID_SIGNATURE, refusal_message=messages.invalid_signature()
        )
    code = payload.code.strip().upper()
    reservation_id = party_sql.reservation_id(db, code)
    if reservation_id is not None:
        return _Found(reservation_id)
    if not within_validity:
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
    session_exists = party_sql.session_exists(db, payload.session_id)
    if not (env.settings.allow_provisional and session_exists and create_provisional):
        if env.settings.allow_provisional and session_exists:
            return _Found(0, provisional=True, preview_only=True)
        return _Found(None, refusal=Outcome.UNKNOWN, refusal_message=messages.unknown_code())
    try:
        # A savepoint, so that losing a race with another kiosk leaves our transaction usable.
        with db.begin_nested():
            reservation_id = party_sql.create_provisional_booking(
                db, code=code, session_id=payload.session_id, party_size=payload.party_size
            )
    except IntegrityError:
        # Another kiosk admitted the same ticket at the same moment and created the booking
        # first (PostgreSQL: our insert waited for its commit). Carry on with that booking.
        existing = party_sql.reservation_id(db, code)
        if existing is None:
            raise
        return _Found(existing, provisional=True)
    return _Found(reservation_id, provisional=True)


def _change_party(
    env: ServiceEnv,
    now: datetime,
    raw: str,
    *,
    action: str,
    affects: Callable[[VisitorRow], bool],
    values: dict[str, object],
    done: Callable[[int], Message],
    outcome: Outcome | ActionOutcome,
    nobody: Message,
    show_changed_only: bool,
    detail: dict[str, object] | None = None,
) -> CheckInResult:
    """A staff change to the visitors of a party (or one badge) who are in a given state.

    Check-out and undo share this: resolve the scan, lock the party, set ``values`` on the
    visitors ``affects`` selects, and log one event naming them. ``show_changed_only`` lists
    only the changed visitors in the result (all of the party when nobody changed).
    """
    normalised = normalise_scan(raw)
    changed: list[int] = []
    with write_connection(env.engine) as db:
        found = _resolve(
            db, env, parse_scan(normalised), now, create_provisional=False, typed=normalised
        )
        if found.reservation_id is None:
            result = _refusal_result(found)
        else:
            lock_reservation(db, found.reservation_id)
            party = party_sql.load_party(db, found.reservation_id)
            changed = [
                v.id
                for v in party.visitors
                if affects(v) and found.badge_visitor_id in (None, v.id)
            ]
            if changed:
                party_sql.set_visitor_state(db, changed, values)
                party = party_sql.load_party(db, found.reservation_id)
            result = _result_from_party(
                party,
                party_sql.session_groups(db, party.reservation.session_id),
                outcome if changed else ActionOutcome.NOT_CHECKED_IN,
                done(len(changed)) if changed else nobody,
                changed if changed and show_changed_only else None,
            )
            result = _noting_repair(result, found.repair)
        event_id = _log(
            db,
            env,
            now,
            action=action,
            raw=normalised,
            result=result,
            detail=detail,
            touched=changed,
        )
    return replace(result, event_id=event_id)


def _decide_and_apply(
    db: Connection,
    env: ServiceEnv,
    found: _Found,
    now: datetime,
    *,
    count: int | None,
    visitor_ids: Sequence[int] | None = None,
    override_reason: str | None = None,
    write: bool,
    ask_party: bool = False,
) -> CheckInResult:
    assert found.reservation_id is not None
    if found.preview_only:
        return CheckInResult(
            outcome=Outcome.OK,
            message_en="Signed ticket accepted; the booking will be admitted provisionally.",
            message_zh="电子票验证通过，将临时放行此预约。",
            provisional=True,
        )
    if write:
        lock_reservation(db, found.reservation_id)
    party = party_sql.load_party(db, found.reservation_id)
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
        starts_at=party.reservation.starts_at,
        ends_at=party.reservation.ends_at,
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
    needs_party = (
        ask_party
        and decision.outcome.admits
        and count is None
        and visitor_ids is None
        and len(waiting) > 1
    )
    write = write and not needs_party
    overflow = False
    admitted_ids: list[int] | None = None
    groups: list[GroupRow] | None = None
    if decision.outcome.admits and write:
        chosen = waiting[: decision.admit_count]
        groups = party_sql.session_groups(db, party.reservation.session_id, lock=True)
        overflow, party = _admit(db, env, party, groups, chosen, now)
        admitted_ids = [v.id for v in chosen]
    elif decision.outcome.admits:
        admitted_ids = [v.id for v in waiting[: decision.admit_count]]
    if groups is None and any(v.group_id is not None for v in party.visitors):
        groups = party_sql.session_groups(db, party.reservation.session_id)
    result = _result_from_party(party, groups or [], decision.outcome, message, admitted_ids)
    return _noting_repair(
        replace(
            result,
            admitted=decision.admit_count,
            provisional=found.provisional or party.reservation.provisional,
            overridden=decision.overridden is not None,
            overflow=overflow,
            needs_party=needs_party,
        ),
        found.repair,
    )


_LAYOUT_NAMES = {
    "qwertz": ("German (QWERTZ)", "德语（QWERTZ）"),
    "azerty": ("French (AZERTY)", "法语（AZERTY）"),
}


def _noting_repair(result: CheckInResult, repair: LayoutCandidate | None) -> CheckInResult:
    """Say on the result which code a garbled scan was read as, and through which layout."""
    if repair is None or result.code is None:
        return result
    en, zh = _LAYOUT_NAMES.get(repair.layout, (repair.layout, repair.layout))
    return replace(
        result,
        message_en=f"{result.message_en} (Scan read as {result.code}: {en} keyboard layout.)",
        message_zh=f"{result.message_zh}（已按{zh}键盘布局识别为 {result.code}。）",
        layout_repair=repair.layout,
    )


class _HoldForParty(Exception):
    """Unwinds ``check_in``'s transaction when the kiosk must first ask how many are here."""

    def __init__(self, result: CheckInResult) -> None:
        super().__init__("party size to be asked")
        self.result = result


def _admit(
    db: Connection,
    env: ServiceEnv,
    party: PartyRows,
    groups: Sequence[GroupRow],
    chosen: Sequence[VisitorRow],
    now: datetime,
) -> tuple[bool, PartyRows]:
    """Place the chosen visitors in groups and mark them in.

    Returns whether a group overflowed and the party as it now stands.
    """
    overflow = False
    assignments: dict[int, int | None] = {v.id: v.group_id for v in chosen}
    if groups:
        states = [
            GroupState(
                letter=g.letter,
                capacity=g.capacity,
                count=g.count,
                languages=languages(g.guide_languages.split(","))
                if g.guide_languages
                else frozenset(),
            )
            for g in groups
        ]
        by_letter = {g.letter: g.id for g in groups}
        already = {v.group_id for v in party.visitors if v.group_id is not None}
        preassigned = party.reservation.pre_assigned_group
        if preassigned is None and len(already) == 1:
            # Latecomers of a party join the group the rest of the party is already in.
            preassigned = next((g.letter for g in groups if g.id in already), None)
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
    by_group: dict[int | None, list[int]] = {}
    for visitor in chosen:
        by_group.setdefault(assignments[visitor.id], []).append(visitor.id)
    done = 0
    for group_id, ids in by_group.items():
        done += party_sql.admit(db, ids, at=now, kiosk_id=env.kiosk_id, group_id=group_id)
    if done != len(chosen):  # pragma: no cover - prevented by the locks above
        raise RuntimeError("visitor admitted concurrently despite the reservation lock")
    admitted = {v.id for v in chosen}
    visitors = tuple(
        replace(
            v,
            checked_in_at=now,
            checked_out_at=None,
            kiosk_id=env.kiosk_id,
            group_id=assignments[v.id],
        )
        if v.id in admitted
        else v
        for v in party.visitors
    )
    return overflow, replace(party, visitors=visitors)


def _result_from_party(
    party: PartyRows,
    groups: Sequence[GroupRow],
    outcome: Outcome | ActionOutcome,
    message: Message,
    admitted_ids: Sequence[int] | None,
) -> CheckInResult:
    details = {g.id: g for g in groups}
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
                group=group.letter if group else None,
                colour=group.colour if group else None,
                guide=group.guide if group else None,
                guide_languages=group.guide_languages if group else None,
                meeting_point=group.meeting_point if group else None,
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
        session_id=r.session_id,
        session_starts_at=r.starts_at,
        session_ends_at=r.ends_at,
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
    outcome = found.refusal or Outcome.UNKNOWN
    return CheckInResult(outcome=outcome, message_en=message.en, message_zh=message.zh)


def _log(
    db: Connection,
    env: ServiceEnv,
    now: datetime,
    *,
    action: str,
    raw: str,
    result: CheckInResult,
    detail: dict[str, object] | None = None,
    touched: Sequence[int] | None = None,
) -> int:
    """Append one scan event (the input as a digest and a short hint only).

    ``touched`` names the visitors a staff action changed (check-out, undo); for a check-in
    they are the visitors admitted.
    """
    if touched is None:
        touched = [v.id for v in result.visitors] if result.admitted_ok else []
    extra = dict(detail or {})
    if result.layout_repair:  # the code read, and the layout undone to read it
        extra["layout_repair"] = {"layout": result.layout_repair, "read_as": result.code}
    if result.overflow:
        extra["overflow"] = True
    if result.provisional:
        extra["provisional"] = True
    event_id = record_event(
        db,
        at=now,
        kiosk_id=env.kiosk_id,
        operator=env.operator,
        action=action,
        outcome=result.outcome.value,
        raw_input=raw,
        reservation_code=result.code,
        session_id=result.session_id,
        visitor_ids=touched,
        detail=extra,
    )
    if env.journal is not None:
        env.journal.record(
            db,
            JournalEntry(
                action=action,
                at=now,
                kiosk_id=env.kiosk_id,
                operator=env.operator,
                raw=raw,
                result=result,
                touched=tuple(touched),
                detail=extra,
                event_id=event_id,
            ),
        )
    return event_id
