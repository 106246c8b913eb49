"""pretix's "Order data" → "Order positions" sheet (CSV or Excel), in any language pretix ships.

pretix writes one row per ticket (``pretix/base/exporters/orderlist.py``,
``iterate_positions``): an order is a party, each admission position is one person whose
``Ticket secret`` is the QR code on their ticket; a position with ``Add-on to position ID`` set
is an add-on (a souvenir, a parking ticket) and no visitor. In an event series ``Date`` holds
the subevent's *name* and ``Start date``/``End date`` its times (``%Y-%m-%d %H:%M:%S`` in the
event's time zone). The status column is the order's status, or "canceled" for a canceled
position. The CSV writer (defusedcsv) puts an apostrophe before cells that start with
``= + - @ | %``; names come in the event's name scheme, with one column per part
("Attendee name: Given name") when the scheme has several.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Final

from kiosk.sync.headers import IGNORED, HeaderMap
from kiosk.sync.pretix_headers import PretixLanguage, detect_language, status_of
from kiosk.sync.rows import ReservationRow, RowError, Status
from kiosk.sync.values import (
    MAX_PARTY_SIZE,
    PARTY_SIZE_MESSAGE,
    SessionTimes,
    ValueProblem,
    join_name,
    mentions_accessibility,
    normalize_header,
    parse_code,
    parse_language,
    parse_phone,
    parse_status,
    unescape_cell,
)

FIELDS: Final = (
    "code",
    "position_id",
    "status",
    "phone",
    "session_label",
    "session",
    "end_time",
    "contact_name",
    "first_name",
    "last_name",
    "visitor_secrets",
    "notes",
    "addon_to",
    "language",
    "event_name",
)


def pretix_header(cells: Sequence[object], line: int) -> tuple[HeaderMap, PretixLanguage] | None:
    """The header map of a pretix positions header row, or None if it is not one."""
    headers = [cell.strip() if isinstance(cell, str) else "" for cell in cells]
    language = detect_language(headers)
    if language is None:
        return None
    result = HeaderMap(kind="reservations", line=line, headers=headers, platform="pretix")
    for index, header in enumerate(headers):
        key = normalize_header(header)
        field = language.headers.get(key)
        if field is None or field == "product":
            if header:
                result.unused.append(header)
            continue
        if field != IGNORED and field in result.columns:
            result.unused.append(header)  # a second "State" after the status column
            continue
        result.mapping[header] = field
        if field != IGNORED:
            result.columns[field] = index
    return result, language


class _Party:
    __slots__ = ("line", "positions")

    def __init__(self, line: int) -> None:
        self.line = line
        self.positions: list[tuple[int, dict[str, Any]]] = []


def pretix_rows(
    values: Iterable[tuple[int, tuple[Any, ...]]],
    *,
    language: PretixLanguage,
    times: SessionTimes,
    errors: list[RowError],
) -> list[ReservationRow]:
    """One reservation per order and tour time: its admission positions are its visitors.

    Args:
        values: (line, cells of :data:`FIELDS`) per row, as ``Table.values`` yields them.
        language: the header row's language (status words are read in it).
        times: session parser (with the ``--session`` default for date-less exports).
        errors: where row problems go; a broken position drops its whole order, since the
            party size would be wrong.
    """
    orders: dict[str, dict[datetime, _Party]] = {}
    broken: set[str] = set()
    first_line: dict[str, int] = {}
    for line, cells in values:
        row = dict(zip(FIELDS, cells, strict=True))
        try:
            code = parse_code(unescape_cell(row["code"]))
        except ValueProblem as problem:
            errors.append(RowError(line, str(problem)))
            continue
        first_line.setdefault(code, line)
        if row["addon_to"]:
            continue  # an add-on (merchandise, parking): no visitor
        try:
            starts_at, ends_at = times.resolve(row["session"], None, None, row["end_time"])
            row["starts_at"], row["ends_at"] = starts_at, ends_at
            row["status_value"] = _status(language, unescape_cell(row["status"]))
        except ValueProblem as problem:
            errors.append(RowError(line, f"order {code}: {problem}"))
            broken.add(code)
            continue
        parties = orders.setdefault(code, {})
        parties.setdefault(starts_at, _Party(line)).positions.append((line, row))
    result: list[ReservationRow] = []
    for code, parties in orders.items():
        if code in broken:
            continue
        for starts_at, party in parties.items():
            own_code = code if len(parties) == 1 else f"{code}-{starts_at:%Y%m%d%H%M}"
            try:
                result.append(_reservation(own_code, party))
            except ValueProblem as problem:
                errors.append(RowError(first_line[code], f"order {code}: {problem}"))
    return result


def _status(language: PretixLanguage, text: str) -> Status:
    found = status_of(language, text)
    return found if found is not None else parse_status(text)


def _reservation(code: str, party: _Party) -> ReservationRow:
    rows = [row for _line, row in party.positions]
    active = [row for row in rows if row["status_value"] != "cancelled"]
    counted = active or rows
    statuses = {row["status_value"] for row in active}
    status: Status = (
        "cancelled" if not active else "confirmed" if "confirmed" in statuses else "pending"
    )
    if len(counted) > MAX_PARTY_SIZE:
        raise ValueProblem(PARTY_SIZE_MESSAGE)
    names = tuple(_name(row) for row in counted)
    secrets = tuple(unescape_cell(row["visitor_secrets"]) for row in counted)
    first = counted[0]
    notes = unescape_cell(first["notes"])
    label = unescape_cell(first["session_label"] or first["event_name"]) or None
    return ReservationRow(
        line=party.line,
        code=code,
        starts_at=first["starts_at"],
        ends_at=first["ends_at"],
        session_ref=None,
        session_label=label,
        contact_name=next((name for name in names if name), ""),
        phone=parse_phone(unescape_cell(first["phone"])),
        party_size=len(counted),
        language=parse_language(first["language"]),
        status=status,
        group=None,
        notes=notes,
        accessibility=mentions_accessibility(notes),
        visitor_names=names if any(names) else (),
        visitor_secrets=secrets if all(secrets) else (),
    )


def _name(row: dict[str, Any]) -> str:
    """The attendee's name; from the name-scheme parts when pretix wrote them.

    pretix joins the parts of its default scheme given-name first ("伟 张"); from the parts we
    write a Chinese name family name first ("张伟") and a Latin one as pretix does.
    """
    given, family = unescape_cell(row["first_name"]), unescape_cell(row["last_name"])
    if given or family:
        return join_name(given, family)
    return unescape_cell(row["contact_name"])
