"""Printing badges through a real CUPS spooler (cups-pdf) and to a PDF folder."""

from __future__ import annotations

import dataclasses
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.badges import PrintError, render_badge
from kiosk.badges.samples import TEST_PAGE_CODE, printer_test_badge, printer_test_images
from kiosk.ui import printing
from tests.conftest import skip_or_fail
from tests.support.cups import (
    CupsUnavailable,
    ensure_cups_queue,
    set_queue_enabled,
    wait_for_pdf,
)
from tests.support.pdf import decode_pdf_pages

FAULT_QUEUE = "KioskPDFFault"  # its own queue, so disabling it never disturbs KioskPDF


def _queue(name: str) -> str:
    try:
        return ensure_cups_queue(name)
    except CupsUnavailable as exc:
        skip_or_fail(f"CUPS is not available: {exc}")


@pytest.fixture
def cups_queue(qapp: object) -> str:
    """The enabled cups-pdf queue KioskPDF (cupsd started if needed)."""
    return _queue("KioskPDF")


@pytest.fixture
def fault_queue(qapp: object) -> Iterator[str]:
    """A second cups-pdf queue the test may disable; always re-enabled afterwards."""
    name = _queue(FAULT_QUEUE)
    yield name
    set_queue_enabled(name, True)


def _marker() -> str:
    return f"kiosktest{uuid.uuid4().hex[:10]}"


@pytest.mark.slow
@pytest.mark.cups
def test_badges_printed_through_cups_come_out_one_page_each_with_readable_qr(
    cups_queue: str, tmp_path: Path
) -> None:
    """Two badges sent to the CUPS queue become two label-sized PDF pages whose QRs scan."""
    first = render_badge(printer_test_badge("zh"), "62x100")
    second = render_badge(
        dataclasses.replace(printer_test_badge("en"), badge_code="V-SECOND-2"), "62x100"
    )
    marker = _marker()
    printing.print_badges(
        [first, second], printer_name=cups_queue, preset="62x100", job_name=marker
    )
    pdf = wait_for_pdf(marker)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           2" in info.stdout
    size_line = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    width_pt, height_pt = (float(value) for value in size_line.split()[2:5:2])
    assert width_pt == pytest.approx(62 / 25.4 * 72, abs=1.5)
    assert height_pt == pytest.approx(100 / 25.4 * 72, abs=1.5)
    assert decode_pdf_pages(pdf, tmp_path) == [[TEST_PAGE_CODE], ["V-SECOND-2"]]
    assert not pdf.exists()


@pytest.mark.slow
@pytest.mark.cups
def test_printing_from_a_worker_thread_works(cups_queue: str, tmp_path: Path) -> None:
    """The kiosk prints off the UI thread; a landscape card printed there scans back."""
    marker = _marker()
    errors: list[BaseException] = []

    def job() -> None:
        try:
            printing.print_badges(
                printer_test_images("cr80"),
                printer_name=cups_queue,
                preset="cr80",
                job_name=marker,
            )
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)

    worker = threading.Thread(target=job)
    worker.start()
    worker.join(timeout=60)
    assert not errors
    pdf = wait_for_pdf(marker)
    assert decode_pdf_pages(pdf, tmp_path) == [[TEST_PAGE_CODE]]


@pytest.mark.slow
@pytest.mark.cups
def test_disabled_queue_is_refused_then_prints_again_when_enabled(
    fault_queue: str, tmp_path: Path
) -> None:
    """A disabled CUPS queue raises PrintError (no silent held job); re-enabled it prints."""
    images = printer_test_images("cr80")
    set_queue_enabled(fault_queue, False)
    with pytest.raises(PrintError, match="stopped"):
        printing.print_badges(images, printer_name=fault_queue, preset="cr80")

    set_queue_enabled(fault_queue, True)
    marker = _marker()
    printing.print_badges(images, printer_name=fault_queue, preset="cr80", job_name=marker)
    assert decode_pdf_pages(wait_for_pdf(marker), tmp_path) == [[TEST_PAGE_CODE]]


@pytest.mark.cups
def test_available_printers_lists_the_cups_queue(cups_queue: str) -> None:
    """The settings page can offer the CUPS queue by name."""
    assert cups_queue in printing.available_printers()


def test_unknown_printer_raises_a_clear_print_error(qapp: object) -> None:
    """Printing to a printer that does not exist names it in both languages."""
    with pytest.raises(PrintError) as caught:
        printing.print_badges(
            printer_test_images("62x100"), printer_name="NoSuchPrinter-xyz", preset="62x100"
        )
    assert "NoSuchPrinter-xyz" in caught.value.message
    assert "NoSuchPrinter-xyz" in caught.value.message_zh


def test_nothing_to_print_is_a_print_error(qapp: object) -> None:
    """An empty batch is refused instead of sending a blank job."""
    with pytest.raises(PrintError):
        printing.print_badges([], printer_name="KioskPDF", preset="62x100")
