"""Apply reservation and roster exports to the database: atomic, idempotent, fast.

One call is one transaction over every file given. Reading is the readers' job
(:mod:`kiosk.sync`); this module decides what each canonical row changes:

* upsert by reservation code; a party's people become visitor rows (also for a "pending",
  not yet paid, booking: its visitors exist and are refused at the gate until it is paid);
* growing or shrinking a party never drops a checked-in visitor;
* ``full``: reservations missing from the files become cancelled, never deleted;
* check-ins, scan events and print history are never deleted or altered; a checked-in
  reservation that the export cancels or moves stays as it is and is reported as a conflict;
* re-importing the same file changes nothing and says so.

Rows are written with the driver's ``executemany`` (no ORM object per row) so 100k
reservations import within twice a bare csv + sqlite3 import (docs/benchmarks.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, String, bindparam, text
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.row import Row

from kiosk.core.errors import InputError
from kiosk.core.groups import default_group_capacities
from kiosk.services.env import ServiceEnv
from kiosk.store.db import write_session
from kiosk.store.types import UTCDateTime
from kiosk.sync.profiles import MappingProfile
from kiosk.sync.reader import read_export
from kiosk.sync.rows import ParsedExport, ReservationRow, RosterRow, SessionRow, Status

Progress = Callable[[int, int | None], None]
_Known = tuple[int, str, str, Status, int]
"""An existing reservation: id, row hash, session id, status, party size."""
_Group = tuple[int, str, int | None, int, str]
"""A tour group as stored: id, colour, guide id, capacity, meeting point."""
_IN_CHUNK = 500
"""Ids per ``IN (...)`` look-up, well under every driver's parameter limit."""

DEFAULT_COLOURS = ("#D32F2F", "#1976D2", "#388E3C", "#F57C00", "#7B1FA2", "#00796B", "#5D4037")


@dataclass
class FileReport:
    """What one file was and how it was read."""

    path: str
    kind: str
    format: str
    encoding: str | None
    mapping: dict[str, str]
    rows: int = 0
    rejected: int = 0
    unused_columns: tuple[str, ...] = ()


@dataclass
class SyncReport:
    """What a sync did (or, with ``dry_run``, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups_set: int = 0
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False
    full: bool = False
    sync_run_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.cancelled or self.groups_set)

    @property
    def format(self) -> str:
        return ",".join(sorted({f.format for f in self.files}))

    @property
    def encoding(self) -> str:
        return ",".join(sorted({f.encoding or "binary" for f in self.files}))

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "cancelled": self.cancelled,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "sessions": sorted(self.sessions.values(), key=lambda s: s["starts_at"]),
            "groups_set": self.groups_set,
            "format": self.format,
            "encoding": self.encoding,
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "format": f.format,
                    "encoding": f.encoding,
                    "mapping": f.mapping,
                    "rows": f.rows,
                    "rejected": f.rejected,
                    "unused_columns": list(f.unused_columns),
                }
                for f in self.files
            ],
            "changed": self.changed,
            "dry_run": self.dry_run,
            "full": self.full,
            "sync_run_id": self.sync_run_id,
        }


class _DryRunRollback(Exception):
    """Raised inside the transaction to throw away a dry run's writes."""


class RejectedRows(InputError):
    """``strict`` sync with rejected rows: nothing was written."""

    def __init__(self, report: SyncReport) -> None:
        count = len(report.rejected)
        super().__init__(
            f"{count} row(s) were rejected and --strict is set; nothing was imported.",
            f"有 {count} 行被拒绝且启用了 --strict，未导入任何数据。",
        )
        self.report = report


def session_id_for(starts_at: datetime, zone: tzinfo) -> str:
    """Stable session id from its local start: ``20250202-0930``."""
    return starts_at.astimezone(zone).strftime("%Y%m%d-%H%M")


def sync_files(
    env: ServiceEnv,
    paths: Sequence[Path],
    *,
    full: bool = False,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    session: datetime | None = None,
    profile: MappingProfile | None = None,
) -> SyncReport:
    """Import exports in one transaction and report what changed.

    Args:
        session: the tour (aware start) of rows that carry no date, such as an Eventbrite
            attendee report's (``kiosk sync --session``); files with dates keep theirs.
        profile: a column mapping for files whose headers it names (``--profile``).

    Raises:
        InputError: a file cannot be read, has an unknown format or lacks a required
            column (nothing changed); with ``strict``, any rejected row (RejectedRows).
        DatabaseError: the database refused the write (nothing changed).
    """
    zone = env.settings.zone
    parsed = [
        (Path(p), read_export(Path(p), zone=zone, session=session, profile=profile)) for p in paths
    ]
    report = SyncReport(dry_run=dry_run, full=full)
    # Rosters first so reservations' sessions find their groups; order within kind kept.
    parsed.sort(key=lambda item: 0 if item[1].kind == "roster" else 1)
    try:
        with write_session(env.engine) as db:
            conn = db.connection()
            applier = _Applier(conn, env, report, progress)
            for path, export in parsed:
                applier.apply(path, export)
            applier.finish(full=full and any(e.kind == "reservations" for _, e in parsed))
            if strict and report.rejected:
                raise RejectedRows(report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


class _Applier:
    """Holds the lookups of one sync transaction."""

    def __init__(
        self, conn: Connection, env: ServiceEnv, report: SyncReport, progress: Progress | None
    ) -> None:
        self.conn = conn
        self.env = env
        self.zone = env.settings.zone
        self.report = report
        self.progress = progress
        self.is_pg = conn.dialect.name == "postgresql"
        self.mark = "%s" if self.is_pg else "?"
        self.db_time = _time_binder(conn.dialect)
        self.now = env.now()
        sessions = text("SELECT id, starts_at, ends_at, external_ref FROM tour_session").columns(
            id=String, starts_at=UTCDateTime, ends_at=UTCDateTime, external_ref=String
        )
        self.sessions: dict[str, tuple[datetime, datetime, str | None]] = {
            row[0]: (row[1], row[2], row[3]) for row in conn.execute(sessions).all()
        }
        self.session_by_ref = {ref: sid for sid, (_, _, ref) in self.sessions.items() if ref}
        self.groups_by_session: dict[str, set[str]] = {}
        for sid, letter in conn.execute(text("SELECT session_id, letter FROM tour_group")):
            self.groups_by_session.setdefault(sid, set()).add(letter)
        self.seen_codes: set[str] = set()
        self.file_sessions: dict[tuple[datetime, str | None], str] = {}
        self.run_id = self._start_run()

    # -- bookkeeping ---------------------------------------------------------------

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.mark) if self.is_pg else sql

    def _start_run(self) -> int:
        result = self.conn.execute(
            text(
                "INSERT INTO sync_run (started_at, files, format, encoding, full_sync, added, updated,"
                " unchanged, cancelled, rejected, conflicts, report)"
                " VALUES (:at, '', '', '', :full, 0, 0, 0, 0, 0, 0, '') RETURNING id"
            ).bindparams(),
            {"at": self.db_time(self.now), "full": self.report.full},
        )
        return int(result.scalar_one())

    def _report_session(self, sid: str, starts_at: datetime, created: bool) -> None:
        self.report.sessions.setdefault(
            sid,
            {
                "id": sid,
                "starts_at": starts_at.astimezone(self.zone).isoformat(),
                "created": created,
                "rows": 0,
            },
        )

    def _session(
        self, starts_at: datetime, ends_at: datetime | None, ref: str | None, label: str | None
    ) -> str:
        """The id of the session of one row, counted in the report.

        Rows of a file repeat a few sessions, so the answer is kept per file rather than
        formatting a session id for each of 100k rows.
        """
        key = (starts_at, ref)
        sid = self.file_sessions.get(key)
        if sid is None:
            sid = self.file_sessions[key] = self._find_session(starts_at, ends_at, ref, label)
        self.report.sessions[sid]["rows"] += 1
        return sid

    def _find_session(
        self, starts_at: datetime, ends_at: datetime | None, ref: str | None, label: str | None
    ) -> str:
        """The id of the session starting at ``starts_at`` (created if new)."""
        if ref and ref in self.session_by_ref:
            sid = self.session_by_ref[ref]
            self._report_session(sid, self.sessions[sid][0], False)
            return sid
        sid = session_id_for(starts_at, self.zone)
        if sid in self.sessions:
            self._report_session(sid, starts_at, False)
            return sid
        ends = ends_at or starts_at + timedelta(minutes=self.env.settings.session_minutes)
        local = starts_at.astimezone(self.zone)
        self.conn.exec_driver_sql(
            self._q(
                "INSERT INTO tour_session (id, starts_at, ends_at, capacity, label_zh, label_en,"
                " external_ref) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            (
                sid,
                self.db_time(starts_at),
                self.db_time(ends),
                0,
                label or f"{local.month}月{local.day}日 {local:%H:%M}",
                label or f"{local:%a %d %b %H:%M}",
                ref,
            ),
        )
        self.sessions[sid] = (starts_at, ends, ref)
        if ref:
            self.session_by_ref[ref] = sid
        self._report_session(sid, starts_at, True)
        return sid

    # -- files -----------------------------------------------------------------------

    def apply(self, path: Path, export: ParsedExport) -> None:
        self.file_sessions.clear()
        file_report = FileReport(
            path=str(path),
            kind=export.kind,
            format=export.format,
            encoding=export.encoding,
            mapping=dict(export.mapping),
            unused_columns=tuple(export.unused_columns),
        )
        self.report.files.append(file_report)
        for session in export.sessions:
            self._apply_session_row(session)
        if export.roster:
            self._apply_roster(export.roster, file_report)
        if export.kind == "roster":
            self._apply_roster(export.roster_rows(), file_report)
        else:
            self._apply_reservations(export.reservation_rows(), file_report)
        for error in export.errors:
            self.report.rejected.append(
                {"file": path.name, "line": error.line, "reason": error.reason}
            )
            file_report.rejected += 1

    def _apply_session_row(self, row: SessionRow) -> None:
        self._session(row.starts_at, row.ends_at, row.ref, row.label)

    # -- roster ------------------------------------------------------------------------

    def _apply_roster(self, rows: Iterable[RosterRow], file_report: FileReport) -> None:
        guides = {
            name: (gid, languages, phone)
            for gid, name, languages, phone in self.conn.execute(
                text("SELECT id, name, languages, phone FROM guide")
            )
        }
        touched: dict[str, set[str]] = {}
        groups_of: dict[str, dict[str, _Group]] = {}
        for row in rows:
            file_report.rows += 1
            sid = self._session(row.starts_at, row.ends_at, None, None)
            touched.setdefault(sid, set()).add(row.group)
            groups = groups_of.get(sid)
            if groups is None:
                groups = groups_of[sid] = self._groups_of(sid)
            guide_id = None
            if row.guide_name:
                languages = ",".join(row.guide_languages) or "zh"
                known = guides.get(row.guide_name)
                if known is None:
                    guide_id = self.conn.execute(
                        text(
                            "INSERT INTO guide (name, languages, phone) VALUES (:n, :l, :p)"
                            " RETURNING id"
                        ),
                        {"n": row.guide_name, "l": languages, "p": row.guide_phone},
                    ).scalar_one()
                    guides[row.guide_name] = (guide_id, languages, row.guide_phone)
                else:
                    guide_id = known[0]
                    if (known[1], known[2]) != (languages, row.guide_phone or known[2]):
                        self.conn.execute(
                            text("UPDATE guide SET languages = :l, phone = :p WHERE id = :i"),
                            {"l": languages, "p": row.guide_phone or known[2], "i": guide_id},
                        )
                        guides[row.guide_name] = (guide_id, languages, row.guide_phone or known[2])
            existing = groups.get(row.group)
            colour = row.colour or DEFAULT_COLOURS[(ord(row.group[:1] or "A") - 65) % 7]
            capacity = row.capacity or self.env.settings.group_size
            wanted = (colour, guide_id, capacity, row.meeting_point)
            if existing is None:
                group_id = self.conn.execute(
                    text(
                        "INSERT INTO tour_group (session_id, letter, colour, guide_id, capacity,"
                        " meeting_point) VALUES (:s, :l, :c, :g, :cap, :m) RETURNING id"
                    ),
                    {
                        "s": sid,
                        "l": row.group,
                        "c": colour,
                        "g": guide_id,
                        "cap": capacity,
                        "m": row.meeting_point,
                    },
                ).scalar_one()
                groups[row.group] = (group_id, *wanted)
                self.groups_by_session.setdefault(sid, set()).add(row.group)
                self.report.groups_set += 1
            elif existing[1:] != wanted:
                self.conn.execute(
                    text(
                        "UPDATE tour_group SET colour = :c, guide_id = :g, capacity = :cap,"
                        " meeting_point = :m WHERE id = :i"
                    ),
                    {
                        "c": colour,
                        "g": guide_id,
                        "cap": capacity,
                        "m": row.meeting_point,
                        "i": existing[0],
                    },
                )
                groups[row.group] = (existing[0], *wanted)
                self.report.groups_set += 1
        for sid, letters in touched.items():
            # The roster defines the session's groups: drop other groups nobody is in yet.
            for letter, (group_id, *_details) in groups_of[sid].items():
                if letter in letters:
                    continue
                used = self.conn.execute(
                    text("SELECT 1 FROM visitor WHERE group_id = :g"), {"g": group_id}
                ).first()
                if used is None:
                    self.conn.execute(text("DELETE FROM tour_group WHERE id = :g"), {"g": group_id})
                    self.groups_by_session.get(sid, set()).discard(letter)
                    self.report.groups_set += 1
            self.conn.execute(
                text(
                    "UPDATE tour_session SET capacity = (SELECT COALESCE(SUM(capacity), 0)"
                    " FROM tour_group WHERE session_id = :s) WHERE id = :s"
                ),
                {"s": sid},
            )

    def _groups_of(self, sid: str) -> dict[str, _Group]:
        """The groups of one session by letter, read once per roster."""
        return {
            letter: (group_id, colour, guide_id, capacity, meeting_point)
            for group_id, letter, colour, guide_id, capacity, meeting_point in self.conn.execute(
                text(
                    "SELECT id, letter, colour, guide_id, capacity, meeting_point FROM tour_group"
                    " WHERE session_id = :s"
                ),
                {"s": sid},
            )
        }

    # -- reservations ---------------------------------------------------------------------

    def _apply_reservations(self, rows: Iterable[ReservationRow], file_report: FileReport) -> None:
        existing: dict[str, _Known] = {
            code: (rid, row_hash, sid, status, size)
            for rid, code, row_hash, sid, status, size in self.conn.execute(
                text("SELECT id, code, row_hash, session_id, status, party_size FROM reservation")
            )
        }
        new_rows: list[tuple[ReservationRow, str, str]] = []
        changed: list[tuple[ReservationRow, str, str, _Known]] = []
        for count, row in enumerate(rows, 1):
            if self.progress is not None and count % 5000 == 0:
                self.progress(count, None)
            file_report.rows += 1
            sid = self._session(row.starts_at, row.ends_at, row.session_ref, row.session_label)
            if row.code in self.seen_codes:
                self.report.rejected.append(
                    {
                        "file": Path(file_report.path).name,
                        "line": row.line,
                        "reason": f"code {row.code} was already given by an earlier file",
                    }
                )
                file_report.rejected += 1
                continue
            self.seen_codes.add(row.code)
            digest = _row_hash(row, sid)
            known = existing.get(row.code)
            if known is None:
                new_rows.append((row, sid, digest))
            elif known[1] == digest:
                self.report.unchanged += 1
            else:
                changed.append((row, sid, digest, known))
        self._insert_new(new_rows)
        visitors = self._visitors_of([known[0] for *_, known in changed])
        for row, sid, digest, known in changed:
            self._update_existing(row, sid, digest, known, visitors.get(known[0], []))
        if self.progress is not None:
            self.progress(file_report.rows, file_report.rows)

    def _insert_new(self, rows: list[tuple[ReservationRow, str, str]]) -> None:
        if not rows:
            return
        ids = self._allocate_ids("reservation", len(rows))
        reservations = []
        visitors = []
        badge_ids = self._allocate_ids("visitor", sum(r.party_size for r, _, _ in rows))
        badge_iter = iter(badge_ids)
        for (row, sid, digest), rid in zip(rows, ids, strict=True):
            reservations.append(
                (
                    rid,
                    row.code,
                    sid,
                    row.contact_name,
                    row.phone,
                    row.party_size,
                    row.language,
                    row.notes,
                    row.accessibility,
                    row.status,
                    row.group,
                    False,
                    "export",
                    self.run_id,
                    digest,
                )
            )
            for seq in range(1, row.party_size + 1):
                visitors.append(
                    (
                        next(badge_iter),
                        rid,
                        sid,
                        seq,
                        _name(row, seq),
                        _badge(row, seq),
                    )
                )
        self.report.added += len(rows)
        self.conn.exec_driver_sql(
            self._q(
                "INSERT INTO reservation (id, code, session_id, contact_name, phone, party_size,"
                " language, notes, accessibility, status, pre_assigned_group, provisional,"
                " source, sync_run_id, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)"
            ),
            reservations,
        )
        self.conn.exec_driver_sql(
            self._q(
                "INSERT INTO visitor (id, reservation_id, session_id, seq, name, badge_code)"
                " VALUES (?, ?, ?, ?, ?, ?)"
            ),
            visitors,
        )

    def _allocate_ids(self, table: str, count: int) -> list[int]:
        if count == 0:
            return []
        if self.is_pg:
            rows = (
                self.conn.execute(
                    text(f"SELECT nextval('{table}_id_seq') FROM generate_series(1, :n)"),
                    {"n": count},
                )
                .scalars()
                .all()
            )
            return [int(r) for r in rows]
        # SQLite: this transaction holds the write lock (BEGIN IMMEDIATE), so max+1 is ours.
        start = (
            int(self.conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one())
            + 1
        )
        return list(range(start, start + count))

    def _visitors_of(self, reservation_ids: list[int]) -> dict[int, list[Row[Any]]]:
        """The visitors of these reservations by reservation, in ``seq`` order."""
        query = text(
            "SELECT reservation_id, id, seq, name, checked_in_at FROM visitor"
            " WHERE reservation_id IN :ids ORDER BY seq"
        ).bindparams(bindparam("ids", expanding=True))
        found: dict[int, list[Row[Any]]] = {}
        for start in range(0, len(reservation_ids), _IN_CHUNK):
            chunk = reservation_ids[start : start + _IN_CHUNK]
            for visitor in self.conn.execute(query, {"ids": chunk}):
                found.setdefault(visitor.reservation_id, []).append(visitor)
        return found

    def _update_existing(
        self,
        row: ReservationRow,
        sid: str,
        digest: str,
        known: _Known,
        visitors: list[Row[Any]],
    ) -> None:
        rid, _hash, current_session, current_status, current_size = known
        inside = [v for v in visitors if v.checked_in_at is not None]
        conflicts: list[str] = []
        session_id = sid
        status = row.status
        if inside and sid != current_session:
            conflicts.append(
                f"moved to session {sid} but {len(inside)} already checked in; kept in "
                f"{current_session}"
            )
            session_id = current_session
        if inside and row.status != "confirmed":
            conflicts.append(f"{row.status} but {len(inside)} already checked in; kept")
            status = current_status
        size = row.party_size
        max_inside_seq = max((v.seq for v in inside), default=0)
        if status != "cancelled" and size < max_inside_seq:
            conflicts.append(
                f"party shrinks to {size} but visitor {max_inside_seq} is checked in; "
                "checked-in visitors kept"
            )
        if row.status == "cancelled" and not inside:
            if current_status != "cancelled":
                self.report.cancelled += 1
        else:
            self.report.updated += 1
        for reason in conflicts:
            self.report.conflicts.append({"line": row.line, "code": row.code, "reason": reason})
        self.conn.execute(
            text(
                "UPDATE reservation SET session_id = :s, contact_name = :n, phone = :p,"
                " party_size = :size, language = :lang, notes = :notes, accessibility = :acc,"
                " status = :status, pre_assigned_group = :g, sync_run_id = :run,"
                " row_hash = :h WHERE id = :i"
            ),
            {
                "s": session_id,
                "n": row.contact_name,
                "p": row.phone,
                "size": max(size, len(inside)) if status != "cancelled" else current_size,
                "lang": row.language,
                "notes": row.notes,
                "acc": row.accessibility,
                "status": status,
                "g": row.group,
                "run": self.run_id,
                "h": digest if not conflicts else "conflict:" + digest,
                "i": rid,
            },
        )
        if session_id != current_session:
            self.conn.execute(
                text(
                    "UPDATE visitor SET session_id = :s, group_id = NULL"
                    " WHERE reservation_id = :i AND checked_in_at IS NULL"
                ),
                {"s": session_id, "i": rid},
            )
        if status == "cancelled":
            return
        by_seq = {v.seq: v for v in visitors}
        for seq in range(1, size + 1):
            visitor = by_seq.get(seq)
            name = _name(row, seq)
            if visitor is None:
                self.conn.execute(
                    text(
                        "INSERT INTO visitor (reservation_id, session_id, seq, name, badge_code)"
                        " VALUES (:r, :s, :q, :n, :b)"
                    ),
                    {"r": rid, "s": session_id, "q": seq, "n": name, "b": _badge(row, seq)},
                )
            elif visitor.name != name and name:
                self.conn.execute(
                    text("UPDATE visitor SET name = :n WHERE id = :i"),
                    {"n": name, "i": visitor.id},
                )
        surplus = [v.id for v in visitors if v.seq > size and v.checked_in_at is None]
        if surplus:
            # A printed badge keeps its visitor row: print history is never deleted.
            self.conn.execute(
                text(
                    "DELETE FROM visitor WHERE id IN :ids"
                    " AND NOT EXISTS (SELECT 1 FROM print_job p WHERE p.visitor_id = visitor.id)"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": surplus},
            )

    # -- end ---------------------------------------------------------------------------------

    def finish(self, *, full: bool) -> None:
        if full:
            self._cancel_missing()
        self._default_groups()
        self._close_run()

    def _cancel_missing(self) -> None:
        rows = self.conn.execute(
            text(
                "SELECT r.id, r.code, (SELECT COUNT(*) FROM visitor v WHERE v.reservation_id = r.id"
                " AND v.checked_in_at IS NOT NULL) FROM reservation r"
                " WHERE r.status IN ('confirmed', 'pending') AND r.provisional = :f"
            ),
            {"f": False},
        ).all()
        for rid, code, inside in rows:
            if code in self.seen_codes:
                continue
            if inside:
                self.report.conflicts.append(
                    {
                        "line": None,
                        "code": code,
                        "reason": f"missing from the full export but {inside} already checked in; kept",
                    }
                )
                continue
            self.conn.execute(
                text("UPDATE reservation SET status = 'cancelled', row_hash = '' WHERE id = :i"),
                {"i": rid},
            )
            self.report.cancelled += 1

    def _default_groups(self) -> None:
        """A session nobody gave a roster for gets lettered groups, guide to be assigned."""
        for sid in list(self.report.sessions):
            if self.groups_by_session.get(sid):
                continue
            capacity = self.env.settings.session_capacity
            booked = int(
                self.conn.execute(
                    text(
                        "SELECT COUNT(*) FROM visitor v JOIN reservation r ON r.id = v.reservation_id"
                        " WHERE v.session_id = :s AND r.status IN ('confirmed', 'pending')"
                    ),
                    {"s": sid},
                ).scalar_one()
            )
            capacity = max(capacity, booked)
            letters = default_group_capacities(capacity, self.env.settings.group_size)
            for index, (letter, group_capacity) in enumerate(letters):
                self.conn.execute(
                    text(
                        "INSERT INTO tour_group (session_id, letter, colour, guide_id, capacity,"
                        " meeting_point) VALUES (:s, :l, :c, NULL, :cap, '')"
                    ),
                    {"s": sid, "l": letter, "c": DEFAULT_COLOURS[index % 7], "cap": group_capacity},
                )
            self.groups_by_session[sid] = {letter for letter, _ in letters}
            self.conn.execute(
                text("UPDATE tour_session SET capacity = :c WHERE id = :s"),
                {"c": capacity, "s": sid},
            )

    def _close_run(self) -> None:
        r = self.report
        self.conn.execute(
            text(
                "UPDATE sync_run SET finished_at = :at, files = :files, format = :fmt,"
                " encoding = :enc, added = :a, updated = :u, unchanged = :un, cancelled = :c,"
                " rejected = :rj, conflicts = :cf, report = :rep WHERE id = :i"
            ),
            {
                "at": self.db_time(self.now),
                "files": json.dumps([f.path for f in r.files], ensure_ascii=False),
                "fmt": r.format[:32],
                "enc": r.encoding[:32],
                "a": r.added,
                "u": r.updated,
                "un": r.unchanged,
                "c": r.cancelled,
                "rj": len(r.rejected),
                "cf": len(r.conflicts),
                "rep": json.dumps(
                    {"rejected": r.rejected[:200], "conflicts": r.conflicts[:200]},
                    ensure_ascii=False,
                ),
                "i": self.run_id,
            },
        )
        if r.changed:
            # A scan-log line makes every dashboard's change token move.
            self.conn.execute(
                text(
                    "INSERT INTO scan_event (at, kiosk_id, operator, action, input_digest,"
                    " input_hint, outcome, visitor_ids, detail) VALUES (:at, :k, :o, 'sync',"
                    " '', '', 'ok', '', :d)"
                ),
                {
                    "at": self.db_time(self.now),
                    "k": self.env.kiosk_id,
                    "o": self.env.operator,
                    "d": json.dumps(
                        {
                            "sync_run": self.run_id,
                            "added": r.added,
                            "updated": r.updated,
                            "cancelled": r.cancelled,
                        }
                    ),
                },
            )
        r.sync_run_id = None if r.dry_run else self.run_id


def _time_binder(dialect: Dialect) -> Callable[[datetime], Any]:
    """UTCDateTime's own conversion to a driver value, for the writes that bypass column types.

    Sharing it keeps the stored value identical to what the ORM writes (on SQLite the text is
    compared as text, so a second format would sort an equal instant before it).
    """
    process = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    if process is None:  # UTCDateTime always converts; this only narrows the type
        raise TypeError("UTCDateTime has no bind processor")
    return process


def _name(row: ReservationRow, seq: int) -> str:
    """The name of person ``seq`` of a party.

    Exports list either everybody or only the companions (同行人); in the second case the
    contact is person 1, so the list is shorter than the party and lacks the contact.
    """
    names = row.visitor_names
    if row.contact_name and row.contact_name not in names and len(names) < row.party_size:
        names = (row.contact_name, *names)
    return names[seq - 1] if seq - 1 < len(names) else ""


def _badge(row: ReservationRow, seq: int) -> str:
    if seq - 1 < len(row.visitor_secrets) and row.visitor_secrets[seq - 1]:
        return row.visitor_secrets[seq - 1].strip().upper()
    return f"{row.code}-{seq}"


def _row_hash(row: ReservationRow, sid: str) -> str:
    key = "\x1f".join(
        (
            sid,
            row.contact_name,
            row.phone,
            str(row.party_size),
            row.language,
            row.status,
            row.group or "",
            row.notes,
            "1" if row.accessibility else "0",
            "\x1e".join(row.visitor_names),
            "\x1e".join(row.visitor_secrets),
        )
    )
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
