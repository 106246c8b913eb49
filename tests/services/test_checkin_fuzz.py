"""Whatever a scanner or a person sends, the check-in answers cleanly and logs one event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import Session

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent, Visitor
from tests.factories import SHANGHAI, Party, add_session, fresh_url

OUTCOMES = {"unknown", "invalid_signature", "cancelled", "wrong_day", "too_early", "too_late",
            "already_checked_in", "ok", "partial"}  # fmt: skip
NASTY = [
    "",
    "\x00\x1b[2J\r\n\t",
    "A" * 10_000,
    "'; DROP TABLE reservation; --",
    "\u202eKOOB\u202c",
    "🎟️🚗",
    "https://tickets.example.com/r/",
    "KT1.AAAA",
    "kt1." + "Z" * 600,
    "http://x/?code=%00",
    "ＡＢＣ１２３４５",
]


@pytest.fixture
def env(empty_db: Path, tmp_path: Path) -> Iterator[ServiceEnv]:
    engine = make_engine(fresh_url(empty_db, tmp_path))
    add_session(engine, parties=[Party("REAL2345", 2)])
    clock = Clock.fixed(datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI))
    yield ServiceEnv(engine, Settings(), clock, "GATE-1")
    engine.dispose()


def _events_and_admitted(env: ServiceEnv) -> tuple[int, int]:
    with Session(env.engine) as db:
        events = db.exec(select(func.count()).select_from(ScanEvent)).one()[0]
        admitted = db.exec(select(func.count()).where(Visitor.checked_in_at.isnot(None))).one()[0]
    return int(events), int(admitted)


@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_scans_are_refused_cleanly(env: ServiceEnv, raw: str) -> None:
    """Control characters, 10k characters, SQL, RTL text, emoji: 'unknown', one log line."""
    result = check_in(env, raw)
    assert result.outcome in {"unknown", "invalid_signature"}
    assert result.message_en and result.message_zh
    assert _events_and_admitted(env) == (1, 0)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=300))
def test_random_scans_never_raise_and_admit_nobody(env: ServiceEnv, raw: str) -> None:
    """Random text gets a known outcome; only the real code could admit anyone."""
    events_before, admitted_before = _events_and_admitted(env)
    result = check_in(env, raw)
    assert result.outcome in OUTCOMES
    events, admitted = _events_and_admitted(env)
    assert events == events_before + 1
    if "REAL2345" not in raw.upper():
        assert admitted == admitted_before


def test_ask_party_holds_a_party_and_admits_one_person_at_once(env: ServiceEnv) -> None:
    """With ask_party, a party of two is held (nothing written); a single visitor goes straight in."""
    held = check_in(env, "REAL2345", ask_party=True)
    assert held.needs_party and held.outcome == "ok" and held.party_size == 2
    assert _events_and_admitted(env) == (0, 0)
    badge = check_in(env, "REAL2345-1", ask_party=True)
    assert not badge.needs_party and badge.admitted == 1
    assert _events_and_admitted(env) == (1, 1)
    rest = check_in(env, "REAL2345", ask_party=True)
    assert not rest.needs_party and rest.admitted == 1
    assert _events_and_admitted(env) == (2, 2)
