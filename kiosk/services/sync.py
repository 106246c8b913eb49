"""Apply reservation and roster exports to the database: atomic, idempotent, streaming.

One call is one transaction over every file given. Reading is the readers' job
(:mod:`kiosk.sync`), the SQL is the store's (:mod:`kiosk.store.imports`); this module decides
what each canonical row changes:

* upsert by reservation code; a party's people become visitor rows (also for a "pending",
  not yet paid, booking: its visitors exist and are refused at the gate until it is paid);
* growing or shrinking a party never drops a checked-in visitor;
* ``full``: reservations missing from the files become cancelled, never deleted;
* check-ins, scan events and print history are never deleted or altered; a checked-in
  reservation that the export cancels or moves stays as it is and is reported as a conflict;
* re-importing the same file changes nothing and says so.

Rows stream: they are read, checked and written :data:`BATCH_ROWS` at a time, so memory stays
flat in the size of the file (a million reservations import in the memory of a thousand).
Repeated codes are found in the database, not in a dictionary of every row: on a first import
(no reservation stored yet) by the unique code index itself, otherwise through a temporary
table of the codes met (:class:`kiosk.store.imports.SeenCodes`). A first import also drops the
secondary indexes of reservations and visitors and builds them once after the rows, inside the
same transaction.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from itertools import islice
from pathlib import Path
from typing import Any, Final, NamedTuple

from sqlalchemy import Connection, Index
from sqlalchemy.exc import IntegrityError

from kiosk.core.errors import InputError
from kiosk.core.groups import default_group_capacities
from kiosk.core.search import search_keys
from kiosk.services.env import ServiceEnv
from kiosk.store import imports as store
from kiosk.store.audit import record_event
from kiosk.store.db import write_connection
from kiosk.store.imports import (
    BookingUpdate,
    BookingValues,
    BulkWriter,
    CodeClash,
    GroupRecord,
    RunTotals,
    SeenCodes,
    StoredBooking,
    StoredVisitor,
    VisitorValues,
)
from kiosk.sync.profiles import MappingProfile
from kiosk.sync.reader import read_export
from kiosk.sync.rows import ParsedExport, ReservationRow, RosterRow, SessionRow

Progress = Callable[[int, int | None], None]
BATCH_ROWS: Final = 2000
"""Reservations read, checked and written together: big enough that a batch's statements
cost little each, small enough that memory does not notice a batch."""

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

    Every file is opened and recognised before anything is written; the rows then stream
    into the one transaction (a file that turns out unreadable further down still changes
    nothing).

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
        with write_connection(env.engine) as conn, store.bulk_load(conn):
            applier = _Applier(conn, env, report, progress)
            for path, export in parsed:
                applier.apply(path, export)
            applier.finish(full=full and any(e.kind == "reservations" for _, e in parsed))
            if strict and report.rejected:
                raise RejectedRows(report)
            if dry_run:
                raise _DryRunRollback
    except IntegrityError as exc:
        if "badge_code" not in str(exc.orig):
            raise
        # Two tickets with one code: in this export, or one already kept for another booking.
        raise InputError(
            "Two tickets in the export (or one in the export and one already imported) have the "
            "same ticket code; nothing was imported. Check the export for repeated ticket "
            "secrets or barcodes.",
            "导出文件中（或与已导入的预约）有两张票的票码相同，未导入任何数据。请检查导出文件中重复的票码。",
        ) from exc
    except _DryRunRollback:
        pass
    return report


def _batches(rows: Iterable[ReservationRow]) -> Iterator[list[ReservationRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


@dataclass
class _FileState:
    """The file being applied: its number in this sync, its report, its repeat errors."""

    number: int
    report: FileReport
    repeats: list[tuple[int, str]] = field(default_factory=list)


class _FirstLines:
    """Where each reservation of a first import came from (file and line), in flat arrays.

    Only a repeated code asks (to say "first on line M"): 12 bytes a reservation, no objects.
    """

    def __init__(self) -> None:
        self._ids = array("q")
        self._lines = array("I")
        self._file_starts: list[tuple[int, int]] = []  # (index of its first row, file number)

    def add(self, ids: Sequence[int], lines: Iterable[int], file_no: int) -> None:
        if not self._file_starts or self._file_starts[-1][1] != file_no:
            self._file_starts.append((len(self._ids), file_no))
        self._ids.extend(ids)
        self._lines.extend(lines)

    def of(self, reservation_id: int) -> tuple[int, int]:
        """(file number, line) of a reservation this import added (ids only grow)."""
        index = bisect_right(self._ids, reservation_id) - 1
        starts = [start for start, _file in self._file_starts]
        file_no = self._file_starts[bisect_right(starts, index) - 1][1]
        return file_no, self._lines[index]


class _Applier:
    """Applies the files of one sync transaction: its look-ups and its running totals."""

    def __init__(
        self, conn: Connection, env: ServiceEnv, report: SyncReport, progress: Progress | None
    ) -> None:
        self.conn = conn
        self.env = env
        self.zone = env.settings.zone
        self.report = report
        self.progress = progress
        self.now = env.now()
        self.sessions = {s.id: s for s in store.sessions(conn)}
        self.session_by_ref = {
            s.external_ref: s.id for s in self.sessions.values() if s.external_ref
        }
        self.groups_by_session = store.group_letters(conn)
        self.file_sessions: dict[tuple[datetime, str | None], str] = {}
        self.run_id = store.start_run(conn, at=self.now, full=report.full)
        self.writer = BulkWriter(conn)
        # A first import has nothing to compare with: every row is new, the code index finds
        # repeats, and the secondary indexes are built once at the end.
        self.first_import = not store.has_reservations(conn)
        self.first_lines = _FirstLines()
        self.seen: SeenCodes | None = None
        self.deferred_indexes: tuple[Index, ...] = ()
        self.files = 0

    # -- sessions ------------------------------------------------------------------------

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
            self._report_session(sid, self.sessions[sid].starts_at, False)
            return sid
        sid = session_id_for(starts_at, self.zone)
        if sid in self.sessions:
            self._report_session(sid, starts_at, False)
            return sid
        ends = ends_at or starts_at + timedelta(minutes=self.env.settings.session_minutes)
        local = starts_at.astimezone(self.zone)
        store.add_session(
            self.conn,
            session_id=sid,
            starts_at=starts_at,
            ends_at=ends,
            label_zh=label or f"{local.month}月{local.day}日 {local:%H:%M}",
            label_en=label or f"{local:%a %d %b %H:%M}",
            external_ref=ref,
        )
        self.sessions[sid] = store.SessionSpan(sid, starts_at, ends, ref)
        if ref:
            self.session_by_ref[ref] = sid
        self._report_session(sid, starts_at, True)
        return sid

    # -- files -----------------------------------------------------------------------------

    def apply(self, path: Path, export: ParsedExport) -> None:
        self.file_sessions.clear()
        self.files += 1
        file = _FileState(
            self.files,
            FileReport(
                path=str(path),
                kind=export.kind,
                format=export.format,
                encoding=export.encoding,
                mapping=dict(export.mapping),
                unused_columns=tuple(export.unused_columns),
            ),
        )
        self.report.files.append(file.report)
        for session in export.sessions:
            self._apply_session_row(session)
        if export.roster:
            self._apply_roster(export.roster, file.report)
        if export.kind == "roster":
            self._apply_roster(export.roster_rows(), file.report)
        else:
            rows = export.rows_with_repeats
            self._apply_reservations(export.reservation_rows() if rows is None else rows, file)
        errors = [(e.line, e.reason) for e in export.errors] + file.repeats
        for line, reason in sorted(errors, key=lambda error: error[0]):
            self.report.rejected.append({"file": path.name, "line": line, "reason": reason})
            file.report.rejected += 1

    def _apply_session_row(self, row: SessionRow) -> None:
        self._session(row.starts_at, row.ends_at, row.ref, row.label)

    # -- roster ------------------------------------------------------------------------------

    def _apply_roster(self, rows: Iterable[RosterRow], file_report: FileReport) -> None:
        conn = self.conn
        guides = store.guides_by_name(conn)
        touched: dict[str, set[str]] = {}
        groups_of: dict[str, dict[str, GroupRecord]] = {}
        for row in rows:
            file_report.rows += 1
            sid = self._session(row.starts_at, row.ends_at, None, None)
            touched.setdefault(sid, set()).add(row.group)
            groups = groups_of.get(sid)
            if groups is None:
                groups = groups_of[sid] = store.groups_of(conn, sid)
            guide_id = None
            if row.guide_name:
                languages = ",".join(row.guide_languages) or "zh"
                known = guides.get(row.guide_name)
                if known is None:
                    guide_id = store.add_guide(
                        conn, name=row.guide_name, languages=languages, phone=row.guide_phone
                    )
                    guides[row.guide_name] = store.GuideRecord(
                        guide_id, row.guide_name, languages, row.guide_phone
                    )
                else:
                    guide_id = known.id
                    phone = row.guide_phone or known.phone
                    if (known.languages, known.phone) != (languages, phone):
                        store.update_guide(conn, guide_id, languages=languages, phone=phone)
                        guides[row.guide_name] = store.GuideRecord(
                            guide_id, row.guide_name, languages, phone
                        )
            existing = groups.get(row.group)
            colour = row.colour or DEFAULT_COLOURS[(ord(row.group[:1] or "A") - 65) % 7]
            capacity = row.capacity or self.env.settings.group_size
            wanted = GroupRecord(
                existing.id if existing else 0,
                row.group,
                colour,
                guide_id,
                capacity,
                row.meeting_point,
            )
            if existing is None:
                group_id = store.add_group(
                    conn,
                    session_id=sid,
                    letter=row.group,
                    colour=colour,
                    guide_id=guide_id,
                    capacity=capacity,
                    meeting_point=row.meeting_point,
                )
                groups[row.group] = GroupRecord(
                    group_id, row.group, colour, guide_id, capacity, row.meeting_point
                )
                self.groups_by_session.setdefault(sid, set()).add(row.group)
                self.report.groups_set += 1
            elif existing != wanted:
                store.update_group(
                    conn,
                    existing.id,
                    colour=colour,
                    guide_id=guide_id,
                    capacity=capacity,
                    meeting_point=row.meeting_point,
                )
                groups[row.group] = wanted
                self.report.groups_set += 1
        for sid, letters in touched.items():
            # The roster defines the session's groups: drop other groups nobody is in yet.
            for letter, group in groups_of[sid].items():
                if letter not in letters and store.drop_group_unless_used(conn, group.id):
                    self.groups_by_session.get(sid, set()).discard(letter)
                    self.report.groups_set += 1
            store.capacity_from_groups(conn, sid)

    # -- reservations -----------------------------------------------------------------------

    def _apply_reservations(self, rows: Iterable[ReservationRow], file: _FileState) -> None:
        if self.first_import and not self.deferred_indexes:
            self.deferred_indexes = store.deferrable_indexes()
            store.drop_indexes(self.conn, self.deferred_indexes)
        if not self.first_import and self.seen is None:
            self.seen = SeenCodes(self.conn)
        for batch in _batches(rows):
            self._apply_batch(batch, file)
            if self.progress is not None:
                self.progress(file.report.rows, None)
        if self.progress is not None:
            self.progress(file.report.rows, file.report.rows)

    def _apply_batch(self, batch: list[ReservationRow], file: _FileState) -> None:
        """Check a batch's rows against each other, then against what this sync stored."""
        accepted: list[_Incoming] = []
        in_batch: dict[str, _Incoming] = {}
        file_sessions = self.file_sessions
        for row in batch:
            sid = file_sessions.get((row.starts_at, row.session_ref)) or self._session_of(row)
            incoming = _Incoming(row, sid, _row_hash(row, sid))
            first = in_batch.get(row.code)
            if first is not None:
                self._repeat(incoming, file, file.number, first.row.line, first.row_hash)
                continue
            in_batch[row.code] = incoming
            accepted.append(incoming)
        self._count(accepted, file)
        if self.first_import:
            self._add_first(accepted, file)
        else:
            self._merge(accepted, file)

    def _session_of(self, row: ReservationRow) -> str:
        key = (row.starts_at, row.session_ref)
        sid = self.file_sessions.get(key)
        if sid is None:
            sid = self.file_sessions[key] = self._find_session(
                row.starts_at, row.ends_at, row.session_ref, row.session_label
            )
        return sid

    def _count(self, items: Sequence[_Incoming], file: _FileState, sign: int = 1) -> None:
        """Count rows in the file's and their sessions' reports (``sign`` -1 takes back)."""
        file.report.rows += sign * len(items)
        per_session = Counter(item.session_id for item in items)
        for sid, count in per_session.items():
            self.report.sessions[sid]["rows"] += sign * count

    def _repeat(
        self, incoming: _Incoming, file: _FileState, first_file: int, first_line: int, digest: str
    ) -> None:
        """A code this sync met before: an earlier file's is refused, an identical repeat in
        the same file ignored, a different one reported on its later line."""
        row = incoming.row
        if first_file != file.number:
            self._count([incoming], file)
            file.repeats.append((row.line, f"code {row.code} was already given by an earlier file"))
        elif digest != incoming.row_hash:
            file.repeats.append(
                (
                    row.line,
                    f"code {row.code} appears again on line {row.line} with different details "
                    f"(first on line {first_line})",
                )
            )

    def _add_first(self, accepted: list[_Incoming], file: _FileState) -> None:
        """Insert a first import's batch; codes met in earlier batches undo it and are sorted out."""
        ids = self.writer.reservation_ids(len(accepted))
        bookings, visitors = self._new_rows(accepted, ids)
        try:
            self.writer.add(bookings, visitors, codes_may_clash=True)
        except CodeClash as clash:
            stored = store.bookings_by_code(self.conn, [item.row.code for item in accepted])
            if not stored:
                raise clash.error from None  # not a repeated code: the database's own refusal
            fresh = []
            for item in accepted:
                earlier = stored.get(item.row.code)
                if earlier is None:
                    fresh.append(item)
                    continue
                self._count([item], file, -1)
                first_file, first_line = self.first_lines.of(earlier.id)
                self._repeat(item, file, first_file, first_line, earlier.row_hash)
            self._add_first(fresh, file)
            return
        self.first_lines.add(ids, (item.row.line for item in accepted), file.number)
        self.report.added += len(accepted)

    def _merge(self, accepted: list[_Incoming], file: _FileState) -> None:
        """Compare a batch with the stored reservations: add, update or leave each."""
        seen = self.seen
        assert seen is not None  # made before the first batch of a non-first import
        sightings = [(i.row.code, file.number, i.row.line, i.row_hash) for i in accepted]
        if not seen.remember(sightings):
            earlier = seen.earlier([item.row.code for item in accepted])
            fresh = []
            for item in accepted:
                sighting = earlier.get(item.row.code)
                if sighting is None:
                    fresh.append(item)
                    continue
                self._count([item], file, -1)
                self._repeat(item, file, sighting.file_no, sighting.line, sighting.row_hash)
            accepted = fresh
            seen.remember([(i.row.code, file.number, i.row.line, i.row_hash) for i in accepted])
        stored = store.bookings_by_code(self.conn, [item.row.code for item in accepted])
        new: list[_Incoming] = []
        changed: list[tuple[_Incoming, StoredBooking]] = []
        for item in accepted:
            known = stored.get(item.row.code)
            if known is None:
                new.append(item)
            elif known.row_hash == item.row_hash:
                self.report.unchanged += 1
            else:
                changed.append((item, known))
        if new:
            bookings, visitors = self._new_rows(new, self.writer.reservation_ids(len(new)))
            self.writer.add(bookings, visitors)
            self.report.added += len(new)
        people = store.visitors_of(self.conn, [known.id for _item, known in changed])
        for item, known in changed:
            self._update_existing(item, known, people.get(known.id, []))

    def _new_rows(
        self, items: Sequence[_Incoming], ids: Sequence[int]
    ) -> tuple[list[BookingValues], list[VisitorValues]]:
        """New reservations and their people as rows to insert.

        This is the one place where an export row becomes stored values: per-row derived
        columns (search keys of names, say) are computed here, and in ``_update_existing``
        for changed bookings.
        """
        bookings: list[BookingValues] = []
        visitors: list[VisitorValues] = []
        run_id = self.run_id
        for item, rid in zip(items, ids, strict=True):
            row, sid = item.row, item.session_id
            bookings.append(
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
                    run_id,
                    item.row_hash,
                    search_keys((row.contact_name, *row.visitor_names)),
                )
            )
            code = row.code
            if row.visitor_names or row.visitor_secrets:
                visitors.extend(
                    (rid, sid, seq, _name(row, seq), _badge(row, seq))
                    for seq in range(1, row.party_size + 1)
                )
            elif row.party_size:  # the contact is person 1; the others have no name yet
                visitors.append((rid, sid, 1, row.contact_name, code + "-1"))
                visitors.extend(
                    (rid, sid, seq, "", f"{code}-{seq}") for seq in range(2, row.party_size + 1)
                )
        return bookings, visitors

    def _update_existing(
        self, item: _Incoming, known: StoredBooking, visitors: list[StoredVisitor]
    ) -> None:
        row, sid, digest = item.row, item.session_id, item.row_hash
        current_session, current_status = known.session_id, known.status
        inside = [v for v in visitors if v.checked_in_at is not None]
        conflicts: list[str] = []
        session_id = sid
        status: str = row.status
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
        by_seq = {v.seq: v for v in visitors}
        names = [row.contact_name]  # as stored once this update is done: for name search
        names += [_name(row, seq) or (by_seq[seq].name if seq in by_seq else "") for seq in by_seq]
        names += [_name(row, seq) for seq in range(1, size + 1) if seq not in by_seq]
        if row.status == "cancelled" and not inside:
            if current_status != "cancelled":
                self.report.cancelled += 1
        else:
            self.report.updated += 1
        for reason in conflicts:
            self.report.conflicts.append({"line": row.line, "code": row.code, "reason": reason})
        store.update_booking(
            self.conn,
            BookingUpdate(
                id=known.id,
                session_id=session_id,
                contact_name=row.contact_name,
                phone=row.phone,
                party_size=max(size, len(inside)) if status != "cancelled" else known.party_size,
                language=row.language,
                notes=row.notes,
                accessibility=row.accessibility,
                status=status,
                pre_assigned_group=row.group,
                sync_run_id=self.run_id,
                row_hash=digest if not conflicts else "conflict:" + digest,
                search_keys=search_keys(names),
            ),
        )
        if session_id != current_session:
            store.move_waiting_visitors(self.conn, known.id, session_id)
        if status == "cancelled":
            return
        for seq in range(1, size + 1):
            visitor = by_seq.get(seq)
            name = _name(row, seq)
            if visitor is None:
                store.add_visitor(self.conn, (known.id, session_id, seq, name, _badge(row, seq)))
            elif visitor.name != name and name:
                store.rename_visitor(self.conn, visitor.id, name)
        surplus = [v.id for v in visitors if v.seq > size and v.checked_in_at is None]
        # A printed badge keeps its visitor row: print history is never deleted.
        store.drop_unprinted_visitors(self.conn, surplus)

    # -- end -----------------------------------------------------------------------------------

    def finish(self, *, full: bool) -> None:
        if self.deferred_indexes:
            store.create_indexes(self.conn, self.deferred_indexes)
        if full and self.seen is not None:
            self._cancel_missing()
        self._default_groups()
        self._close_run()
        if self.seen is not None:
            self.seen.close()

    def _cancel_missing(self) -> None:
        assert self.seen is not None
        for rid, code, inside in self.seen.unseen_active():
            if inside:
                self.report.conflicts.append(
                    {
                        "line": None,
                        "code": code,
                        "reason": f"missing from the full export but {inside} already checked in; kept",
                    }
                )
                continue
            store.cancel_booking(self.conn, rid)
            self.report.cancelled += 1

    def _default_groups(self) -> None:
        """A session nobody gave a roster for gets lettered groups, guide to be assigned."""
        for sid in list(self.report.sessions):
            if self.groups_by_session.get(sid):
                continue
            capacity = max(self.env.settings.session_capacity, store.booked_places(self.conn, sid))
            letters = default_group_capacities(capacity, self.env.settings.group_size)
            for index, (letter, group_capacity) in enumerate(letters):
                store.add_group(
                    self.conn,
                    session_id=sid,
                    letter=letter,
                    colour=DEFAULT_COLOURS[index % 7],
                    guide_id=None,
                    capacity=group_capacity,
                    meeting_point="",
                )
            self.groups_by_session[sid] = {letter for letter, _ in letters}
            store.set_session_capacity(self.conn, sid, capacity)

    def _close_run(self) -> None:
        r = self.report
        store.finish_run(
            self.conn,
            self.run_id,
            at=self.now,
            totals=RunTotals(
                files=json.dumps([f.path for f in r.files], ensure_ascii=False),
                format=r.format[:32],
                encoding=r.encoding[:32],
                added=r.added,
                updated=r.updated,
                unchanged=r.unchanged,
                cancelled=r.cancelled,
                rejected=len(r.rejected),
                conflicts=len(r.conflicts),
                report=json.dumps(
                    {"rejected": r.rejected[:200], "conflicts": r.conflicts[:200]},
                    ensure_ascii=False,
                ),
            ),
        )
        if r.changed:
            # A scan-log line makes every dashboard's change token move.
            record_event(
                self.conn,
                at=self.now,
                kiosk_id=self.env.kiosk_id,
                operator=self.env.operator,
                action="sync",
                outcome="ok",
                raw_input=None,
                detail={
                    "sync_run": self.run_id,
                    "added": r.added,
                    "updated": r.updated,
                    "cancelled": r.cancelled,
                },
            )
        r.sync_run_id = None if r.dry_run else self.run_id


class _Incoming(NamedTuple):
    """An export row with its session and the hash that tells whether it changed."""

    row: ReservationRow
    session_id: str
    row_hash: str


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
