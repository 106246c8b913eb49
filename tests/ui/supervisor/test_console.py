"""The supervisor console driven through its pages, against a real SQLite database."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QItemSelectionModel
from sqlmodel import Session, select

from kiosk.store.models import PrintJob, Reservation, ScanEvent, Visitor
from tests.ui.supervisor.conftest import NOW, Day, settle


def last_event(day: Day) -> ScanEvent:
    with Session(day.env.engine) as db:
        event = db.exec(select(ScanEvent).order_by(ScanEvent.id.desc())).first()  # type: ignore[union-attr]
    assert event is not None
    return event


def event_count(day: Day) -> int:
    with Session(day.env.engine) as db:
        return len(db.exec(select(ScanEvent)).all())


def choose(qtbot: Any, console: Any, query: str) -> Any:
    tools = console.pages["tools"]
    tools.search(query)
    settle(qtbot, console)
    assert tools.party is not None, tools.status.text()
    return tools


def test_dashboard_shows_the_current_tour_at_a_glance(make_console: Any) -> None:
    """Booked 8, in 5, on site 4, expected 3; the English pair went to the English guide's B."""
    dashboard = make_console().pages["dashboard"]
    numbers = {name: tile.number.text() for name, tile in dashboard.tiles.items()}
    assert numbers == {
        "booked": "8",
        "checked_in": "5",
        "on_site": "4",
        "expected": "3",
        "no_show": "0",
    }
    assert "check-in open" in dashboard.session_title.text()
    groups = dashboard.groups_model
    assert [groups.text(i, "fill") for i in range(2)] == ["3/5", "2/5"]
    assert [groups.text(i, "ready") for i in range(2)] == ["Gathering", "Gathering"]
    assert dashboard.chart.last_value() == 5
    assert dashboard.kiosks_model.text(0, "kiosk") == "GATE-1"


def test_tapping_another_tour_switches_the_dashboard(qtbot: Any, make_console: Any) -> None:
    """Choosing the 14:00 tour shows its 2 booked and empty groups."""
    console = make_console()
    dashboard = console.pages["dashboard"]
    dashboard.choose_session("PM")
    settle(qtbot, console)
    assert dashboard.tiles["booked"].number.text() == "2"
    assert dashboard.tiles["checked_in"].number.text() == "0"
    assert "not open yet" in dashboard.session_title.text()


def test_override_needs_a_reason_and_is_logged(qtbot: Any, day: Day, make_console: Any) -> None:
    """The 14:00 party is too early: no reason → nothing written; with one → admitted."""
    console = make_console()
    tools = choose(qtbot, console, "AFTN6666")
    before = event_count(day)
    tools.override()
    settle(qtbot, console)
    assert tools.status.text() == "Please type a reason first."
    assert event_count(day) == before
    tools.reason_edit.setText("tour bus arrived early")
    tools.override()
    settle(qtbot, console)
    assert tools.party.checked_in == 2
    event = last_event(day)
    assert (event.action, event.operator, event.outcome) == ("override", "supervisor", "ok")
    assert json.loads(event.detail)["reason"] == "tour bus arrived early"


def test_check_in_undo_and_check_out_from_the_tools(
    qtbot: Any, day: Day, make_console: Any
) -> None:
    """Staff check the solo visitor in, take it back with a reason, and check the pair out."""
    console = make_console()
    tools = choose(qtbot, console, "王小明")
    tools.check_in()
    settle(qtbot, console)
    assert tools.party.checked_in == 1
    tools.reason_edit.setText("wrong person")
    tools.undo()
    settle(qtbot, console)
    assert tools.party.checked_in == 0
    assert last_event(day).action == "undo"
    tools = choose(qtbot, console, "PAIR2222")
    tools.check_out()
    settle(qtbot, console)
    assert tools.party.on_site == 0


def test_move_party_and_show_phone(qtbot: Any, day: Day, make_console: Any) -> None:
    """The family moves to group B; the full phone shows only with a reason, and is logged."""
    console = make_console()
    tools = choose(qtbot, console, "FAMILY33")
    assert {v.group for v in tools.party.visitors} == {"A"}
    tools.group_combo.setCurrentIndex(tools.group_combo.findData("B"))
    tools.move_party()
    settle(qtbot, console)
    assert {v.group for v in tools.party.visitors} == {"B"}
    assert "13812345678" not in tools.party_title.text()
    tools.reason_edit.setText("child lost")
    tools.reveal_phone()
    settle(qtbot, console)
    assert "13812345678" in tools.party_title.text()
    assert last_event(day).action == "reveal_phone"


def test_walk_in_and_reprint(qtbot: Any, day: Day, make_console: Any) -> None:
    """Two walk-ins fill the last places of the 09:30 tour; reprint asks the app to print."""
    console = make_console()
    tools = console.pages["tools"]
    index = tools.walk_session_combo.findData("AM")
    assert "2 free" in tools.walk_session_combo.itemText(index)
    tools.walk_session_combo.setCurrentIndex(index)
    tools.walk_size.set_value(2)
    tools.walk_name.setText("张三")
    tools.register_walk_in()
    settle(qtbot, console)
    assert tools.party is not None and tools.party.code.startswith("WALK-")
    assert tools.party.checked_in == 2
    with qtbot.waitSignal(console.context.bridge.print_requested) as asked:
        tools.reprint()
    assert sorted(asked.args[0]) == sorted(v.id for v in tools.party.visitors)


def test_roster_lists_people_on_site_and_prints_a_pdf(
    qtbot: Any, day: Day, make_console: Any
) -> None:
    """The roster has the 4 people on site; PDF and spreadsheet are written offline."""
    console = make_console()
    roster = console.pages["roster"]
    console.show_page("roster")
    settle(qtbot, console)
    assert roster.model.rowCount() == 4
    assert roster.summary.text() == "4 people on site now"
    pdf = day.folder / "roster.pdf"
    roster.save_pdf(pdf)
    settle(qtbot, console)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    sheet = day.folder / "roster.csv"
    roster.export(sheet)
    settle(qtbot, console)
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 5 and "李华" in lines[1]


def test_guide_manifest_pdf(qtbot: Any, day: Day, make_console: Any) -> None:
    """A guide's manifest for group A is written as a PDF."""
    console = make_console()
    tools = console.pages["tools"]
    assert tools.manifest_combo.count() == 6  # 2 groups at 09:30, 4 at 14:00
    target = day.folder / "manifest.pdf"
    tools.save_manifest(target)
    settle(qtbot, console)
    assert target.read_bytes().startswith(b"%PDF")


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


def test_console_speaks_chinese(qtbot: Any, make_console: Any) -> None:
    """With the UI in Chinese the console's own texts are translated."""
    console = make_console(language="zh")
    assert console.nav_buttons["roster"].text() == "疏散名单"
    assert console.pages["dashboard"].tiles["on_site"].caption.text() == "当前在场"


def test_screenshots_render_every_page(qtbot: Any, day: Day) -> None:
    """The screenshot helper saves one PNG per page from a bare ServiceEnv."""
    from kiosk.ui.supervisor.console import PAGES
    from kiosk.ui.supervisor.screenshots import render

    paths = render(day.env, day.folder / "shots", size=(1280, 800))
    assert paths[0].name == "supervisor-dashboard.png"
    assert len(paths) == len(PAGES) and all(p.stat().st_size > 10_000 for p in paths)


def test_build_console_accepts_a_bare_env(qtbot: Any, day: Day) -> None:
    """Without an AppContext the console still runs (own worker, no bridge)."""
    from kiosk.ui.supervisor import build_console

    console = build_console(day.env)
    qtbot.addWidget(console)
    settle(qtbot, console)
    assert console.pages["dashboard"].tiles["booked"].number.text() == "8"
    assert console.context.bridge is None
    console.shutdown()
    console.context.writer.wait_for_done(5000)
