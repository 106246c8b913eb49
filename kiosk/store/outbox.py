"""A kiosk's durable outbox: what it decided offline, in order, until the hub has applied it.

One SQLite file per kiosk in its data folder, separate from the replica (a replica can be
thrown away and rebuilt; the outbox never is), in WAL mode with ``synchronous=FULL``: an
event is on disk before the visitor sees green. Each event has an idempotency key, the kiosk
id and a sequence number, under which the hub applies it exactly once.

Sequence numbers are handed out from blocks reserved durably in advance, so taking one costs
no disk write (the hub path takes one for every scan): after a crash the kiosk continues
after the last reserved block, never reusing a number.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.errors import DatabaseError

BLOCK = 1000
"""Sequence numbers reserved by one durable write."""
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS outbox_meta (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " kiosk_id TEXT NOT NULL, next_block INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outbox_event (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    " hub_id TEXT NOT NULL, created_at TEXT NOT NULL, action TEXT NOT NULL,"
    " payload TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', uploaded_at TEXT,"
    " result TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS ix_outbox_event_state ON outbox_event (state, seq)",
)

PENDING = "pending"
UPLOADED = "uploaded"
HELD = "held"
"""The hub could not apply it: kept here and shown on the hub as a conflict."""


@dataclass(frozen=True)
class EventKey:
    """One idempotency key: the kiosk and a sequence number no other event of it has."""

    kiosk_id: str
    seq: int

    @property
    def text(self) -> str:
        return f"{self.kiosk_id}:{self.seq}"


@dataclass(frozen=True)
class OutboxEvent:
    """An event as queued (``payload`` is the decision, see kiosk.services.outbox_events)."""

    seq: int
    key: str
    hub_id: str
    created_at: str
    action: str
    payload: dict[str, Any]
    state: str
    uploaded_at: str | None
    result: dict[str, Any]


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    held: int
    uploaded: int


class Outbox:
    """The outbox file of one kiosk; safe to share between threads of one process."""

    def __init__(self, path: Path, kiosk_id: str) -> None:
        self.path = path
        self.kiosk_id = kiosk_id
        self._lock = threading.Lock()
        self._next = 0
        self._block_end = 0
        try:
            _create_private(path)
            self._conn = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            for pragma in (
                f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
            ):
                self._conn.execute(pragma)
            with self._transaction() as conn:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO outbox_meta (id, kiosk_id, next_block) VALUES (1, ?, 1)",
                    (kiosk_id,),
                )
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                f"The outbox of kiosk {kiosk_id} ({path}) cannot be opened: {exc}. Check-ins "
                "waiting in it are not lost; ask a technician to look at the file.",
                f"终端 {kiosk_id} 的待上传队列（{path}）无法打开：{exc}。请联系技术人员。",
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- keys ------------------------------------------------------------------------------

    def next_key(self) -> EventKey:
        """A fresh idempotency key (a disk write only once per ``BLOCK`` keys)."""
        with self._lock:
            if self._next >= self._block_end:
                with self._transaction() as conn:
                    start = int(
                        conn.execute("SELECT next_block FROM outbox_meta WHERE id = 1").fetchone()[
                            0
                        ]
                    )
                    highest = conn.execute("SELECT MAX(seq) FROM outbox_event").fetchone()[0]
                    start = max(start, int(highest or 0) + 1)
                    conn.execute(
                        "UPDATE outbox_meta SET next_block = ? WHERE id = 1", (start + BLOCK,)
                    )
                self._next, self._block_end = start, start + BLOCK
            seq = self._next
            self._next += 1
        return EventKey(self.kiosk_id, seq)

    # -- events ------------------------------------------------------------------------------

    def append(
        self,
        key: EventKey,
        *,
        hub_id: str,
        created_at: datetime,
        action: str,
        payload: Mapping[str, Any],
    ) -> None:
        """Queue one event durably (fsynced before this returns)."""
        with self._lock, self._transaction() as conn:
            conn.execute(
                "INSERT INTO outbox_event (seq, key, hub_id, created_at, action, payload)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key.seq,
                    key.text,
                    hub_id,
                    created_at.isoformat(),
                    action,
                    json.dumps(dict(payload), ensure_ascii=False, default=str),
                ),
            )

    def events(
        self, *, state: str | None = PENDING, hub_id: str | None = None, limit: int = 1000
    ) -> list[OutboxEvent]:
        """Events in sequence order (by default those still waiting to upload)."""
        query = "SELECT * FROM outbox_event"
        where: list[str] = []
        args: list[Any] = []
        if state is not None:
            where.append("state = ?")
            args.append(state)
        if hub_id is not None:
            where.append("hub_id = ?")
            args.append(hub_id)
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY seq LIMIT ?"
        args.append(limit)
        with self._lock:
            rows = self._conn.execute(query, args).fetchall()
        return [_event(row) for row in rows]

    def mark(self, results: Sequence[tuple[int, str, str, Mapping[str, Any]]]) -> None:
        """Record what the hub did: (seq, new state, when, result) per event, in one commit."""
        if not results:
            return
        with self._lock, self._transaction() as conn:
            conn.executemany(
                "UPDATE outbox_event SET state = ?, uploaded_at = ?, result = ? WHERE seq = ?",
                [
                    (state, at, json.dumps(dict(result), ensure_ascii=False, default=str), seq)
                    for seq, state, at, result in results
                ],
            )

    def waiting(self, hub_id: str | None = None) -> tuple[int, int]:
        """(pending, held) — cheap at any outbox size (the state index; few rows match)."""
        query = "SELECT state, COUNT(*) FROM outbox_event WHERE state IN (?, ?)"
        args: list[Any] = [PENDING, HELD]
        if hub_id is not None:
            query += " AND hub_id = ?"
            args.append(hub_id)
        with self._lock:
            found = dict(self._conn.execute(query + " GROUP BY state", args).fetchall())
        return int(found.get(PENDING, 0)), int(found.get(HELD, 0))

    def counts(self, hub_id: str | None = None) -> OutboxCounts:
        """Pending, held and uploaded (reads the whole file: for reports, not per scan)."""
        query = "SELECT state, COUNT(*) FROM outbox_event"
        args: tuple[Any, ...] = ()
        if hub_id is not None:
            query += " WHERE hub_id = ?"
            args = (hub_id,)
        with self._lock:
            found = dict(self._conn.execute(query + " GROUP BY state", args).fetchall())
        return OutboxCounts(
            int(found.get(PENDING, 0)), int(found.get(HELD, 0)), int(found.get(UPLOADED, 0))
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on error) on the outbox connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is None:
            self._conn.execute("COMMIT")
        else:
            self._conn.execute("ROLLBACK")


def _event(row: tuple[Any, ...]) -> OutboxEvent:
    seq, key, hub_id, created_at, action, payload, state, uploaded_at, result = row
    return OutboxEvent(
        seq=int(seq),
        key=str(key),
        hub_id=str(hub_id),
        created_at=str(created_at),
        action=str(action),
        payload=json.loads(payload),
        state=str(state),
        uploaded_at=uploaded_at,
        result=json.loads(result) if result else {},
    )


def _create_private(path: Path) -> None:
    """Create the file owner-only (it names visitors' bookings) before SQLite does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
