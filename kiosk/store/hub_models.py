"""Tables of a hub (the PostgreSQL server several kiosks share): who uploaded what, conflicts.

They exist in every database (migration 0003) so one schema serves a single SQLite kiosk and
a hub alike; only a hub ever fills them. What kiosks follow on a hub is tracked outside the
models: PostgreSQL stamps each replicated row with the writing transaction's id
(``hub_xid``, a column and triggers the migration adds on PostgreSQL only) and records
deletions in ``hub_deletion`` (see :mod:`kiosk.store.changefeed`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from kiosk.store.types import UTCDateTime


def _instant(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class HubInfo(SQLModel, table=True):
    """Facts about this database as a hub; ``hub_id`` tells a kiosk's replica whose copy it is."""

    __tablename__ = "hub_info"

    key: str = Field(primary_key=True, max_length=32)
    value: str = Field(default="", max_length=128)


class KioskStatus(SQLModel, table=True):
    """The last word each kiosk sent the hub: when, and how much it still has to upload."""

    __tablename__ = "kiosk_status"

    kiosk_id: str = Field(primary_key=True, max_length=64)
    last_contact_at: datetime = Field(sa_column=_instant())
    pending_uploads: int = 0
    held_uploads: int = 0
    uploaded_total: int = 0
    offline_since: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    """Start of the kiosk's latest offline period (kept after it came back, for the record)."""
    offline_until: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class AppliedEvent(SQLModel, table=True):
    """An idempotency key a kiosk's change was applied under, written with the change itself.

    The same key again is a no-op, so a retried upload or a kiosk killed mid-drain never
    applies anything twice.
    """

    __tablename__ = "applied_event"

    key: str = Field(primary_key=True, max_length=96)
    kiosk_id: str = Field(max_length=64, index=True)
    seq: int = 0
    applied_at: datetime = Field(sa_column=_instant())
    state: str = Field(default="applied", max_length=16)
    """``online`` (decided by the hub), ``applied`` (an upload), ``held`` (could not apply)."""
    scan_event_id: int | None = None
    visitor_seqs: str = ""
    """The party members (``seq``) this key admitted or changed, comma-separated."""
    conflicts: int = 0


class Conflict(SQLModel, table=True):
    """Something an upload could not apply as it was decided; never silent, never dropped.

    ``kiosk_a``/``at_a`` are the hub's side (the check-in it already had, the group, the
    cancellation), ``kiosk_b``/``at_b`` the uploading kiosk's offline decision.
    """

    __tablename__ = "conflict"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    reservation_code: str | None = Field(default=None, max_length=64, index=True)
    session_id: str | None = Field(default=None, max_length=64)
    visitor_id: int | None = None
    visitor_seq: int | None = None
    kiosk_a: str = Field(default="", max_length=64)
    at_a: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    kiosk_b: str = Field(default="", max_length=64)
    at_b: datetime | None = Field(default=None, sa_column=_instant(nullable=True))
    detail: str = ""
    event_key: str = Field(default="", max_length=96, index=True)
    created_at: datetime = Field(sa_column=_instant())
    acknowledged_by: str | None = Field(default=None, max_length=64)
    acknowledged_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class HubDeletion(SQLModel, table=True):
    """A replicated row deleted on the hub (filled by a PostgreSQL trigger), for followers."""

    __tablename__ = "hub_deletion"

    id: int | None = Field(default=None, primary_key=True)
    xid: int | None = Field(default=None, sa_column=Column(BigInteger(), index=True))
    table_name: str = Field(max_length=32)
    row_key: str = Field(max_length=64)
