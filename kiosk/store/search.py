"""The rows behind booking search: what the in-memory index holds, how it learns of changes,
and the details of the bookings it found.

The search itself runs in memory (:class:`kiosk.core.search.SearchIndex`, kept by
:mod:`kiosk.services.search`); the database holds each booking's ``search_keys``, computed at
sync time. An index stays fresh by asking :func:`index_marks` before a query: a booking added
(walk-in, provisional ticket, import) raises the newest booking id, an import that changed
bookings raises the newest sync run; :func:`index_rows` then reads only those bookings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, bindparam, func, select

from kiosk.store.models import Reservation, SyncRun, TourSession, Visitor, table_of

_RESERVATION = table_of(Reservation)
_SESSION = table_of(TourSession)
_VISITOR = table_of(Visitor)
_RUN = table_of(SyncRun)

IN_CHUNK: Final = 500
"""Ids per ``IN (...)`` look-up, well under every driver's parameter limit."""


@dataclass(frozen=True)
class IndexMarks:
    """How far an index has read: the newest booking id and the newest sync run id."""

    last_reservation: int
    last_sync_run: int


@dataclass(frozen=True)
class IndexRow:
    """What the index holds of one booking (``keys`` None: not computed yet)."""

    id: int
    code: str
    phone: str
    keys: str | None
    session_id: str
    contact_name: str


@dataclass(frozen=True)
class BookingHit:
    """A booking found, with its session's start, how many are in and all its names."""

    id: int
    code: str
    contact_name: str
    phone: str
    session_id: str
    starts_at: datetime
    party_size: int
    status: str
    checked_in: int
    names: tuple[str, ...]


_MARKS = select(
    select(func.coalesce(func.max(_RESERVATION.c.id), 0)).scalar_subquery(),
    select(func.coalesce(func.max(_RUN.c.id), 0)).scalar_subquery(),
)
_ROWS = select(
    _RESERVATION.c.id,
    _RESERVATION.c.code,
    _RESERVATION.c.phone,
    _RESERVATION.c.search_keys,
    _RESERVATION.c.session_id,
    _RESERVATION.c.contact_name,
)
_NAMES = (
    select(_VISITOR.c.reservation_id, _VISITOR.c.name)
    .where(_VISITOR.c.reservation_id.in_(bindparam("ids", expanding=True)))
    .order_by(_VISITOR.c.reservation_id, _VISITOR.c.seq)
)
_CHECKED_IN = (
    select(func.count())
    .where(_VISITOR.c.reservation_id == _RESERVATION.c.id)
    .where(_VISITOR.c.checked_in_at.isnot(None))
    .scalar_subquery()
)
_HITS = (
    select(
        _RESERVATION.c.id,
        _RESERVATION.c.code,
        _RESERVATION.c.contact_name,
        _RESERVATION.c.phone,
        _RESERVATION.c.session_id,
        _SESSION.c.starts_at,
        _RESERVATION.c.party_size,
        _RESERVATION.c.status,
        _CHECKED_IN,
    )
    .join(_SESSION, _SESSION.c.id == _RESERVATION.c.session_id)
    .where(_RESERVATION.c.id.in_(bindparam("ids", expanding=True)))
)


def index_marks(conn: Connection) -> IndexMarks:
    """The newest booking id and sync run id (0 for none): one cheap statement."""
    last_reservation, last_run = conn.execute(_MARKS).one()
    return IndexMarks(int(last_reservation), int(last_run))


def index_rows(
    conn: Connection, *, after: IndexMarks | None = None, batch: int = 20_000
) -> Iterator[IndexRow]:
    """Every booking, or (``after`` given) those added or changed by an import since then.

    Read in id order, ``batch`` rows per statement, so a million bookings never sit in
    memory twice.
    """
    query = _ROWS
    if after is not None:
        query = query.where(
            (_RESERVATION.c.id > after.last_reservation)
            | (_RESERVATION.c.sync_run_id > after.last_sync_run)
        )
    last = 0
    while True:
        rows = conn.execute(
            query.where(_RESERVATION.c.id > last).order_by(_RESERVATION.c.id).limit(batch)
        ).all()
        for row in rows:
            yield IndexRow(
                int(row.id), row.code, row.phone, row.search_keys, row.session_id, row.contact_name
            )
        if len(rows) < batch:
            return
        last = int(rows[-1].id)


def names_of(conn: Connection, reservation_ids: Iterable[int]) -> dict[int, list[str]]:
    """The visitors' names of each booking, in party order (blank names included)."""
    found: dict[int, list[str]] = {}
    for chunk in _chunks(list(reservation_ids)):
        for reservation_id, name in conn.execute(_NAMES, {"ids": chunk}):
            found.setdefault(int(reservation_id), []).append(name)
    return found


def booking_hits(conn: Connection, reservation_ids: Sequence[int]) -> dict[int, BookingHit]:
    """The bookings with these ids, by id (ids no longer in the database are left out).

    ``names`` holds the contact's name, then each visitor's, without blanks or repeats.
    """
    visitors = names_of(conn, reservation_ids)
    found: dict[int, BookingHit] = {}
    for chunk in _chunks(list(reservation_ids)):
        for row in conn.execute(_HITS, {"ids": chunk}):
            rid = int(row.id)
            names = tuple(dict.fromkeys(n for n in (row.contact_name, *visitors.get(rid, ())) if n))
            found[rid] = BookingHit(
                rid,
                row.code,
                row.contact_name,
                row.phone,
                row.session_id,
                row.starts_at,
                int(row.party_size),
                row.status,
                int(row[8]),
                names,
            )
    return found


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]
