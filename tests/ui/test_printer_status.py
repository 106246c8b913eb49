"""The printer's status, asked off the UI thread every few seconds, from real loopback printers."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.ui.printer_status import PrinterMonitor, current_sink
from tests.support.label_printer import BrotherQLDevice, ZebraDevice, closed_port_address, loopback
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.printer_helpers import collect_garbage_on_the_main_thread  # noqa: F401

pytestmark = [OFFSCREEN_NOISE, pytest.mark.usefixtures("collect_garbage_on_the_main_thread")]

POLL_MS = 200


def watch(qtbot: Any, settings: Settings) -> tuple[PrinterMonitor, list[Any]]:
    """A started monitor over ``settings`` and the statuses it reports."""
    monitor = PrinterMonitor(lambda: settings, poll_ms=POLL_MS)
    seen: list[Any] = []
    monitor.polled.connect(seen.append)
    monitor.start()
    return monitor, seen


def test_out_of_labels_and_back_shows_within_a_poll(qtbot: Any) -> None:
    """A Zebra that runs out is reported within a poll or two, and ready once refilled."""
    device = ZebraDevice(203)
    with loopback(device) as printer:
        settings = Settings(print_target="zpl", printer=printer.address)
        monitor, seen = watch(qtbot, settings)
        readied: list[bool] = []
        monitor.became_ready.connect(lambda: readied.append(True))
        try:
            qtbot.waitUntil(lambda: bool(seen) and seen[-1].ready, timeout=3000)
            device.run_out()
            qtbot.waitUntil(lambda: seen[-1].problem == "out_of_media", timeout=3 * POLL_MS + 2000)
            assert "out of labels" in seen[-1].message_en
            assert "没有标签" in seen[-1].message_zh
            device.fix()
            qtbot.waitUntil(lambda: seen[-1].ready, timeout=3 * POLL_MS + 2000)
        finally:
            monitor.stop()
            monitor.wait()
    assert readied == [True, True]  # first answer, then after the fault


def test_a_switched_off_printer_is_offline_and_bad_settings_say_what_to_set(qtbot: Any) -> None:
    """Nothing listening: "offline"; a label target with no address: the setting to fill in."""
    monitor, seen = watch(qtbot, Settings(print_target="brother_ql", printer=closed_port_address()))
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=6000)
    finally:
        monitor.stop()
        monitor.wait()
    assert seen[0].problem == "offline"
    monitor, seen = watch(qtbot, Settings(print_target="zpl", printer=""))
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    finally:
        monitor.stop()
        monitor.wait()
    assert not seen[0].ready and "printer address" in seen[0].message_en


def test_no_printing_asks_no_printer(qtbot: Any) -> None:
    """print_target "none" reports None and never builds a sink."""
    monitor, seen = watch(qtbot, Settings(print_target="none"))
    try:
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=3000)
    finally:
        monitor.stop()
        monitor.wait()
    assert set(seen) == {None}


def test_one_sink_per_printer_so_polls_and_jobs_share_its_connection() -> None:
    """The same printer settings give the same sink object; another address another one."""
    with loopback(BrotherQLDevice()) as first, loopback(BrotherQLDevice()) as second:
        settings = Settings(print_target="brother_ql", printer=first.address)
        sink = current_sink(settings)
        assert current_sink(Settings(print_target="brother_ql", printer=first.address)) is sink
        other = current_sink(Settings(print_target="brother_ql", printer=second.address))
        assert other is not sink and other is not None
        assert other.name == second.address
