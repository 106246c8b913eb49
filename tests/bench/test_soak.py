"""``kiosk bench --soak``: a short soak on real PostgreSQL, and an audit that can fail."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from kiosk.bench.soak import KioskLog, Scan, audit_database, run_soak
from kiosk.cli import main
from kiosk.store.engine import make_engine
from kiosk.store.models import ScanEvent, Visitor
from tests.factories import SHANGHAI, Party, add_session, fresh_url

AT = datetime(2025, 2, 2, 9, 10, tzinfo=SHANGHAI)


@pytest.mark.slow
def test_short_soak_on_postgresql_loses_and_doubles_nothing(pg_url: str) -> None:
    """4 kiosks × 5 s racing for the same codes on PostgreSQL: every check-in once, no error."""
    report = run_soak(kiosks=4, seconds=5, db_url=pg_url, size=800, hot_share=0.6)
    assert report.errors == []
    assert report.audit.doubled == []
    assert report.audit.lost == []
    assert report.audit.phantom == []
    assert report.scans == 4 * 5
    assert report.collisions >= 1, "no two kiosks scanned one code at once: no race was tried"
    assert report.audit.admitting_events >= 1
    assert report.checkin_ms["p99"] >= report.checkin_ms["p50"] > 0
    assert report.headcounts >= 1
    assert report.passed


@pytest.fixture
def migrated_url(tmp_path: Path, empty_db: Path) -> str:
    """A copy of the migrated empty SQLite file, for the audit tests."""
    return fresh_url(empty_db, tmp_path)


def _seeded(url: str) -> list[int]:
    """One party of two on a migrated database, both visitors in; returns their ids."""
    engine = make_engine(url)
    add_session(engine, parties=[Party("SOAKAUD1", 2)])
    with Session(engine) as db:
        visitors = list(db.exec(select(Visitor).order_by(col(Visitor.id))))
        for visitor in visitors:
            visitor.checked_in_at = AT
        db.commit()
        ids = [visitor.id or 0 for visitor in visitors]
    engine.dispose()
    return ids


def _log_events(url: str, *events: tuple[str, str, list[int]]) -> None:
    engine = make_engine(url)
    with Session(engine) as db:
        for action, outcome, ids in events:
            db.add(
                ScanEvent(
                    at=AT,
                    kiosk_id="SOAK-01",
                    action=action,
                    outcome=outcome,
                    visitor_ids=",".join(map(str, ids)),
                )
            )
        db.commit()
    engine.dispose()


def test_audit_reports_a_visitor_admitted_twice(migrated_url: str) -> None:
    """Two admissions of one visitor with no undo between are reported as doubled."""
    first, second = _seeded(migrated_url)
    _log_events(migrated_url, ("checkin", "ok", [first, second]), ("checkin", "partial", [second]))
    audit = audit_database(migrated_url, [])
    assert len(audit.doubled) == 1 and f"visitor {second}" in audit.doubled[0]


def test_audit_accepts_a_readmission_after_an_undo(migrated_url: str) -> None:
    """Admit, undo, admit again is one visitor in once: nothing to report."""
    first, second = _seeded(migrated_url)
    _log_events(
        migrated_url,
        ("checkin", "ok", [first, second]),
        ("undo", "undone", [first, second]),
        ("checkin", "ok", [first, second]),
    )
    audit = audit_database(migrated_url, [])
    assert (audit.doubled, audit.lost, audit.phantom) == ([], [], [])
    assert audit.admitted_visitors == 2


def test_audit_reports_an_admission_a_kiosk_showed_but_the_log_lacks(migrated_url: str) -> None:
    """A kiosk told 'ok' for an event the log does not hold is a lost check-in."""
    first, second = _seeded(migrated_url)
    _log_events(migrated_url, ("checkin", "ok", [first, second]))
    told = KioskLog("SOAK-02", [Scan(0, "checkin", "X", "ok", 999, (first,), 5.0)])
    audit = audit_database(migrated_url, [told])
    assert any("SOAK-02 was told ok" in line for line in audit.lost)


def test_audit_reports_visitors_in_without_an_admission(migrated_url: str) -> None:
    """Visitors marked in with no admitting event in the log are phantom check-ins."""
    _seeded(migrated_url)
    audit = audit_database(migrated_url, [])
    assert len(audit.phantom) == 2


def test_soak_refuses_a_database_that_holds_bookings(
    migrated_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The soak writes test data, so a database with reservations is refused untouched."""
    _seeded(migrated_url)
    assert main(["bench", "--soak", "--kiosks", "2", "--minutes", "0.1", "--db", migrated_url]) == 2
    assert "empty database" in capsys.readouterr().err


def test_soak_refuses_a_kiosk_count_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    """--kiosks 0 exits 2 with a sentence instead of soaking nothing."""
    assert main(["bench", "--soak", "--kiosks", "0"]) == 2
    assert "--kiosks must be between" in capsys.readouterr().err


def test_a_soak_with_a_partition_loses_nothing_and_flags_every_double(pg_url: str) -> None:
    """Every other kiosk cut off for the middle third: all uploaded, no unflagged double."""
    report = run_soak(kiosks=4, seconds=9, db_url=pg_url, size=800, hot_share=0.6)
    assert report.partition["kiosks"] == ["SOAK-02", "SOAK-04"]
    assert report.partition["modes"] == {"SOAK-02": "blackhole", "SOAK-04": "close"}
    audit = report.audit
    assert audit.offline_scans > 0, "no kiosk decided offline: the cut did not bite"
    assert audit.uploaded == audit.offline_scans
    assert (audit.lost, audit.unflagged_doubles, audit.doubled, audit.phantom) == ([], [], [], [])
    assert report.errors == []
    assert report.passed
