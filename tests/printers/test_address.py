"""The printer setting: TCP hosts, USB ids and device files, with one sentence when wrong."""

from __future__ import annotations

import pytest

from kiosk.core.errors import ConfigError
from kiosk.printers import parse_address


@pytest.mark.parametrize(
    ("text", "kind", "host", "port"),
    [
        ("tcp://10.0.0.9:9100", "tcp", "10.0.0.9", 9100),
        ("tcp://10.0.0.9", "tcp", "10.0.0.9", 9100),
        ("10.0.0.9", "tcp", "10.0.0.9", 9100),
        ("ql820.local:9101", "tcp", "ql820.local", 9101),
        ("socket://printer-gate-2", "tcp", "printer-gate-2", 9100),
        ("tcp://[fe80::1]:9100", "tcp", "fe80::1", 9100),
        ("  tcp://10.0.0.9:9100/ ", "tcp", "10.0.0.9", 9100),
    ],
)
def test_network_addresses(text: str, kind: str, host: str, port: int) -> None:
    """Hosts with or without scheme and port reach the raw port (9100 by default)."""
    address = parse_address(text)
    assert (address.kind, address.host, address.port) == (kind, host, port)


def test_usb_addresses() -> None:
    """usb://vendor:product[/serial], with or without 0x, or bare usb:// for the first one."""
    address = parse_address("usb://0x04f9:0x209b/C5Z315686")
    assert (address.kind, address.vendor_id, address.product_id, address.serial) == (
        "usb",
        0x04F9,
        0x209B,
        "C5Z315686",
    )
    assert parse_address("usb://0a5f:0166").product_id == 0x0166
    assert parse_address("usb://0x04f9:0x2015_C5Z315686").serial == "C5Z315686"
    bare = parse_address("usb://")
    assert (bare.kind, bare.vendor_id, bare.product_id) == ("usb", None, None)


def test_device_files() -> None:
    """/dev/usb/lp0 and file:///dev/usb/lp0 name the kernel's USB printer device."""
    assert parse_address("/dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_address("file:///dev/usb/lp1").path == "/dev/usb/lp1"
    assert parse_address("/dev/usb/lp0").kind == "device"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "has no address"),
        ("   ", "has no address"),
        ("ipp://10.0.0.9/ipp/print", "uses ipp://"),
        ("tcp://10.0.0.9:99999", "has no valid port"),
        ("tcp://bad host", "is not a host name"),
        ("usb://brother", "is not a USB vendor:product id"),
        ("file://lp0", "names no device file"),
    ],
)
def test_bad_addresses_get_one_sentence(text: str, reason: str) -> None:
    """A wrong address is refused with what is wrong and how to write it, in both languages."""
    with pytest.raises(ConfigError, match=reason) as refused:
        parse_address(text)
    assert "tcp://10.0.0.9:9100" in refused.value.message
    assert "打印机" in refused.value.message_zh
