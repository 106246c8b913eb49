"""Following a PostgreSQL hub by a cursor that concurrent writers cannot slip past.

A plain sequence number is not safe: a transaction that took number 10 may commit after one
that took 11, and a follower that already moved to 11 would skip it forever. Instead every
row of the replicated tables carries ``hub_xid``, the id of the transaction that last wrote
it (migration 0003), and a follower reads in one REPEATABLE READ snapshot:

* the snapshot's ``xmin``: every transaction below it had finished when the snapshot was
  taken, so all its rows are visible now;
* the rows with ``hub_xid >= cursor`` (the cursor is the previous read's ``xmin``) and the
  deletions recorded since then.

The new cursor is this snapshot's ``xmin``. A transaction still running at the snapshot has
an id at or above it, so its rows are read next time; the few rows of transactions that had
already finished above ``xmin`` are read twice, which upserting makes harmless. When nothing
changed, a read is a handful of index probes that return nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.store.hub_models import HubDeletion, HubInfo
from kiosk.store.models import Guide, Reservation, TourGroup, TourSession, Visitor, table_of

REPLICATED: tuple[Table, ...] = (
    table_of(TourSession),
    table_of(Guide),
    table_of(TourGroup),
    table_of(Reservation),
    table_of(Visitor),
)
"""The tables a kiosk's replica holds, parents before children."""

CHUNK_ROWS = 5000
_INFO = table_of(HubInfo)
_DELETION = table_of(HubDeletion)
_SNAPSHOT_XMIN = text("SELECT txid_snapshot_xmin(txid_current_snapshot())")
_BY_NAME = {table.name: table for table in REPLICATED}


@dataclass
class ChangeCounts:
    """How many rows one read brought, per table, and how many were deleted."""

    rows: dict[str, int] = field(default_factory=dict)
    deleted: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values()) + self.deleted


def begin_snapshot(conn: Connection) -> int:
    """Start a consistent read on the hub and return the snapshot's ``xmin`` (the next cursor).

    Must be the first statement of the transaction, so the snapshot it reports is the one
    every following read sees.
    """
    conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    return int(conn.execute(_SNAPSHOT_XMIN).scalar_one())


def hub_id(conn: Connection) -> str | None:
    """The hub's identity (made by migration 0003), or None for a database without it."""
    value = conn.execute(select(_INFO.c.value).where(_INFO.c.key == "hub_id")).scalar()
    return None if value is None else str(value)


def changed_rows(
    conn: Connection, table: Table, since: int | None, *, chunk: int = CHUNK_ROWS
) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows written at or after ``since`` (all rows for None), in chunks.

    The rows come in the table's column order, ``hub_xid`` left out.
    """
    query = select(*table.c).order_by(table.c.id)
    if since is not None:
        query = query.where(text("hub_xid >= :since").bindparams(since=since))
    result = conn.execution_options(stream_results=True, yield_per=chunk).execute(query)
    for part in result.partitions(chunk):
        yield [tuple(row) for row in part]


def deletions(conn: Connection, since: int) -> dict[str, list[str]]:
    """Keys of replicated rows deleted by transactions at or after ``since``, per table."""
    query = select(_DELETION.c.table_name, _DELETION.c.row_key).where(
        _DELETION.c.xid >= bindparam("since")
    )
    found: dict[str, list[str]] = {}
    for table_name, key in conn.execute(query, {"since": since}):
        found.setdefault(str(table_name), []).append(str(key))
    return found


# --- the replica's side (SQLite) ------------------------------------------------------------


_NOT_REPLICATED_REFERENCES = {"reservation": "sync_run_id"}
"""Columns pointing at tables a replica does not hold (its import runs stay on the hub)."""


def _as_dicts(table: Table, rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    names = [column.name for column in table.c]
    found = [dict(zip(names, row, strict=True)) for row in rows]
    dropped = _NOT_REPLICATED_REFERENCES.get(table.name)
    if dropped is not None:
        for values in found:
            values[dropped] = None
    return found


def upsert_rows(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows, or overwrite the row with the same id (SQLite ``ON CONFLICT DO UPDATE``)."""
    if not rows:
        return
    statement = sqlite_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={c.name: statement.excluded[c.name] for c in table.c if c.name != "id"},
    )
    conn.execute(statement, _as_dicts(table, rows))


def insert_rows(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Plain inserts into an empty table (a rebuild)."""
    if rows:
        conn.execute(table.insert(), _as_dicts(table, rows))


def delete_rows(conn: Connection, table_name: str, keys: Sequence[str]) -> int:
    """Delete replicated rows by the keys the hub recorded; returns how many went."""
    table = _BY_NAME.get(table_name)
    if table is None or not keys:
        return 0
    ids: list[Any] = list(keys) if table_name == "tour_session" else [int(k) for k in keys]
    if table_name == "visitor":
        # A badge printed here for a visitor the hub removed: the local print record goes too.
        conn.execute(text("DELETE FROM print_job WHERE visitor_id IN :ids").bindparams(
            bindparam("ids", expanding=True)), {"ids": ids})  # fmt: skip
    done = conn.execute(delete(table).where(table.c.id.in_(ids))).rowcount
    return int(done)
