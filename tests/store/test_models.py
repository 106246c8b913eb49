"""Tables and column types: aware instants round-trip, codes are unique, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, col

from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import Reservation, ScanEvent, TourSession, Visitor

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def add_tour(engine: Engine, session_id: str, starts_at: datetime) -> None:
    with Session(engine) as db:
        db.add(
            TourSession(
                id=session_id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                capacity=60,
            )
        )
        db.commit()


def test_aware_instants_round_trip_as_the_same_instant(engine: Engine) -> None:
    """09:30 in Shanghai comes back as the same instant (01:30 UTC), aware, to the microsecond."""
    starts = datetime(2025, 2, 2, 9, 30, 15, 123456, tzinfo=SHANGHAI)
    add_tour(engine, "S1", starts)
    with Session(engine) as db:
        row = db.get(TourSession, "S1")
        assert row is not None
        assert row.starts_at == starts
        assert row.starts_at.utcoffset() == timedelta(0)
        assert row.starts_at.replace(tzinfo=None) == datetime(2025, 2, 2, 1, 30, 15, 123456)
        assert row.ends_at - row.starts_at == timedelta(hours=2)


def test_instants_compare_correctly_across_zones_in_queries(engine: Engine) -> None:
    """Filtering with a bound in another zone selects by instant, not by wall-clock digits."""
    add_tour(engine, "MORNING", datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI))
    add_tour(engine, "AFTERNOON", datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI))
    noon_shanghai_in_new_york = datetime(2025, 2, 1, 23, 0, tzinfo=ZoneInfo("America/New_York"))
    with Session(engine) as db:
        later = db.execute(
            select(col(TourSession.id)).where(
                col(TourSession.starts_at) > noon_shanghai_in_new_york
            )
        ).scalars()
        assert list(later) == ["AFTERNOON"]


def test_naive_datetimes_are_rejected(engine: Engine) -> None:
    """A naive datetime is a programming error: it never reaches the database."""
    with Session(engine) as db:
        db.add(
            TourSession(
                id="NAIVE",
                starts_at=datetime(2025, 2, 2, 9, 30),
                ends_at=datetime(2025, 2, 2, 11, 30),
            )
        )
        with pytest.raises(StatementError, match="naive"):
            db.commit()


def test_fixed_offset_and_utc_inputs_are_the_same_instant(engine: Engine) -> None:
    """+08:00, UTC and a zone name for one instant are stored identically."""
    instant = datetime(2025, 2, 3, 1, 0, tzinfo=UTC)
    add_tour(engine, "UTC", instant)
    add_tour(engine, "OFFSET", instant.astimezone(timezone(timedelta(hours=8))))
    with Session(engine) as db:
        values = db.execute(
            select(col(TourSession.starts_at)).order_by(col(TourSession.id))
        ).scalars()
        assert set(values) == {instant}


def test_reservation_and_badge_codes_are_unique(engine: Engine) -> None:
    """Two bookings cannot share a code, nor two visitors a badge code."""
    add_tour(engine, "S1", datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI))
    with Session(engine) as db:
        first = Reservation(code="ABC123", session_id="S1")
        db.add(first)
        db.commit()
        db.add(Reservation(code="ABC123", session_id="S1"))
        with pytest.raises(IntegrityError):
            db.commit()
        db.rollback()
        assert first.id is not None
        db.add(Visitor(reservation_id=first.id, session_id="S1", seq=1, badge_code="B-1"))
        db.commit()
        db.add(Visitor(reservation_id=first.id, session_id="S1", seq=2, badge_code="B-1"))
        with pytest.raises(IntegrityError):
            db.commit()


def test_scan_event_defaults_are_empty_not_null(engine: Engine) -> None:
    """A minimal scan event stores empty strings, so log readers never meet NULL text."""
    with Session(engine) as db:
        db.add(ScanEvent(at=datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI), outcome="unknown"))
        db.commit()
        event = db.execute(select(ScanEvent)).scalar_one()
        assert (event.kiosk_id, event.input_digest, event.visitor_ids, event.detail) == (
            "",
            "",
            "",
            "",
        )
        assert event.at == datetime(2025, 2, 2, 1, 0, tzinfo=UTC)
