"""The console's kiosks and conflicts: last contact, uploads waiting, conflicts to acknowledge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from kiosk.store import hub as hub_sql
from kiosk.store.db import write_connection
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.supervisor.conftest import NOW, Day, settle

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def reported(day: Day) -> Day:
    """Two kiosks that reported, one of them with uploads waiting; one double admission."""
    with write_connection(day.env.engine) as conn:
        hub_sql.report_kiosk(conn, hub_sql.KioskReport("GATE-1", NOW, 0, 0, 14, None, None))
        hub_sql.report_kiosk(
            conn,
            hub_sql.KioskReport(
                "GATE-2", NOW - timedelta(minutes=5), 3, 0, 9,
                NOW - timedelta(minutes=20), NOW - timedelta(minutes=6),
            ),
        )  # fmt: skip
        visitor = conn.execute(
            text("SELECT id FROM visitor WHERE badge_code = 'FAMILY33-1'")
        ).scalar_one()
        hub_sql.add_conflict(
            conn, kind="double_admission", created_at=NOW, event_key="GATE-2:7",
            reservation_code="FAMILY33", session_id="AM", visitor_id=visitor, visitor_seq=1,
            kiosk_a="GATE-1", at_a=NOW - timedelta(minutes=9), kiosk_b="GATE-2",
            at_b=NOW - timedelta(minutes=8), detail={"group_a": "A", "group_b": "B"},
        )  # fmt: skip
    return day


def test_kiosks_and_an_open_conflict_are_listed(
    make_console: Any, reported: Day, qtbot: Any, qtmodeltester: Any
) -> None:
    """Each kiosk's last contact and waiting uploads; the conflict names both kiosks and times."""
    console = make_console()
    console.show_page("kiosks")
    settle(qtbot, console)
    page = console.pages["kiosks"]
    qtbot.waitUntil(lambda: len(page.conflicts.rows()) == 1, timeout=5000)
    kiosks = page.kiosks
    assert [kiosks.text(i, "kiosk") for i in range(2)] == ["GATE-1", "GATE-2"]
    assert [kiosks.text(i, "contact") for i in range(2)] == ["09:10:00", "09:05:00"]
    assert kiosks.text(1, "pending") == "3"
    assert kiosks.text(1, "outage") == "08:50:00 – 09:04:00"
    conflicts = page.conflicts
    assert conflicts.text(0, "what") == "Admitted twice"
    assert conflicts.text(0, "booking") == "FAMILY33"
    assert conflicts.text(0, "visitor") == "李华"
    assert conflicts.text(0, "first") == "GATE-1 09:01:00"
    assert conflicts.text(0, "second") == "GATE-2 09:02:00"
    assert conflicts.text(0, "detail") == "groups A / B"
    assert page.conflicts_caption.text() == "Open conflicts (1)"
    qtmodeltester.check(kiosks)
    qtmodeltester.check(conflicts)


def test_acknowledging_a_conflict_closes_it_in_the_supervisors_name(
    make_console: Any, reported: Day, qtbot: Any
) -> None:
    """Select, acknowledge: the conflict leaves the list and keeps who acknowledged it, when."""
    console = make_console()
    console.show_page("kiosks")
    page = console.pages["kiosks"]
    qtbot.waitUntil(lambda: len(page.conflicts.rows()) == 1, timeout=5000)
    assert not page.acknowledge_button.isEnabled()
    page.select_conflict(0)
    assert page.acknowledge_button.isEnabled()
    page.acknowledge_selected()
    qtbot.waitUntil(lambda: page.conflicts.rows() == [], timeout=5000)
    assert "acknowledged" in page.status.text()
    with reported.env.engine.connect() as conn:
        [closed] = hub_sql.conflicts(conn, open_only=False)
    assert (closed.acknowledged_by, closed.acknowledged_at) == ("supervisor", NOW)


def test_the_page_speaks_chinese(make_console: Any, reported: Day, qtbot: Any) -> None:
    """Titles and columns follow the console's language."""
    console = make_console(language="zh")
    console.show_page("kiosks")
    page = console.pages["kiosks"]
    qtbot.waitUntil(lambda: len(page.conflicts.rows()) == 1, timeout=5000)
    assert console.nav_buttons["kiosks"].text() == "终端与冲突"
    assert page.conflicts.text(0, "what") == "重复入场"
    assert page.conflicts_caption.text() == "未处理冲突（1）"
