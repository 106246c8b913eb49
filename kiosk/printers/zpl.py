"""Zebra printers (ZD, GK, ZT series and other ZPL II printers) at 203 or 300 dpi.

Each badge goes as one ZPL label holding the badge bitmap as a graphic field (``^GF``), made by
**zebrafy** (maintained, typed, LGPL; version 2 adds ZPL run-length compression and a reader
for graphic fields, which the tests use to turn captured bytes back into pictures). The
image is thresholded, never dithered: the QR modules stay solid.

Before each job the sink sends ``~HS`` (host status) and ``~HI`` (host identification): the
first says paper out, paused, head open, ribbon out, too hot; the second the print head's
resolution, so a 300 dpi printer set up as 203 dpi is caught before badges come out at two
thirds of their size. A Zebra keeps labels it cannot print in its buffer and prints them when
the fault is cleared, so nothing is waited for after the job is sent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from PIL import Image

from kiosk.badges.model import PRESETS, Preset, get_preset
from kiosk.badges.sink import PrinterStatus
from kiosk.core.errors import ConfigError
from kiosk.printers.base import LabelPrinterSink
from kiosk.printers.status import problem, ready
from kiosk.printers.transport import Transport, UsbFinder

ZEBRA_USB_VENDOR = 0x0A5F
DEFAULT_DPI = 203
DEFAULT_LABEL = "4x3in"
REPLY_TIMEOUT_S = 2.0
STX, ETX = b"\x02", b"\x03"
HOST_STATUS = b"~HS"
HOST_IDENTIFICATION = b"~HI"
DPI_BY_DOTS_PER_MM = {6: 152, 8: 203, 12: 300, 24: 600}
_DPI_IN_MODEL = re.compile(r"(?<![0-9A-Za-z])(152|203|300|600)(?![0-9])")
_COMMENT_UNSAFE = re.compile(r"[^ -~]|[\^~]")


def model_dpi(model: str) -> int:
    """The print-head resolution named in the model setting ("ZD421-300dpi", "300"; else 203).

    A number inside a model name ("ZT600") is not a resolution.
    """
    match = _DPI_IN_MODEL.search(model)
    return int(match.group(1)) if match else DEFAULT_DPI


class ZplSink(LabelPrinterSink):
    """Prints badges on a ZPL printer over TCP 9100, USB (pyusb) or ``/dev/usb/lp*``.

    Args:
        address: ``tcp://host:9100``, ``usb://0x0a5f:0x0166`` or ``/dev/usb/lp0``.
        model: the printer model with its resolution, e.g. "ZD421-300dpi" or just "203".
        label: the badge size on the roll: a badge preset ("4x3in", "62x100", "cr80", "a6").
        find_usb: how to find the USB device (tests pass a fake).

    Raises:
        ConfigError: a label that is not a badge size.
    """

    def __init__(
        self,
        address: str,
        model: str = "",
        label: str = DEFAULT_LABEL,
        *,
        find_usb: UsbFinder | None = None,
    ) -> None:
        super().__init__(address, usb_vendor=ZEBRA_USB_VENDOR, find_usb=find_usb)
        label = label.strip() or DEFAULT_LABEL
        if label not in PRESETS:
            known = ", ".join(PRESETS)
            raise ConfigError(
                f"Zebra label {label!r} is not a badge size; choose one of {known}.",
                f"Zebra 标签 {label!r} 不是胸卡尺寸，可选：{known}。",
            )
        self.model = model.strip()
        self.dpi = model_dpi(self.model)
        self.label = label
        self._preset = get_preset(f"{label}@{self.dpi}")

    @property
    def preset(self) -> Preset:
        """The badge size at the print head's resolution (812 x 609 dots for 4x3in at 203)."""
        return self._preset

    def zpl(self, images: Sequence[Image.Image], job_name: str = "") -> bytes:
        """One ZPL label per badge: the bitmap as a compressed ``^GFA`` graphic field."""
        from zebrafy.zebrafy_image import ZebrafyImage

        comment = _COMMENT_UNSAFE.sub("_", job_name)[:60]
        labels = []
        for image in images:
            field = ZebrafyImage(
                image.convert("L"),
                format="ASCII_COMPRESSED",
                dither=False,
                threshold=128,
                complete_zpl=False,
            ).to_zpl()
            width, height = image.size
            labels.append(f"^XA^FX{comment}\n^LH0,0^PW{width}^LL{height}^PON\n{field}\n^PQ1^XZ\n")
        return "".join(labels).encode("ascii")

    def _job(self, images: Sequence[Image.Image], job_name: str) -> bytes:
        return self.zpl(images, job_name)

    def _confirm(self, transport: Transport, pages: int) -> None:
        """Nothing to wait for: a Zebra holds what it cannot print and prints it once fixed."""

    def _query(self, transport: Transport) -> PrinterStatus | None:
        transport.write(HOST_STATUS + HOST_IDENTIFICATION)
        frames = _read_frames(transport, wanted=4, timeout_s=REPLY_TIMEOUT_S)
        if len(frames) < 3:
            return None
        found = parse_host_status(frames[:3])
        if found.ready and len(frames) > 3:
            return self._check_resolution(frames[3], found)
        return found

    def _check_resolution(self, identification: str, found: PrinterStatus) -> PrinterStatus:
        fields = identification.split(",")
        dots_per_mm = fields[2].strip() if len(fields) > 2 else ""
        printer_dpi = DPI_BY_DOTS_PER_MM.get(int(dots_per_mm)) if dots_per_mm.isdigit() else None
        detail = f"{found.detail}; ~HI {identification}"
        if printer_dpi is None or printer_dpi == self.dpi:
            return ready(detail)
        return problem(
            "error",
            detail,
            message=(
                f"The label printer prints at {printer_dpi} dpi but is set up for {self.dpi} "
                f"dpi: set the printer model to {printer_dpi}dpi.",
                f"标签打印机的分辨率是 {printer_dpi} dpi，但设置为 {self.dpi} dpi："
                f"请把打印机型号设为 {printer_dpi}dpi。",
            ),
        )


def _read_frames(transport: Transport, *, wanted: int, timeout_s: float) -> list[str]:
    """Up to ``wanted`` STX…ETX replies, as text, waiting at most ``timeout_s``."""
    buffer = b""
    deadline = time.monotonic() + timeout_s
    while buffer.count(ETX) < wanted:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        buffer += transport.read(min(left, 0.5))
    frames = []
    for chunk in buffer.split(ETX):
        start = chunk.find(STX)
        if start >= 0:
            frames.append(chunk[start + 1 :].decode("ascii", "replace"))
    return frames[:wanted]


def _flag(fields: list[str], index: int) -> bool:
    return len(fields) > index and fields[index].strip() == "1"


def parse_host_status(lines: Sequence[str]) -> PrinterStatus:
    """A Zebra's ``~HS`` answer (three comma-separated strings) as the first blocking problem.

    String 1: communication settings, paper out, pause, label length, formats in the buffer,
    buffer full, diagnostic mode, partial format, unused, corrupt RAM, under and over
    temperature. String 2: function settings, unused, head up, ribbon out, thermal-transfer
    mode, print mode, width mode, label waiting, labels remaining, format while printing,
    stored graphics. String 3: password and static RAM.
    """
    first = lines[0].split(",") if lines else []
    second = lines[1].split(",") if len(lines) > 1 else []
    detail = "~HS " + " | ".join(line.strip() for line in lines)
    if len(first) < 12 or len(second) < 11:
        return problem(
            "error",
            detail,
            message=(
                "The label printer's answer cannot be read: check that the printer setting "
                "names a ZPL printer.",
                "无法读取标签打印机的应答：请检查打印机设置是否为 ZPL 打印机。",
            ),
        )
    if _flag(second, 2):
        return problem("cover_open", detail)
    if _flag(first, 1):
        return problem("out_of_media", detail)
    if _flag(second, 3) and _flag(second, 4):
        return problem("ribbon_out", detail)
    if _flag(first, 11):
        return problem("head_hot", detail)
    if _flag(first, 9):
        return problem("error", detail)
    if _flag(first, 2):
        return problem("paused", detail)
    return ready(detail)
