"""The printer page: the job queue and retrying a failed badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel
from sqlmodel import Session, select

from kiosk.store.models import PrintJob, Visitor
from tests.ui.supervisor.conftest import NOW, Day, settle


def test_printer_page_retries_a_failed_job(qtbot: Any, day: Day, make_console: Any) -> None:
    """A failed badge job is listed in red and prints (to the PDF folder) on retry."""
    with Session(day.env.engine) as db:
        visitor = db.exec(select(Visitor).where(Visitor.badge_code == "FAMILY33-1")).one()
        db.add(
            PrintJob(
                visitor_id=visitor.id or 0,
                created_at=NOW,
                updated_at=NOW,
                status="failed",
                reason="Printer is out of labels.",
                printer="QL",
            )
        )
        db.commit()
    console = make_console()
    page = console.pages["printer"]
    console.show_page("printer")
    page.reload()
    settle(qtbot, console)
    assert page.model.text(0, "status") == "failed"
    assert not page.retry_button.isEnabled()
    page.view.selectionModel().select(
        page.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    page._update_retry()
    assert page.retry_button.isEnabled()
    page.retry_selected()
    settle(qtbot, console)
    assert page.model.text(0, "status") == "printed", page.status.text()
    assert list((day.folder / "out").glob("*.pdf"))
