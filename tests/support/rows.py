"""Reading rows back in store tests: ids by code, and a row's columns as they are stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col

from kiosk.store.models import Reservation, Visitor, table_of


def visitor_ids(engine: Engine, code: str) -> list[int]:
    """The ids of a party's visitors, in ``seq`` order."""
    with engine.connect() as conn:
        rows = conn.scalars(
            select(col(Visitor.id))
            .join(Reservation, col(Reservation.id) == col(Visitor.reservation_id))
            .where(col(Reservation.code) == code)
            .order_by(col(Visitor.seq))
        )
        return [int(value) for value in rows if value is not None]


def reservation_of(engine: Engine, code: str) -> int:
    """The id of the reservation with this code (which must exist)."""
    with engine.connect() as conn:
        value = conn.scalar(select(col(Reservation.id)).where(col(Reservation.code) == code))
    assert value is not None, f"no reservation {code}"
    return int(value)


def stored_row(engine: Engine, model: type[SQLModel], row_id: int) -> dict[str, Any]:
    """Every column of one row, by name, as the database holds it."""
    table = table_of(model)
    with engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == row_id)).mappings().one()
    return dict(row)
