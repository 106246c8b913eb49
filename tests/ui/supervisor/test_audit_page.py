"""The audit log viewer and its filters."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day, settle


def test_audit_log_filters_by_kiosk_and_outcome(qtbot: Any, day: Day, make_console: Any) -> None:
    """The log shows the 3 gate events; filtering by outcome leaves the check-out."""
    console = make_console()
    audit = console.pages["audit"]
    console.show_page("audit")
    settle(qtbot, console)
    assert audit.model.rowCount() == 3
    audit.set_filter(outcome="checked_out")
    settle(qtbot, console)
    assert [audit.model.text(i, "action") for i in range(audit.model.rowCount())] == ["checkout"]
    audit.set_filter(kiosk="SUP-1", outcome="")
    settle(qtbot, console)
    assert audit.model.rowCount() == 0
