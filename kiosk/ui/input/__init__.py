"""Input and feedback devices: wedge scanner, camera QR reader, result sounds.

:class:`kiosk.ui.devices.Devices` wires them up for the window::

    scanner = ScannerFilter(devices)
    app.installEventFilter(scanner)
    scanner.scanned.connect(...)         # → MainWindow.handle_scan
    camera = CameraScanner(devices)
    camera.decoded.connect(...)
    camera.start(video_widget)           # harmless without a camera
    feedback = Feedback(devices)
    feedback.play("ok")                  # or play_for_outcome(result.outcome)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.input.camera import CameraScanner, decode_qr_frame
    from kiosk.ui.input.feedback import SOUND_KINDS, Feedback, SoundKind, sound_for_outcome
    from kiosk.ui.input.scanner import ScannerFilter

# Loaded on first use: camera and sounds pull in QtMultimedia (most of a second), which the
# window only needs after its first paint, and ``kiosk.ui.input.dedupe`` never needs.
_HOMES = {
    "CameraScanner": "camera",
    "decode_qr_frame": "camera",
    "SOUND_KINDS": "feedback",
    "Feedback": "feedback",
    "SoundKind": "feedback",
    "sound_for_outcome": "feedback",
    "ScannerFilter": "scanner",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "SOUND_KINDS",
    "CameraScanner",
    "Feedback",
    "ScannerFilter",
    "SoundKind",
    "decode_qr_frame",
    "sound_for_outcome",
]
