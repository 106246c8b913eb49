"""Live console: a check-in written by another process shows at once, in place, on every page.

Commits arrive as they happen (LISTEN/NOTIFY on PostgreSQL, ``data_version`` on SQLite), so
these tests set the poll interval to an hour: no poll tick can be what brought the change.
Polling is still the fallback, proven with the live feed switched off.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.ui.supervisor import live
from tests.ui.supervisor.conftest import Day, build_day, settle

CHECKIN_IN_ANOTHER_PROCESS = "from kiosk.cli import main; raise SystemExit(main())"
AN_HOUR_MS = 3_600_000


def kiosk_command(day: Day, *args: str) -> None:
    """Run ``kiosk ARGS --db URL`` in another process, as another kiosk would."""
    done = subprocess.run(
        [sys.executable, "-c", CHECKIN_IN_ANOTHER_PROCESS, *args, "--db", day.url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def check_in_elsewhere(day: Day, code: str, kiosk: str = "GATE-9") -> None:
    kiosk_command(day, "checkin", code, "--at", "2025-02-02T09:09", "--kiosk-id", kiosk)


@pytest.fixture(params=["sqlite", "postgres"])
def any_day(request: pytest.FixtureRequest, tmp_path: Path, empty_db: Path) -> Iterator[Day]:
    """The scripted day on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        from tests.factories import fresh_url

        url = fresh_url(empty_db, tmp_path)
    else:
        url = request.getfixturevalue("pg_url")
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    built = build_day(url, tmp_path)
    yield built
    built.env.engine.dispose()


@pytest.fixture
def live_console(
    qtbot: Any, any_day: Day, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, Day]]:
    """The console on ``any_day``, following commits, with its poll timer an hour long."""
    from kiosk.ui.app import AppContext
    from kiosk.ui.i18n import Translations
    from kiosk.ui.supervisor import build_console

    monkeypatch.setattr(live, "POLL_MS", AN_HOUR_MS)
    context = AppContext(env=any_day.env, mode="supervisor", translations=Translations("en"))
    console = build_console(context)
    qtbot.addWidget(console)
    console.resize(1400, 900)
    settle(qtbot, console)
    feed = console.feed
    assert feed.live is not None
    qtbot.waitUntil(lambda: feed.live.opened.is_set() and feed.following, timeout=10_000)
    yield console, any_day
    console.shutdown()
    context.worker.wait_for_done(5000)


@pytest.mark.slow
def test_dashboard_follows_another_process_without_a_poll_tick(
    qtbot: Any, live_console: tuple[Any, Day]
) -> None:
    """Another process admits the solo visitor: 5 → 6 in place, no reset, no full reload."""
    console, day = live_console
    dashboard = console.pages["dashboard"]
    assert console.feed.live.mode == ("data_version" if day.url.startswith("sqlite") else "listen")
    assert dashboard.tiles["checked_in"].number.text() == "5"
    with (
        qtbot.assertNotEmitted(dashboard.sessions_model.modelReset),
        qtbot.assertNotEmitted(console.feed.reload_needed),
        qtbot.waitSignal(console.feed.rows_changed, timeout=5000) as changed,
    ):
        check_in_elsewhere(day, "SOLO1111")
        qtbot.waitUntil(lambda: dashboard.tiles["checked_in"].number.text() == "6", timeout=2000)
    assert dashboard.sessions_model.text(0, "in") == "6"
    assert dashboard.tiles["expected"].number.text() == "2"
    assert changed.args[0].notes[0].kiosk_id == "GATE-9"
    assert "GATE-9" in [line.kiosk_id for line in dashboard.kiosks_model.rows()]
    settle(qtbot, console)


@pytest.mark.slow
def test_roster_and_log_gain_rows_without_reloading(
    qtbot: Any, live_console: tuple[Any, Day]
) -> None:
    """The roster gets the new visitor's line and the log its event on top: inserts only."""
    console, day = live_console
    roster = console.pages["roster"]
    audit = console.pages["audit"]
    console.show()
    console.show_page("audit")
    settle(qtbot, console)
    console.show_page("roster")
    settle(qtbot, console)
    people, events = roster.model.rowCount(), audit.model.rowCount()
    console.show_page("audit")
    with (
        qtbot.assertNotEmitted(roster.model.modelReset),
        qtbot.assertNotEmitted(audit.model.modelReset),
        qtbot.waitSignal(audit.model.rowsInserted, timeout=5000) as inserted,
    ):
        check_in_elsewhere(day, "SOLO1111")
        qtbot.waitUntil(lambda: roster.model.rowCount() == people + 1, timeout=5000)
    assert (inserted.args[1], inserted.args[2]) == (0, 0)
    assert audit.model.rowCount() == events + 1 and audit.model.text(0, "kiosk") == "GATE-9"
    assert "王小明" in [roster.model.text(i, "name") for i in range(roster.model.rowCount())]
    with qtbot.assertNotEmitted(roster.model.modelReset):
        kiosk_command(day, "checkout", "SOLO1111-1", "--at", "2025-02-02T09:20")
        qtbot.waitUntil(lambda: roster.model.rowCount() == people, timeout=5000)
    settle(qtbot, console)


@pytest.mark.slow
def test_a_walk_in_elsewhere_recounts_everything(qtbot: Any, live_console: tuple[Any, Day]) -> None:
    """A walk-in adds a booking (a program change): all counts reload, booked 8 → 10."""
    from dataclasses import replace

    from kiosk.services.staff_actions import walk_in

    console, day = live_console
    dashboard = console.pages["dashboard"]
    assert dashboard.tiles["booked"].number.text() == "8"
    with qtbot.waitSignal(console.feed.reload_needed, timeout=5000):
        walk_in(replace(day.env, kiosk_id="GATE-3", operator="Mia"), "AM", size=2)
    qtbot.waitUntil(lambda: dashboard.tiles["booked"].number.text() == "10", timeout=2000)
    assert dashboard.tiles["checked_in"].number.text() == "7"
    settle(qtbot, console)


@pytest.mark.slow
def test_polling_still_follows_without_the_live_feed(
    qtbot: Any, day: Day, make_console: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With commits not followed live, the change token poll brings the check-in within 2 s."""
    monkeypatch.setattr(live, "FOLLOW_COMMITS", False)
    console = make_console()
    dashboard = console.pages["dashboard"]
    assert console.feed.live is None and not console.feed.following
    assert dashboard.tiles["checked_in"].number.text() == "5"
    check_in_elsewhere(day, "SOLO1111")
    with qtbot.assertNotEmitted(dashboard.sessions_model.modelReset):
        qtbot.waitUntil(lambda: dashboard.sessions_model.text(0, "in") == "6", timeout=2000)
        qtbot.waitUntil(lambda: dashboard.tiles["checked_in"].number.text() == "6", timeout=2000)
    assert dashboard.tiles["expected"].number.text() == "2"
    assert "GATE-9" in [line.kiosk_id for line in dashboard.kiosks_model.rows()]
    settle(qtbot, console)


@pytest.mark.slow
def test_unchanged_token_does_not_touch_the_models(
    qtbot: Any, make_console: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polls that find nothing new emit no model signal at all."""
    monkeypatch.setattr(live, "FOLLOW_COMMITS", False)
    console = make_console()
    dashboard = console.pages["dashboard"]
    with (
        qtbot.assertNotEmitted(dashboard.sessions_model.dataChanged, wait=1500),
        qtbot.assertNotEmitted(dashboard.groups_model.dataChanged),
        qtbot.assertNotEmitted(dashboard.sessions_model.modelReset),
    ):
        console.feed.poll()
    settle(qtbot, console)
