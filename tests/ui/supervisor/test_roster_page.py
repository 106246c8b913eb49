"""The evacuation roster: who is on site, as a table, a PDF and a spreadsheet."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day, settle


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
