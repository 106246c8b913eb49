"""JSON exports: our own documented format and pretix's "Order data (JSON)".

pretix (``pretix/base/exporters/json.py``) writes ``{"event": {..., "items": [...],
"questions": [...], "orders": [...], "subevents": [...]}}``. In an event series each subevent is
one of our sessions, each order one reservation, each admission position one visitor whose
``secret`` is the QR code on their ticket. Line numbers are 1-based positions in the arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any, Final

from kiosk.core.errors import InputError
from kiosk.sync.rows import (
    ParsedExport,
    ReservationRow,
    RosterRow,
    RowError,
    SessionRow,
    Status,
)
from kiosk.sync.tabular import Duplicates, not_an_export
from kiosk.sync.values import (
    MAX_CODE_LENGTH,
    MAX_PARTY_SIZE,
    PARTY_SIZE_MESSAGE,
    SessionTimes,
    ValueProblem,
    cell_text,
    mentions_accessibility,
    parse_capacity,
    parse_colour,
    parse_flag,
    parse_group,
    parse_instant,
    parse_language,
    parse_languages,
    parse_party_size,
    parse_phone,
    parse_status,
    split_list,
)

OUR_FORMAT: Final = "tour-kiosk/1"
_PRETIX_STATUS: Final[dict[str, Status]] = {
    "p": "confirmed",
    "n": "pending",
    "c": "cancelled",
    "e": "cancelled",
}


def is_pretix(data: object) -> bool:
    """True for pretix's "Order data (JSON)" export."""
    if not isinstance(data, dict):
        return False
    event = data.get("event")
    return (
        isinstance(event, dict)
        and isinstance(event.get("orders"), list)
        and ("subevents" in event or "items" in event or "slug" in event)
    )


def is_ours(data: object) -> bool:
    """True for our own ``tour-kiosk/1`` JSON."""
    return isinstance(data, dict) and str(data.get("format", "")).startswith("tour-kiosk/")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # an i18n string {"en": ..., "zh": ...}
        return next((cell_text(v) for v in value.values() if v), "")
    return cell_text(value)


def _item(container: Mapping[str, Any], key: str) -> list[Any]:
    value = container.get(key) or []
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------- pretix


def read_pretix(
    data: dict[str, Any],
    *,
    source: str,
    zone: tzinfo,
    encoding: str,
    session: tuple[datetime, datetime | None] | None = None,
) -> ParsedExport:
    """Reservations (one per order and subevent) and sessions (subevents) of a pretix export.

    ``session`` is the tour of positions without a subevent (a single, non-series event).
    """
    event: dict[str, Any] = data["event"]
    errors: list[RowError] = []
    sessions: dict[str, SessionRow] = {}
    for index, subevent in enumerate(_item(event, "subevents"), start=1):
        try:
            ref = cell_text(subevent["id"])
            ends = subevent.get("date_to")
            sessions[ref] = SessionRow(
                line=index,
                ref=ref,
                label=_text(subevent.get("name")) or None,
                starts_at=parse_instant(str(subevent["date_from"]), zone),
                ends_at=parse_instant(str(ends), zone) if ends else None,
            )
        except (ValueProblem, KeyError, TypeError, AttributeError) as exc:
            reason = str(exc) if isinstance(exc, ValueProblem) else "it lacks id or date_from"
            errors.append(RowError(index, f"subevent {index} cannot be used: {reason}"))
    admission = {
        cell_text(item.get("id")): item.get("admission", True) is not False
        for item in _item(event, "items")
        if isinstance(item, dict)
    }
    questions = {
        cell_text(q.get("id")): _text(q.get("question"))
        for q in _item(event, "questions")
        if isinstance(q, dict)
    }
    default = (
        SessionRow(0, "", _text(event.get("name")) or None, session[0], session[1])
        if session is not None
        else None
    )
    rows: list[ReservationRow] = []
    for index, order in enumerate(_item(event, "orders"), start=1):
        try:
            rows.extend(_pretix_order(order, index, sessions, admission, questions, default))
        except ValueProblem as problem:
            errors.append(RowError(index, str(problem)))
        except (KeyError, TypeError, AttributeError, ValueError):
            errors.append(RowError(index, f"order {index} is not in pretix's export format"))
    return ParsedExport(
        kind="reservations",
        format="pretix-json",
        encoding=encoding,
        mapping={
            "orders[].code": "code",
            "orders[].positions[].subevent": "session",
            "orders[].positions[].attendee_name": "visitor_names",
            "orders[].positions[].secret": "visitor_secrets",
            "orders[].status": "status",
            "orders[].phone": "phone",
            "orders[].locale": "language",
            "orders[].comment": "notes",
        },
        rows=rows,
        errors=errors,
        sessions=list(sessions.values()),
    )


def _pretix_order(
    order: dict[str, Any],
    line: int,
    sessions: dict[str, SessionRow],
    admission: dict[str, bool],
    questions: dict[str, str],
    default: SessionRow | None,
) -> list[ReservationRow]:
    if order.get("testmode"):
        return []  # test orders never admit anyone at the real gate
    code = cell_text(order["code"]).upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise ValueProblem(f"order {line} has no usable order code")
    raw_status = cell_text(order.get("status"))
    status = _PRETIX_STATUS.get(raw_status)
    if status is None:
        raise ValueProblem(f"order {code} has the unknown pretix status {raw_status!r}")
    by_session: dict[str, list[dict[str, Any]]] = {}
    for position in order.get("positions") or []:
        if position.get("addon_to") is not None:
            continue  # an add-on belongs to its parent position's person
        if not admission.get(cell_text(position.get("item")), True):
            continue  # merchandise, parking and other non-admission products
        subevent = position.get("subevent")
        if subevent is None and default is None:
            raise ValueProblem(
                f"order {code} has no tour date; export an event series from pretix "
                "or give the tour with --session"
            )
        by_session.setdefault(cell_text(subevent), []).append(position)
    phone = cell_text(order.get("phone"))
    phone = "" if phone in ("None", "null") else parse_phone(phone)
    notes = cell_text(order.get("comment"))
    language = parse_language(cell_text(order.get("locale")))
    rows: list[ReservationRow] = []
    for ref, positions in by_session.items():
        session = sessions.get(ref) if ref else default
        if session is None:
            raise ValueProblem(f"order {code} names subevent {ref}, which the export lacks")
        if len(positions) > MAX_PARTY_SIZE:
            raise ValueProblem(PARTY_SIZE_MESSAGE)
        names = tuple(_text(p.get("attendee_name")) for p in positions)
        accessible = mentions_accessibility(notes) or any(
            _answer_asks_access(answer, questions)
            for p in positions
            for answer in p.get("answers") or []
        )
        rows.append(
            ReservationRow(
                line=line,
                code=code if len(by_session) == 1 else f"{code}-{ref}",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                session_ref=ref or None,
                session_label=session.label,
                contact_name=next((n for n in names if n), ""),
                phone=phone,
                party_size=len(positions),
                language=language,
                status=status,
                group=None,
                notes=notes,
                accessibility=accessible,
                visitor_names=names if any(names) else (),
                visitor_secrets=tuple(cell_text(p.get("secret")) for p in positions),
            )
        )
    return rows


def _answer_asks_access(answer: dict[str, Any], questions: dict[str, str]) -> bool:
    text = cell_text(answer.get("answer"))
    question = questions.get(cell_text(answer.get("question")), "")
    if mentions_accessibility(question):
        return text.casefold() not in ("", "false", "no", "none", "否", "不需要", "无")
    return mentions_accessibility(text)


# ---------------------------------------------------------------- ours


def read_ours(data: dict[str, Any], *, source: str, zone: tzinfo, encoding: str) -> ParsedExport:
    """Our ``tour-kiosk/1`` JSON (see docs/export-formats.md)."""
    if data.get("format") != OUR_FORMAT:
        raise InputError(
            f"{source} is in format {data.get('format')!r}, which this version cannot read; "
            f"it reads {OUR_FORMAT}.",
            f"{source} 的格式为 {data.get('format')!r}，本版本只能读取 {OUR_FORMAT}。",
        )
    if "reservations" not in data and "groups" not in data:
        raise not_an_export(source)
    errors: list[RowError] = []
    times = SessionTimes(zone)
    sessions: dict[str, SessionRow] = {}
    for index, item in enumerate(_item(data, "sessions"), start=1):
        try:
            ref = cell_text(item["id"])
            starts_at, ends_at = times.resolve(item["starts_at"], end=item.get("ends_at"))
            sessions[ref] = SessionRow(
                index, ref, _text(item.get("label")) or None, starts_at, ends_at
            )
        except ValueProblem as problem:
            errors.append(RowError(index, f"session {index}: {problem}"))
        except (KeyError, TypeError, AttributeError):
            errors.append(RowError(index, f"session {index} needs an id and starts_at"))

    def when(item: dict[str, Any]) -> tuple[datetime, datetime | None, SessionRow | None]:
        value = item.get("session", item.get("starts_at"))
        known = sessions.get(cell_text(value))
        if known is not None:
            return known.starts_at, known.ends_at, known
        starts_at, ends_at = times.resolve(value, end=item.get("ends_at"))
        return starts_at, ends_at, None

    roster: list[RosterRow] = []
    groups = Duplicates(errors, "group")
    for index, item in enumerate(_item(data, "groups"), start=1):
        try:
            row = _our_group(item, index, when)
        except ValueProblem as problem:
            errors.append(RowError(index, f"group {index}: {problem}"))
            continue
        except (KeyError, TypeError, AttributeError):
            errors.append(RowError(index, f"group {index} is not an object with session, group"))
            continue
        if groups.admit(
            (row.starts_at, row.group), f"{row.group} at {row.starts_at:%Y-%m-%d %H:%M}", row
        ):
            roster.append(row)
    reservations: list[ReservationRow] = []
    codes = Duplicates(errors, "code")
    for index, item in enumerate(_item(data, "reservations"), start=1):
        try:
            reservation = _our_reservation(item, index, when)
        except ValueProblem as problem:
            errors.append(RowError(index, str(problem)))
            continue
        except (KeyError, TypeError, AttributeError):
            errors.append(RowError(index, f"reservation {index} is not an object with a code"))
            continue
        if codes.admit(reservation.code, reservation.code, reservation):
            reservations.append(reservation)
    has_reservations = "reservations" in data
    return ParsedExport(
        kind="reservations" if has_reservations else "roster",
        format="json",
        encoding=encoding,
        mapping={},
        rows=reservations if has_reservations else roster,
        errors=errors,
        sessions=list(sessions.values()),
        roster=roster if has_reservations else [],
    )


def _our_group(item: dict[str, Any], line: int, when: Any) -> RosterRow:
    starts_at, ends_at, _session = when(item)
    group = parse_group(_text(item["group"]))
    if group is None:
        raise ValueProblem("the group is empty")
    languages = item.get("guide_languages") or ()
    return RosterRow(
        line=line,
        starts_at=starts_at,
        ends_at=ends_at,
        group=group,
        guide_name=_text(item.get("guide")),
        guide_languages=parse_languages(
            "/".join(str(v) for v in languages) if isinstance(languages, list) else str(languages)
        ),
        guide_phone=parse_phone(item.get("guide_phone")),
        capacity=parse_capacity(item.get("capacity")),
        meeting_point=_text(item.get("meeting_point")),
        colour=parse_colour(_text(item.get("colour", item.get("color")))),
    )


def _our_reservation(item: dict[str, Any], line: int, when: Any) -> ReservationRow:
    code = cell_text(item["code"]).upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise ValueProblem("the reservation code is empty or too long")
    starts_at, ends_at, session = when(item)
    status = parse_status(_text(item.get("status")))
    visitors = item.get("visitors") or []
    if isinstance(visitors, list) and visitors and all(isinstance(v, dict) for v in visitors):
        names = tuple(_text(v.get("name")) for v in visitors)
        secrets = tuple(_text(v.get("secret")) for v in visitors if v.get("secret"))
    else:
        listed = item.get("visitor_names") or visitors
        names = tuple(map(_text, listed)) if isinstance(listed, list) else split_list(_text(listed))
        secrets = ()
    size = item.get("party_size")
    party_size = (
        len(names)
        if size is None and names
        else parse_party_size(size, cancelled=status == "cancelled")
    )
    if status == "confirmed" and max(len(names), len(secrets)) > party_size:
        raise ValueProblem(f"the reservation lists more visitors than its party size {party_size}")
    notes = _text(item.get("notes"))
    return ReservationRow(
        line=line,
        code=code,
        starts_at=starts_at,
        ends_at=ends_at,
        session_ref=session.ref if session else None,
        session_label=session.label if session else None,
        contact_name=_text(item.get("contact_name", item.get("name"))),
        phone=parse_phone(item.get("phone")),
        party_size=party_size,
        language=parse_language(_text(item.get("language"))),
        status=status,
        group=parse_group(_text(item.get("group"))),
        notes=notes,
        accessibility=parse_flag(item.get("accessibility")) or mentions_accessibility(notes),
        visitor_names=names if any(names) else (),
        visitor_secrets=secrets,
    )
