"""Gate search: by the last phone digits, masked, and a tap checks in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_search_finds_by_phone_digits_and_checks_in(qtbot, make_window):
    """Gate search by the last four phone digits shows masked phones; a tap starts check-in."""
    window = make_window(mode="gate")
    window.scan_page.search_button.click()
    search = window.search_page
    assert window.current_page() is search
    search.query_edit.setText("0876")
    with qtbot.waitSignal(search.model.modelReset, timeout=5000):
        search.run_query_now()
    model = search.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "PAIR4567"
    phone = model.data(model.index(0, 2))
    assert "0876" in phone and "7700 900876" not in phone
    with qtbot.waitSignal(window.party_shown, timeout=5000):
        search.table.clicked.emit(model.index(0, 0))
    assert window.current_page() is window.party_page


def test_search_headers_are_translated(make_window):
    """The results table's headers follow the language too."""

    window = make_window(language="en")
    model = window.search_page.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Code"
    window.set_language("zh")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "预约码"
