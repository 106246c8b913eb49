"""The sync service on a real database: upserts, --full, conflicts, atomicity, idempotency."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from kiosk.config import Settings
from kiosk.core.clock import Clock
from kiosk.core.errors import InputError
from kiosk.services.checkin import check_in
from kiosk.services.env import ServiceEnv
from kiosk.services.sync import RejectedRows, sync_files
from kiosk.store.engine import make_engine
from kiosk.store.migrate import upgrade
from kiosk.store.models import (
    PrintJob,
    Reservation,
    ScanEvent,
    TourGroup,
    TourSession,
    Visitor,
)
from tests.factories import SHANGHAI, fresh_url

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"
HEADER = "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态,备注,同行人\n"


@pytest.fixture
def env(db_url: str, empty_db: Path, tmp_path: Path) -> Iterator[ServiceEnv]:
    if db_url.startswith("sqlite"):
        engine = make_engine(fresh_url(empty_db, tmp_path))  # a copy of the migrated template
    else:
        engine = make_engine(db_url)
        upgrade(engine)
    clock = Clock.fixed(datetime(2025, 2, 2, 9, 0, tzinfo=SHANGHAI))
    yield ServiceEnv(engine, Settings(), clock, "GATE-1")
    engine.dispose()


def write(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8-sig")
    return path


def counts(env: ServiceEnv) -> tuple[int, int, int, int]:
    with Session(env.engine) as db:
        return (
            db.exec(select(func.count()).select_from(Reservation)).one()[0],
            db.exec(select(func.count()).select_from(Visitor)).one()[0],
            db.exec(select(func.count()).select_from(TourSession)).one()[0],
            db.exec(select(func.count()).select_from(TourGroup)).one()[0],
        )


def reservation(env: ServiceEnv, code: str) -> Reservation:
    with Session(env.engine) as db:
        found = db.exec(select(Reservation).where(Reservation.code == code)).one()[0]
        return found


def test_demo_program_imports_with_roster(env: ServiceEnv) -> None:
    """The demo exports give 16 sessions of 60 booked places with four guided groups each."""
    report = sync_files(env, [SAMPLES / "reservations.csv", SAMPLES / "roster.csv"])
    assert report.rejected == [] and report.conflicts == []
    assert len(report.sessions) == 16
    _reservations, _visitors, sessions, groups = counts(env)
    assert (sessions, groups) == (16, 64)
    with Session(env.engine) as db:
        confirmed = db.exec(
            select(func.count())
            .select_from(Visitor)
            .join(Reservation, Reservation.id == Visitor.reservation_id)
            .where(Reservation.status == "confirmed")
        ).one()[0]
        guides = db.exec(select(func.count()).where(TourGroup.guide_id.isnot(None))).one()[0]
    assert confirmed == 960
    assert guides == 64


def test_reimport_changes_nothing_and_says_so(env: ServiceEnv) -> None:
    """Importing the same file twice reports everything unchanged and writes no new row."""
    sync_files(env, [SAMPLES / "reservations.csv", SAMPLES / "roster.csv"])
    before = counts(env)
    again = sync_files(env, [SAMPLES / "reservations.csv", SAMPLES / "roster.csv"])
    assert (again.added, again.updated, again.cancelled, again.groups_set) == (0, 0, 0, 0)
    assert again.unchanged == 372
    assert not again.changed
    assert counts(env) == before


def test_row_errors_listed_with_line_numbers_good_rows_apply(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """A bad party size is rejected with its line (header = 1) while the good rows import."""
    path = write(
        tmp_path,
        "r.csv",
        [
            "AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,",
            "BBB22222,2025-02-02,09:30,李娜,13800000002,zwei,中文,已确认,,",
            "CCC33333,2025-02-30,09:30,王芳,13800000003,1,中文,已确认,,",
        ],
    )
    report = sync_files(env, [path])
    assert report.added == 1
    assert sorted(r["line"] for r in report.rejected) == [3, 4]
    assert counts(env)[0] == 1


def test_strict_aborts_everything(env: ServiceEnv, tmp_path: Path) -> None:
    """With --strict one rejected row means nothing at all is written."""
    path = write(
        tmp_path,
        "r.csv",
        [
            "AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,",
            "BBB22222,2025-02-02,09:30,李娜,13800000002,0,中文,已确认,,",
        ],
    )
    with pytest.raises(RejectedRows):
        sync_files(env, [path], strict=True)
    assert counts(env) == (0, 0, 0, 0)


def test_dry_run_writes_nothing(env: ServiceEnv) -> None:
    """A dry run reports the additions but leaves the database empty."""
    report = sync_files(env, [SAMPLES / "reservations.csv"], dry_run=True)
    assert report.added == 372
    assert counts(env) == (0, 0, 0, 0)


def test_file_level_error_changes_nothing(env: ServiceEnv, tmp_path: Path) -> None:
    """A second file without a code column aborts the whole sync; the first file is not applied."""
    good = write(
        tmp_path, "good.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,"]
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone\nx,1\n", encoding="utf-8")
    with pytest.raises(InputError):
        sync_files(env, [good, bad])
    assert counts(env) == (0, 0, 0, 0)


def test_failure_mid_apply_rolls_back(env: ServiceEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault injected after the reservations are written leaves nothing behind."""
    from kiosk.services import sync as sync_module

    def boom(self: object) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(sync_module._Applier, "_close_run", boom)
    with pytest.raises(RuntimeError):
        sync_files(env, [SAMPLES / "reservations.csv", SAMPLES / "roster.csv"])
    assert counts(env) == (0, 0, 0, 0)


def test_party_grows_and_shrinks_without_dropping_checked_in(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """Shrinking a party below its checked-in people keeps them and reports a conflict."""
    first = write(tmp_path, "a.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,3,中文,已确认,,"])
    sync_files(env, [first])
    assert check_in(env, "AAA11111").outcome == "ok"
    grown = write(tmp_path, "b.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,5,中文,已确认,,"])
    report = sync_files(env, [grown])
    assert report.updated == 1
    assert counts(env)[1] == 5
    shrunk = write(
        tmp_path, "c.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,1,中文,已确认,,"]
    )
    report = sync_files(env, [shrunk])
    assert report.conflicts and "checked in" in report.conflicts[0]["reason"]
    with Session(env.engine) as db:
        inside = db.exec(select(func.count()).where(Visitor.checked_in_at.isnot(None))).one()[0]
        total = db.exec(select(func.count()).select_from(Visitor)).one()[0]
    assert inside == 3
    assert total == 3  # the two never-admitted extra places went, the three admitted stayed


def test_checked_in_party_cancelled_or_moved_is_a_conflict(env: ServiceEnv, tmp_path: Path) -> None:
    """A checked-in booking that the export cancels or moves stays as it is."""
    first = write(tmp_path, "a.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,"])
    sync_files(env, [first])
    check_in(env, "AAA11111")
    moved = write(tmp_path, "b.csv", ["AAA11111,2025-02-03,09:30,张伟,13800000001,2,中文,已取消,,"])
    report = sync_files(env, [moved])
    reasons = " ".join(c["reason"] for c in report.conflicts)
    assert "moved" in reasons and "cancelled" in reasons
    kept = reservation(env, "AAA11111")
    assert kept.status == "confirmed"
    assert kept.session_id == "20250202-0930"


def test_full_sync_cancels_missing_never_deletes(env: ServiceEnv, tmp_path: Path) -> None:
    """--full cancels bookings absent from the file, keeps checked-in ones as conflicts."""
    first = write(
        tmp_path,
        "a.csv",
        [
            "AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,",
            "BBB22222,2025-02-02,09:30,李娜,13800000002,1,中文,已确认,,",
            "CCC33333,2025-02-02,09:30,王芳,13800000003,1,中文,已确认,,",
        ],
    )
    sync_files(env, [first])
    check_in(env, "CCC33333")
    only_a = write(
        tmp_path, "b.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,"]
    )
    report = sync_files(env, [only_a], full=True)
    assert report.cancelled == 1
    assert [c["code"] for c in report.conflicts] == ["CCC33333"]
    assert reservation(env, "BBB22222").status == "cancelled"
    assert reservation(env, "CCC33333").status == "confirmed"
    assert counts(env)[0] == 3


def test_sync_never_touches_scan_log_or_check_ins(env: ServiceEnv, tmp_path: Path) -> None:
    """Scan events and check-in times survive any later sync unchanged."""
    first = write(tmp_path, "a.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,"])
    sync_files(env, [first])
    check_in(env, "AAA11111")
    with Session(env.engine) as db:
        events_before = [
            tuple(e)
            for e in db.exec(select(ScanEvent.id, ScanEvent.outcome).order_by(ScanEvent.id)).all()
        ]
        times_before = db.exec(select(Visitor.id, Visitor.checked_in_at).order_by(Visitor.id)).all()
    renamed = write(
        tmp_path, "b.csv", ["AAA11111,2025-02-02,09:30,张伟伟,13800000009,2,中文,已确认,,"]
    )
    sync_files(env, [renamed], full=True)
    with Session(env.engine) as db:
        events_after = [
            tuple(e)
            for e in db.exec(select(ScanEvent.id, ScanEvent.outcome).order_by(ScanEvent.id)).all()
        ]
        times_after = db.exec(select(Visitor.id, Visitor.checked_in_at).order_by(Visitor.id)).all()
    assert events_after[: len(events_before)] == events_before
    assert times_after == times_before


def test_roster_after_reservations_replaces_default_groups(env: ServiceEnv) -> None:
    """Reservations first get default groups A–D; a later roster names their guides."""
    sync_files(env, [SAMPLES / "reservations.csv"])
    with Session(env.engine) as db:
        assert db.exec(select(func.count()).where(TourGroup.guide_id.isnot(None))).one()[0] == 0
        assert db.exec(select(func.count()).select_from(TourGroup)).one()[0] == 64
    report = sync_files(env, [SAMPLES / "roster.csv"])
    assert report.groups_set == 64
    with Session(env.engine) as db:
        assert db.exec(select(func.count()).where(TourGroup.guide_id.isnot(None))).one()[0] == 64


def test_companions_become_named_visitors(env: ServiceEnv, tmp_path: Path) -> None:
    """The contact is person 1 and the 同行人 list names the others."""
    path = write(
        tmp_path, "a.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,3,中文,已确认,,李娜、王芳"]
    )
    sync_files(env, [path])
    with Session(env.engine) as db:
        names = db.exec(select(Visitor.name).order_by(Visitor.seq)).all()
    assert [n[0] for n in names] == ["张伟", "李娜", "王芳"]


def test_printed_place_outlives_a_shrinking_party(env: ServiceEnv, tmp_path: Path) -> None:
    """Shrinking a party drops its unused places but never one whose badge was printed."""
    first = write(tmp_path, "a.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,3,中文,已确认,,"])
    sync_files(env, [first])
    with Session(env.engine) as db:
        third = db.exec(select(Visitor).where(Visitor.seq == 3)).one()[0]
        at = env.now()
        db.add(PrintJob(visitor_id=third.id, created_at=at, updated_at=at))
        db.commit()
    shrunk = write(
        tmp_path, "b.csv", ["AAA11111,2025-02-02,09:30,张伟,13800000001,1,中文,已确认,,"]
    )
    sync_files(env, [shrunk])
    with Session(env.engine) as db:
        seqs = sorted(v.seq for (v,) in db.exec(select(Visitor)).all())
    assert seqs == [1, 3]


def test_json_with_sessions_reimports_unchanged(env: ServiceEnv, tmp_path: Path) -> None:
    """A platform export naming its sessions can be imported again: nothing changes."""
    path = tmp_path / "ours.json"
    path.write_text(
        json.dumps(
            {
                "format": "tour-kiosk/1",
                "sessions": [{"id": "S1", "starts_at": "2025-02-03T00:00:00+08:00"}],
                "reservations": [{"code": "MID00001", "session": "S1", "party_size": 2}],
            }
        ),
        encoding="utf-8",
    )
    assert sync_files(env, [path]).added == 1
    again = sync_files(env, [path])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert again.sessions["20250203-0000"]["created"] is False


def test_imported_session_is_found_from_its_exact_start(env: ServiceEnv, tmp_path: Path) -> None:
    """A tour imported for midnight is on that day's list (times are stored as the app stores them)."""
    path = write(tmp_path, "a.csv", ["MID00001,2025-02-03,00:00,张伟,13800000001,2,中文,已确认,,"])
    sync_files(env, [path])
    midnight = datetime(2025, 2, 3, 0, 0, tzinfo=SHANGHAI)
    with Session(env.engine) as db:
        found = db.exec(select(TourSession.id).where(TourSession.starts_at >= midnight)).all()
    assert [row[0] for row in found] == ["20250203-0000"]


def test_code_too_long_for_the_database_is_a_rejected_row(env: ServiceEnv, tmp_path: Path) -> None:
    """A 61-character code is one rejected row on every backend; the other rows import."""
    path = write(
        tmp_path,
        "long.csv",
        [
            "A" * 61 + ",2025-02-02,09:30,张伟,13800000001,2,中文,已确认,,",
            "BBB22222,2025-02-02,09:30,李娜,13800000002,1,中文,已确认,,",
        ],
    )
    report = sync_files(env, [path])
    assert report.added == 1
    assert [r["line"] for r in report.rejected] == [2]


def test_two_tickets_with_one_code_are_one_sentence_and_change_nothing(
    env: ServiceEnv, tmp_path: Path
) -> None:
    """A ticket secret given twice (in one export, or again later) is refused as a whole."""
    ticket = {"code": "", "starts_at": "2025-02-02T09:30:00+08:00", "party_size": 1}
    both = [
        {**ticket, "code": "AAA111", "visitors": [{"name": "A", "secret": "SAME-SECRET"}]},
        {**ticket, "code": "BBB222", "visitors": [{"name": "B", "secret": "SAME-SECRET"}]},
    ]
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps({"format": "tour-kiosk/1", "reservations": both}), "utf-8")
    before = counts(env)
    with pytest.raises(InputError, match="same ticket code"):
        sync_files(env, [twice])
    assert counts(env) == before
    first = tmp_path / "first.json"
    first.write_text(json.dumps({"format": "tour-kiosk/1", "reservations": both[:1]}), "utf-8")
    sync_files(env, [first])
    later = tmp_path / "later.json"
    later.write_text(json.dumps({"format": "tour-kiosk/1", "reservations": both[1:]}), "utf-8")
    with pytest.raises(InputError, match="same ticket code"):
        sync_files(env, [later])
