"""The sync page: a dry run that changes nothing, then Apply."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from kiosk.store.models import Reservation
from tests.ui.supervisor.conftest import Day, settle


def test_sync_dry_run_then_apply(qtbot: Any, day: Day, make_console: Any) -> None:
    """The dry run reports added and rejected rows and changes nothing; Apply imports."""
    export = day.folder / "export.csv"
    export.write_text(
        "预约码,参观日期,入场时间,联系人,手机号,参观人数,语言,状态\n"
        "NEWB0001,2025-02-02,14:00,新客人,13700000000,2,中文,已确认\n"
        "BADROW01,2025-02-02,14:00,坏行,13700000001,很多,中文,已确认\n",
        encoding="utf-8-sig",
    )
    console = make_console()
    sync = console.pages["sync"]
    sync.set_files([export])
    assert sync.check_button.isEnabled() and not sync.apply_button.isEnabled()
    sync.dry_run()
    settle(qtbot, console)
    assert sync.report is not None, sync.status.text()
    assert sync.tiles["added"].number.text() == "1"
    assert sync.rejected_model.rowCount() == 1
    assert sync.rejected_model.text(0, "file") == "export.csv"
    assert sync.apply_button.isEnabled()
    with Session(day.env.engine) as db:
        assert db.exec(select(Reservation).where(Reservation.code == "NEWB0001")).first() is None
    sync.apply()
    settle(qtbot, console)
    with Session(day.env.engine) as db:
        assert db.exec(select(Reservation).where(Reservation.code == "NEWB0001")).first()
    assert not sync.apply_button.isEnabled()
