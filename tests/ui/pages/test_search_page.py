"""Gate search: by the last phone digits, masked, and a tap checks in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.ui.search_model import COLUMNS
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


def test_pinyin_initials_find_a_chinese_name_and_say_why(qtbot, make_window):
    """``wxm`` finds 王小明, and the row says it matched by pinyin initials, in the UI's
    language; a companion's name is shown beside the reason."""
    window = make_window(mode="gate", language="zh")
    window.scan_page.search_button.click()
    search = window.search_page
    model = search.model
    search.query_edit.setText("wxm")
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        search.run_query_now()
    assert model.data(model.index(0, 0)) == "SOLO2345"
    assert model.data(model.index(0, 1)) == "王小明"
    assert model.data(model.index(0, COLUMNS.index("reason"))) == "拼音首字母"
    assert model.headerData(COLUMNS.index("reason"), Qt.Orientation.Horizontal) == "匹配方式"
    search.query_edit.setText("jurgen")
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        search.run_query_now()
    assert model.data(model.index(0, 1)) == "Chloé Martin"
    assert model.data(model.index(0, COLUMNS.index("reason"))) == "姓名开头 · Jürgen Weber"
    assert "找到 1 条预约" in search.status_label.text()


def test_one_chinese_character_is_enough_to_search(qtbot, make_window):
    """A single Han character is a name (王); a single Latin letter is not searched."""
    window = make_window(mode="gate", language="en")
    window.scan_page.search_button.click()
    search = window.search_page
    search.query_edit.setText("王")
    with qtbot.waitSignal(search.model.modelReset, timeout=5000):
        search.run_query_now()
    assert search.model.rowCount() >= 1
    search.query_edit.setText("w")
    search.run_query_now()
    assert search.model.rowCount() == 0
    assert search.status_label.text() == "Type at least 2 characters."


def test_a_search_while_the_index_is_built_says_so_then_shows_the_results(qtbot, make_window):
    """Staff who type while the index is first built read that search is getting ready, and
    the results come by themselves once it is; scans never waited for the build."""
    from kiosk.services import search as search_service

    window = make_window(mode="gate", language="en")
    live = search_service._live(window.context.env.engine)
    live.lock.acquire()  # the build under way on the search-index thread
    try:
        window.scan_page.search_button.click()
        search = window.search_page
        search.query_edit.setText("wxm")
        search.run_query_now()
        qtbot.waitUntil(lambda: "getting ready" in search.status_label.text(), timeout=5000)
        assert search.model.rowCount() == 0
    finally:
        live.lock.release()
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=5000)
    assert search.model.data(search.model.index(0, 0)) == "SOLO2345"
