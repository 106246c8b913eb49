"""Pick the label-printer sink the settings name (the wiring step calls this)."""

from __future__ import annotations

from kiosk.core.errors import ConfigError
from kiosk.printers.base import LabelSink
from kiosk.printers.brother import BrotherQLSink
from kiosk.printers.transport import UsbFinder
from kiosk.printers.zpl import ZplSink

LABEL_TARGETS = ("brother_ql", "zpl")
"""``print_target`` values that print straight to a label printer in its own language."""


def label_sink(
    target: str,
    address: str,
    model: str = "",
    label: str = "",
    *,
    find_usb: UsbFinder | None = None,
) -> LabelSink:
    """The sink for ``print_target`` = "brother_ql" or "zpl" at the ``printer`` address.

    Args:
        target: "brother_ql" or "zpl".
        address: ``tcp://10.0.0.9:9100``, ``usb://0x04f9:0x209b``, ``/dev/usb/lp0`` …
        model: Brother: "QL-820NWB" (default), "QL-700" …; Zebra: "ZD421-300dpi" or "300"
            (the resolution matters; default 203 dpi).
        label: Brother: "62" (continuous, default) or "62x100" (die-cut), "102", "102x152";
            Zebra: a badge size, "4x3in" (default), "62x100", "cr80", "a6".
        find_usb: tests hand in a fake USB device here.

    Raises:
        ConfigError: unknown target, unreadable address, unknown model or label.
    """
    if target == "brother_ql":
        return BrotherQLSink(address, model, label, find_usb=find_usb)
    if target == "zpl":
        return ZplSink(address, model, label, find_usb=find_usb)
    known = ", ".join(LABEL_TARGETS)
    raise ConfigError(
        f"print_target {target!r} is not a label printer; choose one of {known}.",
        f"print_target {target!r} 不是标签打印机，可选：{known}。",
    )
