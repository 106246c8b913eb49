"""The SQL of an import (``kiosk sync``): sessions, rosters, sync runs and reservations in bulk.

The sync service decides what each export row changes; this module only reads and writes rows,
always on the caller's connection and inside its one transaction, so a failed sync leaves no
trace. Statements are built once at import, in the style of :mod:`kiosk.store.party`.

The two bulk inserts (reservations and their visitors: millions of rows on an auto-show day)
are Core ``insert()`` statements compiled once per dialect and handed to the driver's
``executemany`` with the compiled paramstyle (:class:`BulkInsert`). That skips SQLAlchemy's
per-row parameter processing, which costs more than SQLite's own work for these narrow rows;
their columns hold only strings, integers and booleans, which every driver binds as they are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from kiosk.store.models import (
    Guide,
    PrintJob,
    Reservation,
    SyncRun,
    TourGroup,
    TourSession,
    Visitor,
    table_of,
)

_SESSION = table_of(TourSession)
_GROUP = table_of(TourGroup)
_GUIDE = table_of(Guide)
_RESERVATION = table_of(Reservation)
_VISITOR = table_of(Visitor)
_RUN = table_of(SyncRun)
_PRINT_JOB = table_of(PrintJob)

IN_CHUNK: Final = 500
"""Values per ``IN (...)`` look-up, well under every driver's parameter limit."""
IMPORT_CACHE_KIB: Final = 16 * 1024
"""SQLite page cache of an importing connection (and so the sorter of an index build). The
unique indexes on reservation and badge codes take random keys, and SQLite's default 2 MB
cache makes each insert into them a page miss; 16 MB saves about a third of the insert time,
and more buys little. A ceiling, not a per-row cost: memory stays flat in the file's size."""
ACTIVE_STATUSES: Final = ("confirmed", "pending")

# -- sessions and groups ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSpan:
    """A session as the import matches rows to it."""

    id: str
    starts_at: datetime
    ends_at: datetime
    external_ref: str | None


_SESSIONS = select(_SESSION.c.id, _SESSION.c.starts_at, _SESSION.c.ends_at, _SESSION.c.external_ref)
_GROUP_LETTERS = select(_GROUP.c.session_id, _GROUP.c.letter)
_ADD_SESSION = insert(_SESSION)
_SET_CAPACITY = (
    update(_SESSION).where(_SESSION.c.id == bindparam("sid")).values(capacity=bindparam("places"))
)
_CAPACITY_FROM_GROUPS = (
    update(_SESSION)
    .where(_SESSION.c.id == bindparam("sid"))
    .values(
        capacity=select(func.coalesce(func.sum(_GROUP.c.capacity), 0))
        .where(_GROUP.c.session_id == bindparam("sid"))
        .scalar_subquery()
    )
)
_BOOKED_PLACES = (
    select(func.count())
    .select_from(_VISITOR)
    .join(_RESERVATION, _RESERVATION.c.id == _VISITOR.c.reservation_id)
    .where(_VISITOR.c.session_id == bindparam("sid"))
    .where(_RESERVATION.c.status.in_(ACTIVE_STATUSES))
)


def sessions(conn: Connection) -> list[SessionSpan]:
    """Every session (a day's program is a few hundred at most)."""
    return [SessionSpan(*tuple(row)) for row in conn.execute(_SESSIONS)]


def group_letters(conn: Connection) -> dict[str, set[str]]:
    """The letters of each session's groups, by session id."""
    found: dict[str, set[str]] = {}
    for session_id, letter in conn.execute(_GROUP_LETTERS):
        found.setdefault(session_id, set()).add(letter)
    return found


def add_session(
    conn: Connection,
    *,
    session_id: str,
    starts_at: datetime,
    ends_at: datetime,
    label_zh: str,
    label_en: str,
    external_ref: str | None,
) -> None:
    """A new session with no places yet (its groups or defaults give them)."""
    conn.execute(
        _ADD_SESSION,
        {
            "id": session_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": 0,
            "label_zh": label_zh,
            "label_en": label_en,
            "external_ref": external_ref,
        },
    )


def set_session_capacity(conn: Connection, session_id: str, capacity: int) -> None:
    conn.execute(_SET_CAPACITY, {"sid": session_id, "places": capacity})


def capacity_from_groups(conn: Connection, session_id: str) -> None:
    """A session's places become the sum of its groups' (after a roster set them)."""
    conn.execute(_CAPACITY_FROM_GROUPS, {"sid": session_id})


def booked_places(conn: Connection, session_id: str) -> int:
    """People of a session's confirmed and pending bookings."""
    return int(conn.execute(_BOOKED_PLACES, {"sid": session_id}).scalar_one())


# -- rosters: guides and groups ---------------------------------------------------------------


@dataclass(frozen=True)
class GuideRecord:
    id: int
    name: str
    languages: str
    phone: str


@dataclass(frozen=True)
class GroupRecord:
    id: int
    letter: str
    colour: str
    guide_id: int | None
    capacity: int
    meeting_point: str


_GUIDES = select(_GUIDE.c.id, _GUIDE.c.name, _GUIDE.c.languages, _GUIDE.c.phone)
_ADD_GUIDE = insert(_GUIDE).returning(_GUIDE.c.id)
_UPDATE_GUIDE = (
    update(_GUIDE)
    .where(_GUIDE.c.id == bindparam("gid"))
    .values(languages=bindparam("new_languages"), phone=bindparam("new_phone"))
)
_GROUPS_OF = select(
    _GROUP.c.id,
    _GROUP.c.letter,
    _GROUP.c.colour,
    _GROUP.c.guide_id,
    _GROUP.c.capacity,
    _GROUP.c.meeting_point,
).where(_GROUP.c.session_id == bindparam("sid"))
_ADD_GROUP = insert(_GROUP).returning(_GROUP.c.id)
_UPDATE_GROUP = (
    update(_GROUP)
    .where(_GROUP.c.id == bindparam("gid"))
    .values(
        colour=bindparam("new_colour"),
        guide_id=bindparam("new_guide"),
        capacity=bindparam("new_capacity"),
        meeting_point=bindparam("new_meeting_point"),
    )
)
_DROP_UNUSED_GROUP = (
    delete(_GROUP)
    .where(_GROUP.c.id == bindparam("gid"))
    .where(~exists().where(_VISITOR.c.group_id == _GROUP.c.id))
)


def guides_by_name(conn: Connection) -> dict[str, GuideRecord]:
    return {row.name: GuideRecord(*tuple(row)) for row in conn.execute(_GUIDES)}


def add_guide(conn: Connection, *, name: str, languages: str, phone: str) -> int:
    row = conn.execute(_ADD_GUIDE, {"name": name, "languages": languages, "phone": phone})
    return int(row.scalar_one())


def update_guide(conn: Connection, guide_id: int, *, languages: str, phone: str) -> None:
    conn.execute(_UPDATE_GUIDE, {"gid": guide_id, "new_languages": languages, "new_phone": phone})


def groups_of(conn: Connection, session_id: str) -> dict[str, GroupRecord]:
    """A session's groups by letter."""
    return {
        row.letter: GroupRecord(*tuple(row))
        for row in conn.execute(_GROUPS_OF, {"sid": session_id})
    }


def add_group(
    conn: Connection,
    *,
    session_id: str,
    letter: str,
    colour: str,
    guide_id: int | None,
    capacity: int,
    meeting_point: str,
) -> int:
    row = conn.execute(
        _ADD_GROUP,
        {
            "session_id": session_id,
            "letter": letter,
            "colour": colour,
            "guide_id": guide_id,
            "capacity": capacity,
            "meeting_point": meeting_point,
        },
    )
    return int(row.scalar_one())


def update_group(
    conn: Connection,
    group_id: int,
    *,
    colour: str,
    guide_id: int | None,
    capacity: int,
    meeting_point: str,
) -> None:
    conn.execute(
        _UPDATE_GROUP,
        {
            "gid": group_id,
            "new_colour": colour,
            "new_guide": guide_id,
            "new_capacity": capacity,
            "new_meeting_point": meeting_point,
        },
    )


def drop_group_unless_used(conn: Connection, group_id: int) -> bool:
    """Delete a group nobody has been placed in; True when it went."""
    return conn.execute(_DROP_UNUSED_GROUP, {"gid": group_id}).rowcount > 0


# -- sync runs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunTotals:
    """What a sync run did, as its row keeps it."""

    files: str
    format: str
    encoding: str
    added: int
    updated: int
    unchanged: int
    cancelled: int
    rejected: int
    conflicts: int
    report: str


_START_RUN = insert(_RUN).returning(_RUN.c.id)
_FINISH_RUN = (
    update(_RUN)
    .where(_RUN.c.id == bindparam("run"))
    .values(
        finished_at=bindparam("at", type_=_RUN.c.finished_at.type),
        files=bindparam("new_files"),
        format=bindparam("new_format"),
        encoding=bindparam("new_encoding"),
        added=bindparam("new_added"),
        updated=bindparam("new_updated"),
        unchanged=bindparam("new_unchanged"),
        cancelled=bindparam("new_cancelled"),
        rejected=bindparam("new_rejected"),
        conflicts=bindparam("new_conflicts"),
        report=bindparam("new_report"),
    )
)


def start_run(conn: Connection, *, at: datetime, full: bool) -> int:
    """Open a sync run's row; its totals are written by :func:`finish_run`."""
    row = conn.execute(
        _START_RUN,
        {
            "started_at": at,
            "files": "",
            "format": "",
            "encoding": "",
            "full_sync": full,
            "added": 0,
            "updated": 0,
            "unchanged": 0,
            "cancelled": 0,
            "rejected": 0,
            "conflicts": 0,
            "report": "",
        },
    )
    return int(row.scalar_one())


def finish_run(conn: Connection, run_id: int, *, at: datetime, totals: RunTotals) -> None:
    conn.execute(
        _FINISH_RUN,
        {"run": run_id, "at": at, **{f"new_{k}": v for k, v in vars(totals).items()}},
    )


# -- reservations: look-ups -------------------------------------------------------------------


@dataclass(frozen=True)
class StoredBooking:
    """A reservation as the import compares it with an export row."""

    id: int
    code: str
    row_hash: str
    session_id: str
    status: str
    party_size: int


@dataclass(frozen=True)
class StoredVisitor:
    """One person of a stored party: what a changed booking must respect."""

    reservation_id: int
    id: int
    seq: int
    name: str
    checked_in_at: datetime | None


_ANY_RESERVATION = select(_RESERVATION.c.id).limit(1)
_BY_CODES = select(
    _RESERVATION.c.id,
    _RESERVATION.c.code,
    _RESERVATION.c.row_hash,
    _RESERVATION.c.session_id,
    _RESERVATION.c.status,
    _RESERVATION.c.party_size,
).where(_RESERVATION.c.code.in_(bindparam("codes", expanding=True)))
_VISITORS_OF = (
    select(
        _VISITOR.c.reservation_id,
        _VISITOR.c.id,
        _VISITOR.c.seq,
        _VISITOR.c.name,
        _VISITOR.c.checked_in_at,
    )
    .where(_VISITOR.c.reservation_id.in_(bindparam("ids", expanding=True)))
    .order_by(_VISITOR.c.reservation_id, _VISITOR.c.seq)
)


def has_reservations(conn: Connection) -> bool:
    return conn.execute(_ANY_RESERVATION).first() is not None


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def bookings_by_code(conn: Connection, codes: Sequence[str]) -> dict[str, StoredBooking]:
    """The stored reservations among ``codes``."""
    found: dict[str, StoredBooking] = {}
    for chunk in _chunks(codes):
        for row in conn.execute(_BY_CODES, {"codes": list(chunk)}):
            found[row.code] = StoredBooking(*tuple(row))
    return found


def visitors_of(conn: Connection, reservation_ids: Sequence[int]) -> dict[int, list[StoredVisitor]]:
    """The visitors of these reservations, by reservation, in ``seq`` order."""
    found: dict[int, list[StoredVisitor]] = {}
    for chunk in _chunks(reservation_ids):
        for row in conn.execute(_VISITORS_OF, {"ids": list(chunk)}):
            found.setdefault(row.reservation_id, []).append(StoredVisitor(*tuple(row)))
    return found


# -- reservations: bulk writes ----------------------------------------------------------------

BOOKING_COLUMNS: Final = (
    "id",
    "code",
    "session_id",
    "contact_name",
    "phone",
    "party_size",
    "language",
    "notes",
    "accessibility",
    "status",
    "pre_assigned_group",
    "provisional",
    "source",
    "sync_run_id",
    "row_hash",
    "search_keys",
)
"""The order of a new reservation's values in :meth:`BulkWriter.add`."""
VISITOR_COLUMNS: Final = ("reservation_id", "session_id", "seq", "name", "badge_code")
"""The order of a new visitor's values (the database numbers visitors itself)."""

BookingValues = tuple[Any, ...]
VisitorValues = tuple[Any, ...]


class BulkInsert:
    """One table's INSERT, compiled by SQLAlchemy for the connection's dialect and run by the
    driver's ``executemany`` (see the module docstring for why).

    Rows are tuples in ``columns`` order. Positional paramstyles (SQLite's ``?``) take them as
    they are; named ones (psycopg's ``%(name)s``) get a dict per row.
    """

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        compiled = (
            insert(table)
            .values({name: bindparam(name) for name in columns})
            .compile(dialect=conn.dialect)
        )
        self._conn = conn
        self._sql = str(compiled)
        self._columns = tuple(columns)
        order = compiled.positiontup if compiled.positional else None
        self._positional = order is not None
        if order is not None and tuple(order) != self._columns:
            raise ValueError(f"{table.name}: compiled parameter order {order} is not {columns}")

    def __call__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self._positional:
            self._conn.exec_driver_sql(self._sql, list(rows))
        else:
            names = self._columns
            self._conn.exec_driver_sql(
                self._sql, [dict(zip(names, row, strict=True)) for row in rows]
            )


class CodeClash(Exception):
    """A batch of new rows broke a unique key (nothing of it was written).

    Usually a reservation code stored already; ``error`` is the database's own refusal.
    """

    def __init__(self, error: IntegrityError) -> None:
        super().__init__(str(error))
        self.error = error


class BulkWriter:
    """New reservations and their visitors, written a batch at a time on one connection."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._bookings = BulkInsert(conn, _RESERVATION, BOOKING_COLUMNS)
        self._visitors = BulkInsert(conn, _VISITOR, VISITOR_COLUMNS)

    def reservation_ids(self, count: int) -> list[int]:
        """Ids for ``count`` new reservations, so their visitors can point at them."""
        return next_ids(self._conn, _RESERVATION, count)

    def add(
        self,
        bookings: Sequence[BookingValues],
        visitors: Sequence[VisitorValues],
        *,
        codes_may_clash: bool = False,
    ) -> None:
        """Insert a batch (values in :data:`BOOKING_COLUMNS` / :data:`VISITOR_COLUMNS` order).

        Args:
            codes_may_clash: the caller did not look the codes up first; a code that is stored
                already undoes the batch (a savepoint) and raises :class:`CodeClash`.
        """
        if not codes_may_clash:
            self._bookings(bookings)
            self._visitors(visitors)
            return
        try:
            with self._conn.begin_nested():
                self._bookings(bookings)
                self._visitors(visitors)
        except IntegrityError as exc:
            raise CodeClash(exc) from exc


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids of ``table`` for rows this transaction is about to insert."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        series = func.generate_series(1, literal(count)).table_valued("n")
        query = select(func.nextval(f"{table.name}_id_seq")).select_from(series)
        return [int(value) for value in conn.scalars(query)]
    # SQLite: this transaction holds the write lock (BEGIN IMMEDIATE), so max + 1 is ours.
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + count))


# -- reservations: changes to stored ones -----------------------------------------------------

_UPDATE_BOOKING = (
    update(_RESERVATION)
    .where(_RESERVATION.c.id == bindparam("rid"))
    .values(
        session_id=bindparam("new_session"),
        contact_name=bindparam("new_contact"),
        phone=bindparam("new_phone"),
        party_size=bindparam("new_size"),
        language=bindparam("new_language"),
        notes=bindparam("new_notes"),
        accessibility=bindparam("new_accessibility"),
        status=bindparam("new_status"),
        pre_assigned_group=bindparam("new_group"),
        sync_run_id=bindparam("new_run"),
        row_hash=bindparam("new_hash"),
        search_keys=bindparam("new_keys"),
    )
)
_MOVE_WAITING_VISITORS = (
    update(_VISITOR)
    .where(_VISITOR.c.reservation_id == bindparam("rid"))
    .where(_VISITOR.c.checked_in_at.is_(None))
    .values(session_id=bindparam("new_session"), group_id=None)
)
_ADD_VISITOR = insert(_VISITOR)
_RENAME_VISITOR = (
    update(_VISITOR).where(_VISITOR.c.id == bindparam("vid")).values(name=bindparam("new_name"))
)
_DROP_UNPRINTED_VISITORS = (
    delete(_VISITOR)
    .where(_VISITOR.c.id.in_(bindparam("ids", expanding=True)))
    .where(~exists().where(_PRINT_JOB.c.visitor_id == _VISITOR.c.id))
)
_CANCEL = (
    update(_RESERVATION)
    .where(_RESERVATION.c.id == bindparam("rid"))
    .values(status="cancelled", row_hash="")
)


@dataclass(frozen=True)
class BookingUpdate:
    """New values of a stored reservation (its id stays)."""

    id: int
    session_id: str
    contact_name: str
    phone: str
    party_size: int
    language: str
    notes: str
    accessibility: bool
    status: str
    pre_assigned_group: str | None
    sync_run_id: int
    row_hash: str
    search_keys: str
    """The names as name search reads them (:func:`kiosk.core.search.search_keys`)."""


def update_booking(conn: Connection, change: BookingUpdate) -> None:
    conn.execute(
        _UPDATE_BOOKING,
        {
            "rid": change.id,
            "new_session": change.session_id,
            "new_contact": change.contact_name,
            "new_phone": change.phone,
            "new_size": change.party_size,
            "new_language": change.language,
            "new_notes": change.notes,
            "new_accessibility": change.accessibility,
            "new_status": change.status,
            "new_group": change.pre_assigned_group,
            "new_run": change.sync_run_id,
            "new_hash": change.row_hash,
            "new_keys": change.search_keys,
        },
    )


def move_waiting_visitors(conn: Connection, reservation_id: int, session_id: str) -> None:
    """Visitors not checked in yet follow their booking to another session (and lose a group)."""
    conn.execute(_MOVE_WAITING_VISITORS, {"rid": reservation_id, "new_session": session_id})


def add_visitor(conn: Connection, values: VisitorValues) -> None:
    """One more person of a stored party (values in :data:`VISITOR_COLUMNS` order)."""
    conn.execute(_ADD_VISITOR, dict(zip(VISITOR_COLUMNS, values, strict=True)))


def rename_visitor(conn: Connection, visitor_id: int, name: str) -> None:
    conn.execute(_RENAME_VISITOR, {"vid": visitor_id, "new_name": name})


def drop_unprinted_visitors(conn: Connection, visitor_ids: Sequence[int]) -> None:
    """Delete these places unless a badge was printed for one (print history stays)."""
    if visitor_ids:
        conn.execute(_DROP_UNPRINTED_VISITORS, {"ids": list(visitor_ids)})


def cancel_booking(conn: Connection, reservation_id: int) -> None:
    """Cancel a booking a full export no longer lists (it is never deleted)."""
    conn.execute(_CANCEL, {"rid": reservation_id})


# -- codes seen by this import ------------------------------------------------------------------

_SEEN = Table(
    "import_seen",
    MetaData(),
    Column("code", String(64), primary_key=True),
    Column("file_no", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("row_hash", String(64), nullable=False),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
_SEEN_BY_CODES = select(_SEEN.c.code, _SEEN.c.file_no, _SEEN.c.line, _SEEN.c.row_hash).where(
    _SEEN.c.code.in_(bindparam("codes", expanding=True))
)
_UNSEEN_ACTIVE = (
    select(
        _RESERVATION.c.id,
        _RESERVATION.c.code,
        select(func.count())
        .where(_VISITOR.c.reservation_id == _RESERVATION.c.id)
        .where(_VISITOR.c.checked_in_at.isnot(None))
        .scalar_subquery(),
    )
    .where(_RESERVATION.c.status.in_(ACTIVE_STATUSES))
    .where(_RESERVATION.c.provisional.is_(False))
    .where(~exists().where(_SEEN.c.code == _RESERVATION.c.code))
    .order_by(_RESERVATION.c.id)
)


@dataclass(frozen=True)
class Sighting:
    """Where this import first met a code: file number, line and row hash."""

    code: str
    file_no: int
    line: int
    row_hash: str


class SeenCodes:
    """The codes an import has met so far, in a temporary table (memory stays flat).

    It answers "did an earlier row of this sync give this code?" and, for a full sync, "which
    stored bookings did no file list?". The table lives in the import's transaction: it goes
    with a rollback, and :meth:`close` drops it before a commit.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        _SEEN.drop(conn, checkfirst=True)  # a SQLite connection may come back from the pool
        _SEEN.create(conn)
        self._insert = BulkInsert(conn, _SEEN, ("code", "file_no", "line", "row_hash"))

    def earlier(self, codes: Sequence[str]) -> dict[str, Sighting]:
        found: dict[str, Sighting] = {}
        for chunk in _chunks(codes):
            for row in self._conn.execute(_SEEN_BY_CODES, {"codes": list(chunk)}):
                found[row.code] = Sighting(*tuple(row))
        return found

    def remember(self, sightings: Sequence[tuple[str, int, int, str]]) -> bool:
        """Record (code, file_no, line, row_hash) of codes new to this import.

        Returns:
            False, recording nothing, when a code was met before (look them up with
            :meth:`earlier`, then remember the rest).
        """
        try:
            with self._conn.begin_nested():
                self._insert(sightings)
        except IntegrityError:
            return False
        return True

    def unseen_active(self) -> list[tuple[int, str, int]]:
        """(id, code, people checked in) of active, synced bookings that no file listed."""
        return [(int(r[0]), str(r[1]), int(r[2])) for r in self._conn.execute(_UNSEEN_ACTIVE)]

    def close(self) -> None:
        _SEEN.drop(self._conn, checkfirst=True)


# -- bulk-load settings -----------------------------------------------------------------------


def deferrable_indexes() -> tuple[Index, ...]:
    """The secondary (non-unique) indexes of reservations and visitors, by name.

    Built once over all rows, they cost less than kept up row by row; unique ones stay, as
    they guard the codes.
    """
    indexes = [index for table in (_RESERVATION, _VISITOR) for index in table.indexes]
    return tuple(sorted((i for i in indexes if not i.unique), key=lambda i: str(i.name)))


def drop_indexes(conn: Connection, indexes: Iterable[Index]) -> None:
    """Drop indexes inside the transaction (a rollback brings them back)."""
    for index in indexes:
        index.drop(conn)


def create_indexes(conn: Connection, indexes: Iterable[Index]) -> None:
    for index in indexes:
        index.create(conn)


@contextlib.contextmanager
def bulk_load(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache for the duration of an import, then the previous one."""
    if conn.dialect.name != "sqlite":
        yield
        return
    previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # a broken connection is discarded anyway
            conn.exec_driver_sql(f"PRAGMA cache_size = {previous}")
