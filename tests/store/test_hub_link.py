"""The hub link notices a dead hub however it dies: silent network, reset, stopped server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from kiosk.store.engine import make_engine
from kiosk.store.hub_link import HubLink, HubUnavailable
from tests.factories import SHANGHAI
from tests.support.postgres import PostgresServer
from tests.support.tcp_proxy import TcpProxy, proxied

BUDGET_S = 0.5
NOW = datetime(2025, 2, 2, 10, 42, tzinfo=SHANGHAI)
NO_HANG_S = 5.0
"""A stuck call must come back long before this (it is a hang check, not a speed target)."""


@pytest.fixture
def hub(pg_url: str) -> Iterator[tuple[TcpProxy, Engine]]:
    with proxied(pg_url) as (proxy, url):
        engine = make_engine(url, hub_budget_s=BUDGET_S)
        yield proxy, engine
        engine.dispose()


def _link(engine: Engine, marker: Path | None = None, probe_s: float = 60) -> HubLink:
    return HubLink(engine, budget_s=BUDGET_S, probe_s=probe_s, now=lambda: NOW, marker=marker)


def _select_one(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT 1")).scalar_one())


def _timed_failure(link: HubLink, engine: Engine) -> float:
    began = time.monotonic()
    with pytest.raises(HubUnavailable):
        link.call(lambda: _select_one(engine))
    return time.monotonic() - began


def test_a_blackholed_connection_is_abandoned_and_the_link_goes_down(
    hub: tuple[TcpProxy, Engine],
) -> None:
    """Mid-connection silence: the call gives up after the budget, the stuck worker is freed."""
    proxy, engine = hub
    link = _link(engine)
    assert link.call(lambda: _select_one(engine)) == 1
    proxy.cut("blackhole")
    stuck_worker_done = threading.Event()

    def stuck_query() -> None:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_sleep(0)"))
        finally:
            stuck_worker_done.set()

    began = time.monotonic()
    with pytest.raises(HubUnavailable, match="does not answer"):
        link.call(stuck_query)
    assert time.monotonic() - began < NO_HANG_S
    assert stuck_worker_done.wait(NO_HANG_S), "the abandoned call still hangs"
    assert not link.online
    assert link.state.offline_since == NOW
    proxy.heal()
    assert link.probe()
    assert link.online
    link.close()


def test_a_blackhole_during_connect_is_caught_by_the_deadline(
    hub: tuple[TcpProxy, Engine],
) -> None:
    """New connections accepted and then ignored: no connect timeout helps, the deadline does."""
    proxy, engine = hub
    link = _link(engine)
    proxy.cut("blackhole")
    assert _timed_failure(link, engine) < NO_HANG_S
    link.close()


def test_closed_connections_fail_fast(hub: tuple[TcpProxy, Engine]) -> None:
    """A proxy that closes every connection: the call fails at once, the reason is kept."""
    proxy, engine = hub
    link = _link(engine)
    assert link.call(lambda: _select_one(engine)) == 1
    proxy.cut("close")
    assert _timed_failure(link, engine) < NO_HANG_S
    assert link.state.reason
    proxy.heal()
    assert link.call(lambda: _select_one(engine)) == 1
    link.close()


def test_a_stopped_server_is_unavailable_and_comes_back(
    pg_server: PostgresServer, pg_url: str
) -> None:
    """Stopping the cluster: the link goes down; once it is started again the link comes back."""
    if not pg_server.managed:
        pytest.skip("the server belongs to someone else; it cannot be stopped")
    engine = make_engine(pg_url, hub_budget_s=BUDGET_S)
    link = _link(engine)
    assert link.call(lambda: _select_one(engine)) == 1
    pg_server.stop()
    try:
        assert _timed_failure(link, engine) < NO_HANG_S
    finally:
        pg_server.start()
    assert link.probe()
    engine.dispose()
    link.close()


def test_errors_of_the_request_itself_are_not_link_failures(hub: tuple[TcpProxy, Engine]) -> None:
    """A wrong statement is the caller's fault: it propagates and the link stays up."""
    _proxy, engine = hub
    link = _link(engine)

    def wrong() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(Exception, match="no_such_table"):
        link.call(wrong)
    assert link.online
    link.close()


def test_the_marker_remembers_an_outage_across_processes(
    hub: tuple[TcpProxy, Engine], tmp_path: Path
) -> None:
    """A new link (a new command) starts offline and does not try the hub until a probe is due."""
    proxy, engine = hub
    marker = tmp_path / "hub-link.json"
    first = _link(engine, marker)
    proxy.cut("close")
    _timed_failure(first, engine)
    first.close()
    assert marker.exists()

    second = _link(engine, marker, probe_s=60)
    assert not second.online
    assert second.state.offline_since == NOW
    assert not second.due()
    third = _link(engine, marker, probe_s=0)
    assert third.due()
    proxy.heal()
    assert third.probe()
    assert not marker.exists()
    second.close()
    third.close()
