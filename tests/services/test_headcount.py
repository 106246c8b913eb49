"""Headcounts over a scripted tour day: partial parties, undo, check-outs, the window closing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in, check_out, undo_check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import change_token, headcount
from kiosk.services.results import Headcount, SessionCount
from kiosk.store.engine import make_engine
from tests.factories import SHANGHAI, Party, add_session, fresh_url

START = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)


def at(hour: int, minute: int) -> datetime:
    return datetime(2025, 2, 2, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def day(tmp_path: Path, empty_db: Path) -> Iterator[tuple[ServiceEnv, str]]:
    """The 09:30 tour (8 booked, one cancelled party) and an afternoon tour, on SQLite."""
    url = fresh_url(empty_db, tmp_path)
    engine = make_engine(url)
    add_session(
        engine,
        "AM",
        starts_at=START,
        parties=(
            Party("FAMILY33", 3, names=["李华", "李雷", "韩梅梅"]),
            Party("PAIR2222", 2, names=["Ada", "Bob"]),
            Party("SOLO1111", 1, names=["王小明"]),
            Party("GONE4444", 4, status="cancelled"),
            Party("LATE5555", 2, names=["迟到"]),
        ),
    )
    add_session(engine, "PM", starts_at=at(14, 0), parties=(Party("AFTN6666", 2),))
    env = ServiceEnv(engine, Settings(), Clock.fixed(at(9, 0)), kiosk_id="GATE-1")
    yield env, url
    engine.dispose()


def scripted_morning(env: ServiceEnv) -> None:
    """Two of a family, a pair, a solo who is undone, the last of the family, the pair leaves."""
    clock = env.clock
    clock.set(at(9, 0))
    assert check_in(env, "FAMILY33", count=2).outcome == "partial"
    clock.set(at(9, 5))
    assert check_in(env, "PAIR2222").outcome == "ok"
    clock.set(at(9, 6))
    assert check_in(env, "SOLO1111").outcome == "ok"
    clock.set(at(9, 7))
    assert undo_check_in(env, "SOLO1111", reason="scanned the wrong code").outcome == "undone"
    clock.set(at(9, 10))
    assert check_in(env, "FAMILY33").outcome == "ok"
    clock.set(at(9, 40))
    assert check_out(env, "PAIR2222").outcome == "checked_out"


def count_at(env: ServiceEnv, instant: datetime) -> Headcount:
    return headcount(env.engine, now=instant, zone=SHANGHAI, grace_after=env.grace_after)


def session(result: Headcount, session_id: str) -> SessionCount:
    return next(s for s in result.sessions if s.id == session_id)


def test_before_any_arrival_everyone_booked_is_expected(day: tuple[ServiceEnv, str]) -> None:
    """At opening nobody is in; cancelled parties are not booked; other days are not listed."""
    env, _ = day
    morning = session(count_at(env, at(8, 45)), "AM")
    assert (morning.booked, morning.checked_in, morning.on_site) == (8, 0, 0)
    assert (morning.expected, morning.no_show) == (8, 0)
    assert [s.id for s in count_at(env, at(8, 45)).sessions] == ["AM", "PM"]


def test_scripted_morning_counts_while_the_window_is_open(day: tuple[ServiceEnv, str]) -> None:
    """Partial party, undo and check-out give in 5, on site 3, still expected 3 (solo + late)."""
    env, _ = day
    scripted_morning(env)
    result = count_at(env, at(9, 45))
    morning = session(result, "AM")
    assert morning.booked == 8
    assert morning.checked_in == 5
    assert morning.checked_out == 2
    assert morning.on_site == 3
    assert morning.expected == 3
    assert morning.no_show == 0
    assert not morning.window_closed
    assert sum(g.count for g in morning.groups) == 5
    assert all(g.capacity == 15 and g.guide for g in morning.groups)
    afternoon = session(result, "PM")
    assert (afternoon.booked, afternoon.expected, afternoon.checked_in) == (2, 2, 0)


def test_missing_people_become_no_shows_when_the_window_closes(
    day: tuple[ServiceEnv, str],
) -> None:
    """After start + 20 min grace the 3 who never came are no-shows, not expected."""
    env, _ = day
    scripted_morning(env)
    just_open = session(count_at(env, START + timedelta(minutes=20)), "AM")
    closed = session(count_at(env, START + timedelta(minutes=21)), "AM")
    assert (just_open.expected, just_open.no_show) == (3, 0)
    assert (closed.expected, closed.no_show) == (0, 3)
    assert closed.window_closed


def test_kiosk_scans_in_the_last_ten_minutes(day: tuple[ServiceEnv, str]) -> None:
    """Each kiosk's scans of the last 10 minutes are counted; older ones drop out."""
    env, _ = day
    scripted_morning(env)
    assert count_at(env, at(9, 10)).kiosks == {"GATE-1": 5}
    assert count_at(env, at(9, 45)).kiosks == {"GATE-1": 1}
    assert count_at(env, at(10, 30)).kiosks == {}


def test_change_token_moves_with_every_logged_action(day: tuple[ServiceEnv, str]) -> None:
    """The dashboard's cheap poll value changes on a check-in and stays put otherwise."""
    env, _ = day
    before = change_token(env.engine)
    assert change_token(env.engine) == before
    check_in(env, "PAIR2222")
    assert change_token(env.engine) > before


def test_group_ready_to_depart_when_full_or_at_start(day: tuple[ServiceEnv, str]) -> None:
    """A group with people is ready at the start time; an empty group never is."""
    env, _ = day
    scripted_morning(env)
    before_start = session(count_at(env, at(9, 20)), "AM")
    at_start = session(count_at(env, START), "AM")
    occupied = [g for g in at_start.groups if g.count > 0]
    empty = [g for g in at_start.groups if g.count == 0]
    assert occupied and empty
    assert not any(g.ready_to_depart for g in before_start.groups)
    assert all(g.ready_to_depart for g in occupied)
    assert not any(g.ready_to_depart for g in empty)


def test_headcount_command_json_has_the_agreed_keys(
    day: tuple[ServiceEnv, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk headcount --json`` prints the design's keys per session and per group."""
    env, url = day
    scripted_morning(env)
    code = main(["headcount", "--db", url, "--at", "2025-02-02T09:45", "--session", "AM", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    (morning,) = data["sessions"]
    for key in ("id", "starts_at", "booked", "checked_in", "on_site", "expected", "no_show"):
        assert key in morning
    assert (morning["checked_in"], morning["on_site"], morning["expected"]) == (5, 3, 3)
    for key in ("name", "guide", "count", "capacity"):
        assert key in morning["groups"][0]
