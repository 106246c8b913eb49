"""Render the staff menu and the Printer page with a Zebra out of labels, in both languages.

``KIOSK_TEST_SCREENSHOTS=1 .venv/bin/pytest tests/ui/test_printer_screenshots.py`` rewrites
docs/screenshots/staff-printer-out-*.png and printer-label-*.png; a normal run renders into a
temporary folder and checks what the pictures must show.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from sqlmodel import Session, select

from kiosk.paths import ROOT
from kiosk.store.models import PrintJob
from kiosk.ui.badge_printer import BadgePrinter
from tests.support.label_printer import ZebraDevice, loopback
from tests.ui.conftest import OFFSCREEN_NOISE, STAFF_PIN, scan, type_pin, wait_idle
from tests.ui.printer_helpers import collect_garbage_on_the_main_thread, stop_printing  # noqa: F401

pytestmark = [OFFSCREEN_NOISE, pytest.mark.usefixtures("collect_garbage_on_the_main_thread")]

SIZE = (1280, 800)
CONSOLE_SIZE = (1440, 900)
EXAMPLE_ADDRESS = "tcp://10.0.0.8:9100"
OUT_OF_LABELS = {"en": "out of labels", "zh": "没有标签"}
WAITING = {"en": "Waiting for the printer", "zh": "等待打印机"}


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    if os.environ.get("KIOSK_TEST_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def statuses(window: Any) -> list[str]:
    with Session(window.context.env.engine) as db:
        return list(db.exec(select(PrintJob.status).order_by(PrintJob.id)).all())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_render_the_printer_out_of_labels(
    qtbot: Any, make_window: Any, shots_dir: Path, language: str
) -> None:
    """A Zebra that ran out after the first badge: the staff menu says so, and the Printer
    page shows the printer, its state and the two badges waiting for it."""
    device = ZebraDevice(203)
    with loopback(device) as printer:
        window = make_window(
            mode="gate",
            language=language,
            print_target="zpl",
            printer=printer.address,
            printer_model="ZD421-203dpi",
            printer_label="4x3in",
        )
        badges = BadgePrinter(window.context.env, window.context.bridge, window, poll_ms=300)
        console = None
        try:
            scan(qtbot, window, "SOLO2345")
            qtbot.waitUntil(lambda: statuses(window) == ["printed"], timeout=15000)
            device.run_out()
            window.scan_gate.reset()
            scan(qtbot, window, "PAIR4567")
            window.party_page.confirm_button.click()
            qtbot.waitUntil(lambda: statuses(window).count("waiting") == 2, timeout=15000)

            window.open_staff_menu()
            type_pin(window, STAFF_PIN)
            staff = window.staff_page
            qtbot.waitUntil(
                lambda: OUT_OF_LABELS[language] in staff.printer_label.text(), timeout=5000
            )
            window.resize(*SIZE)
            staff_shot = shots_dir / f"staff-printer-out-{language}.png"
            window.grab().save(str(staff_shot))

            staff.supervisor_button.click()
            console = window.supervisor_page.console
            assert console is not None
            console.show_page("printer")
            page = console.pages["printer"]
            assert page.address_edit.text() == printer.address
            page.address_edit.setText(EXAMPLE_ADDRESS)  # the picture shows a real-looking one
            qtbot.waitUntil(
                lambda: OUT_OF_LABELS[language] in page.state_label.text(), timeout=5000
            )
            qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
            wait_idle(qtbot, window)
            window.resize(*CONSOLE_SIZE)  # the console's other pages need more than 1280
            page_shot = shots_dir / f"printer-label-{language}.png"
            window.grab().save(str(page_shot))
        finally:
            stop_printing(qtbot, badges, console)
    assert page.address_edit.isVisibleTo(page) and not page.size_combo.isVisibleTo(page)
    assert page.model.text(0, "status") == WAITING[language]
    for path, size in ((staff_shot, SIZE), (page_shot, CONSOLE_SIZE)):
        image = QImage(str(path))
        assert (image.width(), image.height()) == size, path
