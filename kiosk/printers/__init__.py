"""Label printers in their own language, no driver needed: Brother QL raster and Zebra ZPL.

Qt-free: a sink here implements :class:`kiosk.badges.sink.BadgeSink` over TCP port 9100, USB
(pyusb) or a ``/dev/usb/lp*`` device file, asks the printer for its status before each job and
refuses with one sentence for staff when it reports a problem.
"""

from __future__ import annotations

from kiosk.printers.address import PrinterAddress, parse_address
from kiosk.printers.base import LabelPrinterSink, LabelSink
from kiosk.printers.brother import BrotherQLSink, brother_models
from kiosk.printers.factory import LABEL_TARGETS, label_sink
from kiosk.printers.status import PrinterFault
from kiosk.printers.zpl import ZplSink

__all__ = [
    "LABEL_TARGETS",
    "BrotherQLSink",
    "LabelPrinterSink",
    "LabelSink",
    "PrinterAddress",
    "PrinterFault",
    "ZplSink",
    "brother_models",
    "label_sink",
    "parse_address",
]
