"""Label printers for the tests: they take the raw stream and answer status like the real ones.

A *device* is the printer's logic, free of any connection: it eats the bytes a sink sends,
answers status queries (Brother's 32-byte reply, Zebra's ``~HS`` and ``~HI``), "prints" what
it receives unless something is wrong, and keeps everything it got. The same device sits
behind a TCP port on loopback (:class:`LoopbackPrinter`), behind a fake pyusb device
(:class:`FakeUsbDevice`) or behind a pseudo-terminal standing in for ``/dev/usb/lp0``
(:class:`PtyPrinter`), so every path of the kiosk is run against one behaviour.

The captured bytes are turned back into pictures with the libraries' own parsers: brother_ql's
instruction table and the packbits codec for the raster, zebrafy's ZPL reader for the graphic
fields. The tests then decode the QR on those pictures with zxing-cpp.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import time
import tty
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import packbits
from brother_ql.labels import FormFactor, LabelsManager
from brother_ql.models import ModelsManager
from brother_ql.reader import OPCODES, RESP_MODEL_CODES
from PIL import Image
from zebrafy.zebrafy_zpl import ZebrafyZPL

MODEL_CODES = {name: code for code, name in RESP_MODEL_CODES.items()}


class Device(Protocol):
    """What a transport stand-in needs from a printer: bytes in, reply bytes out."""

    def feed(self, data: bytes) -> bytes: ...


# --- Brother QL -----------------------------------------------------------------------------


class BrotherQLDevice:
    """A Brother QL that parses the raster stream instruction by instruction.

    ``labels_left`` counts down per printed page; at zero the roll is out (the next page fails
    with "error occurred", as a real QL does at the end of a roll).
    """

    def __init__(self, model: str = "QL-820NWB", label: str = "62") -> None:
        self.model = model
        self.lock = threading.Lock()
        self.stream = bytearray()
        self.pages_printed = 0
        self.status_requests = 0
        self.unknown_bytes = 0
        self.no_media = False
        self.cover_open = False
        self.labels_left: int | None = None
        self.halted = False
        self._pending = b""
        self.load(label)

    # what staff do to the printer
    def load(self, label: str) -> None:
        """Put a roll of ``label`` in ("62", "62x100", "29" …): media width, type, length."""
        with self.lock:
            spec = LabelsManager()[label]
            self.media_width, self.media_length = spec.tape_size
            self.media_type = 0x0B if spec.form_factor == FormFactor.DIE_CUT else 0x0A
            self.no_media = False

    def run_out(self) -> None:
        """The roll is used up."""
        with self.lock:
            self.no_media = True

    def open_cover(self) -> None:
        with self.lock:
            self.cover_open = True

    def fix(self) -> None:
        """New roll in, cover closed: ready again."""
        with self.lock:
            self.no_media = False
            self.cover_open = False
            self.labels_left = None
            self.halted = False

    # the wire
    def _reply(self, status_type: int, phase: int = 0, *, errors: bool = True) -> bytes:
        frame = bytearray(32)
        frame[0:3] = b"\x80\x20\x42"
        frame[3] = 0x34
        frame[4] = MODEL_CODES.get(self.model, 0x41)
        frame[5] = 0x30
        frame[6] = 0x30
        if errors:
            frame[8] = 0x01 if self.no_media else 0x00
            frame[9] = 0x10 if self.cover_open else 0x00
        loaded = not self.no_media
        frame[10] = self.media_width if loaded else 0
        frame[11] = self.media_type if loaded else 0
        frame[17] = self.media_length if loaded else 0
        frame[18] = status_type
        frame[19] = phase
        return bytes(frame)

    def feed(self, data: bytes) -> bytes:
        with self.lock:
            self.stream += data
            self._pending += data
            replies = b""
            while self._pending:
                size = self._instruction_size(self._pending)
                if size == 0:
                    break
                instruction, self._pending = self._pending[:size], self._pending[size:]
                replies += self._handle(instruction)
            return replies

    def _instruction_size(self, data: bytes) -> int:
        """Length of the instruction at the start of ``data``; 0 while it is incomplete."""
        matches = [code for code in OPCODES if data.startswith(code)]
        if not matches:
            if any(code.startswith(data) for code in OPCODES):
                return 0
            self.unknown_bytes += 1
            return 1
        code = max(matches, key=len)
        name, following, _ = OPCODES[code]
        if name == "preamble":
            return 1
        size = len(code) + max(following, 0)
        if "raster" in name:
            if len(data) < 3:
                return 0
            size += data[2] + 2
        return size if len(data) >= size else 0

    def _handle(self, instruction: bytes) -> bytes:
        code = max((c for c in OPCODES if instruction.startswith(c)), key=len)
        name = OPCODES[code][0]
        if name == "status request":
            self.status_requests += 1
            return self._reply(0x00)
        if name == "init" and not (self.no_media or self.cover_open):
            self.halted = False
        if name != "print" or self.halted:
            return b""
        if self.no_media or self.cover_open:
            self.halted = True  # a real QL stops the job and waits for the fault to go
            return self._reply(0x02)
        self.pages_printed += 1
        replies = (
            self._reply(0x06, 0x01, errors=False)
            + self._reply(0x01, errors=False)
            + self._reply(0x06, 0x00, errors=False)
        )
        if self.labels_left is not None:
            self.labels_left -= 1
            if self.labels_left <= 0:
                self.no_media = True  # noticed from the next page on
        return replies

    # what came out
    def pages(self) -> list[Image.Image]:
        """The pages in the captured stream, as the print head would put them on paper."""
        with self.lock:
            return brother_pages(bytes(self.stream), self.model)


def brother_pages(stream: bytes, model: str) -> list[Image.Image]:
    """Decode a Brother raster stream into one black-on-white image per printed page.

    Rows are cut with brother_ql's instruction table, unpacked with packbits when compression
    is on, and mirrored as the library's own reader does (the head prints right to left).
    Pages that the printer refused are decoded too: the test compares with ``pages_printed``.
    """
    row_bytes = ModelsManager()[model].number_bytes_per_row
    pages: list[Image.Image] = []
    rows: list[bytes] = []
    compressed = False
    pending = stream
    while pending:
        matches = [code for code in OPCODES if pending.startswith(code)]
        if not matches:
            pending = pending[1:]
            continue
        code = max(matches, key=len)
        name, following, _ = OPCODES[code]
        size = 1 if name == "preamble" else len(code) + max(following, 0)
        if "raster" in name:
            size += pending[2] + 2
        instruction, pending = pending[:size], pending[size:]
        if name == "init":
            rows = []
        elif name == "compression":
            compressed = instruction[len(code)] == 0x02
        elif name == "raster":
            payload = instruction[len(code) + 2 :]
            row = packbits.decode(payload) if compressed else payload
            assert len(row) == row_bytes, (len(row), row_bytes)
            rows.append(bytes(row))
        elif name == "print" and rows:
            data = bytes(0xFF ^ byte for byte in b"".join(rows))  # 1 = dot; PIL "1": 0 = black
            image = Image.frombytes("1", (row_bytes * 8, len(rows)), data)
            pages.append(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
            rows = []
    return pages


# --- Zebra ZPL ------------------------------------------------------------------------------


class ZebraDevice:
    """A ZPL printer: answers ``~HS`` and ``~HI``, prints each ``^XA … ^XZ`` format.

    Formats that arrive while it is paused, out of paper or open are held in the buffer and
    print once the fault is fixed, as a real Zebra does.
    """

    def __init__(self, dpi: int = 203, model: str = "ZD421") -> None:
        self.dpi = dpi
        self.model = model
        self.lock = threading.Lock()
        self.stream = bytearray()
        self.printed: list[str] = []
        self.held: list[str] = []
        self.status_requests = 0
        self.paper_out = False
        self.paused = False
        self.head_open = False
        self.ribbon_out = False
        self.too_hot = False
        self.labels_left: int | None = None
        self._text = ""

    def run_out(self) -> None:
        with self.lock:
            self.paper_out = True

    def open_head(self) -> None:
        with self.lock:
            self.head_open = True

    def fix(self) -> None:
        """Paper in, head closed, pause released: held formats print."""
        with self.lock:
            self.paper_out = self.paused = self.head_open = False
            self.ribbon_out = self.too_hot = False
            self.labels_left = None
            self.printed.extend(self.held)
            self.held.clear()

    def _stopped(self) -> bool:
        return self.paper_out or self.paused or self.head_open or self.ribbon_out

    def host_status(self) -> bytes:
        paused = int(self.paused or self._stopped())
        first = (
            f"030,{int(self.paper_out)},{paused},1218,{len(self.held):03d},0,0,0,000,0,0,"
            f"{int(self.too_hot)}"
        )
        second = f"001,0,{int(self.head_open)},{int(self.ribbon_out)},1,2,6,0,00000000,1,000"
        return b"".join(f"\x02{line}\x03\r\n".encode() for line in (first, second, "1234,0"))

    def host_identification(self) -> bytes:
        dots_per_mm = {152: 6, 203: 8, 300: 12, 600: 24}[self.dpi]
        return f"\x02{self.model}-{self.dpi}dpi,V84.20.21Z,{dots_per_mm},8176KB\x03\r\n".encode()

    def feed(self, data: bytes) -> bytes:
        with self.lock:
            self.stream += data
            self._text += data.decode("latin-1")
            replies = b""
            while self._text:
                text = self._text
                if text.startswith("~HS"):
                    self.status_requests += 1
                    replies += self.host_status()
                    self._text = text[3:]
                elif text.startswith("~HI"):
                    replies += self.host_identification()
                    self._text = text[3:]
                elif text.startswith("^XA"):
                    end = text.find("^XZ")
                    if end < 0:
                        break
                    self._format(text[: end + 3])
                    self._text = text[end + 3 :]
                elif text[0] in "~^" and len(text) < 3:
                    break
                else:
                    self._text = text[1:]
            return replies

    def _format(self, zpl: str) -> None:
        if self._stopped():
            self.held.append(zpl)
            return
        self.printed.append(zpl)
        if self.labels_left is not None:
            self.labels_left -= 1
            if self.labels_left <= 0:
                self.paper_out = True

    def labels(self) -> list[Image.Image]:
        """The printed labels' bitmaps, read back by zebrafy's ZPL reader."""
        with self.lock:
            if not self.printed:
                return []
            return ZebrafyZPL("".join(self.printed), dpi=self.dpi).to_images()


# --- Connections ----------------------------------------------------------------------------


class LoopbackPrinter:
    """A device on a TCP port of 127.0.0.1, one connection at a time like a real printer.

    ``answers=False`` makes it a one-way printer that takes jobs but never replies.
    """

    def __init__(self, device: Any, *, answers: bool = True) -> None:
        self.device = device
        self.answers = answers
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="label-printer", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.getsockname()[1])

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with connection:
                self._talk(connection)

    def _talk(self, connection: socket.socket) -> None:
        connection.settimeout(0.1)
        deadline = time.monotonic() + 60  # bounded: a test never keeps a connection longer
        while time.monotonic() < deadline:  # to the end of the stream, even when closing
            try:
                data = connection.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            reply = self.device.feed(data)
            if reply and self.answers:
                with contextlib.suppress(OSError):
                    connection.sendall(reply)

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def closed_port_address() -> str:
    """A loopback address where nothing listens (a printer that is switched off)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


@dataclass
class FakeEndpoint:
    bEndpointAddress: int  # pyusb's attribute name


class FakeInterface(list[FakeEndpoint]):
    """A USB printer-class interface with a bulk OUT and a bulk IN endpoint."""

    def __init__(self, number: int = 0, interface_class: int = 7) -> None:
        super().__init__([FakeEndpoint(0x02), FakeEndpoint(0x81)])
        self.bInterfaceNumber = number
        self.bInterfaceClass = interface_class


class FakeUsbDevice:
    """Stands in for ``usb.core.Device``: the same calls, wired to a test device.

    It starts configured with the kernel's ``usblp`` driver attached, so the transport has to
    detach it and give it back, as on a real Linux kiosk.
    """

    def __init__(self, device: Any, *, configured: bool = False) -> None:
        self.device = device
        self.configured = configured
        self.kernel_driver = True
        self.detached: list[int] = []
        self.reattached: list[int] = []
        self._replies = b""
        self._lock = threading.Lock()

    def get_active_configuration(self) -> list[FakeInterface]:
        import usb.core

        if not self.configured:
            raise usb.core.USBError("Configuration not set")
        return [FakeInterface(0, interface_class=3), FakeInterface(1)]  # a HID one, then printer

    def set_configuration(self) -> None:
        self.configured = True

    def is_kernel_driver_active(self, interface: int) -> bool:
        return self.kernel_driver

    def detach_kernel_driver(self, interface: int) -> None:
        self.kernel_driver = False
        self.detached.append(interface)

    def attach_kernel_driver(self, interface: int) -> None:
        self.kernel_driver = True
        self.reattached.append(interface)

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        assert endpoint == 0x02, f"wrote to endpoint {endpoint:#x}"
        reply = self.device.feed(bytes(data))
        with self._lock:
            self._replies += reply
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> bytes:
        import usb.core

        assert endpoint == 0x81, f"read from endpoint {endpoint:#x}"
        with self._lock:
            chunk, self._replies = self._replies[:size], self._replies[size:]
        if not chunk:
            time.sleep(min(timeout or 10, 20) / 1000)
            raise usb.core.USBTimeoutError("Operation timed out")
        return chunk


class PtyPrinter:
    """A device behind a pseudo-terminal in raw mode: its path stands in for ``/dev/usb/lp0``."""

    def __init__(self, device: Any) -> None:
        self.device = device
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pty-printer", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        deadline = time.monotonic() + 120
        while not self._stop.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([self._master], [], [], 0.05)
            if not readable:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:
                return
            reply = self.device.feed(data)
            if reply:
                os.write(self._master, reply)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self._slave)
        os.close(self._master)

    def __enter__(self) -> PtyPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def loopback(device: Any, *, answers: bool = True) -> Iterator[LoopbackPrinter]:
    """A loopback printer for the length of a ``with`` block."""
    printer = LoopbackPrinter(device, answers=answers)
    try:
        yield printer
    finally:
        printer.close()
