"""Chinese and English through Qt's translator: no untranslated text on the main pages."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.conftest import OFFSCREEN_NOISE, scan

pytestmark = OFFSCREEN_NOISE


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
