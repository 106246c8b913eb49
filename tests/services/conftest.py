"""Days the service tests share: the check-in day (``engine`` on SQLite and PostgreSQL, a
09:30 tour) and the staff-tools day (``env``: small groups, a tour tomorrow)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services import lookup
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent
from tests.factories import SHANGHAI, Party, add_session, fresh_url, migrated_engine

NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)
STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
IN_WINDOW = datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI)
ALL_ZH = ("zh",)


def at(hh: int, mm: int, ss: int = 0, day: int = 2) -> datetime:
    """An instant on the tour day (or another February day), site time."""
    return datetime(2025, 2, day, hh, mm, ss, tzinfo=SHANGHAI)


@pytest.fixture
def engine(db_url: str, empty_db: Path) -> Iterator[Engine]:
    """A migrated, empty database: a copy of the run's template on SQLite, and PostgreSQL."""
    engine = migrated_engine(db_url, empty_db)
    yield engine
    engine.dispose()


def make_env(
    engine: Engine,
    now: datetime = IN_WINDOW,
    *,
    kiosk: str = "K1",
    operator: str = "",
    **settings: Any,
) -> ServiceEnv:
    return ServiceEnv(engine, Settings(**settings), Clock.fixed(now), kiosk, operator)


def setup(engine: Engine, *parties: Party, **session: Any) -> None:
    add_session(engine, starts_at=STARTS, parties=parties, **session)


@pytest.fixture
def env(tmp_path: Path, empty_db: Path) -> Iterator[ServiceEnv]:
    """The 09:30 tour with small groups (A, B of 4) and a tour tomorrow, clock at 09:10."""
    engine = make_engine(fresh_url(empty_db, tmp_path))
    add_session(
        engine,
        "AM",
        groups=2,
        group_size=4,
        parties=(
            Party("FAMILY33", 3, names=["李华", "李雷", ""], phone="13812345678"),
            Party("PAIR2222", 2, names=["Ada Lovelace", "Bob"]),
            Party("SOLO1111", 1, names=["王小明"]),
            Party("PRE44444", 1, names=["预分配"], group="B"),
        ),
    )
    add_session(
        engine,
        "TOMORROW",
        starts_at=datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI),
        parties=(Party("NEXT7777", 1),),
    )
    yield ServiceEnv(engine, Settings(), Clock.fixed(NOW), kiosk_id="SUP-1", operator="Mia")
    engine.dispose()


def events(env: ServiceEnv) -> list[ScanEvent]:
    with Session(env.engine) as db:
        return list(db.exec(select(ScanEvent).order_by(ScanEvent.id)))  # type: ignore[arg-type]


def group_of(env: ServiceEnv, code: str) -> set[str | None]:
    details = lookup.party_details(env, code)
    return {v.group for v in details.visitors}
