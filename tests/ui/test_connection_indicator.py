"""The staff's connection indicator, and a gate kiosk of a hub that keeps admitting when cut off.

The window test runs the real kiosk window on a real PostgreSQL hub behind a TCP proxy: the
proxy is cut, the kiosk admits from its replica, the indicator says since when it is offline
and how much waits; healed, the follower uploads and the indicator is back to online.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.env import ServiceEnv
from kiosk.services.local_first import KioskLinkStatus, LocalFirstKiosk
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.ui.connection_indicator import ConnectionIndicator
from kiosk.ui.i18n import Translations
from tests.factories import SHANGHAI, add_session
from tests.support.kiosks import visitors_of
from tests.support.tcp_proxy import TcpProxy, proxied
from tests.ui.conftest import LIVE_NOW, OFFSCREEN_NOISE, PARTIES, STAFF_PIN_HASH, scan, wait_idle

pytestmark = OFFSCREEN_NOISE

SINCE = datetime(2025, 2, 2, 10, 42, tzinfo=SHANGHAI)


def status(**fields: Any) -> KioskLinkStatus:
    base = {"kiosk_id": "GATE-1", "online": True, "offline_since": None, "pending": 0,
            "held": 0, "uploading": False}  # fmt: skip
    return KioskLinkStatus(**{**base, **fields})


@pytest.mark.parametrize(
    ("language", "fields", "text", "state"),
    [
        ("en", {}, "● Online", "online"),
        ("en", {"pending": 12}, "● Online · uploading 12", "uploading"),
        (
            "en",
            {"online": False, "offline_since": SINCE, "pending": 12},
            "● Offline since 10:42 · 12 waiting to upload",
            "offline",
        ),
        (
            "zh",
            {"online": False, "offline_since": SINCE, "pending": 3},
            "● 离线（自 10:42 起） · 3 条待上传",
            "offline",
        ),
        ("en", {"held": 2}, "● Online · 2 held (see supervisor)", "online"),
    ],
)
def test_the_indicator_says_online_offline_since_and_what_waits(
    qtbot: Any, language: str, fields: dict[str, Any], text: str, state: str
) -> None:
    """Each link state reads as staff expect, in the kiosk's language and the site's time."""
    indicator = ConnectionIndicator(Translations(language).message, SHANGHAI)
    qtbot.addWidget(indicator)
    indicator.show_status(status(**fields))
    assert indicator.text() == text
    assert indicator.property("state") == state


def test_the_indicator_follows_a_real_route_from_another_thread(qtbot: Any, tmp_path: Path) -> None:
    """A kiosk's route reports from its own threads; the label changes on the UI thread."""
    import threading

    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", hub_budget_s=0.3)
    route = LocalFirstKiosk(engine, Settings(), "GATE-9", now=lambda: SINCE, folder=tmp_path)
    indicator = ConnectionIndicator(Translations("en").message, SHANGHAI)
    qtbot.addWidget(indicator)
    indicator.bind(route)
    assert indicator.text() == "● Online"
    worker = threading.Thread(target=route.link.mark_offline, args=("cut",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: indicator.text() == "● Offline since 10:42", timeout=3000)
    route.close()
    engine.dispose()


@pytest.fixture
def hub(pg_url: str) -> Iterator[tuple[TcpProxy, str, str]]:
    engine = make_engine(pg_url)
    upgrade(engine)
    add_session(engine, "S1", parties=PARTIES)
    engine.dispose()
    with proxied(pg_url) as (proxy, url):
        yield proxy, url, pg_url


def test_a_gate_kiosk_of_a_hub_keeps_admitting_when_cut_off(
    qtbot: Any, hub: tuple[TcpProxy, str, str], tmp_path: Path
) -> None:
    """Cut off: the scan is admitted from the replica and the indicator shows what waits."""
    from kiosk.ui.app import AppContext
    from kiosk.ui.main_window import MainWindow

    proxy, url, direct = hub
    settings = replace(Settings(), pin_hash=STAFF_PIN_HASH, language="en", hub_timeout_ms=500,
                       hub_probe_s=1, hub_follow_ms=300)  # fmt: skip
    engine = make_engine(url, hub_budget_s=0.5)
    clock = Clock.fixed(LIVE_NOW)
    route = LocalFirstKiosk(
        engine, settings, "GATE-1", now=clock.now, folder=tmp_path / "GATE-1", background=True
    )
    route.sync()
    env = ServiceEnv(engine, settings, clock, "GATE-1", route=route)
    window = MainWindow(AppContext(env=env, mode="gate", translations=Translations("en")))
    qtbot.addWidget(window)
    window.start(connect_input=False)
    wait_idle(qtbot, window)
    try:
        assert window.connection is not None and window.connection.isVisible()
        assert window.connection.text() == "● Online"
        proxy.cut("blackhole")
        result = scan(qtbot, window, "SOLO2345")
        assert result.outcome == "ok" and result.offline
        qtbot.waitUntil(
            lambda: window.connection.text() == "● Offline since 09:10 · 1 waiting to upload",
            timeout=5000,
        )
        assert visitors_of(direct, "SOLO2345") == [(None, None)]
        proxy.heal()
        route.start()
        qtbot.waitUntil(lambda: window.connection.text() == "● Online", timeout=15_000)
        assert [kiosk for kiosk, _ in visitors_of(direct, "SOLO2345")] == ["GATE-1"]
    finally:
        window.shutdown()
        window.quit_app()
        route.close()
        engine.dispose()


def test_a_kiosk_without_a_hub_has_no_indicator(make_window: Any) -> None:
    """A single kiosk on its own SQLite file shows nothing of the kind."""
    window = make_window(mode="gate")
    assert window.connection is None
