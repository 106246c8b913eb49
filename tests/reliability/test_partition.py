"""Kiosks in their own processes keep checking in through a network cut and a dead server.

A real PostgreSQL hub; one TCP proxy per kiosk, which the test cuts (``blackhole``: the
socket stays open, nothing passes; ``close``: every connection is closed) and heals; or the
whole server stopped and started again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from kiosk.services.headcount import headcount
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session
from tests.support.kiosks import hub_rows
from tests.support.postgres import PostgresServer
from tests.support.tcp_proxy import TcpProxy, proxied, through

REPO = Path(__file__).resolve().parents[2]
STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
SCAN_AT = datetime(2025, 2, 2, 9, 5, tzinfo=SHANGHAI)
ANSWER_TIMEOUT_S = 120
ADMITS = ("ok", "partial")


@dataclass
class KioskProcess:
    """One kiosk process and what it answered."""

    kiosk_id: str
    child: subprocess.Popen[str]
    uploaded: list[str] = field(default_factory=list)
    scans: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(
        cls, url: str, kiosk_id: str, folder: Path, probe_s: int = 3600, upload_ms: int = 0
    ) -> KioskProcess:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.kiosk_child", url, kiosk_id,
             str(folder / kiosk_id), SCAN_AT.isoformat(), str(probe_s), str(upload_ms)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        kiosk = cls(kiosk_id, child)
        assert kiosk._line() == "READY"
        return kiosk

    def ask(self, command: str) -> Any:
        assert self.child.stdin is not None
        self.child.stdin.write(command + "\n")
        self.child.stdin.flush()
        while True:
            line = self._line()
            if line.startswith("UPLOADED "):
                self.uploaded.append(line.split(" ", 1)[1])
                continue
            return json.loads(line)

    def scan(self, code: str) -> dict[str, Any]:
        answer: dict[str, Any] = self.ask(f"scan {code}")
        self.scans.append(answer)
        return answer

    def quit(self) -> None:
        if self.child.poll() is None:
            with_stdin = self.child.stdin
            if with_stdin is not None:
                with_stdin.write("quit\n")
                with_stdin.flush()
            self.child.wait(timeout=30)

    def _line(self) -> str:
        assert self.child.stdout is not None
        line = self.child.stdout.readline()
        if not line:
            _, err = self.child.communicate(timeout=10)
            pytest.fail(f"kiosk {self.kiosk_id} ended: {err.strip()[-2000:]}")
        return line.strip()


def _hub(url: str, parties: list[Party], *, groups: int = 6, group_size: int = 60) -> str:
    engine = make_engine(url)
    upgrade(engine)
    add_session(engine, starts_at=STARTS, parties=parties, groups=groups, group_size=group_size)
    engine.dispose()
    return url


def _hub_sessions(url: str) -> list[dict[str, Any]]:
    engine = make_engine(url)
    try:
        counted = headcount(engine, now=SCAN_AT, zone=SHANGHAI)
        return [json.loads(json.dumps(s.to_json(), default=str)) for s in counted.sessions]
    finally:
        engine.dispose()


@pytest.fixture
def kiosks() -> Iterator[list[KioskProcess]]:
    started: list[KioskProcess] = []
    yield started
    for kiosk in started:
        if kiosk.child.poll() is None:
            kiosk.child.kill()
            kiosk.child.wait(timeout=10)


PARTIES = [Party(f"Q{index:03d}", 1 + index % 3) for index in range(70)]


def test_four_kiosks_two_cut_off_scan_on_both_sides_and_converge(
    pg_url: str, tmp_path: Path, kiosks: list[KioskProcess]
) -> None:
    """The issue's scenario: every green scan on the hub once, every double one conflict."""
    hub = _hub(pg_url, PARTIES)
    proxies: list[TcpProxy] = []
    try:
        _partition_scenario(hub, tmp_path, kiosks, proxies)
    finally:
        for proxy in proxies:
            proxy.stop()


def _partition_scenario(
    hub: str, tmp_path: Path, kiosks: list[KioskProcess], proxies: list[TcpProxy]
) -> None:
    server = make_url(hub)
    for number in range(1, 5):
        proxy = TcpProxy(server.host or "127.0.0.1", server.port or 5432).start()
        proxies.append(proxy)
        kiosks.append(KioskProcess.start(through(proxy, hub), f"K{number}", tmp_path))
    for kiosk in kiosks:
        assert kiosk.ask("sync")["reached_hub"]
    k1, k2, k3, k4 = kiosks
    codes = [p.code for p in PARTIES]

    for index, code in enumerate(codes[:16]):  # all online
        assert kiosks[index % 4].scan(code)["outcome"] == "ok"
    proxies[2].cut("blackhole")
    proxies[3].cut("close")
    online_side = {code: (k1, k2)[i % 2] for i, code in enumerate(codes[16:46])}
    offline_side = {code: (k3, k4)[i % 2] for i, code in enumerate(codes[30:66])}
    both = sorted(set(online_side) & set(offline_side))
    assert len(both) == 16
    for code in sorted(set(online_side) | set(offline_side)):
        if code in online_side:
            answer = online_side[code].scan(code)
            assert answer["outcome"] == "ok" and not answer["offline"]
        if code in offline_side:
            answer = offline_side[code].scan(code)
            assert answer["outcome"] == "ok" and answer["offline"]
    assert k3.scan(codes[2])["outcome"] == "already_checked_in"  # known before the cut
    assert k4.scan(codes[31])["outcome"] == "already_checked_in"  # its own offline scan

    proxies[2].heal()
    proxies[3].heal()
    reports = {kiosk.kiosk_id: kiosk.ask("sync") for kiosk in (k3, k4, k1, k2)}

    # Every scan that showed green is on the hub exactly once, with its kiosk and time.
    green = Counter(
        (kiosk.kiosk_id, scan["code"]) for kiosk in kiosks for scan in kiosk.scans
        if scan["outcome"] in ADMITS
    )  # fmt: skip
    logged = Counter(
        (str(k), str(c))
        for k, c in hub_rows(
            hub,
            "SELECT kiosk_id, reservation_code FROM scan_event"
            " WHERE action = 'checkin' AND outcome IN ('ok', 'partial')",
        )
    )
    assert logged == green
    # Every visitor admitted on both sides is one conflict naming both kiosks.
    conflicts = hub_rows(
        hub,
        "SELECT kind, reservation_code, visitor_seq, kiosk_a, kiosk_b FROM conflict"
        " WHERE kind = 'double_admission'",
    )
    expected = sorted(
        (code, seq, online_side[code].kiosk_id, offline_side[code].kiosk_id)
        for code in both
        for seq in range(1, next(p.size for p in PARTIES if p.code == code) + 1)
    )
    assert sorted((str(c), int(s), str(a), str(b)) for _, c, s, a, b in conflicts) == expected
    # Both sides filled group A from the front: the uploads that pushed a group over its
    # capacity say so, and only those.
    flagged = {
        json.loads(str(detail))["group"]
        for (detail,) in hub_rows(hub, "SELECT detail FROM conflict WHERE kind = 'over_capacity'")
    }
    over = {
        str(letter)
        for letter, placed, capacity in hub_rows(
            hub,
            "SELECT g.letter, COUNT(v.id), g.capacity FROM tour_group g LEFT JOIN visitor v"
            " ON v.group_id = g.id GROUP BY g.id, g.letter, g.capacity",
        )
        if int(str(placed)) > int(str(capacity))
    }
    assert flagged == over
    others = hub_rows(
        hub, "SELECT kind FROM conflict WHERE kind NOT IN ('double_admission', 'over_capacity')"
    )
    assert others == []
    uploaded_conflicts = sum(len(r["conflicts"]) for r in reports.values())
    assert uploaded_conflicts == len(hub_rows(hub, "SELECT id FROM conflict"))
    # Nothing left or lost in any outbox.
    offline_decisions = sum(1 for k in (k3, k4) for scan in k.scans if scan["offline"])
    assert len(k3.uploaded) + len(k4.uploaded) == offline_decisions
    for kiosk in kiosks:
        status = kiosk.ask("status")
        assert (status["pending"], status["held"]) == (0, 0), kiosk.kiosk_id
    # Headcounts on all kiosks and on the hub agree, once each has followed the hub after the
    # last upload (the app's follower does so every second).
    on_hub = _hub_sessions(hub)
    for kiosk in kiosks:
        again = kiosk.ask("sync")
        assert again["reached_hub"] and again["uploaded"] == 0
        assert kiosk.ask("headcount") == on_hub, kiosk.kiosk_id
    admitted = sum(p.size for p in PARTIES[:66])
    assert on_hub[0]["checked_in"] == admitted
    for kiosk in kiosks:
        kiosk.quit()


def test_a_kiosk_killed_while_it_uploads_resumes_without_duplicates(
    pg_url: str, tmp_path: Path, kiosks: list[KioskProcess]
) -> None:
    """SIGKILL mid-drain, restart: every offline check-in is on the hub once, none lost."""
    parties = [Party(f"D{index:03d}", 1 + index % 2) for index in range(240)]
    hub = _hub(pg_url, parties, groups=8, group_size=60)
    with proxied(hub) as (proxy, url):
        kiosk = KioskProcess.start(url, "K9", tmp_path, upload_ms=20)
        kiosks.append(kiosk)
        assert kiosk.ask("sync")["reached_hub"]
        proxy.cut("close")
        for party in parties:
            assert kiosk.scan(party.code)["offline"]
        assert kiosk.ask("status")["pending"] == len(parties)
        proxy.heal()
        assert kiosk.child.stdin is not None
        kiosk.child.stdin.write("sync\n")
        kiosk.child.stdin.flush()
        while len(kiosk.uploaded) < 70:  # into the drain, between two outbox marks (each 50)
            line = kiosk._line()
            assert line.startswith("UPLOADED "), line
            kiosk.uploaded.append(line.split(" ", 1)[1])
        os.kill(kiosk.child.pid, signal.SIGKILL)
        kiosk.child.wait(timeout=30)
        assert kiosk.child.returncode == -signal.SIGKILL

        again = KioskProcess.start(url, "K9", tmp_path)
        kiosks.append(again)
        report = again.ask("sync")
        assert report["reached_hub"] and report["conflicts"] == []
        assert report["already_on_hub"] > 0  # applied before the kill, not yet marked here
        assert report["already_on_hub"] + report["uploaded"] + 50 == len(parties)
        assert again.ask("status")["pending"] == 0
        again.quit()

    keys = hub_rows(hub, "SELECT key FROM applied_event WHERE kiosk_id = 'K9'")
    assert len(keys) == len(parties)
    events = hub_rows(
        hub,
        "SELECT reservation_code, COUNT(*) FROM scan_event WHERE kiosk_id = 'K9'"
        " AND outcome = 'ok' GROUP BY reservation_code",
    )
    assert sorted(events) == sorted((p.code, 1) for p in parties)
    inside = hub_rows(hub, "SELECT COUNT(*) FROM visitor WHERE checked_in_at IS NOT NULL")
    assert inside == [(sum(p.size for p in parties),)]


def test_kiosks_keep_checking_in_while_the_server_is_stopped(
    pg_server: PostgresServer, pg_url: str, tmp_path: Path, kiosks: list[KioskProcess]
) -> None:
    """The server stopped: kiosks decide offline; started again, they drain and agree."""
    if not pg_server.managed:
        pytest.skip("the server belongs to someone else; it cannot be stopped")
    parties = [Party(f"S{index:03d}", 2) for index in range(20)]
    hub = _hub(pg_url, parties)
    one = KioskProcess.start(hub, "K1", tmp_path, probe_s=0)
    two = KioskProcess.start(hub, "K2", tmp_path, probe_s=0)
    kiosks.extend([one, two])
    for kiosk in (one, two):
        assert kiosk.ask("sync")["reached_hub"]
    assert one.scan("S000")["offline"] is False
    pg_server.stop()
    try:
        for index in range(1, 11):
            answer = (one, two)[index % 2].scan(f"S{index:03d}")
            assert answer["outcome"] == "ok" and answer["offline"]
        assert two.scan("S004")["outcome"] == "ok"  # admitted by K1 offline: K2 cannot know
    finally:
        pg_server.start()
    reports = [one.ask("sync"), two.ask("sync"), one.ask("sync")]
    assert all(r["reached_hub"] for r in reports)
    conflicts = hub_rows(hub, "SELECT kind, kiosk_a, kiosk_b FROM conflict ORDER BY id")
    assert conflicts == [("double_admission", "K1", "K2")] * 2
    on_hub = _hub_sessions(hub)
    assert on_hub[0]["checked_in"] == 2 * 11
    for kiosk in (one, two):
        assert kiosk.ask("headcount") == on_hub
        assert kiosk.ask("status")["pending"] == 0
        kiosk.quit()
