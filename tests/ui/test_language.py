"""Chinese and English through Qt's translator: no untranslated text on the main pages."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.conftest import OFFSCREEN_NOISE, scan

pytestmark = OFFSCREEN_NOISE

# Data, not UI text: codes, names, kiosk ids and the language switch's own name.
NOT_UI_TEXT = re.compile(
    r"^(English|中文|GATE-1|Guide S1-A|Gate 1|[A-Z0-9]{4,}|Chloé Martin|Jürgen Weber|[\W\d_]*)$"
)


def visible_texts(page) -> dict[object, str]:
    texts = {}
    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if widget.isVisibleTo(page) and widget.text().strip():
            texts[widget] = widget.text()
    return texts


def untranslated(page, english: dict[object, str]) -> list[str]:
    """English texts that are still the same after switching to Chinese."""
    chinese = visible_texts(page)
    return [
        text
        for widget, text in english.items()
        if chinese.get(widget) == text
        and re.search(r"[A-Za-z]{2,}", text)
        and not NOT_UI_TEXT.match(text)
    ]


def test_every_main_page_is_translated(qtbot, make_window):
    """After switching to Chinese no English UI string is left on Scan, Party, Result, Keypad,
    Search, PIN and the staff menu."""
    window = make_window(mode="gate", language="en")
    window.search_page.set_results([])
    pages = [
        window.scan_page,
        window.keypad_page,
        window.search_page,
        window.pin_page,
        window.staff_page,
    ]
    scan(qtbot, window, "FAMILY34")
    pages.append(window.party_page)
    english = {page: visible_texts(page) for page in pages}
    window.set_language("zh")
    problems = {page.objectName(): untranslated(page, english[page]) for page in pages}
    window.set_language("en")
    with qtbot.waitSignal(window.result_shown, timeout=5000):
        window.party_page.confirm_button.click()
    window.context.bridge.print_status.emit("printing")
    result_en = visible_texts(window.result_page)
    window.set_language("zh")
    problems["ResultPage"] = untranslated(window.result_page, result_en)
    assert {name: texts for name, texts in problems.items() if texts} == {}
    assert "请扫描二维码" in window.scan_page.prompt_label.text()
    assert window.result_page.title_label.text() == "欢迎！签到成功"


def test_language_button_switches_and_names_the_other_language(make_window):
    """The Scan page's switch flips the language and always shows the other one's name."""
    window = make_window(language="zh")
    button = window.scan_page.language_button
    assert button.text() == "English"
    button.click()
    assert window.context.language == "en"
    assert window.scan_page.prompt_label.text() == "Scan your QR code"
    assert button.text() == "中文"


def test_dates_follow_the_language_in_the_site_zone(make_window):
    """The clock shows the site's wall-clock time; the date is written in the UI language."""
    window = make_window(language="en")
    assert window.scan_page.clock_label.text() == "09:10:00"
    assert window.scan_page.date_label.text() == "Sunday 2 February 2025"
    window.set_language("zh")
    assert window.scan_page.date_label.text() == "2025年2月2日 星期日"


def test_search_headers_are_translated(make_window):
    """The results table's headers follow the language too."""
    from PySide6.QtCore import Qt

    window = make_window(language="en")
    model = window.search_page.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Code"
    window.set_language("zh")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "预约码"
