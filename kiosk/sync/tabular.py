"""Rows of a table (CSV, TSV or a worksheet) → canonical rows.

The reader looks for the header among the first rows, maps it, then turns every following row
into a ``ReservationRow`` or ``RosterRow``. Generic files stream (one row in, one row out);
Eventbrite attendee reports are grouped by order first, so they are read whole.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from itertools import chain, islice
from operator import itemgetter
from typing import Any, Final, NamedTuple

from kiosk.core.errors import InputError
from kiosk.core.languages import LANGUAGE_WORDS
from kiosk.core.scan import eventbrite_barcode
from kiosk.sync.headers import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    IGNORED,
    HeaderMap,
    map_headers,
    normalize_header,
    score_row,
)
from kiosk.sync.pretix_table import FIELDS as PRETIX_FIELDS
from kiosk.sync.pretix_table import pretix_header, pretix_rows
from kiosk.sync.profiles import MappingProfile, best_header_row
from kiosk.sync.rows import (
    ParsedExport,
    ReservationRow,
    RosterRow,
    RowError,
    Status,
)
from kiosk.sync.values import (
    MAX_CODE_LENGTH,
    MAX_PARTY_SIZE,
    PARTY_SIZE_MESSAGE,
    STATUS_WORDS,
    SessionTimes,
    ValueProblem,
    join_name,
    mentions_accessibility,
    parse_capacity,
    parse_code,
    parse_colour,
    parse_count,
    parse_flag,
    parse_group,
    parse_language,
    parse_languages,
    parse_party_size,
    parse_phone,
    parse_status,
    split_list,
)

Record = tuple[int, Sequence[object]]
"""One table row: its line number as a spreadsheet shows it, and its cells."""

DEFAULT_COLUMN_CAP: Final = 500
_LANGUAGE_FAST: Final = {**LANGUAGE_WORDS, "": "zh"}
_SIZE_FAST: Final = {str(n): n for n in range(1, MAX_PARTY_SIZE + 1)}
__all__ = ["MAX_CODE_LENGTH", "MissingColumns", "TableOptions", "read_table"]

_RESERVATION_FIELDS: Final = (
    "code",
    "session",
    "date",
    "time",
    "end_time",
    "contact_name",
    "first_name",
    "last_name",
    "phone",
    "party_size",
    "language",
    "status",
    "group",
    "notes",
    "accessibility",
    "visitor_names",
    "visitor_secrets",
    "session_ref",
    "session_label",
    "buyer_first_name",
    "buyer_last_name",
)
_ROSTER_FIELDS: Final = (
    "session",
    "date",
    "time",
    "end_time",
    "group",
    "guide",
    "guide_languages",
    "guide_phone",
    "capacity",
    "meeting_point",
    "colour",
)
_BLANK: Final = ("",)
_EVENTBRITE_ORDER: Final = frozenset({"order", "ordernumber", "orderno", "orderid"})
# US reports have "Attendee #"; UK ones have none, but Eventbrite's fee columns.
_EVENTBRITE_ATTENDEE: Final = frozenset(
    {
        "attendee",
        "attendeenumber",
        "attendeeno",
        "attendeeid",
        "barcode",
        "barcodenumber",
        "eventbritefees",
        "eventbritepaymentprocessing",
    }
)
_EVENTBRITE_MARK: Final = frozenset({"tickettype", "eventname", "attendeestatus"})
_EVENTBRITE_SIGNATURE: Final = (_EVENTBRITE_ORDER, _EVENTBRITE_ATTENDEE, _EVENTBRITE_MARK)


@dataclass(frozen=True)
class TableOptions:
    """What the operator adds to a file: a tour for date-less exports, a column mapping.

    Attributes:
        session: start (and end) of the tour that rows without any date belong to, as
            ``kiosk sync --session`` or the sync page give it (aware datetimes).
        profile: a saved column mapping, used when the file holds its headers.
    """

    session: tuple[datetime, datetime | None] | None = None
    profile: MappingProfile | None = None


class MissingColumns(InputError):
    """A table whose header lacks a required column (named in the message).

    Attributes:
        missing: the field keys lacking ("code", "session", "party_size", "group").
        header_line: the line of the header row that was found.
    """

    def __init__(self, source: str, missing: Sequence[str], header_line: int) -> None:
        labels = [FIELD_LABELS[name] for name in missing]
        super().__init__(
            f"{source} has no column for {', '.join(labels)}; "
            f"the header on line {header_line} must name it.",
            f"{source} 缺少以下列：{'、'.join(labels)}（表头在第 {header_line} 行）。",
        )
        self.missing = tuple(missing)
        self.header_line = header_line

    @property
    def only_session(self) -> bool:
        """Only the tour date is missing: choosing a session (``--session``) completes it."""
        return self.missing == ("session",)


class UnknownLayout(InputError):
    """A file with no header row we recognise: a column mapping can still read it."""


def not_an_export(source: str) -> InputError:
    """The error for a file whose content we do not recognise."""
    return UnknownLayout(
        f"{source} is not a reservation or roster export we can read; export it as CSV, "
        "Excel (.xlsx) or JSON with a header row such as 预约码, 参观日期, 入场时间, 参观人数.",
        f"{source} 不是可识别的预约或分组导出文件；请导出为带表头（如 预约码、参观日期、入场时间、"
        "参观人数）的 CSV、Excel (.xlsx) 或 JSON 文件。",
    )


def too_many_columns(source: str, cap: int) -> InputError:
    """The error for a table wider than any export we expect."""
    return InputError(
        f"{source} has more than {cap} columns, which no reservation export has; "
        "check that it is the right file.",
        f"{source} 的列数超过 {cap}，不像预约导出文件，请确认文件是否正确。",
    )


def read_table(
    records: Iterator[Record],
    *,
    source: str,
    zone: tzinfo,
    fmt: str,
    encoding: str | None,
    column_cap: int = DEFAULT_COLUMN_CAP,
    options: TableOptions | None = None,
) -> ParsedExport:
    """Find the header, map it, and return the parsed export (rows stream when they can).

    The header row is the one naming most known headers; with a mapping profile, the one
    holding most of the profile's headers. A pretix positions sheet or an Eventbrite attendee
    report is recognised by its columns and read by its platform's rules.

    Raises:
        InputError: no header we know, a required column missing (``MissingColumns``), or a
            table far too wide.
    """
    options = options or TableOptions()
    try:
        head = list(islice(records, HEADER_SEARCH_ROWS))
    except csv.Error as exc:
        raise unreadable_row(source, 1, exc) from exc
    header, best_index, too_wide = _find_header(head, column_cap, options.profile)
    if header is None:
        raise too_many_columns(source, column_cap) if too_wide else not_an_export(source)
    missing = header.missing(session_given=options.session is not None)
    if missing:
        raise MissingColumns(source, missing, header.line)
    table = _Table(
        records=chain(head[best_index + 1 :], records),
        header=header,
        times=SessionTimes(zone, options.session),
        source=source,
        column_cap=column_cap,
    )
    parsed = ParsedExport(
        kind=header.kind,
        format=fmt,
        encoding=encoding,
        mapping=header.mapping,
        rows=(),
        errors=table.errors,
        unused_columns=tuple(header.unused),
    )
    if header.kind == "roster":
        parsed.rows = _roster_rows(table)
    elif header.platform == "pretix":
        parsed.format = f"pretix-{fmt}"
        assert header.pretix_language is not None  # set with platform "pretix"
        parsed.rows = pretix_rows(
            table.values(PRETIX_FIELDS),
            language=header.pretix_language,
            times=table.times,
            errors=table.errors,
        )
    elif header.platform == "eventbrite":
        parsed.format = f"eventbrite-{fmt}"
        parsed.rows = _eventbrite_rows(table)
    else:
        if header.platform == "profile":
            parsed.format = f"{fmt} (profile {options.profile.name if options.profile else ''})"
        every_row = _reservation_rows(table)
        parsed.rows = unique_codes(every_row, table.errors)
        parsed.rows_with_repeats = every_row
    return parsed


def _find_header(
    head: list[Record], column_cap: int, profile: MappingProfile | None
) -> tuple[HeaderMap | None, int, bool]:
    """The mapped header row among the first rows, its index, and whether a row was too wide."""
    too_wide = any(len(cells) > column_cap for _line, cells in head)
    usable = [(i, line, cells) for i, (line, cells) in enumerate(head) if len(cells) <= column_cap]
    if profile is not None:
        index = best_header_row(profile, [cells for _i, _line, cells in usable])
        if index is not None:
            position, line, cells = usable[index]
            mapped = profile.header_map(cells, line)
            if mapped is not None:
                return mapped, position, too_wide
    best_index, best_score = -1, 1
    for index, _line, cells in usable:
        score = score_row(cells)
        if score > best_score:
            best_index, best_score = index, score
    if best_index < 0:
        return None, -1, too_wide
    line, cells = head[best_index]
    pretix = pretix_header(cells, line)
    if pretix is not None:
        header, language = pretix
        header.pretix_language = language
        return header, best_index, too_wide
    header = map_headers(cells, line)
    if header.kind == "reservations" and _is_eventbrite(header.headers):
        header.platform = "eventbrite"
        _drop_eventbrite_group(header)
    return header, best_index, too_wide


def _drop_eventbrite_group(header: HeaderMap) -> None:
    """Eventbrite's "Group" is its group-registration team, never a tour group."""
    index = header.columns.pop("group", None)
    if index is not None:
        header.mapping[header.headers[index]] = IGNORED


def unreadable_row(source: str, line: int, exc: Exception) -> InputError:
    """The error for delimited text the csv module cannot split into cells."""
    return InputError(
        f"{source} cannot be read as a table at line {line} ({exc}).",
        f"{source} 第 {line} 行无法按表格读取（{exc}）。",
    )


def _is_eventbrite(headers: Iterable[str]) -> bool:
    keys = {normalize_header(h) for h in headers}
    return all(keys & marks for marks in _EVENTBRITE_SIGNATURE)


class _Table:
    """The rows after the header, with what every row reader needs."""

    def __init__(
        self,
        *,
        records: Iterator[Record],
        header: HeaderMap,
        times: SessionTimes,
        source: str,
        column_cap: int,
    ) -> None:
        self.records = records
        self.header = header
        self.times = times
        self.source = source
        self.column_cap = column_cap
        self.errors: list[RowError] = []

    def pickers(self, fields: Sequence[str]) -> _Pickers:
        """Getters that pick ``fields`` out of a row with two C-level calls.

        ``take`` returns the mapped cells (plus one extra, so that it returns a tuple even
        for one mapped column; the header check guarantees at least one); ``spread`` maps those cells, with a trailing blank, onto ``fields`` so
        fields without a column read "".
        """
        columns = self.header.columns
        present = [name for name in fields if name in columns]
        return _Pickers(
            take=itemgetter(*(columns[name] for name in present), 0),
            spread=itemgetter(
                *(present.index(name) if name in columns else len(present) for name in fields)
            ),
            width=max(columns.values()) + 1,
        )

    def widen(self, line: int, cells: Sequence[object], width: int) -> list[Any] | None:
        """A short row padded to ``width``; None (and a row error) for an absurdly wide one."""
        if len(cells) > self.column_cap:
            self.errors.append(RowError(line, f"the row has more than {self.column_cap} columns"))
            return None
        return [*cells, *[""] * (width - len(cells))]

    def values(self, fields: Sequence[str]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(line, stripped text of ``fields``) for each row that has any of them (workbook
        cells arrive as text too, see :mod:`kiosk.sync.xlsx`)."""
        pick = self.pickers(fields)
        take, spread, width = pick.take, pick.spread, pick.width
        strip = str.strip
        cap = self.column_cap
        line = self.header.line
        try:
            for line, cells in self.records:
                count = len(cells)
                if count < width or count > cap:
                    widened = self.widen(line, cells, width)
                    if widened is None:
                        continue
                    cells = widened
                picked = tuple(map(strip, take(cells)))[:-1]
                if any(picked):
                    yield line, spread(picked + _BLANK)
        except csv.Error as exc:
            raise unreadable_row(self.source, line + 1, exc) from exc


class _Pickers(NamedTuple):
    take: Callable[[Sequence[object]], tuple[Any, ...]]
    spread: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    width: int


def _secrets(text: str) -> tuple[str, ...]:
    return tuple(word for part in split_list(text) for word in part.split())


class Duplicates:
    """Drops identical repeats of a key and reports conflicting ones on the later line."""

    def __init__(self, errors: list[RowError], noun: str) -> None:
        self.seen: dict[object, ReservationRow | RosterRow] = {}
        self._errors = errors
        self._noun = noun

    def admit(self, key: object, label: str, row: ReservationRow | RosterRow) -> bool:
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = row
            return True
        if replace(first, line=row.line) == row:
            return False
        self._errors.append(
            RowError(
                row.line,
                f"{self._noun} {label} appears again on line {row.line} with different "
                f"details (first on line {first.line})",
            )
        )
        return False


def _reservation_rows(table: _Table) -> Iterator[ReservationRow]:
    """One reservation per row, repeated codes included: the hot loop of a 1M-row import.

    It builds each frozen row by setting its ``__dict__`` in one call: the generated ``__init__`` makes 16 ``object.__setattr__`` calls, which cost
    more than the rest of the row (the dataclass has no ``__post_init__`` to skip). Common
    values take an inline dictionary look-up and fall back to the full parser on a miss.
    """
    has_accessibility = "accessibility" in table.header.columns
    errors = table.errors
    times = table.times
    cached_times = times.cache
    statuses = STATUS_WORDS
    languages = _LANGUAGE_FAST
    sizes = _SIZE_FAST
    groups: dict[str, str | None] = {"": None}
    new = object.__new__
    set_dict = object.__setattr__
    for line, values in table.values(_RESERVATION_FIELDS):
        (
            code_cell, session, day, start, end, name, first, last, phone, size,
            language_cell, status_cell, group_cell, notes, accessible, names_cell,
            secrets_cell, ref, label, _buyer_first, _buyer_last,
        ) = values  # fmt: skip
        try:
            code = (
                code_cell.upper()
                if code_cell.isascii() and 0 < len(code_cell) <= MAX_CODE_LENGTH
                else parse_code(code_cell)
            )
            status = statuses.get(status_cell) or parse_status(status_cell)
            moment = cached_times.get((session, day, start, end))
            if type(moment) is not tuple:
                moment = times.resolve(session, day, start, end)
            visitor_names = split_list(names_cell) if names_cell else ()
            visitor_secrets = _secrets(secrets_cell) if secrets_cell else ()
            party_size = sizes.get(size) or (
                len(visitor_names)
                if size == "" and visitor_names
                else parse_party_size(size, cancelled=status == "cancelled")
            )
            if visitor_names or visitor_secrets:
                _check_lists(party_size, visitor_names, visitor_secrets, status)
            group = groups.get(group_cell, "")
            if group == "":
                group = groups[group_cell] = parse_group(group_cell)
            fields = {
                "line": line,
                "code": code,
                "starts_at": moment[0],
                "ends_at": moment[1],
                "session_ref": ref or None,
                "session_label": label or None,
                "contact_name": name or join_name(first, last),
                "phone": phone if phone.isdigit() and phone.isascii() else parse_phone(phone),
                "party_size": party_size,
                "language": languages.get(language_cell) or parse_language(language_cell),
                "status": status,
                "group": group,
                "notes": notes,
                "accessibility": (has_accessibility and parse_flag(accessible))
                or (bool(notes) and mentions_accessibility(notes)),
                "visitor_names": visitor_names,
                "visitor_secrets": visitor_secrets,
            }
        except ValueProblem as problem:
            errors.append(RowError(line, str(problem)))
            continue
        row: ReservationRow = new(ReservationRow)
        set_dict(row, "__dict__", fields)
        yield row


def unique_codes(
    rows: Iterable[ReservationRow], errors: list[RowError]
) -> Iterator[ReservationRow]:
    """The first row of each code; an identical repeat is dropped, a different one reported.

    It keeps every row it passed on, so its memory grows with the file: the sync service reads
    ``ParsedExport.rows_with_repeats`` instead and checks repeats against the database.
    """
    duplicates = Duplicates(errors, "code")
    seen = duplicates.seen
    for row in rows:
        code = row.code
        if code not in seen:
            seen[code] = row
            yield row
        else:
            duplicates.admit(code, code, row)  # ignores an identical repeat, reports a clash


def _check_lists(
    party_size: int, names: tuple[str, ...], secrets: tuple[str, ...], status: Status
) -> None:
    if status == "cancelled":
        return
    if len(names) > party_size:
        raise ValueProblem(
            f"the row lists {len(names)} visitor names but the party size is {party_size}"
        )
    if len(secrets) > party_size:
        raise ValueProblem(
            f"the row lists {len(secrets)} visitor codes but the party size is {party_size}"
        )


def _roster_rows(table: _Table) -> Iterator[RosterRow]:
    duplicates = Duplicates(table.errors, "group")
    for line, values in table.values(_ROSTER_FIELDS):
        (
            session, day, start, end, group_cell, guide, languages, phone, capacity, meeting,
            colour,
        ) = values  # fmt: skip
        try:
            starts_at, ends_at = table.times.resolve(session, day, start, end)
            group = parse_group(group_cell)
            if group is None:
                raise ValueProblem("the group is empty")
            row = RosterRow(
                line=line,
                starts_at=starts_at,
                ends_at=ends_at,
                group=group,
                guide_name=guide,
                guide_languages=parse_languages(languages),
                guide_phone=parse_phone(phone),
                capacity=parse_capacity(capacity),
                meeting_point=meeting,
                colour=parse_colour(colour),
            )
        except ValueProblem as problem:
            table.errors.append(RowError(line, str(problem)))
            continue
        label = f"{group} at {starts_at:%Y-%m-%d %H:%M}"
        if duplicates.admit((starts_at, group), label, row):
            yield row


class _Order:
    """The attendees of one Eventbrite order, gathered before they become one reservation."""

    __slots__ = ("attendees", "first")

    def __init__(self, first: ReservationRow) -> None:
        self.first = first
        self.attendees: list[tuple[ReservationRow, int]] = []


_EVENTBRITE_FIELDS: Final = (*_RESERVATION_FIELDS, "attendee_number")


def _eventbrite_rows(table: _Table) -> list[ReservationRow]:
    """One reservation per ``Order #``: party size = attendees, one name and barcode each.

    The barcode on an attendee's ticket is ``Barcode #`` when the report has it, else the
    order number, the attendee number and "001" (what Eventbrite prints). The report's
    ``Group`` column is ignored (see :func:`_drop_eventbrite_group`).
    """
    orders: dict[str, _Order] = {}
    broken: set[str] = set()
    errors = table.errors
    times = table.times
    for line, values in table.values(_EVENTBRITE_FIELDS):
        (
            code_cell, session, day, start, end, name, first, last, phone, quantity, language,
            status_cell, _group, notes_cell, accessible, _names, secrets_cell, ref, label,
            buyer_first, buyer_last, attendee_number,
        ) = values  # fmt: skip
        try:
            code = parse_code(code_cell)
        except ValueProblem as problem:
            errors.append(RowError(line, str(problem)))
            continue
        try:
            starts_at, ends_at = times.resolve(session, day, start, end)
            notes = notes_cell
            secrets = _secrets(secrets_cell)
            if not secrets and attendee_number:
                secrets = (eventbrite_barcode(code, attendee_number),)
            attendee = ReservationRow(
                line=line,
                code=code,
                starts_at=starts_at,
                ends_at=ends_at,
                session_ref=ref or None,
                session_label=label or None,
                contact_name=name or join_name(first, last),
                phone=parse_phone(phone),
                party_size=1,
                language=parse_language(language),
                status=parse_status(status_cell),
                group=None,
                notes=notes,
                accessibility=parse_flag(accessible) or mentions_accessibility(notes),
                visitor_names=(),
                visitor_secrets=secrets,
            )
            buyer = join_name(buyer_first, buyer_last)
        except ValueProblem as problem:
            errors.append(RowError(line, str(problem)))
            broken.add(code)
            continue
        order = orders.get(code)
        if order is None:
            order = orders[code] = _Order(attendee)
        if buyer and order.first is attendee:
            order.first = _replace_contact(attendee, buyer)
        if (attendee.starts_at, attendee.session_ref) != (
            order.first.starts_at,
            order.first.session_ref,
        ):
            errors.append(RowError(line, f"order {code} has attendees for different tour times"))
            broken.add(code)
            continue
        count = parse_count(quantity)
        order.attendees.append((attendee, count if count and count > 0 else 1))
    result: list[ReservationRow] = []
    for code, order in orders.items():
        if code in broken:
            continue
        row = _merge_order(order, errors)
        if row is not None:
            result.append(row)
    return result


def _replace_contact(row: ReservationRow, contact: str) -> ReservationRow:
    return replace(row, contact_name=contact)


def _merge_order(order: _Order, errors: list[RowError]) -> ReservationRow | None:
    first = order.first
    active = [(a, n) for a, n in order.attendees if a.status != "cancelled"]
    statuses = {a.status for a, _n in active}
    status: Status = (
        "cancelled" if not active else "confirmed" if "confirmed" in statuses else "pending"
    )
    counted = active or order.attendees
    party_size = sum(n for _a, n in counted)
    if party_size > MAX_PARTY_SIZE:
        errors.append(RowError(first.line, PARTY_SIZE_MESSAGE))
        return None
    names = tuple(a.contact_name for a, _n in counted)
    return replace(
        first,
        phone=next((a.phone for a, _n in counted if a.phone), ""),
        party_size=party_size,
        status=status,
        notes="; ".join(dict.fromkeys(a.notes for a, _n in counted if a.notes)),
        accessibility=any(a.accessibility for a, _n in counted),
        visitor_names=names if any(names) else (),
        visitor_secrets=tuple(s for a, _n in counted for s in a.visitor_secrets),
    )
