"""Covering index for the dashboard's headcount; drop an index the unique key already covers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visitor") as batch:
        batch.drop_index("ix_visitor_session_in_out")
        batch.drop_index("ix_visitor_reservation_id")
        batch.create_index(
            "ix_visitor_headcount",
            ["session_id", "group_id", "reservation_id", "checked_in_at", "checked_out_at"],
        )


def downgrade() -> None:
    with op.batch_alter_table("visitor") as batch:
        batch.drop_index("ix_visitor_headcount")
        batch.create_index("ix_visitor_reservation_id", ["reservation_id"])
        batch.create_index(
            "ix_visitor_session_in_out", ["session_id", "checked_in_at", "checked_out_at"]
        )
