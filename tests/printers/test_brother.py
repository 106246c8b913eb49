"""Brother QL raster over TCP 9100, USB and /dev/usb/lp*: real bytes, decoded back to badges."""

from __future__ import annotations

import time

import pytest
from brother_ql.labels import LabelsManager

from kiosk.badges import PrintError
from kiosk.badges.model import get_preset
from kiosk.badges.sink import BadgeSink
from kiosk.core.errors import ConfigError
from kiosk.printers import BrotherQLSink, PrinterFault
from kiosk.printers.address import PrinterAddress
from kiosk.printers.brother import LABEL_PRESET, parse_status
from tests.printers.conftest import badges, qr_codes, same_dots
from tests.support.label_printer import (
    BrotherQLDevice,
    FakeUsbDevice,
    PtyPrinter,
    closed_port_address,
    loopback,
)

# The QL-8xx head is 720 dots; a 62 mm label's 696 dots sit 12 dots in from each edge.
LEFT_MARGIN_62 = 12


@pytest.mark.parametrize("label", ["62", "62x100"])
def test_badges_print_over_tcp_and_decode_to_their_codes(label: str) -> None:
    """A party's badges go as raster over port 9100; each page's QR reads the visitor's code."""
    device = BrotherQLDevice("QL-820NWB", label)
    with loopback(device) as printer:
        sink = BrotherQLSink(printer.address, "QL-820NWB", label)
        images = badges(sink.preset, "V7K2-9QXM-4HTP", "V7K2-9QXM-5JRT")
        sink.send(images, preset=sink.preset, job_name="Kiosk badges 1")
    assert device.pages_printed == 2
    pages = device.pages()
    assert [qr_codes(page) for page in pages] == [["V7K2-9QXM-4HTP"], ["V7K2-9QXM-5JRT"]]
    for page, image in zip(pages, images, strict=True):
        assert page.size == (720, 1109)
        assert same_dots(page, image, LEFT_MARGIN_62)
    assert device.unknown_bytes == 0


def test_the_62mm_preset_is_the_librarys_printable_area() -> None:
    """The badge is rendered to exactly the dots brother_ql prints on 62 mm and 62x100 labels."""
    for label, preset in LABEL_PRESET.items():
        assert get_preset(preset).size_px[0] == LabelsManager()[label].dots_printable[0]
    assert get_preset("ql62x100").size_px == LabelsManager()["62x100"].dots_printable


def test_sink_satisfies_the_badge_sink_contract() -> None:
    """The printing use case can take a Brother sink like any other."""
    sink = BrotherQLSink("tcp://127.0.0.1:9100")
    assert isinstance(sink, BadgeSink)
    assert sink.name == "tcp://127.0.0.1:9100"
    assert sink.preset.name == "ql62x100"


def test_out_of_labels_refuses_then_prints_once_a_roll_is_in() -> None:
    """An empty printer says so in one sentence and prints nothing; with a new roll it prints."""
    device = BrotherQLDevice("QL-820NWB", "62")
    device.run_out()
    with loopback(device) as printer:
        sink = BrotherQLSink(printer.address, "QL-820NWB", "62")
        images = badges(sink.preset, "V-OUT-1")
        status = sink.status()
        assert not status.ready
        assert status.problem == "out_of_media"
        assert status.message_en.startswith("The label printer is out of labels")
        assert "没有标签" in status.message_zh
        with pytest.raises(PrinterFault) as refused:
            sink.send(images, preset=sink.preset, job_name="Kiosk badges 2")
        assert refused.value.status.problem == "out_of_media"
        assert isinstance(refused.value, PrintError)
        assert device.pages_printed == 0
        assert device.pages() == []  # the raster was never sent

        device.fix()
        assert sink.status().ready
        sink.send(images, preset=sink.preset, job_name="Kiosk badges 2")
    assert device.pages_printed == 1
    assert qr_codes(device.pages()[0]) == ["V-OUT-1"]


def test_cover_open_is_reported_and_refused() -> None:
    """An open cover stops the job before any label is wasted."""
    device = BrotherQLDevice("QL-800", "62x100")
    device.open_cover()
    with loopback(device) as printer:
        sink = BrotherQLSink(printer.address, "QL-800", "62x100")
        with pytest.raises(PrinterFault, match="cover is open"):
            sink.send(badges(sink.preset, "V-1"), preset=sink.preset, job_name="j")
        assert sink.status().problem == "cover_open"
    assert device.pages_printed == 0


def test_roll_running_out_mid_job_says_how_many_came_out() -> None:
    """Three badges, one label left: the job fails saying 1 of 3 printed (staff reprint)."""
    device = BrotherQLDevice("QL-820NWB", "62")
    device.labels_left = 1
    with loopback(device) as printer:
        sink = BrotherQLSink(printer.address, "QL-820NWB", "62")
        with pytest.raises(PrinterFault) as refused:
            sink.send(badges(sink.preset, "A", "B", "C"), preset=sink.preset, job_name="j")
    assert refused.value.status.problem == "out_of_media"
    assert refused.value.message.endswith("1 of 3 badges were printed.")
    assert device.pages_printed == 1


def test_wrong_roll_is_refused_with_what_is_loaded() -> None:
    """A 29 mm roll in a printer set up for 62 mm labels is caught before printing."""
    device = BrotherQLDevice("QL-820NWB", "29")
    with loopback(device) as printer:
        sink = BrotherQLSink(printer.address, "QL-820NWB", "62")
        status = sink.status()
    assert status.problem == "error"
    assert status.message_en == (
        "The label printer has 29 mm labels loaded but is set up for 62: load the 62 roll or "
        "change the label setting."
    )


def test_switched_off_printer_is_offline_and_refuses() -> None:
    """Nothing listening at the address: status says where, send raises, in a few seconds."""
    address = closed_port_address()
    sink = BrotherQLSink(address, "QL-820NWB", "62")
    started = time.monotonic()
    status = sink.status()
    assert status.problem == "offline"
    assert address in status.message_en
    with pytest.raises(PrinterFault, match="does not answer"):
        sink.send(badges(sink.preset, "V-1"), preset=sink.preset, job_name="j")
    assert time.monotonic() - started < 10


def test_a_printer_that_never_answers_still_prints() -> None:
    """A one-way link (no status replies) prints; its status says it cannot report problems."""
    device = BrotherQLDevice("QL-820NWB", "62")
    with loopback(device, answers=False) as printer:
        sink = BrotherQLSink(printer.address, "QL-820NWB", "62")
        sink.send(badges(sink.preset, "V-SILENT"), preset=sink.preset, job_name="j")
        status = sink.status()
    assert status.ready
    assert "does not report" in status.message_en
    assert qr_codes(device.pages()[0]) == ["V-SILENT"]


def test_usb_goes_through_the_same_path_with_a_fake_device() -> None:
    """usb://vendor:product reaches the printer-class interface; the kernel driver is restored."""
    device = BrotherQLDevice("QL-820NWB", "62x100")
    usb = FakeUsbDevice(device)
    asked: list[PrinterAddress] = []

    def find_usb(address: PrinterAddress, vendor: int) -> FakeUsbDevice:
        asked.append(address)
        assert vendor == 0x04F9
        return usb

    sink = BrotherQLSink("usb://0x04f9:0x209b", "QL-820NWB", "62x100", find_usb=find_usb)
    sink.send(badges(sink.preset, "V-USB-1"), preset=sink.preset, job_name="j")
    assert (asked[0].vendor_id, asked[0].product_id) == (0x04F9, 0x209B)
    assert usb.configured
    assert usb.detached == [1] and usb.reattached == [1]
    assert qr_codes(device.pages()[0]) == ["V-USB-1"]

    device.run_out()
    assert sink.status().problem == "out_of_media"


def test_device_file_goes_through_the_same_path() -> None:
    """A /dev/usb/lp* style device file (a raw pseudo-terminal here) prints and reports."""
    device = BrotherQLDevice("QL-700", "62")
    with PtyPrinter(device) as pty:
        sink = BrotherQLSink(pty.path, "QL-700", "62")
        assert sink.status().ready
        sink.send(badges(sink.preset, "V-LP0"), preset=sink.preset, job_name="j")
    assert qr_codes(device.pages()[0]) == ["V-LP0"]


def test_badges_of_another_size_are_refused_with_the_size_to_use() -> None:
    """A badge rendered for the system printer's 62x100 page (732 dots) is not squeezed."""
    sink = BrotherQLSink("tcp://127.0.0.1:9100", "QL-820NWB", "62")
    wrong = badges(get_preset("62x100"), "V-1")
    with pytest.raises(PrintError, match="render them with the badge size ql62x100"):
        sink.send(wrong, preset=get_preset("62x100"), job_name="j")


@pytest.mark.parametrize(
    ("model", "label", "message"),
    [
        ("QL-9999", "62", "model 'QL-9999' is unknown"),
        ("QL-820NWB", "29", "does not fit Brother label '29'"),
        ("QL-820NWB", "102", "cannot print 102 mm labels"),
    ],
)
def test_bad_model_or_label_is_a_config_error(model: str, label: str, message: str) -> None:
    """A mistyped model or a label the model cannot take is refused when the sink is made."""
    with pytest.raises(ConfigError, match=message):
        BrotherQLSink("tcp://127.0.0.1", model, label)


def _reply(err1: int = 0, err2: int = 0, width: int = 62, kind: int = 0x0A) -> bytes:
    frame = bytearray(32)
    frame[0:3] = b"\x80\x20\x42"
    frame[4], frame[8], frame[9], frame[10], frame[11] = 0x41, err1, err2, width, kind
    return bytes(frame)


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        (_reply(), None),
        (_reply(err1=0x01), "out_of_media"),
        (_reply(err1=0x02, kind=0x0B), "out_of_media"),
        (_reply(err2=0x40), "out_of_media"),
        (_reply(err1=0x04), "jammed"),
        (_reply(err2=0x10), "cover_open"),
        (_reply(err1=0x01, err2=0x10), "cover_open"),
        (_reply(err2=0x80), "error"),
        (_reply(err1=0x20), "offline"),
        (_reply(width=0, kind=0), "out_of_media"),
        (b"\x00" * 32, "error"),
    ],
)
def test_status_bits_become_one_problem(frame: bytes, problem: str | None) -> None:
    """Each error bit of the 32-byte reply maps to the problem staff can fix first."""
    status = parse_status(frame, model="QL-820NWB", label="62")
    assert status.problem == problem
    assert status.ready is (problem is None)
    assert status.message_en and status.message_zh
