"""Brother QL label printers (QL-700, QL-800, QL-820NWB, QL-1100 …) in their raster language.

The raster stream is made by **brother-ql-next** (``brother_ql`` package), the maintained fork
of Philipp Klaus's brother_ql: releases in 2024-2026, works with Pillow 10+ (the original
0.9.4 of 2019 calls the removed ``Image.ANTIALIAS``), type hints, and the same label and model
tables (printable dots per label, invalidate length and compression per model) that the
community has checked against real printers for years. Alternatives looked at:
``brother_ql`` (unmaintained since 2019), ``brother-ql-inventree`` (a fork tied to InvenTree,
last release 2024), ``brother-label`` and ``brother_ql2`` (alpha releases with a new API).
We use the library for the raster commands and for reading status replies; the byte pipes
are ours (:mod:`kiosk.printers.transport`), because its network backend never reads the
printer's replies and its USB backend accepts only real pyusb devices.

The printer answers a status request (``ESC i S``) with 32 bytes: error bits (no media, end
of media, cutter jam, cover open …), the loaded media's width, type and length, and, while
printing, "printing completed" or "error occurred" per page. A sink asks before each job and,
where the printer answers, waits for every page to be reported printed.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from PIL import Image

from kiosk.badges.model import Preset, get_preset
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import PrinterProblem, PrinterStatus
from kiosk.core.errors import ConfigError
from kiosk.printers.base import LabelPrinterSink
from kiosk.printers.status import PrinterFault, problem, ready
from kiosk.printers.transport import Transport, UsbFinder

BROTHER_USB_VENDOR = 0x04F9
STATUS_LENGTH = 32
STATUS_HEADER = b"\x80\x20\x42"
REPLY_TIMEOUT_S = 2.0
PAGE_TIMEOUT_S = 15.0
DEFAULT_MODEL = "QL-820NWB"
DEFAULT_LABEL = "62"
LABEL_PRESET = {"62": "ql62x100", "62x100": "ql62x100", "102": "ql102x152", "102x152": "ql102x152"}
"""Labels a badge fits on, and the badge preset (in the label's printable dots) for each."""

MEDIA_CONTINUOUS = 0x0A
MEDIA_DIE_CUT = 0x0B
STATUS_REPLY, STATUS_PRINTED, STATUS_ERROR = 0x00, 0x01, 0x02

_Kind = PrinterProblem | Literal["wrong_media"]

# Error bits of the status reply (Brother's "Raster Command Reference", bytes 8 and 9).
_ERROR_1: dict[int, _Kind] = {
    0: "out_of_media",  # no media when printing
    1: "out_of_media",  # end of media (die-cut)
    2: "jammed",  # tape cutter jam
    4: "error",  # main unit in use
    5: "offline",  # printer turned off
    7: "error",  # fan does not work
}
_ERROR_2: dict[int, _Kind] = {
    0: "wrong_media",  # replace media
    1: "error",  # expansion buffer full
    2: "error",  # transmission / communication error
    3: "error",  # communication buffer full
    4: "cover_open",  # cover opened (while printing)
    6: "out_of_media",  # media cannot be fed (also at the end of the roll)
    7: "error",  # system error
}
# The library's reader logs every error bit at ERROR level; the sink reports them itself (a
# status poll every few seconds would otherwise fill the log while the roll is out).
logging.getLogger("brother_ql.reader").setLevel(logging.CRITICAL)

_PRIORITY: tuple[_Kind, ...] = (
    "cover_open",
    "out_of_media",
    "jammed",
    "wrong_media",
    "offline",
    "error",
)


def _brother() -> tuple[Any, Any, Any, Any]:
    """The library's pieces, imported when a Brother printer is first used."""
    from brother_ql.conversion import convert
    from brother_ql.labels import LabelsManager
    from brother_ql.models import ModelsManager
    from brother_ql.raster import BrotherQLRaster

    return convert, LabelsManager(), ModelsManager(), BrotherQLRaster


def brother_models() -> list[str]:
    """Printer models the raster library knows (for the settings page)."""
    return [str(identifier) for identifier in _brother()[2].identifiers()]


class BrotherQLSink(LabelPrinterSink):
    """Prints badges on a Brother QL over TCP 9100, USB (pyusb) or ``/dev/usb/lp*``.

    Args:
        address: ``tcp://host:9100``, ``usb://0x04f9:0x209b`` or ``/dev/usb/lp0``.
        model: the printer model as the raster library names it, e.g. "QL-820NWB".
        label: "62" (62 mm continuous), "62x100" (die-cut), "102" or "102x152" (QL-1100).
        find_usb: how to find the USB device (tests pass a fake).

    Raises:
        ConfigError: unknown model or label, or a label the model cannot take.
    """

    def __init__(
        self,
        address: str,
        model: str = DEFAULT_MODEL,
        label: str = DEFAULT_LABEL,
        *,
        find_usb: UsbFinder | None = None,
    ) -> None:
        super().__init__(address, usb_vendor=BROTHER_USB_VENDOR, find_usb=find_usb)
        _, labels, models, _ = _brother()
        model = model.strip().upper() or DEFAULT_MODEL
        label = label.strip() or DEFAULT_LABEL
        if model not in models.identifiers():
            known = ", ".join(models.identifiers())
            raise ConfigError(
                f"Brother printer model {model!r} is unknown; choose one of {known}.",
                f"未知的兄弟打印机型号 {model!r}，可选：{known}。",
            )
        if label not in LABEL_PRESET:
            known = ", ".join(LABEL_PRESET)
            raise ConfigError(
                f"A badge does not fit Brother label {label!r}; choose one of {known}.",
                f"胸卡无法打印在兄弟标签 {label!r} 上，可选：{known}。",
            )
        spec = labels[label]
        if spec.restricted_to_models and model not in spec.restricted_to_models:
            raise ConfigError(
                f"The {model} cannot print {label} mm labels; choose 62 or 62x100.",
                f"{model} 不能打印 {label} 毫米标签，请选择 62 或 62x100。",
            )
        self.model = model
        self.label = label
        self._model_spec = models[model]
        self._preset = get_preset(LABEL_PRESET[label])

    @property
    def preset(self) -> Preset:
        """Badges for this label in printer dots (696 across for 62 mm)."""
        return self._preset

    def status_request(self) -> bytes:
        """Invalidate, initialise, request status: what the printer answers with 32 bytes."""
        raster = _brother()[3](self.model)
        raster.add_invalidate()
        raster.add_initialize()
        raster.add_status_information()
        return bytes(raster.data)

    def raster(self, images: Sequence[Image.Image]) -> bytes:
        """The raster job for ``images`` (one cut label each), as the library writes it."""
        convert, _, _, raster_class = _brother()
        raster = raster_class(self.model)
        raster.exception_on_warning = True
        try:
            data = convert(
                raster,
                list(images),
                self.label,
                cut=True,
                dither=False,
                compress=bool(self._model_spec.compression),
                red=False,
                rotate=0,
                hq=True,
                threshold=70,
            )
        except Exception as exc:  # the library raises ValueError and its own errors alike
            raise PrintError(
                f"The badges could not be turned into Brother printer data ({exc}).",
                f"无法将胸卡转换为兄弟打印机数据（{exc}）。",
            ) from exc
        return bytes(data)

    def _job(self, images: Sequence[Image.Image], job_name: str) -> bytes:
        return self.raster(images)

    def _query(self, transport: Transport) -> PrinterStatus | None:
        transport.write(self.status_request())
        for frame in _frames(transport, REPLY_TIMEOUT_S):
            return parse_status(frame, model=self.model, label=self.label)
        return None

    def _confirm(self, transport: Transport, pages: int) -> None:
        """Wait for "printing completed" per page; an "error occurred" reply refuses the job."""
        printed = 0
        for frame in _frames(transport, PAGE_TIMEOUT_S, renew=True):
            if frame[18] == STATUS_PRINTED:
                printed += 1
                if printed == pages:
                    return
                continue
            found = parse_status(frame, model=self.model, label=self.label)
            if frame[18] == STATUS_ERROR or not found.ready:
                raise PrinterFault(_after(found, printed, pages))
        raise PrinterFault(
            problem(
                "error",
                f"no 'printing completed' after {printed} of {pages} pages",
                message=(
                    f"The label printer confirmed only {printed} of {pages} badges; check "
                    "which came out and print the missing ones again.",
                    f"标签打印机只确认打印了 {pages} 张胸卡中的 {printed} 张；"
                    "请检查并重新打印缺少的胸卡。",
                ),
            )
        )


def _after(status: PrinterStatus, printed: int, pages: int) -> PrinterStatus:
    """The status with how far the job got, so staff know which badges are missing."""
    return dataclasses.replace(
        status,
        message_en=f"{status.message_en} {printed} of {pages} badges were printed.",
        message_zh=f"{status.message_zh}（已打印 {pages} 张中的 {printed} 张。）",
    )


def _frames(transport: Transport, timeout_s: float, *, renew: bool = False) -> Iterator[bytes]:
    """32-byte status replies as they arrive, until ``timeout_s`` passes without one.

    With ``renew`` each reply starts the wait again (a long job keeps reporting progress);
    without, ``timeout_s`` is the whole wait.
    """
    buffer = b""
    deadline = time.monotonic() + timeout_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        buffer += transport.read(min(left, 0.5))
        start = buffer.find(STATUS_HEADER)
        if start < 0:
            buffer = buffer[-2:]
            continue
        buffer = buffer[start:]
        while len(buffer) >= STATUS_LENGTH:
            frame, buffer = buffer[:STATUS_LENGTH], buffer[STATUS_LENGTH:]
            if renew:
                deadline = time.monotonic() + timeout_s
            yield frame
            if not buffer.startswith(STATUS_HEADER[: len(buffer)]):
                found = buffer.find(STATUS_HEADER)
                buffer = buffer[found:] if found >= 0 else b""


def parse_status(data: bytes, *, model: str, label: str) -> PrinterStatus:
    """A Brother QL's 32-byte status reply, as the first problem that stops printing.

    Besides the printer's error bits this checks what it has loaded against the configured
    label: no roll at all, or the wrong roll, is a problem before anything is wasted.
    """
    from brother_ql.reader import interpret_response

    if len(data) < STATUS_LENGTH or not data.startswith(STATUS_HEADER):
        return problem(
            "error",
            f"unreadable status reply {data.hex(' ')}",
            message=(
                "The label printer's answer cannot be read: check that the printer setting "
                "names a Brother QL.",
                "无法读取标签打印机的应答：请检查打印机设置是否为兄弟 QL 型号。",
            ),
        )
    info = interpret_response(data)
    detail = (
        f"{info['model_name']}; media {info['media_width']} mm x {info['media_length']} mm "
        f"{info['media_type']}; {info['status_type']}; errors: "
        f"{', '.join(info['errors']) or 'none'}; bytes {data[:STATUS_LENGTH].hex(' ')}"
    )
    kinds = {kind for bit, kind in _ERROR_1.items() if data[8] & (1 << bit)}
    kinds |= {kind for bit, kind in _ERROR_2.items() if data[9] & (1 << bit)}
    for kind in _PRIORITY:
        if kind in kinds:
            return _problem(kind, detail, label)
    width, media_type, length = data[10], data[11], data[17]
    if width == 0 or media_type not in (MEDIA_CONTINUOUS, MEDIA_DIE_CUT):
        return problem("out_of_media", detail)
    loaded = f"{width}x{length}" if media_type == MEDIA_DIE_CUT else f"{width}"
    if loaded != label and not (width == 102 and label == "102x152" and length in (152, 153)):
        return _problem("wrong_media", detail, label, loaded)
    return ready(detail)


def _problem(kind: _Kind, detail: str, label: str, loaded: str = "") -> PrinterStatus:
    if kind == "wrong_media":
        shown = f"{loaded} mm" if loaded else "another roll"
        return problem(
            "error",
            detail,
            message=(
                f"The label printer has {shown} labels loaded but is set up for {label}: load "
                f"the {label} roll or change the label setting.",
                f"标签打印机装的是 {shown} 标签，但设置为 {label}：请装入 {label} "
                "标签卷或修改标签设置。",
            ),
        )
    if kind == "offline":
        return problem(
            "offline",
            detail,
            message=(
                "The label printer is switched off: switch it on.",
                "标签打印机已关机：请打开电源。",
            ),
        )
    return problem(kind, detail)
