"""What every label-printer sink shares: one connection at a time, ask first, then print.

A sink opens the printer for each job, asks for its status, refuses (raising
:class:`~kiosk.printers.status.PrinterFault`) when the printer reports a problem, and otherwise
sends the whole job in the printer's own language. ``status()`` never waits for a running job:
it answers with the last status seen while the printer is busy.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from PIL import Image

from kiosk.badges.model import Preset
from kiosk.badges.printing_errors import PrintError
from kiosk.badges.sink import BadgeSink, PrinterStatus
from kiosk.printers.address import PrinterAddress, parse_address
from kiosk.printers.status import PrinterFault, busy, offline
from kiosk.printers.transport import PrinterUnreachable, Transport, UsbFinder, open_transport

SILENT = PrinterStatus(
    ready=True,
    message_en="The label printer is connected; it does not report paper or cover problems.",
    message_zh="标签打印机已连接，但它不报告缺纸或开盖等状态。",
    detail="no status reply",
)
"""A printer that took the connection but did not answer the status query (one-way link)."""


@runtime_checkable
class LabelSink(BadgeSink, Protocol):
    """A sink for a label printer: badges must be rendered for its label and resolution."""

    @property
    def preset(self) -> Preset:
        """Render badges with this preset (``render_badge(data, sink.preset.name, mono=...)``)."""
        ...

    @property
    def mono(self) -> bool:
        """Render the black-and-white variant (thermal printers print no colour)."""
        ...


class LabelPrinterSink(ABC):
    """The shared half of the Brother QL and ZPL sinks (see the module docstring)."""

    mono = True

    def __init__(self, address: str, *, usb_vendor: int, find_usb: UsbFinder | None = None) -> None:
        self.address: PrinterAddress = parse_address(address)
        self._usb_vendor = usb_vendor
        self._find_usb = find_usb
        self._lock = threading.Lock()
        self._last_status: PrinterStatus | None = None

    @property
    def name(self) -> str:
        """The printer's address as written in the settings."""
        return self.address.text

    @property
    @abstractmethod
    def preset(self) -> Preset:
        """The label at the printer's resolution."""

    @property
    def last_status(self) -> PrinterStatus | None:
        """The status seen by the last ``status()`` or ``send()`` (None before any)."""
        return self._last_status

    def status(self) -> PrinterStatus:
        """Ask the printer how it is (the last answer while a job is printing)."""
        if not self._lock.acquire(blocking=False):
            return self._last_status or busy(self.name)
        try:
            with self._open() as transport:
                found = self._query(transport) or SILENT
        except PrinterUnreachable as exc:
            found = offline(self.name, str(exc))
        finally:
            self._lock.release()
        self._last_status = found
        return found

    def send(self, images: Sequence[Image.Image], *, preset: Preset, job_name: str) -> None:
        """Print one label per image; refuse without printing when the printer reports a fault.

        Raises:
            PrintError: no images, images not at this printer's size, or the printer could not
                take the job (a :class:`PrinterFault` with the printer's status).
        """
        if not images:
            raise PrintError("There is no badge to print.", "没有需要打印的胸卡。")
        self._check_size(images)
        job = self._job(images, job_name)
        with self._lock:
            sending = False
            try:
                with self._open() as transport:
                    before = self._query(transport)
                    self._last_status = before or SILENT
                    if before is not None and not before.ready:
                        raise PrinterFault(before, nothing_sent=True)
                    sending = True
                    transport.write(job)
                    if before is not None:
                        self._confirm(transport, len(images))
            except PrinterUnreachable as exc:
                self._last_status = offline(self.name, str(exc))
                raise PrinterFault(self._last_status, nothing_sent=not sending) from exc
            except PrinterFault as fault:
                self._last_status = fault.status
                raise

    def _check_size(self, images: Sequence[Image.Image]) -> None:
        expected = self.preset.size_px
        for image in images:
            if image.size != expected:
                width, height = image.size
                raise PrintError(
                    f"The badges are {width} x {height} dots but this printer's label takes "
                    f"{expected[0]} x {expected[1]}; render them with the badge size "
                    f"{self.preset.name}.",
                    f"胸卡为 {width} x {height} 点，但这台打印机的标签是 "
                    f"{expected[0]} x {expected[1]} 点；请用胸卡尺寸 {self.preset.name} 生成。",
                )

    def _open(self) -> AbstractContextManager[Transport]:
        return open_transport(self.address, usb_vendor=self._usb_vendor, find_usb=self._find_usb)

    @abstractmethod
    def _query(self, transport: Transport) -> PrinterStatus | None:
        """Ask for the status on an open pipe; None when the printer does not answer."""

    @abstractmethod
    def _job(self, images: Sequence[Image.Image], job_name: str) -> bytes:
        """The whole job in the printer's language."""

    @abstractmethod
    def _confirm(self, transport: Transport, pages: int) -> None:
        """After the job, wait for the printer to report it printed where it does; raise if not.

        Called only when the printer answered the status query before the job.
        """
