"""Raw byte pipes to a label printer: TCP port 9100, USB bulk endpoints, a device file.

Both printer languages share these (the Brother QL raster library's own backends are not used:
its network backend never reads replies and its USB backend accepts only real pyusb devices).
Every pipe reads with a deadline and reports a dead printer as :class:`PrinterUnreachable`, so
a sink can turn it into "the printer does not answer" instead of hanging a worker.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from kiosk.printers.address import PrinterAddress

CONNECT_TIMEOUT_S = 3.0
WRITE_TIMEOUT_S = 20.0
CLOSE_TIMEOUT_S = 2.0
USB_PRINTER_CLASS = 7
USB_READ_CHUNK = 512


class PrinterUnreachable(Exception):
    """The printer cannot be opened or stopped answering; ``args[0]`` is the technical cause."""


class Transport(Protocol):
    """A two-way byte pipe to one printer."""

    def write(self, data: bytes) -> None:
        """Send all of ``data`` (raises PrinterUnreachable when the printer is gone)."""
        ...

    def read(self, timeout_s: float) -> bytes:
        """What the printer sent, waiting at most ``timeout_s``; b"" when it sent nothing."""
        ...

    def close(self) -> None:
        """Let go of the printer (other programs may use it again)."""
        ...


class TcpTransport:
    """The raw port (9100) of a networked printer."""

    def __init__(self, host: str, port: int) -> None:
        try:
            self._socket = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S)
        except OSError as exc:
            raise PrinterUnreachable(f"tcp {host}:{port}: {exc}") from exc
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes) -> None:
        try:
            self._socket.settimeout(WRITE_TIMEOUT_S)
            self._socket.sendall(data)
        except OSError as exc:
            raise PrinterUnreachable(f"tcp send: {exc}") from exc

    def read(self, timeout_s: float) -> bytes:
        try:
            self._socket.settimeout(max(timeout_s, 0.001))
            data = self._socket.recv(4096)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterUnreachable(f"tcp receive: {exc}") from exc
        if not data:
            raise PrinterUnreachable("tcp: the printer closed the connection")
        return data

    def close(self) -> None:
        """Say "end of job" and wait briefly for the printer to hang up, then close.

        Closing straight away could reset the connection while the printer still reads, and
        a reset may drop the end of the job; a half-close keeps it whole.
        """
        try:
            self._socket.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + CLOSE_TIMEOUT_S
            while (left := deadline - time.monotonic()) > 0:
                self._socket.settimeout(left)
                if not self._socket.recv(4096):
                    break
        except OSError:
            pass
        self._socket.close()


class DeviceFileTransport:
    """A printer device file such as ``/dev/usb/lp0`` (Linux ``usblp``: reads and writes)."""

    def __init__(self, path: str) -> None:
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        except OSError as exc:
            raise PrinterUnreachable(f"{path}: {exc.strerror or exc}") from exc
        self._path = path

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + WRITE_TIMEOUT_S
        try:
            while view:
                _, writable, _ = select.select([], [self._fd], [], WRITE_TIMEOUT_S)
                if not writable or time.monotonic() > deadline:
                    raise PrinterUnreachable(f"{self._path}: the printer takes no data")
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise PrinterUnreachable(f"{self._path}: {exc.strerror or exc}") from exc

    def read(self, timeout_s: float) -> bytes:
        try:
            readable, _, _ = select.select([self._fd], [], [], max(timeout_s, 0.0))
            return os.read(self._fd, 4096) if readable else b""
        except OSError as exc:
            if exc.errno == errno.EAGAIN:
                return b""
            raise PrinterUnreachable(f"{self._path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


class UsbTransport:
    """The printer-class interface of a USB device, through pyusb (libusb).

    ``device`` is a ``usb.core.Device`` or anything with the same methods (the tests pass a
    fake); the methods used are ``get_active_configuration``, ``set_configuration``,
    ``is_kernel_driver_active``, ``detach_kernel_driver``, ``attach_kernel_driver``,
    ``write(endpoint, data, timeout)`` and ``read(endpoint, size, timeout)``.
    """

    def __init__(self, device: Any) -> None:
        import usb.core
        import usb.util

        self._usb_error: type[Exception] = usb.core.USBError
        self._timeout_error: type[Exception] = usb.core.USBTimeoutError
        self._device = device
        self._detached: int | None = None
        try:
            try:
                config = device.get_active_configuration()
            except self._usb_error:
                device.set_configuration()
                config = device.get_active_configuration()
            interface = _find(config, lambda i: i.bInterfaceClass == USB_PRINTER_CLASS)
            if interface is None:
                raise PrinterUnreachable("usb: the device has no printer interface")
            number = int(interface.bInterfaceNumber)
            with contextlib.suppress(NotImplementedError, self._usb_error):
                if device.is_kernel_driver_active(number):
                    device.detach_kernel_driver(number)
                    self._detached = number
            outgoing = _find(interface, lambda e: _direction(e) == usb.util.ENDPOINT_OUT)
            incoming = _find(interface, lambda e: _direction(e) == usb.util.ENDPOINT_IN)
        except self._usb_error as exc:
            raise PrinterUnreachable(f"usb: {exc}") from exc
        if outgoing is None:
            raise PrinterUnreachable("usb: the printer interface has no output endpoint")
        self._out = int(outgoing.bEndpointAddress)
        self._in = None if incoming is None else int(incoming.bEndpointAddress)

    def write(self, data: bytes) -> None:
        try:
            self._device.write(self._out, data, int(WRITE_TIMEOUT_S * 1000))
        except self._usb_error as exc:
            raise PrinterUnreachable(f"usb write: {exc}") from exc

    def read(self, timeout_s: float) -> bytes:
        if self._in is None:  # a one-way printer: it never answers
            time.sleep(timeout_s)
            return b""
        try:
            data = self._device.read(self._in, USB_READ_CHUNK, max(1, int(timeout_s * 1000)))
        except self._timeout_error:
            return b""
        except self._usb_error as exc:
            raise PrinterUnreachable(f"usb read: {exc}") from exc
        return bytes(data)

    def close(self) -> None:
        import usb.core
        import usb.util

        if isinstance(self._device, usb.core.Device):
            with contextlib.suppress(self._usb_error):
                usb.util.dispose_resources(self._device)
        if self._detached is not None:
            with contextlib.suppress(NotImplementedError, self._usb_error):
                self._device.attach_kernel_driver(self._detached)


def _direction(endpoint: Any) -> int:
    import usb.util

    return int(usb.util.endpoint_direction(endpoint.bEndpointAddress))


def _find(items: Iterable[Any], match: Callable[[Any], bool]) -> Any:
    return next((item for item in items if match(item)), None)


def find_usb_printer(address: PrinterAddress, default_vendor: int) -> Any:
    """The USB device the address names (or the first printer of ``default_vendor``).

    Raises:
        PrinterUnreachable: no such device is plugged in, or libusb is missing.
    """
    import usb.core
    import usb.util

    vendor = address.vendor_id if address.vendor_id is not None else default_vendor
    wanted: dict[str, int] = {"idVendor": vendor}
    if address.product_id is not None:
        wanted["idProduct"] = address.product_id
    try:
        found = list(usb.core.find(find_all=True, **wanted) or [])
    except usb.core.NoBackendError as exc:
        raise PrinterUnreachable("usb: libusb is not installed (apt install libusb-1.0-0)") from exc
    for device in found:
        if address.serial is None or _serial(device) == address.serial:
            return device
    raise PrinterUnreachable(f"usb: no device {address.text} is plugged in")


def _serial(device: Any) -> str | None:
    import usb.core
    import usb.util

    try:
        return str(usb.util.get_string(device, device.iSerialNumber))
    except (usb.core.USBError, ValueError):
        return None


UsbFinder = Callable[[PrinterAddress, int], Any]
"""Finds the USB device for an address; tests pass one that hands out a fake device."""


@contextlib.contextmanager
def open_transport(
    address: PrinterAddress, *, usb_vendor: int, find_usb: UsbFinder | None = None
) -> Iterator[Transport]:
    """Open the pipe the address names, closed again on leaving the block.

    Raises:
        PrinterUnreachable: the printer cannot be opened.
    """
    transport: Transport
    if address.kind == "tcp":
        transport = TcpTransport(address.host, address.port)
    elif address.kind == "device":
        transport = DeviceFileTransport(address.path)
    else:
        transport = UsbTransport((find_usb or find_usb_printer)(address, usb_vendor))
    try:
        yield transport
    finally:
        transport.close()
