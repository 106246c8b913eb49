"""Where a label printer is: a TCP host and port, a USB device, or a device file.

The operator writes one string in the ``printer`` setting:

- ``tcp://10.0.0.9:9100`` or ``10.0.0.9`` (port 9100, the raw port every label printer has),
- ``usb://0x04f9:0x209b`` (vendor:product, hex), ``usb://0x04f9:0x209b/SERIAL`` when two of
  the same model are plugged in (``_SERIAL`` as ``brother_ql discover`` prints it works too),
  or plain ``usb://`` for the first printer of the sink's maker,
- ``/dev/usb/lp0`` or ``file:///dev/usb/lp0`` (the Linux kernel's USB printer device).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from kiosk.core.errors import ConfigError

RAW_PORT = 9100
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(:\d{1,5})?$")
_USB = re.compile(r"^(?:0x)?([0-9A-Fa-f]{1,4}):(?:0x)?([0-9A-Fa-f]{1,4})(?:[/_](.+))?$")
EXAMPLES = "tcp://10.0.0.9:9100, usb://0x04f9:0x209b or /dev/usb/lp0"


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer address; ``text`` is how it is shown and recorded on print jobs."""

    kind: Literal["tcp", "usb", "device"]
    text: str
    host: str = ""
    port: int = RAW_PORT
    vendor_id: int | None = None
    product_id: int | None = None
    serial: str | None = None
    path: str = ""


def _bad(address: str, why: str, why_zh: str) -> ConfigError:
    return ConfigError(
        f"The printer address {address!r} {why}; write it like {EXAMPLES}.",
        f"打印机地址 {address!r} {why_zh}，应写成 {EXAMPLES} 的形式。",
    )


def parse_address(address: str) -> PrinterAddress:
    """Read the ``printer`` setting of a label printer.

    Raises:
        ConfigError: the text is empty or no address of a kind this kiosk can reach.
    """
    text = address.strip()
    if not text:
        raise ConfigError(
            f"The label printer has no address; set printer to {EXAMPLES}.",
            f"未设置标签打印机地址，请把 printer 设为 {EXAMPLES} 之一。",
        )
    if text.startswith("/"):
        return PrinterAddress("device", text, path=text)
    scheme, _, rest = text.partition("://")
    if not _:
        scheme, rest = "tcp", text
    scheme = scheme.lower()
    if scheme == "file":
        if not rest.startswith("/"):
            raise _bad(text, "names no device file", "没有给出设备文件")
        return PrinterAddress("device", text, path=rest)
    if scheme == "usb":
        return _usb(text, rest.strip("/"))
    if scheme not in ("tcp", "socket"):
        raise _bad(text, f"uses {scheme}://, which a label printer does not speak", "协议不受支持")
    host_port = rest.rstrip("/")
    if not _HOST.match(host_port):
        raise _bad(text, "is not a host name or IP address", "不是有效的主机名或 IP 地址")
    parts = urlsplit(f"//{host_port}")
    try:
        port = parts.port or RAW_PORT
    except ValueError:
        port = 0
    if not 0 < port < 65536 or not parts.hostname:
        raise _bad(text, "has no valid port", "端口无效")
    return PrinterAddress("tcp", text, host=parts.hostname, port=port)


def _usb(text: str, rest: str) -> PrinterAddress:
    if not rest:
        return PrinterAddress("usb", text)
    match = _USB.match(rest)
    if match is None:
        raise _bad(text, "is not a USB vendor:product id", "不是有效的 USB 厂商:产品编号")
    vendor, product, serial = match.groups()
    return PrinterAddress(
        "usb", text, vendor_id=int(vendor, 16), product_id=int(product, 16), serial=serial
    )
