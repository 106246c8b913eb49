"""Change notes: what a kiosk just committed, told to every other process on the database.

Two mechanisms, one per backend, both cheap enough to run all day:

- **PostgreSQL**: the audit writer (:func:`kiosk.store.audit.record_event`) calls
  :func:`notify_event` in the change's own transaction. The server delivers a notification
  only when that transaction commits, so a note always means a committed change, and never
  one that was rolled back. :class:`PgListener` holds a connection of its own that
  ``LISTEN``\\ s on :data:`CHANNEL`.
- **SQLite** (one machine): ``PRAGMA data_version`` on a connection of its own moves whenever
  another connection commits; it costs a read of the WAL index in shared memory, no disk.
  :class:`DataVersionWatcher` then reads the new audit events by id. SQLite writers are
  serialised (``BEGIN IMMEDIATE``), so ids commit in order and ``id > last`` misses none.

A note carries the event id, the action, the kiosk, the session and the visitors touched, so
a screen refreshes one session's counts and a few rows instead of everything.
"""

from __future__ import annotations

import contextlib
import json
import select as selectors
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.engine import Engine

from kiosk.core.changes import Change
from kiosk.store.models import ScanEvent, SyncRun, table_of

CHANNEL = "kiosk_changes"
"""The PostgreSQL notification channel every kiosk of a database shares."""
MAX_PAYLOAD_BYTES = 7900
"""PostgreSQL refuses payloads of 8000 bytes or more; a longer note drops its visitor ids."""
MAX_NOTES_PER_READ = 500
"""More new events than this in one read: the reader is told to reload everything instead."""

if TYPE_CHECKING:
    from kiosk.store.audit import EventRecord

_EVENT = table_of(ScanEvent)
_SYNC = table_of(SyncRun)

CHECKIN_ACTIONS = frozenset({"checkin", "override", "checkout", "undo", "move"})
"""Actions that admit, release or move visitors: headcounts and the roster change."""
PROGRAM_ACTIONS = frozenset({"walk_in", "purge", "sync"})
"""Actions that change sessions, groups or bookings: every count may change."""


def change_of(action: str, visitor_ids: Sequence[int] | None) -> Change | None:
    """What kind of data an audit event changed; None when only the log grew.

    A refused scan is logged as a ``checkin`` that touched nobody: it changes no count.
    """
    if action in PROGRAM_ACTIONS:
        return Change.PROGRAM
    if action in CHECKIN_ACTIONS and (visitor_ids is None or len(visitor_ids) > 0):
        return Change.CHECKINS
    return None


@dataclass(frozen=True)
class ChangeNote:
    """One committed change, as far as a screen needs to know it.

    Attributes:
        event_id: the audit event's id.
        action: the event's action (``checkin``, ``checkout``, ``move`` …).
        kiosk_id: the kiosk that made the change.
        session_id: the session it concerns, if any.
        visitor_ids: the visitors admitted or changed; None when there were too many to tell
            (treat the whole session as changed).
        change: the kind of data that changed; None when only the audit log grew (a refused
            scan, a phone number revealed).
    """

    event_id: int
    action: str
    kiosk_id: str
    session_id: str | None
    visitor_ids: tuple[int, ...] | None
    change: Change | None

    @classmethod
    def of_event(
        cls,
        event_id: int,
        action: str,
        kiosk_id: str,
        session_id: str | None,
        visitor_ids: Sequence[int] | None,
    ) -> ChangeNote:
        ids = None if visitor_ids is None else tuple(visitor_ids)
        return cls(event_id, action, kiosk_id, session_id, ids, change_of(action, ids))

    def to_payload(self) -> str:
        """Compact JSON for a notification; visitor ids are dropped if it would not fit."""
        data: dict[str, Any] = {
            "e": self.event_id,
            "a": self.action,
            "k": self.kiosk_id,
            "s": self.session_id,
            "v": None if self.visitor_ids is None else list(self.visitor_ids),
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
            data["v"] = None
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return text

    @classmethod
    def from_payload(cls, text: str) -> ChangeNote | None:
        """The note in a notification's payload; None for anything else on the channel."""
        try:
            data = json.loads(text)
            visitors = data.get("v")
            return cls.of_event(
                int(data["e"]),
                str(data["a"]),
                str(data.get("k") or ""),
                None if data.get("s") is None else str(data["s"]),
                None if visitors is None else [int(v) for v in visitors],
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _visitor_ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


# --- writing --------------------------------------------------------------------------------


def notify_event(conn: Connection, note: ChangeNote) -> None:
    """Tell every listening process about ``note`` when this transaction commits.

    PostgreSQL only (``pg_notify`` is transactional: nothing is sent on rollback); on
    SQLite this does nothing, as readers there watch ``PRAGMA data_version``.
    """
    if conn.dialect.name != "postgresql":
        return
    conn.execute(select(func.pg_notify(CHANNEL, note.to_payload())))


# --- reading --------------------------------------------------------------------------------

_NEWEST_EVENT = select(func.coalesce(func.max(_EVENT.c.id), 0))
_NEWEST_SYNC = select(func.coalesce(func.max(_SYNC.c.id), 0))
_EVENTS_AFTER = (
    select(
        _EVENT.c.id,
        _EVENT.c.action,
        _EVENT.c.kiosk_id,
        _EVENT.c.session_id,
        _EVENT.c.visitor_ids,
    )
    .where(_EVENT.c.id > bindparam("after"))
    .order_by(_EVENT.c.id)
    .limit(bindparam("limit"))
)
_EVENT_IDS_BETWEEN = (
    select(_EVENT.c.id)
    .where(_EVENT.c.id > bindparam("low"))
    .where(_EVENT.c.id <= bindparam("high"))
)
_EVENTS_BY_ID = select(
    _EVENT.c.id,
    _EVENT.c.at,
    _EVENT.c.kiosk_id,
    _EVENT.c.operator,
    _EVENT.c.action,
    _EVENT.c.outcome,
    _EVENT.c.reservation_code,
    _EVENT.c.session_id,
    _EVENT.c.input_hint,
    _EVENT.c.visitor_ids,
    _EVENT.c.detail,
).where(_EVENT.c.id.in_(bindparam("ids", expanding=True)))


def newest_event_id(conn: Connection) -> int:
    """The newest audit event's id (0 for an empty log)."""
    return int(conn.execute(_NEWEST_EVENT).scalar_one())


def newest_sync_id(conn: Connection) -> int:
    """The newest sync run's id: it moves when an import changed the program."""
    return int(conn.execute(_NEWEST_SYNC).scalar_one())


def notes_after(
    conn: Connection, event_id: int, *, limit: int = MAX_NOTES_PER_READ
) -> list[ChangeNote]:
    """Notes for the events logged after ``event_id``, oldest first (at most ``limit``)."""
    rows = conn.execute(_EVENTS_AFTER, {"after": event_id, "limit": limit})
    return [
        ChangeNote.of_event(int(i), str(a), str(k), s, _visitor_ids(str(v)))
        for i, a, k, s, v in rows
    ]


def event_ids_between(conn: Connection, low: int, high: int) -> set[int]:
    """Ids of the committed events in ``(low, high]`` (reads the primary key only)."""
    if high <= low:
        return set()
    return {int(i) for i in conn.scalars(_EVENT_IDS_BETWEEN, {"low": low, "high": high})}


def events_by_id(conn: Connection, event_ids: Iterable[int]) -> list[EventRecord]:
    """The given events as stored, newest first (unknown ids are left out)."""
    from kiosk.store.audit import EventRecord  # audit imports this module for its hook

    ids = sorted(set(event_ids), reverse=True)
    if not ids:
        return []
    rows = conn.execute(_EVENTS_BY_ID, {"ids": ids})
    return sorted((EventRecord(*tuple(row)) for row in rows), key=lambda e: e.id, reverse=True)


# --- watching -------------------------------------------------------------------------------


class ListenUnavailable(RuntimeError):
    """LISTEN cannot be used on this database (not PostgreSQL, or the connection failed)."""


class PgListener:
    """A PostgreSQL connection of its own that LISTENs on :data:`CHANNEL`.

    Not thread-safe: one thread opens it, waits on it and closes it.

    Raises:
        ListenUnavailable: from the constructor and :meth:`wait` when the connection cannot
            be made or was lost; the caller reconnects (and reloads what it shows, since
            notifications sent meanwhile are gone).
    """

    def __init__(self, engine: Engine, *, connect_timeout_s: int = 5) -> None:
        if engine.dialect.name != "postgresql":
            raise ListenUnavailable("LISTEN needs PostgreSQL")
        import psycopg

        self._errors: tuple[type[BaseException], ...] = (psycopg.Error, OSError)
        args, params = engine.dialect.create_connect_args(engine.url)
        params = {
            **params,
            "connect_timeout": connect_timeout_s,
            "autocommit": True,
            # A listener only reads: without keepalives a connection cut silently (a NAT
            # timeout, a pulled cable) would wait for notifications forever.
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
        try:
            self._conn = psycopg.connect(*args, **params)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except self._errors as exc:
            raise ListenUnavailable(_first_line(exc)) from exc

    @property
    def backend_pid(self) -> int:
        """The server process serving this listener (tests end it to cut the connection)."""
        return int(self._conn.info.backend_pid)

    def wait(self, timeout_s: float) -> list[ChangeNote]:
        """Notes that arrived within ``timeout_s`` (empty when none): returns on the first
        packet, with every note it held."""
        notes: list[ChangeNote] = []
        try:
            for notification in self._conn.notifies(timeout=timeout_s, stop_after=1):
                note = ChangeNote.from_payload(notification.payload)
                if note is not None:
                    notes.append(note)
            # Whatever else is already here comes along (a burst of check-ins is one batch).
            if notes and self._readable():
                for notification in self._conn.notifies(timeout=0.001):
                    note = ChangeNote.from_payload(notification.payload)
                    if note is not None:
                        notes.append(note)
        except self._errors as exc:
            raise ListenUnavailable(_first_line(exc)) from exc
        if self._conn.closed:
            raise ListenUnavailable("the listening connection was closed")
        return notes

    def ping(self) -> None:
        """Make sure the connection still answers.

        Raises:
            ListenUnavailable: it does not (reconnect).
        """
        try:
            self._conn.execute("SELECT 1")
        except self._errors as exc:
            raise ListenUnavailable(_first_line(exc)) from exc

    def _readable(self) -> bool:
        try:
            ready, _, _ = selectors.select([self._conn.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def close(self) -> None:
        with contextlib.suppress(*self._errors):
            self._conn.close()


class DataVersionWatcher:
    """Watches a SQLite file for commits by other connections (``PRAGMA data_version``).

    Holds one pooled connection of the engine for its own use: ``data_version`` only moves
    for commits made by *other* connections, this process's included.
    """

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "sqlite":
            raise ValueError("PRAGMA data_version needs SQLite")
        self._raw = engine.raw_connection()
        self._version = self.version()

    def version(self) -> int:
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
        finally:
            cursor.close()
        return int(row[0]) if row else 0

    def moved(self) -> bool:
        """True once per batch of commits made elsewhere since the last call."""
        version = self.version()
        if version == self._version:
            return False
        self._version = version
        return True

    def wait(self, timeout_s: float, interval_s: float) -> bool:
        """Poll every ``interval_s`` until something was committed or ``timeout_s`` passed."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.moved():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(interval_s, left))

    def close(self) -> None:
        self._raw.close()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__).rstrip(".")
