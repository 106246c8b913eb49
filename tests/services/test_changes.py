"""The change feed: what another process commits reaches this one, with what changed and where."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import psycopg
import pytest
from sqlalchemy import insert
from sqlalchemy.engine import Engine

from kiosk.core.changes import Change
from kiosk.services.changes import ChangeBatch, ChangeFeed, follow_changes
from kiosk.services.checkin import check_in
from kiosk.services.staff_actions import reveal_phone
from kiosk.store.audit import record_event
from kiosk.store.db import write_connection
from kiosk.store.models import ScanEvent, table_of
from tests.factories import Party
from tests.services.conftest import IN_WINDOW, make_env, setup

PARTIES = (Party("FAMILY33", 3), Party("SOLO1111", 1), Party("PAIR2222", 2))
CLI = "from kiosk.cli import main; raise SystemExit(main())"


def check_in_elsewhere(engine: Engine, code: str, kiosk: str = "GATE-9") -> None:
    """Run `kiosk checkin` in a separate process, as another kiosk would."""
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", CLI, "checkin", code, "--db", url,
         "--at", IN_WINDOW.isoformat(), "--kiosk-id", kiosk],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def next_batch(feed: ChangeFeed, timeout_s: float = 10.0) -> ChangeBatch:
    batch = feed.wait(timeout_s)
    assert batch is not None, f"no change reached the feed within {timeout_s} s ({feed.mode})"
    return batch


@pytest.fixture
def day(engine: Engine) -> Engine:
    setup(engine, *PARTIES)
    return engine


def test_a_check_in_in_another_process_reaches_the_feed(day: Engine) -> None:
    """Another process admits the family: one note says who, where and which kind of change."""
    with ChangeFeed(day) as feed:
        assert feed.mode == ("data_version" if day.dialect.name == "sqlite" else "listen")
        check_in_elsewhere(day, "FAMILY33")
        batch = next_batch(feed)
    assert not batch.everything
    [note] = batch.notes
    assert (note.action, note.kiosk_id, note.session_id) == ("checkin", "GATE-9", "S1")
    assert note.change is Change.CHECKINS
    assert note.visitor_ids is not None and len(note.visitor_ids) == 3
    assert batch.session_ids == {"S1"} and batch.visitor_ids == set(note.visitor_ids)


def test_a_refused_scan_only_grows_the_log(day: Engine) -> None:
    """An unknown code is logged, but it changes no count: the note's kind is None."""
    with ChangeFeed(day) as feed:
        result = check_in(make_env(day, kiosk="GATE-2"), "NOSUCHCODE")
        batch = next_batch(feed)
    [note] = batch.notes
    assert note.event_id == result.event_id and note.change is None
    assert batch.session_ids == set() and batch.visitor_ids == set()


def test_changes_of_this_process_come_too_in_order(day: Engine) -> None:
    """Check-ins and a staff action made here arrive as notes, oldest first, none twice."""
    env = make_env(day, kiosk="GATE-1", operator="Mia")
    with ChangeFeed(day) as feed:
        first = check_in(env, "SOLO1111")
        second = check_in(env, "PAIR2222")
        reveal_phone(env, "PAIR2222", reason="lost child")
        notes = []
        deadline = time.monotonic() + 10
        while len(notes) < 3 and time.monotonic() < deadline:
            batch = feed.wait(1.0)
            if batch is not None:
                notes += batch.notes
    assert [n.event_id for n in notes[:2]] == [first.event_id, second.event_id]
    assert [n.action for n in notes] == ["checkin", "checkin", "reveal_phone"]
    assert notes[2].change is None


def test_a_rolled_back_change_is_never_announced(day: Engine) -> None:
    """An event written in a transaction that fails sends nothing; the next commit does."""
    env = make_env(day)
    with ChangeFeed(day) as feed:
        with pytest.raises(RuntimeError), write_connection(day) as conn:
            record_event(conn, at=IN_WINDOW, kiosk_id="K1", operator="", action="checkin",
                         outcome="ok", raw_input="X", session_id="S1", visitor_ids=[1])  # fmt: skip
            raise RuntimeError("the check-in failed after logging")
        assert feed.wait(1.0) is None
        done = check_in(env, "SOLO1111")
        batch = next_batch(feed)
    assert batch.event_ids == (done.event_id,)


def test_nothing_changed_means_no_batch(day: Engine) -> None:
    """A quiet database gives None after the timeout, not an empty batch."""
    with ChangeFeed(day) as feed:
        began = time.monotonic()
        assert feed.wait(0.3) is None
        assert time.monotonic() - began >= 0.29


def test_polling_follows_when_listen_is_not_used(day: Engine) -> None:
    """Without LISTEN (or data_version) the feed polls: a change says 'reload everything'."""
    if day.dialect.name == "sqlite":
        pytest.skip("SQLite always has data_version")
    with ChangeFeed(day, listen=False, poll_s=0.2) as feed:
        assert feed.mode == "poll"
        check_in_elsewhere(day, "SOLO1111")
        batch = next_batch(feed)
    assert batch.everything and batch.reason.startswith("polled")


def test_polling_notices_a_sync(day: Engine) -> None:
    """Polling reads the newest sync run too: an import alone moves the screens."""
    from kiosk.paths import SAMPLES
    from kiosk.services.sync import sync_files

    if day.dialect.name == "sqlite":
        pytest.skip("SQLite always has data_version")
    with ChangeFeed(day, listen=False, poll_s=0.2) as feed:
        sync_files(make_env(day), [SAMPLES / "roster.csv"])
        batch = next_batch(feed)
    assert batch.everything


def test_a_sync_asks_for_a_full_reload(day: Engine) -> None:
    """A sync logs no event, but the feed notices its run and says 'reload everything'."""
    from kiosk.paths import SAMPLES
    from kiosk.services.sync import sync_files

    with ChangeFeed(day, verify_s=0.2) as feed:
        sync_files(make_env(day), [SAMPLES / "roster.csv"])
        deadline = time.monotonic() + 10
        batch = None
        while (batch is None or not batch.everything) and time.monotonic() < deadline:
            batch = feed.wait(0.5)
    assert batch is not None and batch.everything
    assert batch.reason == "the program was synced"


def test_follow_changes_stops_when_asked(day: Engine) -> None:
    """The iterator yields batches from its own thread and ends soon after ``stop`` is set."""
    stop = threading.Event()
    batches: list[ChangeBatch] = []

    def follow() -> None:
        for batch in follow_changes(day, stop):
            batches.append(batch)

    thread = threading.Thread(target=follow)
    thread.start()
    try:
        time.sleep(0.5)  # the feed is open once its first wait began
        check_in(make_env(day), "SOLO1111")
        deadline = time.monotonic() + 10
        while not batches and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    assert batches and batches[0].notes[0].action == "checkin"


# --- PostgreSQL: a lost connection, and events that came without a notification -------------


@pytest.fixture
def pg_day(pg_url: str) -> Engine:
    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import upgrade

    engine = make_engine(pg_url)
    upgrade(engine)
    setup(engine, *PARTIES)
    return engine


def test_a_lost_listening_connection_reloads_then_listens_again(pg_day: Engine) -> None:
    """The server ends the listener's connection: 'reload everything', then notes again."""
    with ChangeFeed(pg_day, retry_s=0.2, poll_s=0.2) as feed:
        pid = feed.listener_pid
        assert pid is not None
        url = pg_day.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        lost = next_batch(feed)
        assert lost.everything and "stopped listening" in lost.reason
        back = next_batch(feed)
        assert back.everything and back.reason == "listening again"
        assert feed.mode == "listen" and feed.listener_pid != pid
        check_in_elsewhere(pg_day, "SOLO1111")
        batch = next_batch(feed)
    assert not batch.everything and batch.notes[0].kiosk_id == "GATE-9"


def test_an_event_without_notification_is_caught_by_the_check(pg_day: Engine) -> None:
    """A kiosk of an older release logs without NOTIFY: the slow check asks for a reload."""
    scan_event = table_of(ScanEvent)
    with ChangeFeed(pg_day, verify_s=0.3) as feed:
        with write_connection(pg_day) as conn:
            conn.execute(insert(scan_event).values(at=IN_WINDOW, kiosk_id="OLD-1",
                                                   action="checkin", outcome="ok"))  # fmt: skip
        deadline = time.monotonic() + 10
        batch = None
        while batch is None and time.monotonic() < deadline:
            batch = feed.wait(0.5)
    assert batch is not None and batch.everything
    assert "without a notification" in batch.reason
