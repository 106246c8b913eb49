"""Input and feedback devices: wedge scanner, camera QR reader, result sounds.

The main window wires them up::

    scanner = ScannerFilter(window)
    app.installEventFilter(scanner)
    scanner.scanned.connect(window.handle_scan)
    camera = CameraScanner(page)
    camera.decoded.connect(window.handle_scan)
    camera.start(page.video_widget)      # harmless without a camera
    feedback = Feedback(window)
    feedback.play("ok")                  # or play_for_outcome(result.outcome)
"""

from __future__ import annotations

from kiosk.ui.input.camera import CameraScanner, decode_qr_frame
from kiosk.ui.input.feedback import SOUND_KINDS, Feedback, SoundKind, sound_for_outcome
from kiosk.ui.input.scanner import ScannerFilter

__all__ = [
    "SOUND_KINDS",
    "CameraScanner",
    "Feedback",
    "ScannerFilter",
    "SoundKind",
    "decode_qr_frame",
    "sound_for_outcome",
]
