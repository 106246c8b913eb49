"""Hub tables (uploads, conflicts, kiosks) and, on PostgreSQL, what kiosks follow the hub by.

Every database gets the tables; a PostgreSQL hub also stamps each row of the replicated
tables with the id of the transaction that last wrote it (``hub_xid``: a column default for
inserts, a trigger for updates) and records deletions in ``hub_deletion``. A kiosk's replica
reads the rows stamped at or after its cursor, the oldest transaction still running when it
last read, so a transaction that commits late is never skipped (kiosk.store.changefeed).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kiosk.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REPLICATED = ("tour_session", "guide", "tour_group", "reservation", "visitor")


def upgrade() -> None:
    op.create_table(
        "hub_info",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "kiosk_status",
        sa.Column("kiosk_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("last_contact_at", kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("pending_uploads", sa.Integer(), nullable=False),
        sa.Column("held_uploads", sa.Integer(), nullable=False),
        sa.Column("uploaded_total", sa.Integer(), nullable=False),
        sa.Column("offline_since", kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("offline_until", kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kiosk_id"),
    )
    op.create_table(
        "applied_event",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.Column("kiosk_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("applied_at", kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("scan_event_id", sa.Integer(), nullable=True),
        sa.Column("visitor_seqs", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("applied_event") as batch:
        batch.create_index("ix_applied_event_kiosk_id", ["kiosk_id"])
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("reservation_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("session_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("visitor_id", sa.Integer(), nullable=True),
        sa.Column("visitor_seq", sa.Integer(), nullable=True),
        sa.Column("kiosk_a", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at_a", kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("kiosk_b", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at_b", kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("event_key", sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.Column("created_at", kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("acknowledged_at", kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict") as batch:
        batch.create_index("ix_conflict_kind", ["kind"])
        batch.create_index("ix_conflict_reservation_code", ["reservation_code"])
        batch.create_index("ix_conflict_event_key", ["event_key"])
    op.create_table(
        "hub_deletion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("xid", sa.BigInteger(), nullable=True),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("row_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hub_deletion") as batch:
        batch.create_index("ix_hub_deletion_xid", ["xid"])
    op.execute(
        sa.text("INSERT INTO hub_info (key, value) VALUES ('hub_id', :value)").bindparams(
            value=uuid.uuid4().hex
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        _follow_on_postgresql()


def _follow_on_postgresql() -> None:
    # txid_current() is the 64-bit (epoch-extended) id of the writing top-level transaction;
    # a default stamps inserts (a bulk sync pays no trigger), a trigger stamps updates.
    op.execute(
        "CREATE FUNCTION kiosk_stamp_xid() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN NEW.hub_xid := txid_current(); RETURN NEW; END $$"
    )
    op.execute(
        "CREATE FUNCTION kiosk_record_deletion() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN INSERT INTO hub_deletion (table_name, row_key)"
        " VALUES (TG_TABLE_NAME, OLD.id::text); RETURN OLD; END $$"
    )
    op.execute("ALTER TABLE hub_deletion ALTER COLUMN xid SET DEFAULT txid_current()")
    for table in REPLICATED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN hub_xid bigint DEFAULT txid_current()")
        op.execute(f"CREATE INDEX ix_{table}_hub_xid ON {table} (hub_xid)")
        op.execute(
            f"CREATE TRIGGER kiosk_stamp_xid BEFORE UPDATE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION kiosk_stamp_xid()"
        )
        op.execute(
            f"CREATE TRIGGER kiosk_record_deletion AFTER DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION kiosk_record_deletion()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in REPLICATED:
            op.execute(f"DROP TRIGGER kiosk_record_deletion ON {table}")
            op.execute(f"DROP TRIGGER kiosk_stamp_xid ON {table}")
            op.execute(f"DROP INDEX ix_{table}_hub_xid")
            op.execute(f"ALTER TABLE {table} DROP COLUMN hub_xid")
        op.execute("DROP FUNCTION kiosk_record_deletion()")
        op.execute("DROP FUNCTION kiosk_stamp_xid()")
    op.drop_table("hub_deletion")
    op.drop_table("conflict")
    op.drop_table("applied_event")
    op.drop_table("kiosk_status")
    op.drop_table("hub_info")
