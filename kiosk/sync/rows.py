"""Canonical rows that every export reader produces and the sync service applies.

The readers never touch the database: they turn a file into these plain, frozen values so the
apply step (``kiosk.services.sync``) has one shape to deal with, whatever platform wrote the file.

Line numbers (``line``) are what a user finds when they open the file:

* CSV/TSV/XLSX: the spreadsheet row number (the header row is line 1 when it is the first row;
  under title rows it is its real row number; a quoted cell spanning several physical lines is
  still one row).
* Eventbrite CSV: the row of the order's first attendee.
* pretix JSON: the order's position in ``event.orders`` counting from 1.
* our JSON: the item's position in ``reservations`` (or ``groups``) counting from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

ExportKind = Literal["reservations", "roster"]
Status = Literal["confirmed", "pending", "cancelled"]
"""pending: booked but not admissible yet (unpaid, awaiting approval); its visitors exist."""


@dataclass(frozen=True)
class ReservationRow:
    """One booking (a party) as the export states it.

    ``party_size`` is 1..50 for a confirmed or pending booking; a cancelled one may say 0 (some platforms
    zero the quantity on cancellation). ``visitor_names`` and ``visitor_secrets`` hold at most
    ``party_size`` entries each, one per person, and may be shorter or empty. ``status`` never
    says "checked in": check-in state lives in our database only; "pending" (unpaid, awaiting
    approval) is imported with its visitors and refused at the gate as "payment pending".
    """

    line: int
    code: str
    starts_at: datetime
    ends_at: datetime | None
    session_ref: str | None
    session_label: str | None
    contact_name: str
    phone: str
    party_size: int
    language: str
    status: Status
    group: str | None
    notes: str
    accessibility: bool
    visitor_names: tuple[str, ...] = ()
    visitor_secrets: tuple[str, ...] = ()


@dataclass(frozen=True)
class RosterRow:
    """One tour group of one session: its letter, guide, size and colour."""

    line: int
    starts_at: datetime
    ends_at: datetime | None
    group: str
    guide_name: str
    guide_languages: tuple[str, ...]
    guide_phone: str
    capacity: int | None
    meeting_point: str
    colour: str | None


@dataclass(frozen=True)
class SessionRow:
    """A session (tour time) that a platform export defines, e.g. a pretix subevent."""

    line: int
    ref: str
    label: str | None
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class RowError:
    """A row we could not use; the rest of the file still counts."""

    line: int
    reason: str


@dataclass
class ParsedExport:
    """What a reader found in one file.

    ``rows`` may be a generator (CSV/TSV stream); ``errors`` is complete only once ``rows`` has
    been consumed, and consuming ``rows`` may still raise ``InputError`` if the file turns out
    to be unreadable further down (so apply it inside the transaction). ``mapping`` maps each
    column header used to the field it fed (for the report); ``unused_columns`` lists headers
    we did not recognise.

    ``sessions`` holds sessions the platform defines (pretix subevents, our JSON ``sessions``);
    ``roster`` holds group rows carried by a reservations file (our JSON ``groups``).

    ``rows_with_repeats`` is, for a streamed table, the same stream before repeated codes are
    dropped: ``rows`` checks repeats in memory that grows with the file, so a caller that
    checks them itself in bounded memory (the sync service, against the database) reads this
    one instead. Both draw on one stream: read one of them. None when ``rows`` is a list.
    """

    kind: ExportKind
    format: str
    encoding: str | None
    mapping: dict[str, str]
    rows: Iterable[ReservationRow] | Iterable[RosterRow]
    errors: list[RowError] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    roster: list[RosterRow] = field(default_factory=list)
    unused_columns: tuple[str, ...] = ()
    rows_with_repeats: Iterable[ReservationRow] | None = None

    def reservation_rows(self) -> Iterator[ReservationRow]:
        """Iterate the rows of a reservations export (typed for callers)."""
        for row in self.rows:
            if isinstance(row, ReservationRow):
                yield row

    def roster_rows(self) -> Iterator[RosterRow]:
        """Iterate the rows of a roster export (typed for callers)."""
        for row in self.rows:
            if isinstance(row, RosterRow):
                yield row
