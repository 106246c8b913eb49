"""reservation.search_keys: each booking's names as name search reads them (pinyin, folded).

Filled here for the bookings already in the database (then at every sync): the contact's and
the visitors' names through :func:`kiosk.core.search.search_keys`, a few thousand bookings per
statement.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    with op.batch_alter_table("reservation") as batch:
        batch.add_column(sa.Column("search_keys", sa.Text(), nullable=True))
    _fill_keys(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("reservation") as batch:
        batch.drop_column("search_keys")


def _fill_keys(conn: sa.Connection) -> None:
    from kiosk.core.search import search_keys

    reservation = sa.table(
        "reservation",
        sa.column("id", sa.Integer),
        sa.column("contact_name", sa.String),
        sa.column("search_keys", sa.Text),
    )
    visitor = sa.table(
        "visitor",
        sa.column("reservation_id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("name", sa.String),
    )
    update = (
        sa.update(reservation)
        .where(reservation.c.id == sa.bindparam("rid"))
        .values(search_keys=sa.bindparam("keys"))
    )
    last = 0
    while True:
        contacts = conn.execute(
            sa.select(reservation.c.id, reservation.c.contact_name)
            .where(reservation.c.id > last)
            .order_by(reservation.c.id)
            .limit(BATCH)
        ).all()
        if not contacts:
            return
        first, last = contacts[0].id, contacts[-1].id
        names: dict[int, list[str]] = {row.id: [row.contact_name] for row in contacts}
        for rid, name in conn.execute(
            sa.select(visitor.c.reservation_id, visitor.c.name)
            .where(visitor.c.reservation_id.between(first, last))
            .order_by(visitor.c.reservation_id, visitor.c.seq)
        ):
            if rid in names:
                names[rid].append(name)
        conn.execute(update, [{"rid": rid, "keys": search_keys(found)} for rid, found in names.items()])
