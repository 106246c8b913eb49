"""Render each main page in both languages at 1280×800 (docs/screenshots with an env switch).

``KIOSK_TEST_SCREENSHOTS=1 .venv/bin/pytest tests/ui/test_screenshots.py`` rewrites the
README's pictures in docs/screenshots/; a normal run renders into a temporary folder and checks
that every page fits the screen.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.paths import ROOT
from kiosk.ui.search_model import COLUMNS
from tests.factories import SHANGHAI, Party, add_session
from tests.ui.conftest import OFFSCREEN_NOISE, scan

pytestmark = OFFSCREEN_NOISE

SIZE = (1280, 800)


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    if os.environ.get("KIOSK_TEST_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


@pytest.mark.parametrize("language", ["zh", "en"])
def test_render_main_pages(qtbot, make_window, shots_dir, language):
    """Scan, Party, Result (ok, partial, refused), Keypad and Search render at 1280×800."""
    window = make_window(mode="gate", language=language)
    window.resize(*SIZE)
    saved: list[Path] = []

    def shot(name: str) -> None:
        window.resize(*SIZE)
        path = shots_dir / f"{name}-{language}.png"
        window.grab().save(str(path))
        saved.append(path)

    shot("scan")
    scan(qtbot, window, "FAMILY34")
    window.party_page.name_buttons[2].click()
    shot("party")
    with qtbot.waitSignal(window.result_shown, timeout=5000):
        window.party_page.confirm_button.click()
    window.context.bridge.print_status.emit("printing")
    shot("result-partial")
    window.scan_gate.reset()
    scan(qtbot, window, "SOLO2345")
    window.context.bridge.print_status.emit("printed")
    shot("result-ok")
    scan(qtbot, window, "TMRW7890")
    shot("result-refused")
    window.show_keypad()
    for char in "K7MW3Q":
        window.keypad_page.keypad.keys[char].click()
    shot("keypad")
    window.show_search()
    window.search_page.query_edit.setText("Martin")
    with qtbot.waitSignal(window.search_page.model.modelReset, timeout=5000):
        window.search_page.run_query_now()
    shot("search")
    for path in saved:
        image = QImage(str(path))
        assert (image.width(), image.height()) == SIZE, path.name


NAMES_LIKE_XIAOMING = (
    Party("WXM10001", 2, names=["王小明", "王磊"], phone="13812340001"),
    Party("WXM10002", 1, names=["吴晓明"], phone="13912340002"),
    Party("WXM10003", 3, names=["魏晓明", "魏伟", ""], phone="13712340003"),
    Party("WXM10004", 1, names=["Xiaoming Wang"], language="en", phone="+44 7700 900123"),
    Party("WXM10005", 2, names=["王晓敏", "陈静"], phone="13612340005"),
)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_render_pinyin_search_and_large_text(qtbot, kiosk_env, make_window, shots_dir, language):
    """A pinyin search lists its hits with the reason each matched; large text with high
    contrast on the scan and result pages, at 1280×800."""
    add_session(
        kiosk_env.engine,
        "S9",
        starts_at=datetime(2025, 2, 2, 10, 30, tzinfo=SHANGHAI),
        parties=NAMES_LIKE_XIAOMING,
    )
    window = make_window(mode="gate", language=language)
    window.resize(*SIZE)
    window.show_search()
    window.search_page.query_edit.setText("xiaoming")
    with qtbot.waitSignal(window.search_page.model.modelReset, timeout=5000):
        window.search_page.run_query_now()
    reasons = {
        window.search_page.model.data(window.search_page.model.index(row, COLUMNS.index("reason")))
        for row in range(window.search_page.model.rowCount())
    }
    assert len(reasons) >= 3  # pinyin, a Latin name, one letter off
    paths = [shots_dir / f"search-pinyin-{language}.png"]
    window.grab().save(str(paths[-1]))
    window.go_home()
    window.assist.set_large_text(True)
    try:
        window.resize(*SIZE)
        qtbot.wait(50)  # the new sizes laid out, as the event loop does before a paint
        paths.append(shots_dir / f"large-text-scan-{language}.png")
        window.grab().save(str(paths[-1]))
        scan(qtbot, window, "SOLO2345")
        window.context.bridge.print_status.emit("printed")
        qtbot.wait(50)
        paths.append(shots_dir / f"large-text-result-{language}.png")
        window.grab().save(str(paths[-1]))
    finally:
        window.assist.set_large_text(False)
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == SIZE, path.name
