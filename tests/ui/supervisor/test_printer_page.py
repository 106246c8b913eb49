"""The printer page: choosing and saving the printer, a test badge, its state, the job queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from sqlmodel import Session, select

from kiosk.badges.samples import TEST_PAGE_CODE
from kiosk.config import load_settings
from kiosk.store.models import PrintJob, Visitor
from kiosk.ui.badge_printer import BadgePrinter
from tests.printers.conftest import qr_codes
from tests.support.label_printer import ZebraDevice, loopback
from tests.ui.printer_helpers import collect_garbage_on_the_main_thread, stop_printing  # noqa: F401
from tests.ui.supervisor.conftest import NOW, Day, settle

pytestmark = pytest.mark.usefixtures("collect_garbage_on_the_main_thread")

OPERATOR_FILE = """\
# North gate: ask Li Na before changing the printer
kiosk_id = "GATE-1"
print_target = "pdf"   # until the Zebra arrives
"""


def add_job(day: Day, badge_code: str, status: str, reason: str) -> None:
    with Session(day.env.engine) as db:
        visitor = db.exec(select(Visitor).where(Visitor.badge_code == badge_code)).one()
        db.add(
            PrintJob(
                visitor_id=visitor.id or 0,
                created_at=NOW,
                updated_at=NOW,
                status=status,
                reason=reason,
                printer="QL",
                kiosk_id=day.env.kiosk_id,
            )
        )
        db.commit()


def open_page(qtbot: Any, make_console: Any, language: str = "en") -> Any:
    console = make_console(language=language)
    console.show_page("printer")
    page = console.pages["printer"]
    page.reload()
    settle(qtbot, console)
    return page


def wait_printing(qtbot: Any, page: Any) -> None:
    """Let the page's printer lane (save, test print, retry) finish and answer."""
    qtbot.waitUntil(lambda: page.printing.idle, timeout=15000)


def fill_label_printer(page: Any, target: str, address: str, model: str, label: str) -> None:
    """Choose a label printer on the form the way staff do: target, address, model, label."""
    page.target_combo.setCurrentIndex(page.target_combo.findData(target))
    page.address_edit.setText(address)
    if target == "zpl":
        page.model_combo.setEditText(model)
    else:
        page.model_combo.setCurrentIndex(page.model_combo.findData(model))
    page.label_combo.setCurrentIndex(page.label_combo.findData(label))


def test_printer_page_retries_a_failed_job(qtbot: Any, day: Day, make_console: Any) -> None:
    """A failed badge job is listed as failed and prints (to the PDF folder) on retry."""
    add_job(day, "FAMILY33-1", "failed", "Printer is out of labels.")
    page = open_page(qtbot, make_console)
    assert page.model.text(0, "status") == "Failed"
    assert not page.retry_button.isEnabled()
    page.view.selectionModel().select(
        page.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    page._update_retry()
    assert page.retry_button.isEnabled()
    page.retry_selected()
    wait_printing(qtbot, page)
    qtbot.waitUntil(lambda: page.model.text(0, "status") == "Printed", timeout=5000)
    assert page.status.text() == "Printed."
    assert list((day.folder / "out").glob("*.pdf"))


def test_the_form_shows_only_what_the_chosen_target_needs(qtbot: Any, make_console: Any) -> None:
    """Label printers ask for an address, model and label; the spooler for a queue and size;
    the PDF folder for a size; no printing for nothing, and it cannot test-print."""
    page = open_page(qtbot, make_console)

    def shown() -> set[str]:
        return {key for key, widget in page.form_labels.items() if widget.isVisibleTo(page)}

    assert shown() == {"target", "size"}  # the day prints to the PDF folder
    page.target_combo.setCurrentIndex(page.target_combo.findData("brother_ql"))
    assert shown() == {"target", "address", "model", "label"}
    assert page.model_combo.currentText() == "QL-820NWB"
    assert page.label_combo.currentData() == "62"
    page.target_combo.setCurrentIndex(page.target_combo.findData("zpl"))
    assert page.model_combo.isEditable() and page.label_combo.currentData() == "4x3in"
    page.target_combo.setCurrentIndex(page.target_combo.findData("system"))
    assert shown() == {"target", "queue", "size"}
    page.target_combo.setCurrentIndex(page.target_combo.findData("none"))
    assert shown() == {"target"} and not page.test_button.isEnabled()


def test_save_writes_kiosk_toml_keeping_comments_and_applies_it(
    qtbot: Any, day: Day, make_console: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save on a Zebra at 300 dpi: kiosk.toml keeps the operator's comment, a fresh load reads
    the printer back, and the running kiosk prints with it at once."""
    config = tmp_path / "kiosk.toml"
    config.write_text(OPERATOR_FILE, encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    page = open_page(qtbot, make_console)
    changed: list[bool] = []
    page._context.bridge.printer_settings_changed.connect(lambda: changed.append(True))
    fill_label_printer(page, "zpl", "tcp://10.0.0.9:9100", "ZD421-300dpi", "4x3in")
    page.save_button.click()
    wait_printing(qtbot, page)
    assert page.status.text().startswith(f"Saved to {config}"), page.status.text()
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# North gate: ask Li Na before changing the printer\n")
    assert 'print_target = "zpl"   # until the Zebra arrives' in text
    saved = load_settings(config, environ={})
    assert (saved.print_target, saved.printer, saved.printer_model, saved.printer_label) == (
        "zpl",
        "tcp://10.0.0.9:9100",
        "ZD421-300dpi",
        "4x3in",
    )
    running = day.env.settings
    assert (running.print_target, running.printer, running.printer_model) == (
        "zpl",
        "tcp://10.0.0.9:9100",
        "ZD421-300dpi",
    )
    assert changed == [True]


@pytest.mark.parametrize(
    ("target", "address", "model", "label", "says"),
    [
        ("zpl", "tcp://not a host", "203dpi", "4x3in", "printer address"),
        ("zpl", "", "203dpi", "4x3in", "no printer address"),
        ("brother_ql", "tcp://10.0.0.9", "QL-820NWB", "102", "cannot print 102 mm"),
    ],
    ids=["bad-address", "no-address", "label-the-model-cannot-take"],
)
def test_a_bad_value_is_one_sentence_and_changes_nothing(
    qtbot: Any,
    day: Day,
    make_console: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    address: str,
    model: str,
    label: str,
    says: str,
) -> None:
    """Save with a value no printer can use: the reason in one sentence; the file and the
    running settings stay as they were."""
    config = tmp_path / "kiosk.toml"
    config.write_text(OPERATOR_FILE, encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    page = open_page(qtbot, make_console)
    fill_label_printer(page, target, address, model, label)
    page.save_button.click()
    wait_printing(qtbot, page)
    message = page.status.text()
    assert says in message and "\n" not in message and "Traceback" not in message
    assert config.read_text(encoding="utf-8") == OPERATOR_FILE
    assert day.env.settings.print_target == "pdf"


def test_test_print_puts_the_test_badge_on_the_label_printer_of_the_form(
    qtbot: Any, day: Day, make_console: Any
) -> None:
    """Test print on a Zebra typed into the form (not saved yet): its label scans."""
    device = ZebraDevice(300)
    with loopback(device) as printer:
        address = printer.address
        page = open_page(qtbot, make_console)
        fill_label_printer(page, "zpl", address, "300dpi", "4x3in")
        page.test_button.click()
        wait_printing(qtbot, page)
    assert page.status.text() == f"Test badge sent to {address}."
    assert [qr_codes(label) for label in device.labels()] == [[TEST_PAGE_CODE]]
    assert day.env.settings.print_target == "pdf"  # a test print saves nothing


def test_test_print_on_a_printer_out_of_labels_says_so(qtbot: Any, make_console: Any) -> None:
    """The printer's own sentence, in the console's language; nothing is printed."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        page = open_page(qtbot, make_console, language="zh")
        fill_label_printer(page, "zpl", printer.address, "203dpi", "4x3in")
        page.test_button.click()
        wait_printing(qtbot, page)
    assert page.status.text().startswith("标签打印机没有标签了")
    assert device.printed == []


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_printers_state_and_waiting_jobs_show_in_the_console_language(
    qtbot: Any, day: Day, make_console: Any, language: str
) -> None:
    """Out of labels, as the app's printer poll reports it, in words; waiting jobs in amber."""
    device = ZebraDevice(203)
    device.run_out()
    add_job(day, "FAMILY33-2", "waiting", "The label printer is out of labels.")
    with loopback(device) as printer:
        day.env.settings.print_target = "zpl"
        day.env.settings.printer = printer.address
        page = open_page(qtbot, make_console, language=language)
        badges = BadgePrinter(day.env, page._context.bridge, page, poll_ms=300)
        try:
            expected = "out of labels" if language == "en" else "没有标签"
            qtbot.waitUntil(lambda: expected in page.state_label.text(), timeout=3000)
            assert page.state_label.property("tone") == "alert"
            status = page.model.text(0, "status")
            assert status == ("Waiting for the printer" if language == "en" else "等待打印机")
        finally:
            stop_printing(qtbot, badges)


def test_the_console_on_its_own_asks_the_printer_itself(qtbot: Any, day: Day) -> None:
    """Without the app (no bridge) the page polls the print target itself: the PDF folder."""
    from kiosk.ui.supervisor import build_console

    console = build_console(day.env)
    qtbot.addWidget(console)
    page = console.pages["printer"]
    try:
        qtbot.waitUntil(lambda: "PDF files" in page.state_label.text(), timeout=5000)
        assert page.state_label.property("tone") == "good"
    finally:
        assert page.monitor is not None
        page.monitor.stop()
        page.monitor.wait()
        console.shutdown()
        console.context.writer.wait_for_done(5000)
