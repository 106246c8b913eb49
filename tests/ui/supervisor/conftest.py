"""A small busy tour on a SQLite file and the console built on it the way the app builds it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in, check_out
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent
from tests.factories import SHANGHAI, Party, add_session, fresh_url

NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)  # 20 minutes before the 09:30 tour

PARTIES = (
    Party("FAMILY33", 3, names=["李华", "李雷", "韩梅梅"], phone="13812345678"),
    Party("PAIR2222", 2, names=["Ada Lovelace", "Bob Smith"], language="en"),
    Party("SOLO1111", 1, names=["王小明"]),
    Party("LATE5555", 2, names=["迟到"]),
    Party("GONE4444", 2, status="cancelled"),
)


@dataclass
class Day:
    env: ServiceEnv
    url: str
    folder: Path


@pytest.fixture
def day(tmp_path: Path, empty_db: Path) -> Iterator[Day]:
    """The 09:30 tour with 8 booked: the family and the pair in, one of them left."""
    built = build_day(fresh_url(empty_db, tmp_path), tmp_path)
    yield built
    built.env.engine.dispose()


def build_day(url: str, tmp_path: Path) -> Day:
    """The scripted day on a migrated, empty database at ``url`` (SQLite or PostgreSQL)."""
    engine = make_engine(url)
    add_session(engine, "AM", groups=2, group_size=5, parties=PARTIES)
    add_session(
        engine,
        "PM",
        starts_at=datetime(2025, 2, 2, 14, 0, tzinfo=SHANGHAI),
        parties=(Party("AFTN6666", 2),),
    )
    settings = replace(Settings(), language="en", print_target="pdf", pdf_dir=str(tmp_path / "out"))
    env = ServiceEnv(engine, settings, Clock.fixed(NOW), kiosk_id="SUP-1")
    gate = replace(env, kiosk_id="GATE-1")
    check_in(gate, "FAMILY33")
    check_in(gate, "PAIR2222")
    check_out(gate, "PAIR2222-2")
    return Day(env, url, tmp_path)


@pytest.fixture
def make_console(qtbot: Any, day: Day) -> Iterator[Callable[..., Any]]:
    """Build the console from an AppContext as the app does; waits for its first counts."""
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.supervisor import build_console, set_console_language

    built: list[Any] = []

    def build(language: str = "en") -> Any:
        context = AppContext(env=day.env, mode="supervisor", translations=Translations(language))
        console = build_console(context)
        qtbot.addWidget(console)
        console.resize(1400, 900)
        built.append((console, context))
        settle(qtbot, console)
        return console

    yield build
    for console, context in built:
        console.shutdown()
        context.worker.wait_for_done(5000)
        context.translations.set_language("en")
    set_console_language("en")


def settle(qtbot: Any, console: Any) -> None:
    """Let every queued query and action finish and its answer reach the widgets."""
    qtbot.waitUntil(lambda: console.context.idle() and console.feed.last is not None, timeout=5000)
    qtbot.wait(10)
    qtbot.waitUntil(console.context.idle, timeout=5000)


def last_event(day: Day) -> ScanEvent:
    """The newest scan event of the day's database."""
    with Session(day.env.engine) as db:
        event = db.exec(select(ScanEvent).order_by(ScanEvent.id.desc())).first()  # type: ignore[union-attr]
    assert event is not None
    return event


def event_count(day: Day) -> int:
    """How many scan events the day's database holds."""
    with Session(day.env.engine) as db:
        return len(db.exec(select(ScanEvent)).all())


def choose(qtbot: Any, console: Any, query: str) -> Any:
    """Find a booking on the tools page and wait until it is chosen; returns the page."""
    tools = console.pages["tools"]
    tools.finder.search(query)
    settle(qtbot, console)
    assert tools.booking.party is not None, tools.status.text()
    return tools
