"""The audit writer and reader: inputs never in clear, events filtered, newest first."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from kiosk.core.masking import digest_secret, hint
from kiosk.store.audit import event_facets, events, record_event
from kiosk.store.models import ScanEvent
from tests.factories import SHANGHAI
from tests.support.rows import stored_row

NINE = datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI)
SECRET = "pretix-secret-4kq8zv2mw9xt"


def record(
    engine: Engine,
    *,
    at: datetime = NINE,
    kiosk_id: str = "GATE-1",
    action: str = "scan",
    outcome: str = "ok",
    raw_input: str | None = "AAAA1111",
    **more: Any,
) -> int:
    """Append one event in its own transaction, with plain values the test does not care about."""
    with engine.begin() as conn:
        return record_event(
            conn,
            at=at,
            kiosk_id=kiosk_id,
            operator="",
            action=action,
            outcome=outcome,
            raw_input=raw_input,
            **more,
        )


def test_the_input_is_stored_only_as_digest_and_hint(database: Engine) -> None:
    """A scanned secret leaves a digest and a short hint; no column holds it in clear."""
    event_id = record(database, raw_input=SECRET, reservation_code="AAAA1111")
    row = stored_row(database, ScanEvent, event_id)
    assert row["input_digest"] == digest_secret(SECRET)
    assert row["input_hint"] == hint(SECRET)
    assert all(SECRET not in str(value) for value in row.values())
    assert len(row["input_hint"]) < len(SECRET) // 2


def test_the_same_input_gives_the_same_digest(database: Engine) -> None:
    """Two scans of one code can be told to be the same without storing it; another differs."""
    first = stored_row(database, ScanEvent, record(database, raw_input=SECRET))
    again = stored_row(database, ScanEvent, record(database, raw_input=SECRET))
    other = stored_row(database, ScanEvent, record(database, raw_input=SECRET + "x"))
    assert first["input_digest"] == again["input_digest"]
    assert other["input_digest"] != first["input_digest"]


def test_an_event_without_input_stores_no_digest(database: Engine) -> None:
    """Sync events have no input: digest and hint stay empty."""
    row = stored_row(database, ScanEvent, record(database, action="sync", raw_input=None))
    assert (row["input_digest"], row["input_hint"]) == ("", "")


def test_visitor_ids_and_detail_are_stored_readably(database: Engine) -> None:
    """Visitor ids are a comma list; detail is JSON that keeps Chinese text as written."""
    detail = {"reason": "团体已满", "overflow": True, "groups": ["A", "B"]}
    event_id = record(database, visitor_ids=[7, 3, 12], detail=detail, session_id="S1")
    row = stored_row(database, ScanEvent, event_id)
    assert row["visitor_ids"] == "7,3,12"
    assert json.loads(row["detail"]) == detail
    assert "团体已满" in row["detail"]
    assert row["session_id"] == "S1"


def test_no_visitors_and_no_detail_store_empty_text(database: Engine) -> None:
    """An event that touched nobody and has no detail leaves both columns empty."""
    row = stored_row(database, ScanEvent, record(database, outcome="unknown"))
    assert (row["visitor_ids"], row["detail"], row["reservation_code"]) == ("", "", None)


def test_record_event_returns_the_new_rows_id(database: Engine) -> None:
    """Each call returns the id of the row it wrote, and later rows get larger ids."""
    first = record(database, outcome="ok")
    second = record(database, outcome="partial")
    assert second > first
    assert stored_row(database, ScanEvent, first)["outcome"] == "ok"
    assert stored_row(database, ScanEvent, second)["outcome"] == "partial"


def test_events_come_newest_first_with_what_was_recorded(database: Engine) -> None:
    """The reader lists the latest event first and carries its hint, never its digest."""
    for minute, outcome in enumerate(("ok", "partial", "too_early")):
        record(database, at=NINE + timedelta(minutes=minute), outcome=outcome, raw_input=SECRET)
    with database.connect() as conn:
        found = events(conn)
    assert [e.outcome for e in found] == ["too_early", "partial", "ok"]
    assert found[0].at == NINE + timedelta(minutes=2)
    assert found[0].input_hint == hint(SECRET)


def test_events_filter_by_kiosk_outcome_and_action(database: Engine) -> None:
    """Each filter keeps only matching events; filters combine."""
    record(database, kiosk_id="GATE-1", outcome="ok", action="scan")
    record(database, kiosk_id="GATE-2", outcome="ok", action="scan")
    record(database, kiosk_id="GATE-2", outcome="unknown", action="scan")
    record(database, kiosk_id="SUP-1", outcome="ok", action="move")
    with database.connect() as conn:
        by_kiosk = events(conn, kiosk_id="GATE-2")
        by_outcome = events(conn, outcome="ok")
        by_action = events(conn, action="move")
        combined = events(conn, kiosk_id="GATE-2", outcome="ok")
    assert [(e.kiosk_id, e.outcome) for e in by_kiosk] == [("GATE-2", "unknown"), ("GATE-2", "ok")]
    assert [e.kiosk_id for e in by_outcome] == ["SUP-1", "GATE-2", "GATE-1"]
    assert [(e.kiosk_id, e.action) for e in by_action] == [("SUP-1", "move")]
    assert [(e.kiosk_id, e.outcome) for e in combined] == [("GATE-2", "ok")]


def test_events_between_two_instants_include_both_ends(database: Engine) -> None:
    """``since`` and ``until`` bound the time of the event inclusively, in any time zone."""
    for minute in range(5):
        record(database, at=NINE + timedelta(minutes=minute), outcome=f"m{minute}")
    with database.connect() as conn:
        window = events(
            conn,
            since=(NINE + timedelta(minutes=1)).astimezone(SHANGHAI),
            until=(NINE + timedelta(minutes=3)).astimezone(UTC),
        )
        later = events(conn, since=NINE + timedelta(minutes=3, seconds=1))
    assert [e.outcome for e in window] == ["m3", "m2", "m1"]
    assert [e.outcome for e in later] == ["m4"]


def test_events_stop_at_the_limit_keeping_the_newest(database: Engine) -> None:
    """A limit returns that many events, the newest ones."""
    for minute in range(6):
        record(database, at=NINE + timedelta(minutes=minute), outcome=f"m{minute}")
    with database.connect() as conn:
        found = events(conn, limit=2)
    assert [e.outcome for e in found] == ["m5", "m4"]


def test_event_facets_list_each_kiosk_outcome_and_action_once_sorted(database: Engine) -> None:
    """The filters offer every value the log holds, once each, in order."""
    record(database, kiosk_id="GATE-2", outcome="ok", action="scan")
    record(database, kiosk_id="GATE-1", outcome="unknown", action="scan")
    record(database, kiosk_id="GATE-2", outcome="ok", action="checkout")
    record(database, kiosk_id="SUP-1", outcome="done", action="move")
    with database.connect() as conn:
        kiosks, outcomes, actions = event_facets(conn)
    assert kiosks == ["GATE-1", "GATE-2", "SUP-1"]
    assert outcomes == ["done", "ok", "unknown"]
    assert actions == ["checkout", "move", "scan"]


def test_event_facets_of_an_empty_log_are_empty(database: Engine) -> None:
    """A new database offers no filter values."""
    with database.connect() as conn:
        assert event_facets(conn) == ([], [], [])
