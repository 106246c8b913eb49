"""Many kiosks scanning the same codes at the same instant admit every visitor exactly once.

Each kiosk is a separate *process* (spawn, so nothing is shared but the database) with its own
engine, released together by a barrier. PostgreSQL runs on a real server; SQLite on one file.
"""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import ScanEvent, TourGroup, Visitor
from tests.factories import SHANGHAI, Party, add_session

RESERVATIONS = 200
GROUPS = 10
GROUP_SIZE = 50  # 10 x 50 = 500 places = exactly the 200 parties of 1..4 people
STARTS_AT = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
SCAN_AT = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)
WORKER_TIMEOUT_S = 120


def _parties() -> list[Party]:
    return [
        Party(f"C{index:04d}", 1 + index % 4, language="en" if index % 5 == 0 else "zh")
        for index in range(RESERVATIONS)
    ]


def _prepare(url: str) -> list[Party]:
    parties = _parties()
    engine = make_engine(url)
    upgrade(engine)
    add_session(
        engine,
        starts_at=STARTS_AT,
        groups=GROUPS,
        group_size=GROUP_SIZE,
        parties=parties,
    )
    engine.dispose()
    return parties


def _kiosk(
    url: str, kiosk_id: str, codes: list[str], barrier: Any, results: Any
) -> None:  # pragma: no cover - runs in a child process
    """One kiosk: connect, wait for the others, then scan every code once."""
    outcomes: dict[str, str] = {}
    errors: list[str] = []
    try:
        engine = make_engine(url)
        env = ServiceEnv(engine, Settings(), Clock.fixed(SCAN_AT), kiosk_id)
        with engine.connect():
            pass  # connect before the start signal, so the race is about check-ins only
        barrier.wait(timeout=WORKER_TIMEOUT_S)
        for code in codes:
            try:
                outcomes[code] = check_in(env, code).outcome
            except Exception as exc:
                errors.append(f"{code}: {type(exc).__name__}: {exc}")
        engine.dispose()
    except Exception as exc:
        errors.append(f"{kiosk_id}: {type(exc).__name__}: {exc}")
    results.put((kiosk_id, outcomes, errors))


def _race(url: str, kiosks: int) -> tuple[list[Party], dict[str, dict[str, str]]]:
    """Run ``kiosks`` processes that all check in all codes; return each kiosk's outcomes."""
    parties = _prepare(url)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(kiosks)
    results = context.Queue()
    processes = []
    for number in range(kiosks):
        codes = [p.code for p in parties]
        random.Random(number).shuffle(codes)
        process = context.Process(
            target=_kiosk, args=(url, f"K{number + 1}", codes, barrier, results)
        )
        process.start()
        processes.append(process)
    collected: dict[str, dict[str, str]] = {}
    all_errors: list[str] = []
    try:
        for _ in range(kiosks):
            kiosk_id, outcomes, errors = results.get(timeout=WORKER_TIMEOUT_S)
            collected[kiosk_id] = outcomes
            all_errors.extend(errors)
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    assert all_errors == []
    return parties, collected


def _assert_each_visitor_admitted_once(
    url: str, parties: list[Party], outcomes: dict[str, dict[str, str]]
) -> None:
    kiosks = len(outcomes)
    winner: dict[str, str] = {}
    for party in parties:
        answers = Counter(by_kiosk[party.code] for by_kiosk in outcomes.values())
        assert answers == Counter({"ok": 1, "already_checked_in": kiosks - 1}), party.code
        winner[party.code] = next(k for k, o in outcomes.items() if o[party.code] == "ok")

    engine = make_engine(url)
    try:
        with Session(engine) as db:
            visitors = db.exec(select(Visitor)).scalars().all()  # type: ignore[call-overload]
            total = sum(p.size for p in parties)
            assert len(visitors) == total
            assert sum(1 for v in visitors if v.checked_in_at is not None) == total
            for visitor in visitors:
                code = visitor.badge_code.rsplit("-", 1)[0]
                assert visitor.kiosk_id == winner[code]

            events = db.exec(select(ScanEvent)).scalars().all()  # type: ignore[call-overload]
            assert len(events) == kiosks * len(parties)
            admitted = [
                int(i) for e in events if e.outcome == "ok" for i in e.visitor_ids.split(",")
            ]
            assert sorted(admitted) == sorted(v.id for v in visitors)  # each one exactly once
            assert not any('"overflow"' in e.detail for e in events)

            per_group: dict[int, int] = defaultdict(int)
            for visitor in visitors:
                assert visitor.group_id is not None
                per_group[visitor.group_id] += 1
            capacity = dict(db.execute(select(col(TourGroup.id), col(TourGroup.capacity))).all())
            assert all(per_group[g] <= capacity[g] for g in per_group), per_group
            groups = db.execute(select(func.count()).select_from(TourGroup)).scalar_one()
            assert groups == GROUPS
    finally:
        engine.dispose()


@pytest.mark.slow
def test_eight_processes_on_postgres_admit_every_visitor_exactly_once(pg_url: str) -> None:
    """8 kiosks racing over the same 200 codes on PostgreSQL: one ok per code, 7 already in."""
    parties, outcomes = _race(pg_url, 8)
    _assert_each_visitor_admitted_once(pg_url, parties, outcomes)


@pytest.mark.slow
@pytest.mark.parametrize("kiosks", [6])
def test_processes_on_one_sqlite_file_admit_every_visitor_exactly_once(
    sqlite_url: str, kiosks: int
) -> None:
    """Several kiosks sharing one SQLite file queue on the write lock and never admit twice."""
    parties, outcomes = _race(sqlite_url, kiosks)
    _assert_each_visitor_admitted_once(sqlite_url, parties, outcomes)
