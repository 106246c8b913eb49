"""Camera QR input: decoding frames off the UI thread, and no harm when there is no camera."""

from __future__ import annotations

import io
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qrcode
import zxingcpp
from PySide6.QtCore import QThread
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from tests.conftest import skip_or_fail
from tests.ui.input.multimedia import ignore_multimedia_noise

try:
    from PySide6.QtMultimedia import QMediaDevices, QVideoFrame, QVideoSink
    from PySide6.QtMultimediaWidgets import QVideoWidget

    from kiosk.ui.input import CameraScanner, decode_qr_frame
except ImportError as exc:  # QtMultimedia's libraries are missing on this machine
    skip_or_fail(f"QtMultimedia cannot be loaded: {exc}")

pytestmark = ignore_multimedia_noise

TICKET_URL = "https://tickets.example.com/r/K7M4Q2XP"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def qr_image(text: str, box_size: int = 8) -> QImage:
    """A QR code as the qrcode package renders it (1-bit PNG), loaded as a QImage."""
    png = io.BytesIO()
    qrcode.make(text, box_size=box_size, border=4).save(png, "PNG")
    image = QImage.fromData(png.getvalue())
    assert not image.isNull()
    return image


def camera_frame(code: QImage, x: int = 420, y: int = 290) -> QImage:
    """A 640×480 colour frame, greyish like a real scene, with ``code`` small in one corner."""
    frame = QImage(640, 480, QImage.Format.Format_RGB32)
    frame.fill(QColor(182, 176, 160))
    painter = QPainter(frame)
    painter.fillRect(30, 40, 200, 120, QColor(90, 60, 40))
    painter.drawImage(x, y, code)
    painter.end()
    return frame


@pytest.fixture
def no_camera(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the machine look camera-less even on a developer laptop with a webcam."""
    monkeypatch.setattr(QMediaDevices, "videoInputs", staticmethod(lambda: []))


def test_decodes_a_generated_qr_code() -> None:
    """A ticket URL rendered by the qrcode package reads back exactly."""
    assert decode_qr_frame(qr_image(TICKET_URL)) == TICKET_URL


def test_decodes_a_small_code_in_a_camera_sized_frame() -> None:
    """A ~110 px code in a 640×480 colour frame is found."""
    frame = camera_frame(qr_image(TICKET_URL, box_size=3))
    assert decode_qr_frame(frame) == TICKET_URL


@pytest.mark.parametrize(
    "image_format",
    [QImage.Format.Format_ARGB32, QImage.Format.Format_RGB888, QImage.Format.Format_Grayscale8],
)
def test_decodes_frames_in_any_pixel_format(image_format: QImage.Format) -> None:
    """Cameras deliver several pixel formats; each decodes the same."""
    frame = camera_frame(qr_image("K7M4Q2XP", box_size=4)).convertToFormat(image_format)
    assert decode_qr_frame(frame) == "K7M4Q2XP"


def test_frame_without_a_code_gives_none() -> None:
    """An empty scene and a null image are 'nothing seen', not errors."""
    assert decode_qr_frame(camera_frame(QImage(1, 1, QImage.Format.Format_RGB32))) is None
    assert decode_qr_frame(QImage()) is None


def test_other_barcode_kinds_are_ignored() -> None:
    """Only QR codes are read, so a DataMatrix on a parcel in view is not a scan."""
    symbol = zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode("K7M4Q2XP", zxingcpp.BarcodeFormat.DataMatrix), scale=6
    )
    height, width = symbol.shape
    pixels = bytes(memoryview(symbol))  # type: ignore[arg-type]  # zxing's Image is a buffer
    image = QImage(pixels, width, height, width, QImage.Format.Format_Grayscale8)
    assert zxingcpp.read_barcodes(image.copy())  # the symbol itself is readable ...
    assert decode_qr_frame(image.copy()) is None  # ... but not as a QR code


def test_frames_decode_on_a_worker_and_report_on_the_ui_thread(qtbot: QtBot) -> None:
    """decoded is emitted on the UI thread with the code's text."""
    scanner = CameraScanner(clock=FakeClock())
    threads: list[QThread] = []
    scanner.decoded.connect(lambda _text: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(scanner.decoded, timeout=5_000) as signal:
        assert scanner.submit_frame(camera_frame(qr_image(TICKET_URL, box_size=3)))
    assert signal.args == [TICKET_URL]
    assert threads == [QThread.currentThread()]


def test_video_sink_frames_are_decoded_at_a_limited_rate(qtbot: QtBot) -> None:
    """Frames from a video sink are decoded, but at most max_fps of them a second."""
    clock = FakeClock()
    scanner = CameraScanner(clock=clock, max_fps=10)
    sink = QVideoSink()
    scanner.watch_sink(sink)
    first = QVideoFrame(camera_frame(qr_image("FIRST-CODE", box_size=3)))
    too_soon = QVideoFrame(camera_frame(qr_image("TOO-SOON", box_size=3)))
    later = QVideoFrame(camera_frame(qr_image("LATER-CODE", box_size=3)))
    received: list[str] = []
    scanner.decoded.connect(received.append)

    sink.setVideoFrame(first)
    qtbot.waitUntil(lambda: received == ["FIRST-CODE"], timeout=5_000)
    clock.now += 0.05
    sink.setVideoFrame(too_soon)
    assert not scanner.is_decoding()
    clock.now += 0.1
    sink.setVideoFrame(later)
    qtbot.waitUntil(lambda: received == ["FIRST-CODE", "LATER-CODE"], timeout=5_000)


def test_frames_are_dropped_while_a_decode_is_running(qtbot: QtBot) -> None:
    """A second frame offered before the first is decoded is refused, so work never piles up."""
    scanner = CameraScanner(clock=FakeClock())
    frame = camera_frame(qr_image(TICKET_URL, box_size=3))
    with qtbot.waitSignal(scanner.decoded, timeout=5_000):
        assert scanner.submit_frame(frame)
        assert scanner.is_decoding()
        assert not scanner.submit_frame(frame)
    assert not scanner.is_decoding()
    assert scanner.submit_frame(frame)
    assert scanner.wait_for_idle()


def test_code_held_in_view_is_one_scan(qtbot: QtBot) -> None:
    """The same code seen again within 2 s is dropped; after 2 s out of view it counts again."""
    clock = FakeClock()
    scanner = CameraScanner(clock=clock)
    received: list[str] = []
    scanner.decoded.connect(received.append)
    frame = camera_frame(qr_image(TICKET_URL, box_size=3))

    def show_frame() -> None:
        assert scanner.submit_frame(frame)
        qtbot.waitUntil(lambda: not scanner.is_decoding(), timeout=5_000)

    show_frame()
    clock.now += 1.5
    show_frame()
    clock.now += 1.5  # still within 2 s of the last sighting: the code stayed in view
    show_frame()
    assert received == [TICKET_URL]
    clock.now += 2.5
    show_frame()
    assert received == [TICKET_URL, TICKET_URL]


def test_camera_presence_is_reported_truthfully() -> None:
    """available() is exactly whether QtMultimedia lists a camera."""
    assert CameraScanner.available() == bool(QMediaDevices.videoInputs())


@pytest.mark.usefixtures("no_camera")
def test_without_a_camera_start_is_harmless(qtbot: QtBot) -> None:
    """No camera: available() is false, start() returns False with or without a preview widget."""
    scanner = CameraScanner()
    preview = QVideoWidget()
    qtbot.addWidget(preview)
    assert not CameraScanner.available()
    with qtbot.assertNotEmitted(scanner.decoded):
        assert not scanner.start()
        assert not scanner.start(preview)
    assert not scanner.is_active()
    scanner.stop()
    scanner.stop()
