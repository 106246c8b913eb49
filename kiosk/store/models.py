"""SQLModel tables: the tour program, reservations, visitors and the append-only logs.

All instants are timezone-aware (stored as UTC). Reservation and badge codes are kept
upper-cased so that scans match case-insensitively with a plain index lookup.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from kiosk.store.types import UTCDateTime


def _instant(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class TourSession(SQLModel, table=True):
    """One timed tour (a slot): 60 places on the car plant's program."""

    __tablename__ = "tour_session"

    id: str = Field(primary_key=True, max_length=64)
    starts_at: datetime = Field(sa_column=_instant(index=True))
    ends_at: datetime = Field(sa_column=_instant())
    capacity: int = 0
    label_zh: str = ""
    label_en: str = ""
    external_ref: str | None = Field(default=None, max_length=64, index=True)


class Guide(SQLModel, table=True):
    """A tour guide; languages are ISO codes joined by commas ("zh,en")."""

    __tablename__ = "guide"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    languages: str = "zh"
    phone: str = ""


class TourGroup(SQLModel, table=True):
    """A group of one session, led by one guide; letters give the departure order."""

    __tablename__ = "tour_group"
    __table_args__ = (UniqueConstraint("session_id", "letter", name="uq_group_session_letter"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="tour_session.id", index=True, max_length=64)
    letter: str = Field(max_length=8)
    colour: str = Field(default="#607D8B", max_length=9)
    guide_id: int | None = Field(default=None, foreign_key="guide.id")
    capacity: int = 15
    meeting_point: str = ""


class Reservation(SQLModel, table=True):
    """A booking of a party for one session, as synced from the platform's export."""

    __tablename__ = "reservation"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    session_id: str = Field(foreign_key="tour_session.id", index=True, max_length=64)
    contact_name: str = ""
    phone: str = ""
    party_size: int = 1
    language: str = Field(default="zh", max_length=16)
    notes: str = ""
    accessibility: bool = False
    status: str = Field(default="confirmed", max_length=16)
    pre_assigned_group: str | None = Field(default=None, max_length=8)
    provisional: bool = False
    source: str = Field(default="", max_length=32)
    sync_run_id: int | None = Field(default=None, foreign_key="sync_run.id")
    row_hash: str = Field(default="", max_length=64)
    # The names as name search reads them (kiosk.core.search.search_keys), set at sync time;
    # None until then (the search index computes it from the names).
    search_keys: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Visitor(SQLModel, table=True):
    """One person of a party: the unit that is admitted, badged and counted."""

    __tablename__ = "visitor"
    __table_args__ = (
        UniqueConstraint("reservation_id", "seq", name="uq_visitor_reservation_seq"),
        # Covers the dashboard's group-by (session → group → party → in/out) without a single
        # table lookup; it also serves "on site now" per session.
        Index(
            "ix_visitor_headcount",
            "session_id",
            "group_id",
            "reservation_id",
            "checked_in_at",
            "checked_out_at",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Lookups by reservation use the unique (reservation_id, seq) index.
    reservation_id: int = Field(foreign_key="reservation.id")
    session_id: str = Field(foreign_key="tour_session.id", max_length=64)
    seq: int = 1
    name: str = ""
    badge_code: str = Field(max_length=64, unique=True)
    group_id: int | None = Field(default=None, foreign_key="tour_group.id", index=True)
    checked_in_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    checked_out_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    kiosk_id: str | None = Field(default=None, max_length=64)


class ScanEvent(SQLModel, table=True):
    """Append-only log of every scan and staff action; never updated in place."""

    __tablename__ = "scan_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_instant(index=True))
    kiosk_id: str = Field(default="", max_length=64, index=True)
    operator: str = Field(default="", max_length=64)
    action: str = Field(default="scan", max_length=32)
    input_digest: str = Field(default="", max_length=64)
    input_hint: str = Field(default="", max_length=64)
    reservation_code: str | None = Field(default=None, max_length=64, index=True)
    session_id: str | None = Field(default=None, max_length=64)
    outcome: str = Field(default="", max_length=32)
    visitor_ids: str = ""
    detail: str = ""


class SyncRun(SQLModel, table=True):
    """One import of one or more exports, with what it did."""

    __tablename__ = "sync_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_column=_instant())
    finished_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    files: str = ""
    format: str = Field(default="", max_length=32)
    encoding: str = Field(default="", max_length=32)
    full_sync: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    rejected: int = 0
    conflicts: int = 0
    report: str = ""


class PrintJob(SQLModel, table=True):
    """A badge print for one visitor; a failed job waits for a reprint, the check-in stays."""

    __tablename__ = "print_job"

    id: int | None = Field(default=None, primary_key=True)
    visitor_id: int = Field(foreign_key="visitor.id", index=True)
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())
    status: str = Field(default="queued", max_length=16, index=True)
    printer: str = Field(default="", max_length=128)
    preset: str = Field(default="62x100", max_length=16)
    attempts: int = 0
    reason: str = ""
    kiosk_id: str = Field(default="", max_length=64)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table class: hot paths use it to skip the ORM's per-row work."""
    found = getattr(model, "__table__", None)
    if not isinstance(found, Table):
        raise TypeError(f"{model.__name__} is not a table")
    return found


# The hub's own tables (uploads, conflicts, kiosks) live in their module; importing it here
# puts them on the same metadata, so migrations and create_all see one schema.
from kiosk.store import hub_models as _hub_models  # noqa: E402, F401
