"""Zebra ZPL over TCP 9100 and USB at 203 and 300 dpi: graphic fields decoded back to badges."""

from __future__ import annotations

import pytest

from kiosk.badges.sink import BadgeSink
from kiosk.core.errors import ConfigError
from kiosk.printers import PrinterFault, ZplSink
from kiosk.printers.address import PrinterAddress
from kiosk.printers.zpl import model_dpi, parse_host_status
from tests.printers.conftest import badges, qr_codes, same_dots
from tests.support.label_printer import FakeUsbDevice, ZebraDevice, closed_port_address, loopback


@pytest.mark.parametrize(
    ("dpi", "label", "size"),
    [
        (203, "4x3in", (812, 609)),
        (300, "4x3in", (1200, 900)),
        (203, "62x100", (496, 799)),
        (300, "cr80", (1011, 638)),
    ],
)
def test_badges_print_over_tcp_and_decode_to_their_codes(
    dpi: int, label: str, size: tuple[int, int]
) -> None:
    """Each badge is one ZPL label at the head's resolution; its QR reads the visitor's code."""
    device = ZebraDevice(dpi)
    with loopback(device) as printer:
        sink = ZplSink(printer.address, f"ZD421-{dpi}dpi", label)
        assert sink.preset.size_px == size
        images = badges(sink.preset, "V7K2-9QXM-4HTP", "V7K2-9QXM-5JRT")
        sink.send(images, preset=sink.preset, job_name="Kiosk badges 3")
    labels = device.labels()
    assert [qr_codes(label) for label in labels] == [["V7K2-9QXM-4HTP"], ["V7K2-9QXM-5JRT"]]
    for printed, image in zip(labels, images, strict=True):
        assert same_dots(printed, image)
    assert f"^PW{size[0]}^LL{size[1]}" in device.printed[0]


def test_sink_satisfies_the_badge_sink_contract() -> None:
    """The printing use case can take a ZPL sink like any other."""
    sink = ZplSink("10.0.0.9", "300", "4x3in")
    assert isinstance(sink, BadgeSink)
    assert sink.preset.name == "4x3in@300"
    assert sink.name == "10.0.0.9"


def test_out_of_paper_refuses_then_prints_once_loaded() -> None:
    """~HS paper-out: status and send say so, nothing is sent; loaded again, the badge prints."""
    device = ZebraDevice(203)
    device.run_out()
    with loopback(device) as printer:
        sink = ZplSink(printer.address, "203", "4x3in")
        images = badges(sink.preset, "V-Z-OUT")
        status = sink.status()
        assert (status.ready, status.problem) == (False, "out_of_media")
        with pytest.raises(PrinterFault, match="out of labels"):
            sink.send(images, preset=sink.preset, job_name="j")
        assert device.printed == [] and device.held == []

        device.fix()
        assert sink.status().ready
        sink.send(images, preset=sink.preset, job_name="j")
    assert [qr_codes(label) for label in device.labels()] == [["V-Z-OUT"]]


def test_head_open_is_reported_before_paper_out() -> None:
    """An open print head is what staff fix first (it hides the paper sensor anyway)."""
    device = ZebraDevice(203)
    device.run_out()
    device.open_head()
    with loopback(device) as printer:
        status = ZplSink(printer.address, "203").status()
    assert status.problem == "cover_open"
    assert status.message_en == (
        "The label printer's cover is open: close it, then print the waiting badges."
    )


def test_a_300dpi_printer_set_up_as_203_is_caught() -> None:
    """~HI tells the head's resolution; a mismatch would print badges at two thirds size."""
    device = ZebraDevice(300)
    with loopback(device) as printer:
        sink = ZplSink(printer.address, "ZD421", "4x3in")
        status = sink.status()
        assert status.problem == "error"
        assert "prints at 300 dpi but is set up for 203 dpi" in status.message_en
        with pytest.raises(PrinterFault):
            sink.send(badges(sink.preset, "V-1"), preset=sink.preset, job_name="j")
    assert device.printed == []


def test_labels_sent_before_the_roll_ran_out_are_held_not_lost() -> None:
    """Paper out mid-job: the job counts as sent (the Zebra prints the rest once refilled)."""
    device = ZebraDevice(203)
    device.labels_left = 1
    with loopback(device) as printer:
        sink = ZplSink(printer.address, "203")
        sink.send(badges(sink.preset, "A", "B"), preset=sink.preset, job_name="j")
        assert sink.status().problem == "out_of_media"
        assert len(device.printed) == 1 and len(device.held) == 1
        device.fix()
    assert [qr_codes(label) for label in device.labels()] == [["A"], ["B"]]


def test_switched_off_printer_is_offline() -> None:
    """Nothing at the address: the staff page reads "does not answer" with the address."""
    address = closed_port_address()
    status = ZplSink(address).status()
    assert status.problem == "offline"
    assert address in status.message_en


def test_usb_goes_through_the_same_path_with_a_fake_device() -> None:
    """usb:// with no ids finds the first Zebra (vendor 0x0a5f) and prints through it."""
    device = ZebraDevice(300)
    usb = FakeUsbDevice(device, configured=True)
    vendors: list[int] = []

    def find_usb(address: PrinterAddress, vendor: int) -> FakeUsbDevice:
        vendors.append(vendor)
        return usb

    sink = ZplSink("usb://", "300dpi", "4x3in", find_usb=find_usb)
    sink.send(badges(sink.preset, "V-USB-Z"), preset=sink.preset, job_name="j")
    assert vendors == [0x0A5F]
    assert [qr_codes(label) for label in device.labels()] == [["V-USB-Z"]]
    device.run_out()
    assert sink.status().problem == "out_of_media"


@pytest.mark.parametrize(
    ("flags", "problem"),
    [
        ({}, None),
        ({"paper_out": 1}, "out_of_media"),
        ({"pause": 1}, "paused"),
        ({"head_up": 1}, "cover_open"),
        ({"ribbon_out": 1, "thermal_transfer": 1}, "ribbon_out"),
        ({"ribbon_out": 1}, None),  # direct thermal: no ribbon to run out
        ({"over_temperature": 1}, "head_hot"),
        ({"corrupt_ram": 1}, "error"),
    ],
)
def test_host_status_flags_become_one_problem(flags: dict[str, int], problem: str | None) -> None:
    """Each ~HS flag maps to the problem staff see, with a sentence in both languages."""
    values = {
        "paper_out": 0,
        "pause": 0,
        "corrupt_ram": 0,
        "over_temperature": 0,
        "head_up": 0,
        "ribbon_out": 0,
        "thermal_transfer": 0,
        **flags,
    }
    first = (
        f"030,{values['paper_out']},{values['pause']},1218,000,0,0,0,000,"
        f"{values['corrupt_ram']},0,{values['over_temperature']}"
    )
    second = (
        f"001,0,{values['head_up']},{values['ribbon_out']},{values['thermal_transfer']},"
        "2,6,0,00000000,1,000"
    )
    status = parse_host_status([first, second, "1234,0"])
    assert status.problem == problem
    assert status.message_en and status.message_zh


def test_a_garbled_answer_is_an_error_not_a_crash() -> None:
    """An answer that is not ~HS (another printer language on the port) reads as an error."""
    assert parse_host_status(["hello"]).problem == "error"


@pytest.mark.parametrize(
    ("model", "dpi"),
    [("", 203), ("300", 300), ("ZD421-300dpi", 300), ("ZT600", 203), ("ZT610 600 dpi", 600)],
)
def test_resolution_comes_from_the_model_setting(model: str, dpi: int) -> None:
    """The model names the head's resolution; a model number is not mistaken for one."""
    assert model_dpi(model) == dpi


def test_a_label_that_is_no_badge_size_is_a_config_error() -> None:
    """The Zebra label must be one of the badge sizes (the resolution goes in the model)."""
    with pytest.raises(ConfigError, match="not a badge size"):
        ZplSink("10.0.0.9", "203", "4x3in@300")
