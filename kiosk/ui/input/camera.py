"""Live camera preview and QR decoding, with the decoding kept off the UI thread.

Frames come from QtMultimedia's video sink. At most :attr:`CameraScanner.max_fps` frames a second
are taken, and only while no decode is running; each is converted to a ``QImage`` on the UI thread
(cheap) and decoded by zxing-cpp, restricted to QR codes, on a one-thread pool of its own, so a
slow frame never delays the screen or another background job. Kiosks without a camera simply have
no preview: :meth:`CameraScanner.available` is false and :meth:`CameraScanner.start` does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
import zxingcpp
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from kiosk.ui.input.dedupe import DUPLICATE_WINDOW_S, DuplicateGate

if TYPE_CHECKING:
    from PySide6.QtMultimediaWidgets import QVideoWidget

log = logging.getLogger(__name__)


def decode_qr_frame(image: QImage) -> str | None:
    """Return the text of a QR code in ``image``, or ``None`` if it holds none.

    Safe to call from any thread (``QImage`` is not a widget). Never raises.

    Args:
        image: a camera frame or any picture, in any format and size.

    Returns:
        The first QR code's text, or ``None``.
    """
    try:
        if image.isNull():
            return None
        gray = (
            image
            if image.format() == QImage.Format.Format_Grayscale8
            else image.convertToFormat(QImage.Format.Format_Grayscale8)
        )
        # A view over the QImage's own pixels (no copy, no numpy); `gray` outlives the call.
        view = zxingcpp.ImageView(
            gray.constBits(),
            gray.width(),
            gray.height(),
            zxingcpp.ImageFormat.Lum,
            gray.bytesPerLine(),
        )
        qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        for barcode in zxingcpp.read_barcodes(view, formats=qr_only):
            if barcode.text:
                return str(barcode.text)
    except Exception:
        log.debug("QR decode failed on a frame", exc_info=True)
    return None


class _DecodeTask(QRunnable):
    """Decodes one frame on the pool and hands the result back through ``deliver``."""

    def __init__(self, image: QImage, deliver: Callable[[object], None]) -> None:
        super().__init__()
        self._image = image
        self._deliver = deliver

    def run(self) -> None:
        text = decode_qr_frame(self._image)
        self._image = QImage()
        # RuntimeError: the scanner was deleted while this frame was decoding.
        with contextlib.suppress(RuntimeError):
            self._deliver(text)


class CameraScanner(QObject):
    """Camera preview plus QR decoding; emits :attr:`decoded` with each new code.

    Args:
        parent: the usual QObject parent (give one, so the camera stops with its page).
        max_fps: at most this many frames a second are decoded.
        duplicate_window_s: a code stays "the same scan" while seen again within this window
            (a code held in front of the camera is one scan).
        clock: monotonic seconds; injectable for tests.
    """

    decoded = Signal(str)
    """A QR code's text, on the UI thread. Connect to ``MainWindow.handle_scan``."""
    activeChanged = Signal(bool)
    """The camera started (``True``) or stopped/failed (``False``)."""

    _frame_decoded = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_fps: float = 10.0,
        duplicate_window_s: float = DUPLICATE_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.max_fps = max_fps
        self._clock = clock
        self._gate = DuplicateGate(duplicate_window_s, clock, sliding=True)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._sink: QVideoSink | None = None
        self._decoding = False
        self._last_frame_at = float("-inf")
        self._frame_decoded.connect(self._on_frame_decoded)

    @staticmethod
    def available() -> bool:
        """Whether the system has a camera at all (false here and in CI)."""
        try:
            return bool(QMediaDevices.videoInputs())
        except Exception:
            log.warning("could not list cameras", exc_info=True)
            return False

    def is_active(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def start(self, video_widget: QVideoWidget | None = None) -> bool:
        """Open the default camera, show it in ``video_widget`` (if any) and start decoding.

        Harmless without a camera or when already started.

        Returns:
            Whether the camera is now running (or starting).
        """
        if self._camera is not None:
            return True
        try:
            devices = QMediaDevices.videoInputs()
            if not devices:
                log.info("no camera: scanning by camera is off")
                return False
            camera = QCamera(QMediaDevices.defaultVideoInput(), self)
            session = QMediaCaptureSession(self)
            session.setCamera(camera)
            if video_widget is not None:
                session.setVideoOutput(video_widget)
                sink = video_widget.videoSink()
            else:
                sink = QVideoSink(self)
                session.setVideoSink(sink)
            self.watch_sink(sink)
            camera.errorOccurred.connect(self._on_camera_error)
            camera.activeChanged.connect(self.activeChanged)
            self._camera, self._session = camera, session
            camera.start()
        except Exception:
            log.exception("camera failed to start")
            self.stop()
            return False
        return True

    def stop(self) -> None:
        """Stop the camera and forget it; frames still decoding are ignored. Never raises."""
        camera, session, sink = self._camera, self._session, self._sink
        self._camera = self._session = self._sink = None
        try:
            if sink is not None and shiboken6.isValid(sink):
                sink.videoFrameChanged.disconnect(self._on_frame)
            if camera is not None and shiboken6.isValid(camera):
                camera.stop()
                camera.deleteLater()
            if session is not None and shiboken6.isValid(session):
                session.deleteLater()
        except (RuntimeError, TypeError):
            log.debug("camera already gone while stopping", exc_info=True)

    def watch_sink(self, sink: QVideoSink) -> None:
        """Decode the frames arriving at ``sink`` (throttled); :meth:`start` does this for you.

        Also lets a page that runs its own capture session (or a test) feed frames.
        """
        previous, self._sink = self._sink, sink
        if previous is not None and previous is not sink and shiboken6.isValid(previous):
            with contextlib.suppress(RuntimeError, TypeError):
                previous.videoFrameChanged.disconnect(self._on_frame)
        sink.videoFrameChanged.connect(self._on_frame)

    def reset_duplicates(self) -> None:
        """Let the code in view count again (e.g. after the result page closed)."""
        self._gate.reset()

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        now = self._clock()
        if self._decoding or now - self._last_frame_at < 1.0 / self.max_fps:
            return
        try:
            image = frame.toImage()
        except Exception:
            log.debug("could not convert a camera frame", exc_info=True)
            return
        if image.isNull():
            return
        self._last_frame_at = now
        self.submit_frame(image)

    def is_decoding(self) -> bool:
        """Whether a frame is on the worker (new frames are dropped until it is done)."""
        return self._decoding

    def submit_frame(self, image: QImage) -> bool:
        """Decode ``image`` on the worker thread unless a decode is already running.

        Used for camera frames; public so that tests and the benchmark can feed pictures.

        Returns:
            Whether the frame was taken (false: dropped because the worker is busy).
        """
        if self._decoding:
            return False
        self._decoding = True
        self._pool.start(_DecodeTask(image, self._frame_decoded.emit))
        return True

    @Slot(object)
    def _on_frame_decoded(self, text: object) -> None:
        self._decoding = False
        if isinstance(text, str) and text and self._gate.admit(text):
            self.decoded.emit(text)

    def _on_camera_error(self, error: QCamera.Error, message: str) -> None:
        log.warning("camera error %s: %s", error, message)
        self.stop()
        self.activeChanged.emit(False)

    def wait_for_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the frame being decoded is done (shutdown and tests)."""
        return bool(self._pool.waitForDone(timeout_ms))
