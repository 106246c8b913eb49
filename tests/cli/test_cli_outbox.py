"""The command line is a kiosk too: `checkin --kiosk-id` online and off, `outbox`, `conflicts`.

A real PostgreSQL hub behind a TCP proxy the test cuts and heals; each kiosk id keeps its
replica and outbox in the (temporary) data folder, as the app does.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from tests.factories import SHANGHAI, Party, add_session
from tests.support.tcp_proxy import TcpProxy, proxied

STARTS = datetime(2025, 2, 2, 9, 30, tzinfo=SHANGHAI)
AT = "2025-02-02T09:05"
LATER = "2025-02-02T09:07"


@pytest.fixture
def hub(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    engine = make_engine(pg_url)
    upgrade(engine)
    add_session(engine, starts_at=STARTS, parties=[Party(f"C{i:02d}", 2) for i in range(8)])
    engine.dispose()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_HUB_TIMEOUT_MS", "500")
    monkeypatch.setenv("KIOSK_HUB_PROBE_S", "0")
    return pg_url


@pytest.fixture
def proxy(hub: str) -> Any:
    with proxied(hub) as pair:
        yield pair


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else None, captured.err


def test_checkin_on_a_hub_works_offline_and_the_outbox_uploads(
    proxy: tuple[TcpProxy, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Online, offline, `outbox` while cut off (exit 1), then healed (exit 0, uploaded)."""
    cut, url = proxy
    code, report, _ = run(capsys, "checkin", "C01", "--kiosk-id", "GATE-1", "--db", url, "--at", AT)
    assert code == 0 and report["outcome"] == "ok" and report["offline"] is False
    assert (tmp_path / "data" / "tour-kiosk" / "kiosks" / "GATE-1" / "replica.db").exists()

    cut.cut("blackhole")
    code, report, _ = run(capsys, "checkin", "C02", "--kiosk-id", "GATE-1", "--db", url, "--at", AT)
    assert code == 0 and report["outcome"] == "ok" and report["offline"] is True
    code, report, _ = run(capsys, "checkin", "C02", "--kiosk-id", "GATE-1", "--db", url, "--at", AT)
    assert code == 1 and report["outcome"] == "already_checked_in"
    code, report, _ = run(capsys, "outbox", "--kiosk-id", "GATE-1", "--db", url)
    assert code == 1
    assert report["online"] is False and report["pending"] == 2 and report["uploaded"] == 0

    cut.heal()
    code, report, _ = run(capsys, "outbox", "--kiosk-id", "GATE-1", "--db", url)
    assert code == 0
    assert (report["pending"], report["uploaded"], report["conflicts"]) == (0, 2, [])
    code, counts, _ = run(capsys, "headcount", "--db", url, "--at", AT)
    assert counts["sessions"][0]["checked_in"] == 4
    [gate] = counts["kiosk_status"]
    assert gate["id"] == "GATE-1" and gate["pending_uploads"] == 0
    assert counts["conflicts"] == []


def test_a_partition_conflict_is_reported_by_outbox_and_headcount_and_acknowledged(
    proxy: tuple[TcpProxy, str], hub: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two kiosks admit C03 on both sides of a cut: one conflict per person, both kiosks named."""
    cut, url = proxy
    run(capsys, "outbox", "--kiosk-id", "GATE-2", "--db", url)  # builds GATE-2's replica
    cut.cut("close")
    code, report, _ = run(capsys, "checkin", "C03", "--kiosk-id", "GATE-2", "--db", url, "--at", AT)
    assert report["offline"] is True
    code, report, _ = run(
        capsys, "checkin", "C03", "--kiosk-id", "GATE-1", "--db", hub, "--at", LATER
    )
    assert report["offline"] is False and report["outcome"] == "ok"
    cut.heal()
    code, report, _ = run(capsys, "outbox", "--kiosk-id", "GATE-2", "--db", url)
    assert code == 0 and report["uploaded"] == 1
    assert len(report["conflicts"]) == 2
    for conflict in report["conflicts"]:
        assert conflict["code"] == "C03"
        assert conflict["kiosks"] == ["GATE-1", "GATE-2"]
        assert [t[:16] for t in conflict["times"]] == ["2025-02-02T09:07", "2025-02-02T09:05"]

    code, counts, _ = run(capsys, "headcount", "--db", hub, "--at", LATER)
    assert {c["kind"] for c in counts["conflicts"]} == {"double_admission"}
    assert counts["sessions"][0]["checked_in"] == 2  # admitted once, whoever scanned
    first = counts["conflicts"][0]["id"]
    code, listed, _ = run(capsys, "conflicts", "--db", hub, "--ack", str(first), "--operator", "Li")
    assert (
        code == 0
        and [c["id"] for c in listed["conflicts"]] != []
        and first not in [c["id"] for c in listed["conflicts"]]
    )
    code, listed, _ = run(capsys, "conflicts", "--db", hub, "--all")
    acknowledged = [c for c in listed["conflicts"] if c["id"] == first]
    assert acknowledged[0]["acknowledged_by"] == "Li"


def test_undo_offline_is_refused_with_one_sentence(
    proxy: tuple[TcpProxy, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Undo needs the hub: exit 2 and a sentence, no URL of the server in it for visitors."""
    cut, url = proxy
    run(capsys, "checkin", "C04", "--kiosk-id", "GATE-1", "--db", url, "--at", AT)
    cut.cut("close")
    code = main(["undo", "C04", "--kiosk-id", "GATE-1", "--db", url])
    err = capsys.readouterr().err
    assert code == 2
    assert "needs the shared server" in err and "postgresql" not in err
    assert "Traceback" not in err


def test_headcount_as_a_kiosk_counts_its_own_copy_while_cut_off(
    proxy: tuple[TcpProxy, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`headcount --kiosk-id` answers from the kiosk's replica (with its offline check-ins)."""
    cut, url = proxy
    run(capsys, "outbox", "--kiosk-id", "GATE-3", "--db", url)
    cut.cut("close")
    run(capsys, "checkin", "C05", "--kiosk-id", "GATE-3", "--db", url, "--at", AT)
    code, counts, _ = run(capsys, "headcount", "--kiosk-id", "GATE-3", "--db", url, "--at", AT)
    assert code == 0 and counts["source"] == "replica"
    assert counts["sessions"][0]["checked_in"] == 2


def test_outbox_on_a_single_sqlite_kiosk_says_it_has_nothing_to_upload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Single-kiosk SQLite needs no hub: `outbox` explains itself and exits 2."""
    code = main(["outbox", "--db", f"sqlite:///{tmp_path / 'kiosk.db'}"])
    assert code == 2
    assert "nothing to upload" in capsys.readouterr().err
