"""A kiosk of a hub: online the hub decides, offline the replica does, back online it uploads.

Real parts: a PostgreSQL hub, a TCP proxy between the kiosk and the hub that cuts and heals,
the kiosk's replica and outbox files in a temporary data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.services.checkin import check_in, check_out, preview_scan, undo_check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.headcount import headcount
from kiosk.services.local_first import LocalFirstKiosk, OfflineRefusal
from kiosk.store.engine import make_engine
from kiosk.store.hub import conflicts
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session
from tests.support.kiosks import FAST, Kiosk, visitors_of
from tests.support.kiosks import open_kiosk as support_open_kiosk
from tests.support.tcp_proxy import TcpProxy, proxied

STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
SCAN_AT = datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI)
SETTINGS = FAST
PARTIES = [Party(f"P{index:03d}", 1 + index % 3) for index in range(12)]


@pytest.fixture
def hub_url(pg_url: str) -> str:
    engine = make_engine(pg_url)
    upgrade(engine)
    add_session(engine, starts_at=STARTS, parties=PARTIES)
    engine.dispose()
    return pg_url


@pytest.fixture
def proxy(hub_url: str) -> Iterator[tuple[TcpProxy, str]]:
    with proxied(hub_url) as pair:
        yield pair


def open_kiosk(url: str, kiosk_id: str, folder: Path, *, at: datetime = SCAN_AT) -> Kiosk:
    return support_open_kiosk(url, kiosk_id, folder, at=at)


def hub_visitors(url: str, code: str) -> list[tuple[object, ...]]:
    return visitors_of(url, code)


def test_online_the_hub_decides_and_the_replica_follows(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """An online check-in is on the hub at once and mirrored into the kiosk's replica."""
    _proxy, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    result = check_in(kiosk.env, "P001")
    assert result.outcome == "ok" and not result.offline
    assert [k for k, _ in hub_visitors(hub_url, "P001")] == ["K1", "K1"]
    with kiosk.route.replica.engine.connect() as conn:
        inside = conn.execute(
            text("SELECT COUNT(*) FROM visitor WHERE checked_in_at IS NOT NULL")
        ).scalar_one()
    assert inside == 2
    assert kiosk.route.outbox.counts().pending == 0
    kiosk.close()


def test_offline_the_replica_decides_and_the_outbox_uploads_once(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """Cut off, the kiosk admits from its replica; healed, the hub gets it once, original time."""
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    kiosk.route.sync()  # the replica is built while the hub answers
    cut.cut("blackhole")
    result = check_in(kiosk.env, "P002")
    assert result.outcome == "ok" and result.offline
    assert result.admitted == 3
    assert check_in(kiosk.env, "P002").outcome == "already_checked_in"
    assert kiosk.route.status().pending == 2
    assert hub_visitors(hub_url, "P002")[0] == (None, None)

    cut.heal()
    drained, _pulled = kiosk.route.sync()
    assert drained.reached_hub and drained.uploaded == 2 and not drained.conflicts
    assert hub_visitors(hub_url, "P002") == [("K1", SCAN_AT)] * 3
    again, _ = kiosk.route.sync()
    assert again.uploaded == 0 and kiosk.route.status().pending == 0
    kiosk.close()


def test_the_first_scan_waits_then_the_kiosk_stays_offline(
    proxy: tuple[TcpProxy, str], tmp_path: Path
) -> None:
    """After the first failed scan the next scans do not try the hub until a probe is due."""
    cut, url = proxy
    settings = Settings(hub_timeout_ms=500, hub_probe_s=3600)
    engine = make_engine(url, hub_budget_s=0.5)
    clock = Clock.fixed(SCAN_AT)
    route = LocalFirstKiosk(engine, settings, "K1", now=clock.now, folder=tmp_path / "K1")
    route.sync()
    env = ServiceEnv(engine, settings, clock, "K1", route=route)
    cut.cut("blackhole")
    before = cut.connections_made
    assert check_in(env, "P003").offline
    assert not route.link.online
    assert route.link.state.offline_since == SCAN_AT
    assert check_in(env, "P004").offline
    assert check_in(env, "P005").offline
    cut.heal()
    assert check_in(env, "P006").offline  # no probe due: still offline, the hub untried
    assert cut.connections_made == before
    route.close()
    engine.dispose()


def test_a_visitor_admitted_on_both_sides_is_one_conflict_naming_both_kiosks(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """K1 cut off and K2 online admit the same party: the upload records a conflict per person."""
    cut, url = proxy
    k1 = open_kiosk(url, "K1", tmp_path)
    k1.route.sync()
    k2 = open_kiosk(hub_url, "K2", tmp_path, at=SCAN_AT + timedelta(minutes=2))
    cut.cut("close")
    assert check_in(k1.env, "P007").offline
    assert check_in(k2.env, "P007").outcome == "ok"
    cut.heal()
    drained, _ = k1.route.sync()
    assert drained.uploaded == 1
    kinds = sorted((c.kind, c.kiosks, c.visitor_seq) for c in drained.conflicts)
    assert kinds == [("double_admission", ("K2", "K1"), seq) for seq in (1, 2)]
    engine = make_engine(hub_url)
    with engine.connect() as conn:
        recorded = conflicts(conn)
    engine.dispose()
    assert {(c.kiosk_a, c.kiosk_b, c.at_b) for c in recorded} == {("K2", "K1", SCAN_AT)}
    assert all(c.at_a == SCAN_AT + timedelta(minutes=2) for c in recorded)
    assert [k for k, _ in hub_visitors(hub_url, "P007")] == ["K2", "K2"]  # the first stands
    k1.close()
    k2.close()


def test_offline_check_out_is_queued_and_undo_is_refused(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """Check-out works offline and uploads; undo says it needs the server and changes nothing."""
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    assert check_in(kiosk.env, "P008").outcome == "ok"
    cut.cut("close")
    assert check_out(kiosk.env, "P008").offline
    with pytest.raises(OfflineRefusal, match="needs the shared server"):
        undo_check_in(kiosk.env, "P008", reason="mistake")
    assert preview_scan(kiosk.env, "P008").outcome == "already_checked_in"
    cut.heal()
    kiosk.route.sync()
    engine = make_engine(hub_url)
    with engine.connect() as conn:
        out = conn.execute(
            text(
                "SELECT COUNT(*) FROM visitor v JOIN reservation r ON r.id = v.reservation_id"
                " WHERE r.code = 'P008' AND v.checked_out_at IS NOT NULL"
            )
        ).scalar_one()
    engine.dispose()
    assert out == 3
    kiosk.close()


def test_headcounts_of_the_replica_and_the_hub_agree_after_a_drain(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """After offline scans and a drain, the kiosk's replica counts what the hub counts."""
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    kiosk.route.sync()
    check_in(kiosk.env, "P009")
    cut.cut("blackhole")
    check_in(kiosk.env, "P010")
    check_in(kiosk.env, "P011", count=1)
    cut.heal()
    kiosk.route.sync()
    hub = make_engine(hub_url)
    on_hub = headcount(hub, now=SCAN_AT, zone=SHANGHAI)
    on_kiosk = headcount(kiosk.route.replica.engine, now=SCAN_AT, zone=SHANGHAI)
    hub.dispose()
    assert [s.to_json() for s in on_kiosk.sessions] == [s.to_json() for s in on_hub.sessions]
    assert on_hub.sessions[0].checked_in == 1 + 2 + 1  # P009, P010, one of P011
    kiosk.close()


def test_an_event_the_hub_cannot_apply_is_held_shown_and_never_blocks_the_drain(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """A malformed event and one for a booking the hub lacks are kept, shown, and skipped."""
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    kiosk.route.sync()
    cut.cut("close")
    assert check_in(kiosk.env, "P001").offline
    outbox = kiosk.route.outbox
    hub_id = kiosk.route.replica.state().hub_id  # type: ignore[union-attr]
    ghost = {
        "v": 1, "action": "checkin", "at": SCAN_AT.isoformat(), "kiosk_id": "K1",
        "operator": "", "outcome": "ok", "code": "GHOST1", "session_id": "S1",
        "party_size": 1, "provisional": False, "overridden": False,
        "visitors": [{"seq": 1, "group": "A", "id": 999}], "input_digest": "", "input_hint": "",
        "detail": {},
    }  # fmt: skip
    outbox.append(outbox.next_key(), hub_id=hub_id, created_at=SCAN_AT, action="checkin",
                  payload=ghost)  # fmt: skip
    outbox.append(outbox.next_key(), hub_id=hub_id, created_at=SCAN_AT, action="checkin",
                  payload={"v": 99, "what": "from a future release"})  # fmt: skip
    assert check_in(kiosk.env, "P003").offline  # queued after the two bad ones

    cut.heal()
    drained, _ = kiosk.route.sync()
    assert (drained.uploaded, drained.held) == (2, 2)
    assert [v for v, _ in hub_visitors(hub_url, "P003")] == ["K1"]  # the drain went on
    status = kiosk.route.status()
    assert (status.pending, status.held) == (0, 2)
    assert [e.payload.get("code") for e in kiosk.route.held_events()] == ["GHOST1", None]
    engine = make_engine(hub_url)
    with engine.connect() as conn:
        shown = conflicts(conn)
    engine.dispose()
    assert [(c.kind, c.reservation_code, c.kiosk_b) for c in shown] == [
        ("unapplied", "GHOST1", "K1"),
        ("unapplied", None, "K1"),
    ]
    assert "not on the hub" in shown[0].detail["reason"]
    assert shown[1].detail["event"] == {"v": 99, "what": "from a future release"}
    again, _ = kiosk.route.sync()
    assert (again.uploaded, again.held, again.duplicates) == (0, 0, 0)
    kiosk.close()


def test_a_booking_cancelled_and_a_group_filled_meanwhile_are_conflicts(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """Cancelled on the hub during the cut, or its group shrunk: applied, and each one flagged."""
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path)
    kiosk.route.sync()
    cut.cut("blackhole")
    cancelled = check_in(kiosk.env, "P004")
    crowded = check_in(kiosk.env, "P010")
    assert cancelled.offline and crowded.offline
    letter = crowded.visitors[0].group
    engine = make_engine(hub_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE reservation SET status = 'cancelled' WHERE code = 'P004'"))
        conn.execute(text("UPDATE tour_group SET capacity = 1 WHERE letter = :g"), {"g": letter})
    cut.heal()
    drained, _ = kiosk.route.sync()
    kinds = sorted((c.kind, c.code) for c in drained.conflicts)
    assert ("cancelled", "P004") in kinds and ("over_capacity", "P010") in kinds
    with engine.connect() as conn:
        recorded = {(c.kind, c.reservation_code): c for c in conflicts(conn)}
    engine.dispose()
    assert recorded[("over_capacity", "P010")].detail["group"] == letter
    assert [k for k, _ in hub_visitors(hub_url, "P004")] == ["K1"] * 2  # on site all the same
    kiosk.close()
