"""Follow what every kiosk commits, as it commits: the feed behind live screens.

:class:`ChangeFeed` answers "what changed since I last asked?" in batches of
:class:`~kiosk.store.changes.ChangeNote`\\ s (the kind of change, the session, the visitors), so
a dashboard recounts one session and a roster updates a few rows. It picks the cheapest
mechanism the database offers:

- ``listen`` (PostgreSQL): notifications sent by the audit writer at commit. A slow check of
  the log (every ``verify_s``) catches events that came without one (a kiosk of an older
  release, a pooler that drops notifications) and syncs (which log no event), and asks
  for a full reload.
- ``data_version`` (SQLite): ``PRAGMA data_version`` every ``watch_s``, then the new events.
- ``poll`` (the fallback): the newest event id every ``poll_s``; when it moved, the batch
  says "reload everything", because ids may commit out of order on a server.

A lost listening connection reports "reload everything", polls meanwhile, and listens again
as soon as it can: notifications sent while it was away are gone.

Be careful: :meth:`ChangeFeed.wait` blocks; call it from a thread of its own, never from a UI
thread. One thread opens, waits on and closes a feed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy.engine import Engine

from kiosk.core.changes import Change
from kiosk.store import changes as change_sql
from kiosk.store.changes import ChangeNote, DataVersionWatcher, ListenUnavailable, PgListener
from kiosk.store.db import read_connection

__all__ = ["ChangeBatch", "ChangeFeed", "ChangeNote", "follow_changes"]

LISTEN = "listen"
DATA_VERSION = "data_version"
POLL = "poll"


@dataclass(frozen=True)
class ChangeBatch:
    """What changed since the previous batch.

    Attributes:
        notes: the changes, oldest first, when they are known one by one.
        everything: something changed that the notes do not describe (a sync, a lost
            connection, events that came without a notification): reload all you show.
        reason: why ``everything`` is set (for the log).
    """

    notes: tuple[ChangeNote, ...] = ()
    everything: bool = False
    reason: str = ""

    @property
    def changes(self) -> frozenset[Change]:
        """The kinds of data the notes changed (empty when only the audit log grew)."""
        return frozenset(n.change for n in self.notes if n.change is not None)

    @property
    def session_ids(self) -> frozenset[str]:
        """Sessions whose counts may have changed (check-ins, check-outs, moves)."""
        return frozenset(
            n.session_id
            for n in self.notes
            if n.change is Change.CHECKINS and n.session_id is not None
        )

    @property
    def visitor_ids(self) -> frozenset[int] | None:
        """Visitors admitted, released or moved; None when a note could not list them."""
        found: set[int] = set()
        for note in self.notes:
            if note.change is not Change.CHECKINS:
                continue
            if note.visitor_ids is None:
                return None
            found.update(note.visitor_ids)
        return frozenset(found)

    @property
    def event_ids(self) -> tuple[int, ...]:
        return tuple(n.event_id for n in self.notes)

    @property
    def newest_event_id(self) -> int | None:
        return max(self.event_ids, default=None)


class ChangeFeed:
    """Batches of committed changes for one reader (see the module's docstring).

    Args:
        engine: the kiosk's database.
        listen: use LISTEN on PostgreSQL (False: poll, as when LISTEN is unavailable).
        watch_s: how often SQLite's ``data_version`` is read.
        poll_s: how often the newest event id is read when polling.
        verify_s: how often a listening feed checks that no event came without a note.
        retry_s: how often a feed that lost its listening connection tries again.

    Raises:
        DatabaseError: the database cannot be read (from the constructor and :meth:`wait`).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        listen: bool = True,
        watch_s: float = 0.05,
        poll_s: float = 1.0,
        verify_s: float = 2.0,
        retry_s: float = 2.0,
    ) -> None:
        self._engine = engine
        self._listen_wanted = listen and engine.dialect.name == "postgresql"
        self._watch_s = watch_s
        self._poll_s = poll_s
        self._verify_s = verify_s
        self._retry_s = retry_s
        self._listener: PgListener | None = None
        self._watcher: DataVersionWatcher | None = None
        self._seen: set[int] = set()
        self._next_retry = 0.0
        self._next_check = 0.0
        with read_connection(engine) as conn:
            self._last_event = change_sql.newest_event_id(conn)
            self._last_sync = change_sql.newest_sync_id(conn)
        self._verified_upto = self._checked_token = self._last_event
        if engine.dialect.name == "sqlite":
            self._watcher = DataVersionWatcher(engine)
        elif self._listen_wanted:
            self._connect()
        self._schedule_check()

    # --- public -------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """``listen``, ``data_version`` or ``poll`` (how changes are being learnt now)."""
        if self._watcher is not None:
            return DATA_VERSION
        return LISTEN if self._listener is not None else POLL

    @property
    def listener_pid(self) -> int | None:
        """The server process of the listening connection (None when not listening)."""
        return None if self._listener is None else self._listener.backend_pid

    def wait(self, timeout_s: float) -> ChangeBatch | None:
        """The next batch of changes, or None when nothing changed within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if self._watcher is not None:
                batch = self._wait_data_version(max(left, 0.0))
            elif self._listener is not None:
                batch = self._wait_listening(max(left, 0.0))
            else:
                batch = self._wait_polling(max(left, 0.0))
            if batch is not None:
                return batch
            if time.monotonic() >= deadline:
                return None

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- SQLite -------------------------------------------------------------------------------

    def _wait_data_version(self, timeout_s: float) -> ChangeBatch | None:
        assert self._watcher is not None
        if not self._watcher.wait(timeout_s, self._watch_s):
            return None
        with read_connection(self._engine) as conn:
            notes = change_sql.notes_after(conn, self._last_event)
            synced = change_sql.newest_sync_id(conn)
        if notes:
            self._last_event = notes[-1].event_id
        if synced != self._last_sync:
            self._last_sync = synced
            return ChangeBatch(tuple(notes), everything=True, reason="the program was synced")
        if len(notes) >= change_sql.MAX_NOTES_PER_READ:
            return ChangeBatch(tuple(notes), everything=True, reason="many changes at once")
        # Commits without an audit event (print jobs) change nothing a live screen counts.
        return ChangeBatch(tuple(notes)) if notes else None

    # --- PostgreSQL ---------------------------------------------------------------------------

    def _connect(self) -> bool:
        try:
            self._listener = PgListener(self._engine)
        except ListenUnavailable:
            self._listener = None
            self._next_retry = time.monotonic() + self._retry_s
            return False
        return True

    def _wait_listening(self, timeout_s: float) -> ChangeBatch | None:
        assert self._listener is not None
        step = min(timeout_s, max(self._next_check - time.monotonic(), 0.0))
        try:
            notes = self._listener.wait(step)
        except ListenUnavailable as exc:
            self._listener.close()
            self._listener = None
            self._next_retry = time.monotonic() + self._retry_s
            return ChangeBatch(everything=True, reason=f"stopped listening: {exc}")
        for note in notes:
            self._seen.add(note.event_id)
            self._last_event = max(self._last_event, note.event_id)
        if time.monotonic() >= self._next_check:
            missed = self._missed_events()
            if missed:
                self._check_listener()
                return ChangeBatch(tuple(notes), everything=True, reason=missed)
        return ChangeBatch(tuple(notes)) if notes else None

    def _check_listener(self) -> None:
        """After missed notes: a listener whose connection died silently is replaced."""
        if self._listener is None:
            return
        try:
            self._listener.ping()
        except ListenUnavailable:
            self._listener.close()
            self._listener = None
            self._next_retry = time.monotonic() + self._retry_s

    def _missed_events(self) -> str:
        """Events committed a check ago that no note announced (checked every ``verify_s``).

        Only events at or below the id read at the previous check are compared: by now their
        notifications have had ``verify_s`` to arrive.
        """
        self._schedule_check()
        with read_connection(self._engine) as conn:
            committed = change_sql.event_ids_between(conn, self._verified_upto, self._checked_token)
            newest = change_sql.newest_event_id(conn)
            synced = change_sql.newest_sync_id(conn)
        missing = committed - self._seen
        self._seen = {i for i in self._seen if i > self._checked_token}
        self._verified_upto, self._checked_token = self._checked_token, newest
        self._last_event = max(self._last_event, newest)
        if missing:
            return f"{len(missing)} event(s) came without a notification"
        if synced != self._last_sync:
            self._last_sync = synced
            return "the program was synced"
        return ""

    def _wait_polling(self, timeout_s: float) -> ChangeBatch | None:
        now = time.monotonic()
        if self._listen_wanted and now >= self._next_retry and self._connect():
            self._verified_upto = self._checked_token = self._newest_event()
            self._schedule_check()
            return ChangeBatch(everything=True, reason="listening again")
        wake = min(self._next_check, self._next_retry if self._listen_wanted else self._next_check)
        pause = min(timeout_s, max(wake - now, 0.0))
        if pause > 0:
            time.sleep(pause)
        if time.monotonic() < self._next_check:
            return None
        self._next_check = time.monotonic() + self._poll_s
        with read_connection(self._engine) as conn:
            newest = change_sql.newest_event_id(conn)
            synced = change_sql.newest_sync_id(conn)
        if newest == self._last_event and synced == self._last_sync:
            return None
        self._last_event, self._last_sync = newest, synced
        return ChangeBatch(everything=True, reason="polled: the log or the program moved")

    def _newest_event(self) -> int:
        with read_connection(self._engine) as conn:
            return change_sql.newest_event_id(conn)

    def _schedule_check(self) -> None:
        interval = self._verify_s if self._listener is not None else self._poll_s
        self._next_check = time.monotonic() + interval


def follow_changes(
    engine: Engine, stop: threading.Event, *, listen: bool = True, step_s: float = 0.25
) -> Iterator[ChangeBatch]:
    """Yield batches of changes until ``stop`` is set (checked every ``step_s``).

    Args:
        listen: use LISTEN on PostgreSQL (False: poll).
    """
    with ChangeFeed(engine, listen=listen) as feed:
        while not stop.is_set():
            batch = feed.wait(step_s)
            if batch is not None:
                yield batch
