"""A kiosk's replica follows its hub exactly, and is rebuilt whenever it cannot be trusted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import DatabaseError
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.sync import sync_files
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session
from tests.support.kiosks import Kiosk, hub_rows, open_kiosk
from tests.support.postgres import PostgresServer
from tests.support.tcp_proxy import TcpProxy, proxied

STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
SCAN_AT = datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI)
HEADER = "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态,备注,同行人\n"
ROSTER = "参观日期,入场时间,组别,导游,导游语言,人数上限,集合点,颜色\n"


def _hub(url: str, parties: list[Party]) -> str:
    engine = make_engine(url)
    upgrade(engine)
    add_session(engine, starts_at=STARTS, parties=parties)
    engine.dispose()
    return url


@pytest.fixture
def hub_url(pg_url: str) -> str:
    return _hub(pg_url, [Party(f"R{index:02d}", 2) for index in range(6)])


@pytest.fixture
def proxy(hub_url: str) -> Iterator[tuple[TcpProxy, str]]:
    with proxied(hub_url) as pair:
        yield pair


def kiosk_at(url: str, folder: Path, kiosk_id: str = "K1") -> Kiosk:
    return open_kiosk(url, kiosk_id, folder, at=SCAN_AT)


def replica_rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


VISITORS = (
    "SELECT id, reservation_id, session_id, seq, name, badge_code, group_id, kiosk_id"
    " FROM visitor ORDER BY id"
)
GROUPS = "SELECT id, session_id, letter, capacity FROM tour_group ORDER BY id"


def test_a_sync_that_removes_visitors_and_groups_is_followed_exactly(
    pg_url: str, tmp_path: Path
) -> None:
    """Surplus visitors deleted and empty default groups dropped on the hub leave the replica."""
    engine = make_engine(pg_url)
    upgrade(engine)
    env = ServiceEnv(engine, Settings(), Clock.fixed(SCAN_AT), "OPERATOR")
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "BIG00001,2025-02-02,09:30,张伟,13800000001,5,中文,已确认,,\n",
                     encoding="utf-8-sig")  # fmt: skip
    sync_files(env, [first])
    kiosk = kiosk_at(pg_url, tmp_path)
    kiosk.route.sync()
    assert len(replica_rows(kiosk.route.replica.engine, GROUPS)) == 4  # default groups A-D

    smaller = tmp_path / "b.csv"
    smaller.write_text(HEADER + "BIG00001,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,\n",
                       encoding="utf-8-sig")  # fmt: skip
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER + "2025-02-02,09:30,A,王导,中文,30,1号门,#D32F2F\n",
                      encoding="utf-8-sig")  # fmt: skip
    sync_files(env, [smaller, roster])
    engine.dispose()
    _drained, pulled = kiosk.route.sync()
    assert pulled is not None and pulled.deleted > 0 and not pulled.rebuilt
    assert replica_rows(kiosk.route.replica.engine, VISITORS) == hub_rows(pg_url, VISITORS)
    assert replica_rows(kiosk.route.replica.engine, GROUPS) == hub_rows(pg_url, GROUPS)
    assert len(hub_rows(pg_url, VISITORS)) == 2
    kiosk.close()


def test_a_damaged_replica_is_rebuilt_and_keeps_what_waits_to_upload(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """A garbled replica file is set aside and rebuilt; the offline check-in still uploads."""
    cut, url = proxy
    kiosk = kiosk_at(url, tmp_path)
    kiosk.route.sync()
    cut.cut("close")
    assert check_in(kiosk.env, "R01").offline
    kiosk.close()
    replica = tmp_path / "K1" / "replica.db"
    with replica.open("r+b") as handle:
        handle.write(b"this is no longer a database" * 10)

    reopened = kiosk_at(url, tmp_path)
    assert not reopened.route.replica.ready
    with pytest.raises(DatabaseError, match="no usable copy"):
        check_in(reopened.env, "R02")  # still cut off, and nothing to decide on
    cut.heal()
    drained, pulled = reopened.route.sync()
    assert drained.uploaded >= 1 and pulled is not None and pulled.rebuilt
    assert reopened.route.replica.ready
    assert any(p.name.startswith("replica.db.untrusted") for p in (tmp_path / "K1").iterdir())
    inside = hub_rows(hub_url, "SELECT COUNT(*) FROM visitor WHERE kiosk_id = 'K1'")
    assert inside == [(2,)]
    cut.cut("close")
    assert check_in(reopened.env, "R01").outcome == "already_checked_in"
    reopened.close()


def test_a_replica_of_another_hub_is_rebuilt_and_its_uploads_stay_home(
    pg_server: PostgresServer, hub_url: str, tmp_path: Path
) -> None:
    """Pointed at another hub, the kiosk rebuilds its replica and never uploads the old events."""
    name = "kiosk_other_hub_" + tmp_path.name[-8:].lower().replace("-", "_")
    other_url = _hub(pg_server.create_database(name), [Party("X01", 1)])
    try:
        with proxied(hub_url) as (cut, url):
            kiosk = kiosk_at(url, tmp_path)
            kiosk.route.sync()
            cut.cut("close")
            assert check_in(kiosk.env, "R03").offline
            kiosk.close()
        moved = kiosk_at(other_url, tmp_path)
        _drained, pulled = moved.route.sync()
        assert pulled is not None and pulled.rebuilt
        assert "another hub" in pulled.reason
        codes = replica_rows(moved.route.replica.engine, "SELECT code FROM reservation")
        assert codes == [("X01",)]
        status = moved.route.status()
        assert status.pending == 0 and status.other_hub_pending == 1
        assert hub_rows(other_url, "SELECT COUNT(*) FROM applied_event") == [(0,)]
        moved.close()
    finally:
        pg_server.drop_database(name)


def test_a_replica_ahead_of_its_hub_is_rebuilt(hub_url: str, tmp_path: Path) -> None:
    """A hub restored from an older backup: the replica's cursor is past it, so it is rebuilt."""
    kiosk = kiosk_at(hub_url, tmp_path)
    kiosk.route.sync()
    with kiosk.route.replica.engine.begin() as conn:
        conn.execute(text("UPDATE replica_state SET cursor = 999999999999"))
    pulled = kiosk.route.pull()
    assert pulled.rebuilt and "ahead" in pulled.reason
    kiosk.close()


def test_a_signed_ticket_admitted_offline_becomes_the_hubs_booking(
    proxy: tuple[TcpProxy, str], hub_url: str, tmp_path: Path
) -> None:
    """Offline provisional booking: local ids, uploaded and flagged, then replaced by the hub's."""
    from kiosk.core.tickets import TicketPayload, generate_keypair, sign_ticket

    private_pem, public_pem = generate_keypair()
    (tmp_path / "public.pem").write_bytes(public_pem)
    settings = Settings(
        hub_timeout_ms=500, hub_probe_s=0, public_keys=[str(tmp_path / "public.pem")]
    )
    ticket = sign_ticket(
        private_pem,
        TicketPayload(
            code="NEWTICKET",
            session_id="S1",
            party_size=2,
            valid_from=datetime(2025, 2, 2, 0, 0, tzinfo=SHANGHAI),
            valid_until=datetime(2025, 2, 2, 23, 59, tzinfo=SHANGHAI),
        ),
    )
    cut, url = proxy
    kiosk = open_kiosk(url, "K1", tmp_path, at=SCAN_AT, settings=settings)
    kiosk.route.sync()
    cut.cut("blackhole")
    result = check_in(kiosk.env, ticket)
    assert result.outcome == "ok" and result.offline and result.provisional
    assert all(v.id < 0 for v in result.visitors)
    assert check_in(kiosk.env, ticket).outcome == "already_checked_in"
    cut.heal()
    kiosk.route.sync()
    booking = hub_rows(hub_url, "SELECT id, provisional FROM reservation WHERE code = 'NEWTICKET'")
    assert len(booking) == 1 and booking[0][1] is True
    events = hub_rows(
        hub_url,
        "SELECT detail FROM scan_event WHERE reservation_code = 'NEWTICKET' AND outcome = 'ok'",
    )
    assert len(events) == 1 and '"provisional": true' in str(events[0][0])
    local = replica_rows(
        kiosk.route.replica.engine,
        "SELECT id, (SELECT COUNT(*) FROM visitor v WHERE v.reservation_id = r.id"
        " AND v.checked_in_at IS NOT NULL) FROM reservation r WHERE code = 'NEWTICKET'",
    )
    assert local == [(booking[0][0], 2)]
    kiosk.close()
