"""A kiosk's replica of its hub: a SQLite file with the kiosk schema and the hub's rows.

The replica holds what check-in needs (sessions, guides, groups, reservations, visitors and
their state) with the hub's ids, so the same store and rules code decides on it as on the
hub. It is a cache: the hub and the kiosk's outbox are the truth, so it is written with
``synchronous=NORMAL`` (a power cut may lose its last pull, never a check-in: the outbox is
replayed over it), and a file that is damaged, from another hub or behind the hub's history
is rebuilt instead of trusted.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, event, text
from sqlalchemy.engine import Engine

from kiosk.store.engine import make_engine
from kiosk.store.party import LOCAL_IDS_OPTION
from kiosk.store.types import UTCDateTime

_STATE_DDL = (
    "CREATE TABLE IF NOT EXISTS replica_state ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), hub_id TEXT NOT NULL, hub TEXT NOT NULL,"
    " cursor INTEGER NOT NULL, built_at TEXT NOT NULL, pulled_at TEXT)"
)


@dataclass(frozen=True)
class ReplicaState:
    """Whose copy a replica is and how far it has followed."""

    hub_id: str
    hub: str
    """The hub's address without password (for people reading a log)."""
    cursor: int
    built_at: str
    pulled_at: str | None


def _relaxed_sync(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # After make_engine's own connect hook (FULL): the replica is a cache, see the module doc.
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def open_engine(path: Path) -> Engine:
    """An engine on a replica file; bookings made in it get negative (local) ids."""
    engine = make_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _relaxed_sync)
    return engine.execution_options(**{LOCAL_IDS_OPTION: True})


def problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot serve as a replica, or None when it can be opened.

    Cheap: the header, the schema's presence and the state row. :func:`deep_problem` reads
    the whole file.
    """
    if not path.exists():
        return "missing"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            row = conn.execute("SELECT hub_id, cursor FROM replica_state WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"unreadable ({exc})"
    if row is None:
        return "no replica state"
    return None


def deep_problem(path: Path) -> str | None:
    """SQLite's ``quick_check`` of the whole file; None when it is sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            verdict = str(conn.execute("PRAGMA quick_check").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"unreadable ({exc})"
    return None if verdict == "ok" else verdict


def read_state(conn: Connection) -> ReplicaState | None:
    row = conn.execute(
        text("SELECT hub_id, hub, cursor, built_at, pulled_at FROM replica_state WHERE id = 1")
    ).first()
    return None if row is None else ReplicaState(*tuple(row))


def write_state(conn: Connection, state: ReplicaState) -> None:
    conn.execute(text(_STATE_DDL))
    conn.execute(
        text(
            "INSERT INTO replica_state (id, hub_id, hub, cursor, built_at, pulled_at)"
            " VALUES (1, :hub_id, :hub, :cursor, :built_at, :pulled_at)"
            " ON CONFLICT(id) DO UPDATE SET hub_id = excluded.hub_id, hub = excluded.hub,"
            " cursor = excluded.cursor, built_at = excluded.built_at,"
            " pulled_at = excluded.pulled_at"
        ),
        {
            "hub_id": state.hub_id,
            "hub": state.hub,
            "cursor": state.cursor,
            "built_at": state.built_at,
            "pulled_at": state.pulled_at,
        },
    )


def set_cursor(conn: Connection, cursor: int, pulled_at: str) -> None:
    conn.execute(
        text("UPDATE replica_state SET cursor = :c, pulled_at = :p WHERE id = 1"),
        {"c": cursor, "p": pulled_at},
    )


def put_in_place(new_file: Path, target: Path) -> None:
    """Replace ``target`` (and its WAL and shared-memory files) by ``new_file`` atomically.

    ``new_file`` must be closed and checkpointed (its engine disposed) and so must every
    connection to ``target``.
    """
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{target}{suffix}")
    os.replace(new_file, target)
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def set_aside(path: Path, reason_tag: str) -> Path | None:
    """Move a replica that cannot be trusted out of the way (kept for a post-mortem)."""
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{reason_tag}-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


# --- local changes over the hub's rows -------------------------------------------------------


def drop_local_bookings(conn: Connection, codes: Iterable[str]) -> None:
    """Remove bookings this kiosk made itself (negative ids) now that the hub sent them.

    Their print records move to the hub's visitor with the same place in the party, which
    the caller inserts in the same transaction (checked at commit: deferred foreign keys).
    """
    wanted = sorted(set(codes))
    if not wanted:
        return
    params = {"codes": wanted}
    local = text("SELECT id FROM reservation WHERE id < 0 AND code IN :codes").bindparams(
        _expanding("codes")
    )
    ids = [int(row[0]) for row in conn.execute(local, params)]
    if not ids:
        return
    id_params = {"ids": ids}
    conn.execute(
        text(
            "UPDATE print_job SET visitor_id = COALESCE((SELECT hub.id FROM visitor mine"
            " JOIN reservation r ON r.id = mine.reservation_id"
            " JOIN reservation hr ON hr.code = r.code AND hr.id > 0"
            " JOIN visitor hub ON hub.reservation_id = hr.id AND hub.seq = mine.seq"
            " WHERE mine.id = print_job.visitor_id), visitor_id)"
            " WHERE visitor_id IN (SELECT id FROM visitor WHERE reservation_id IN :ids)"
        ).bindparams(_expanding("ids")),
        id_params,
    )
    conn.execute(
        text("DELETE FROM visitor WHERE reservation_id IN :ids").bindparams(_expanding("ids")),
        id_params,
    )
    conn.execute(
        text("DELETE FROM reservation WHERE id IN :ids").bindparams(_expanding("ids")), id_params
    )


def local_codes(conn: Connection) -> set[str]:
    """Codes of bookings this kiosk made itself (offline, on a signed ticket)."""
    return {str(c) for c in conn.execute(text("SELECT code FROM reservation WHERE id < 0"))}


def admit_places(
    conn: Connection,
    *,
    code: str,
    places: Sequence[tuple[int, str | None]],
    at: datetime,
    kiosk_id: str,
) -> int:
    """Mark party members (by ``seq``) in, in the group with the given letter, if not in yet.

    Returns how many changed. Used to lay a kiosk's not yet uploaded check-ins over freshly
    pulled rows.
    """
    statement = text(
        "UPDATE visitor SET checked_in_at = :at, checked_out_at = NULL, kiosk_id = :kiosk,"
        " group_id = COALESCE((SELECT g.id FROM tour_group g WHERE g.session_id ="
        " visitor.session_id AND g.letter = :letter), group_id)"
        " WHERE checked_in_at IS NULL AND seq = :seq"
        " AND reservation_id = (SELECT id FROM reservation WHERE code = :code)"
    ).bindparams(_instant("at"))
    done = 0
    for seq, letter in places:
        done += int(
            conn.execute(
                statement,
                {
                    "at": at,
                    "kiosk": kiosk_id,
                    "letter": letter,
                    "seq": seq,
                    "code": code,
                },
            ).rowcount
        )
    return done


def check_out_places(conn: Connection, *, code: str, seqs: Sequence[int], at: datetime) -> int:
    """Mark party members (by ``seq``) out, if they are in and not out yet."""
    statement = text(
        "UPDATE visitor SET checked_out_at = :at WHERE checked_in_at IS NOT NULL"
        " AND checked_out_at IS NULL AND seq = :seq"
        " AND reservation_id = (SELECT id FROM reservation WHERE code = :code)"
    ).bindparams(_instant("at"))
    done = 0
    for seq in seqs:
        done += int(conn.execute(statement, {"at": at, "seq": seq, "code": code}).rowcount)
    return done


def mirror_visitors(conn: Connection, visitors: Sequence[dict[str, Any]], session_id: str) -> int:
    """Copy the hub's answer for some visitors (state, kiosk, group by letter) into the replica.

    Each dict has ``id``, ``checked_in_at``, ``checked_out_at``, ``kiosk_id``, ``group``.
    """
    statement = text(
        "UPDATE visitor SET checked_in_at = :cin, checked_out_at = :cout, kiosk_id = :kiosk,"
        " group_id = (SELECT g.id FROM tour_group g WHERE g.session_id = :sid"
        " AND g.letter = :letter) WHERE id = :id"
    ).bindparams(_instant("cin"), _instant("cout"))
    done = 0
    for visitor in visitors:
        done += int(
            conn.execute(
                statement,
                {
                    "cin": visitor["checked_in_at"],
                    "cout": visitor["checked_out_at"],
                    "kiosk": visitor["kiosk_id"],
                    "sid": session_id,
                    "letter": visitor["group"],
                    "id": visitor["id"],
                },
            ).rowcount
        )
    return done


def defer_foreign_keys(conn: Connection) -> None:
    """Check foreign keys at commit: rows of one pull arrive in table order, not row order."""
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def _instant(name: str) -> BindParameter[Any]:
    """A bound instant stored exactly as the tables' UTCDateTime columns store it."""
    return bindparam(name, type_=UTCDateTime())


def _expanding(name: str) -> BindParameter[Any]:
    return bindparam(name, expanding=True)
