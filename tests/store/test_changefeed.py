"""The hub's change feed: a cursor that concurrent writers cannot slip past, and deletions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from kiosk.store import changefeed
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import TourGroup, Visitor, table_of
from tests.factories import SHANGHAI, Party, add_session

VISITOR = table_of(Visitor)
GROUP = table_of(TourGroup)


@pytest.fixture
def hub(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    add_session(
        engine,
        starts_at=datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI),
        parties=[Party("AAA", 1), Party("BBB", 1), Party("CCC", 2)],
    )
    yield engine
    engine.dispose()


def _read(engine: Engine, since: int | None) -> tuple[int, dict[str, list[tuple[object, ...]]]]:
    """One follower read: the new cursor and the changed rows per table."""
    with engine.connect() as conn, conn.begin():
        cursor = changefeed.begin_snapshot(conn)
        rows = {
            table.name: [row for chunk in changefeed.changed_rows(conn, table, since)
                         for row in chunk]
            for table in changefeed.REPLICATED
        }  # fmt: skip
    return cursor, rows


def _visitor_id(conn: Connection, badge: str) -> int:
    return int(
        conn.execute(
            text("SELECT id FROM visitor WHERE badge_code = :b"), {"b": badge}
        ).scalar_one()
    )


def _names(rows: list[tuple[object, ...]]) -> dict[object, object]:
    name = [c.name for c in VISITOR.c].index("name")
    badge = [c.name for c in VISITOR.c].index("badge_code")
    return {row[badge]: row[name] for row in rows}


def _settled_cursor(hub: Engine) -> int:
    """A cursor past every row written so far.

    Until no older transaction runs on the server (the test server creates databases for
    other tests in the background) a read's cursor stays below them and they are read again.
    """
    with hub.connect() as conn:
        newest = int(conn.execute(text("SELECT MAX(hub_xid) FROM visitor")).scalar_one())
    for _ in range(200):
        cursor, _ = _read(hub, None)
        if cursor > newest:
            return cursor
        time.sleep(0.05)
    raise AssertionError("the server kept an old transaction open for 10 s")


def test_a_transaction_that_commits_late_is_read_on_the_next_pull(hub: Engine) -> None:
    """A writer that took its id first but committed last is not skipped by the cursor."""
    cursor = _settled_cursor(hub)
    late = hub.connect()
    early = hub.connect()
    try:
        late_tx = late.begin()
        late.execute(text("UPDATE visitor SET name = 'late' WHERE badge_code = 'AAA-1'"))
        late_xid = int(late.execute(text("SELECT txid_current()")).scalar_one())
        with early.begin():
            early.execute(text("UPDATE visitor SET name = 'early' WHERE badge_code = 'BBB-1'"))
            early_xid = int(early.execute(text("SELECT txid_current()")).scalar_one())
        assert late_xid < early_xid  # the order a plain sequence number would get wrong

        cursor_after_early, rows = _read(hub, cursor)
        assert _names(rows["visitor"]) == {"BBB-1": "early"}
        assert cursor_after_early <= late_xid  # the late writer is still running: not past it
        late_tx.commit()
    finally:
        late.close()
        early.close()

    final_cursor, rows = _read(hub, cursor_after_early)
    assert _names(rows["visitor"]).get("AAA-1") == "late"
    # A cursor that had jumped to the highest id seen would have skipped it forever:
    with hub.connect() as conn:
        skipped = conn.execute(
            text("SELECT COUNT(*) FROM visitor WHERE hub_xid > :x AND badge_code = 'AAA-1'"),
            {"x": early_xid},
        ).scalar_one()
    assert skipped == 0
    assert final_cursor > late_xid


def test_when_nothing_changed_a_read_returns_nothing(hub: Engine) -> None:
    """Once no older transaction runs (on any database of the server), a read finds nothing."""
    _, rows = _read(hub, _settled_cursor(hub))
    assert all(found == [] for found in rows.values())


def test_every_replicated_row_is_stamped_on_insert_and_update(hub: Engine) -> None:
    """Rows inserted by the ORM and updated later all carry the writing transaction's id."""
    with hub.connect() as conn:
        for table in changefeed.REPLICATED:
            missing = conn.execute(
                text(f"SELECT COUNT(*) FROM {table.name} WHERE hub_xid IS NULL")
            ).scalar_one()
            assert missing == 0, table.name


def test_deletions_are_recorded_for_followers(hub: Engine) -> None:
    """A surplus visitor and an empty group removed on the hub show up as deletions."""
    cursor, _ = _read(hub, None)
    with hub.begin() as conn:
        visitor = _visitor_id(conn, "CCC-2")
        conn.execute(text("DELETE FROM visitor WHERE id = :v"), {"v": visitor})
        group = int(conn.execute(text("SELECT MAX(id) FROM tour_group")).scalar_one())
        conn.execute(text("DELETE FROM tour_group WHERE id = :g"), {"g": group})
    with hub.connect() as conn, conn.begin():
        changefeed.begin_snapshot(conn)
        gone = changefeed.deletions(conn, cursor)
    assert gone == {"visitor": [str(visitor)], "tour_group": [str(group)]}
