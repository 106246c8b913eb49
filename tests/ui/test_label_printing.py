"""A check-in in the app on a label printer: the badge comes out, a fault shows, clearing it
prints what waited, exactly once (real loopback printers, real decoding)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select

from kiosk.store.models import PrintJob
from kiosk.ui.badge_printer import BadgePrinter
from tests.printers.conftest import qr_codes
from tests.support.label_printer import BrotherQLDevice, ZebraDevice, loopback
from tests.ui.conftest import OFFSCREEN_NOISE, STAFF_PIN, scan, type_pin
from tests.ui.printer_helpers import collect_garbage_on_the_main_thread, stop_printing  # noqa: F401

pytestmark = [OFFSCREEN_NOISE, pytest.mark.usefixtures("collect_garbage_on_the_main_thread")]

POLL_MS = 300
SHOWS_WITHIN_MS = 3 * POLL_MS + 2000  # a poll, the printer's answer, the repaint


def printed_codes(device: BrotherQLDevice | ZebraDevice) -> list[str]:
    """Every QR on every label that came out, in order."""
    if isinstance(device, BrotherQLDevice):
        pages = device.pages()[: device.pages_printed]
    else:
        pages = device.labels()
    return [code for page in pages for code in qr_codes(page)]


def jobs(window: Any) -> list[tuple[str, int]]:
    with Session(window.context.env.engine) as db:
        rows = db.exec(select(PrintJob.status, PrintJob.attempts).order_by(PrintJob.id)).all()
    return [(status, attempts) for status, attempts in rows]


@pytest.fixture(params=["zpl", "brother_ql"])
def label_printer(request: pytest.FixtureRequest) -> Iterator[tuple[str, Any, Any]]:
    """A Zebra (203 dpi) or a Brother QL-820NWB with 62 mm labels, on loopback."""
    device = ZebraDevice(203) if request.param == "zpl" else BrotherQLDevice()
    with loopback(device) as printer:
        yield request.param, device, printer


def test_check_in_prints_then_out_of_labels_shows_and_refilling_prints_once(
    qtbot: Any, make_window: Any, label_printer: tuple[str, Any, Any]
) -> None:
    """Print target zpl / brother_ql: the visitor's label scans to their badge code; out of
    labels shows on the staff page and the Printer page within a poll, the next party's jobs
    wait; a new roll prints them by themselves, each badge once."""
    target, device, printer = label_printer
    window = make_window(mode="gate", print_target=target, printer=printer.address)
    badges = BadgePrinter(window.context.env, window.context.bridge, window, poll_ms=POLL_MS)
    console = None
    try:
        solo = scan(qtbot, window, "SOLO2345")
        qtbot.waitUntil(lambda: window.result_page.print_label.text() != "", timeout=5000)
        qtbot.waitUntil(lambda: jobs(window) == [("printed", 1)], timeout=15000)
        assert printed_codes(device) == [solo.visitors[0].badge_code] == ["SOLO2345-1"]

        device.run_out()
        window.open_staff_menu()
        type_pin(window, STAFF_PIN)
        assert window.current_page() is window.staff_page
        qtbot.waitUntil(
            lambda: "out of labels" in window.staff_page.printer_label.text(),
            timeout=SHOWS_WITHIN_MS,
        )
        assert window.staff_page.printer_label.isVisible()
        assert "load a new roll" in window.staff_page.printer_label.text()

        window.go_home()
        preview = scan(qtbot, window, "PAIR4567")
        assert preview.party_size == 2
        with qtbot.waitSignal(window.result_shown, timeout=5000) as shown:
            window.party_page.confirm_button.click()
        pair = shown.args[0]
        qtbot.waitUntil(
            lambda: jobs(window) == [("printed", 1), ("waiting", 1), ("waiting", 1)],
            timeout=15000,
        )
        text = window.result_page.print_label.text()
        assert text == "Printer problem: staff will reprint your badges"  # no address, no jargon
        assert printer.address not in text

        window.open_staff_menu()
        type_pin(window, STAFF_PIN)
        window.staff_page.supervisor_button.click()
        console = window.supervisor_page.console
        assert console is not None
        console.show_page("printer")
        page = console.pages["printer"]
        qtbot.waitUntil(lambda: "out of labels" in page.state_label.text(), timeout=SHOWS_WITHIN_MS)
        qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
        assert [page.model.text(row, "status") for row in range(3)] == [
            "Waiting for the printer",
            "Waiting for the printer",
            "Printed",
        ]
        assert "2 waiting" in page.jobs_caption.text()
        assert printed_codes(device) == ["SOLO2345-1"]

        device.fix()
        qtbot.waitUntil(lambda: jobs(window)[1:] == [("printed", 2)] * 2, timeout=15000)
        qtbot.waitUntil(lambda: "ready" in page.state_label.text(), timeout=SHOWS_WITHIN_MS)
        qtbot.wait(4 * POLL_MS)  # more polls find the printer ready: nothing prints twice
        expected = ["SOLO2345-1"] + [v.badge_code for v in pair.visitors]
        assert printed_codes(device) == expected == ["SOLO2345-1", "PAIR4567-1", "PAIR4567-2"]
        assert jobs(window) == [("printed", 1), ("printed", 2), ("printed", 2)]
        qtbot.waitUntil(lambda: page.model.text(0, "status") == "Printed", timeout=5000)
    finally:
        stop_printing(qtbot, badges, console)
