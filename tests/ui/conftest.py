"""Fixtures for the kiosk window: a small tour day on SQLite, a frozen clock, a staff PIN."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.pin import hash_pin
from kiosk.services.env import ServiceEnv
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session

# The offscreen platform (tests, CI) warns about every top-level window; it says nothing
# about the kiosk. Each UI test module applies this marker.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread() -> Iterator[None]:
    """As the app does (kiosk.ui.garbage): no automatic collection while a test runs, so a
    worker thread never finalises Qt objects; collect on this (the UI) thread afterwards."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


STAFF_PIN = "2468"
# A cheap scrypt cost keeps PIN tests fast; verify_pin reads the cost from the hash.
STAFF_PIN_HASH = hash_pin(STAFF_PIN, n=2**8)
LIVE_NOW = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)  # 20 min before the 09:30 tour

PARTIES = (
    Party("SOLO2345", 1, names=["王小明"]),
    Party("FAMILY34", 3, names=["李华", "李雷", ""]),
    Party(
        "PAIR4567",
        2,
        names=["Chloé Martin", "Jürgen Weber"],
        language="en",
        phone="+44 7700 900876",
    ),
    Party("GONE5678", 2, names=["赵六"], status="cancelled"),
)


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate and fill one database per run; each test gets a copy (Alembic is slow)."""
    path = tmp_path_factory.mktemp("ui-template") / "kiosk.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    add_session(engine, "S1", parties=PARTIES)
    add_session(  # its check-in closed at 08:50
        engine,
        "S0",
        starts_at=datetime(2025, 2, 2, 8, 30, tzinfo=SHANGHAI),
        parties=(Party("LATE2345", 1, names=["迟到"]),),
    )
    add_session(  # its check-in opens at 10:15
        engine,
        "S3",
        starts_at=datetime(2025, 2, 2, 11, 0, tzinfo=SHANGHAI),
        parties=(Party("EARLY234", 1, names=["早到"]),),
    )
    add_session(
        engine,
        "S2",
        starts_at=datetime(2025, 2, 3, 9, 30, tzinfo=SHANGHAI),
        parties=(Party("TMRW7890", 2, names=["明天见"]),),
    )
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def kiosk_env(tmp_path: Path, _template_db: Path) -> Iterator[ServiceEnv]:
    """A migrated SQLite database with the 2 Feb tours, a clock inside the 09:30 window."""
    path = tmp_path / "kiosk.db"
    shutil.copyfile(_template_db, path)
    engine = make_engine(f"sqlite:///{path}")
    settings = replace(Settings(), pin_hash=STAFF_PIN_HASH, language="en", idle_timeout_s=30)
    yield ServiceEnv(engine, settings, Clock.fixed(LIVE_NOW), kiosk_id="GATE-1")
    engine.dispose()


@pytest.fixture
def make_window(qtbot: Any, kiosk_env: ServiceEnv) -> Iterator[Callable[..., Any]]:
    """Build a started MainWindow in a mode and language; stops it cleanly afterwards."""
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.main_window import MainWindow

    windows: list[Any] = []

    def build(mode: str = "gate", language: str = "en", **settings: Any) -> MainWindow:
        env = replace(kiosk_env, settings=replace(kiosk_env.settings, **settings))
        context = AppContext(env=env, mode=mode, translations=Translations(language))
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.start(connect_input=False)
        wait_idle(qtbot, window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.shutdown()
        window.context.translations.set_language("en")  # no translator left for the next test
        window.quit_app()


def wait_idle(qtbot: Any, window: Any) -> None:
    """Let queued service calls finish and their answers reach the UI."""
    qtbot.waitUntil(lambda: window.context.worker.idle, timeout=5000)


def scan(qtbot: Any, window: Any, text: str) -> Any:
    """Scan ``text`` the way the scanner does; wait for the result or the Party page."""
    seen: list[Any] = []
    window.result_shown.connect(seen.append)
    window.party_shown.connect(seen.append)
    try:
        window.handle_scan(text)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    finally:
        window.result_shown.disconnect(seen.append)
        window.party_shown.disconnect(seen.append)
    return seen[0]


def type_pin(window: Any, pin: str) -> None:
    """Type ``pin`` on the PIN page's keys and press OK."""
    page = window.pin_page
    for digit in pin:
        if digit == "0":
            page.zero_button.click()
        else:
            page.keypad.keys[digit].click()
    page.ok_button.click()


def press(window: Any, key: Qt.Key, modifiers: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """Deliver a key press through the application, as a real keyboard would."""
    target = QApplication.focusWidget() or window
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers))
