"""The kiosk's devices: the wedge scanner, the camera and the result sounds.

QtMultimedia (camera, sounds) takes most of a second to load, so the window starts them only
after it is shown; where the library or a device is missing, check-in by hand still works.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from kiosk.ui.input.camera import CameraScanner
    from kiosk.ui.input.feedback import Feedback
    from kiosk.ui.input.scanner import ScannerFilter
    from kiosk.ui.pages.scan_page import ScanPage

log = logging.getLogger("kiosk.ui")


class Devices(QObject):
    """Starts, feeds and stops the input and feedback devices of one window.

    Signals:
        scanned(str, str): a code's text and where it came from (``"scanner"``, ``"camera"``).
    """

    scanned = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner: ScannerFilter | None = None
        self.camera: CameraScanner | None = None
        self.feedback: Feedback | None = None

    def start(self, scan_page: ScanPage) -> None:
        """Scanner, sounds and (when the kiosk has one) the camera under the scan prompt."""
        try:
            from kiosk.ui import input as devices
        except ImportError:
            log.exception("input devices are not available")
            return
        app = QApplication.instance()
        try:
            if app is not None:
                # Scans go to the check-in service as typed: it undoes a keyboard-layout
                # mix-up by the evidence of the bookings (one repair only) and says so.
                self.scanner = devices.ScannerFilter(self, valid=None)
                app.installEventFilter(self.scanner)
                self.scanner.scanned.connect(lambda text: self.scanned.emit(text, "scanner"))
            self.feedback = devices.Feedback(self)
            if devices.CameraScanner.available():
                from PySide6.QtMultimediaWidgets import QVideoWidget

                view = QVideoWidget()
                scan_page.attach_camera_view(view)
                self.camera = devices.CameraScanner(self)
                self.camera.decoded.connect(lambda text: self.scanned.emit(text, "camera"))
                self.camera.start(view)
        except Exception:  # a broken device must not stop check-in by hand
            log.exception("input devices could not be started")

    def play(self, tone: str) -> None:
        """The sound for a result's tone (``ok``, ``attention``, ``refused``); never raises."""
        if self.feedback is None:
            return
        try:
            self.feedback.play(tone)
        except Exception:
            log.exception("feedback sound failed")

    def stop(self) -> None:
        """Stop the camera and take the scanner's filter off the application."""
        if self.camera is not None:
            try:
                self.camera.stop()
            except Exception:
                log.exception("camera did not stop cleanly")
        app = QApplication.instance()
        if app is not None and self.scanner is not None:
            app.removeEventFilter(self.scanner)
