"""Render each main page in both languages at 1280×800 (docs/screenshots with an env switch).

``KIOSK_TEST_SCREENSHOTS=1 .venv/bin/pytest tests/ui/test_screenshots.py`` rewrites the
README's pictures in docs/screenshots/; a normal run renders into a temporary folder and checks
that every page fits the screen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.paths import ROOT
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
