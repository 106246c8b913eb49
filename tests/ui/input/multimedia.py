"""Qt messages QtMultimedia prints on a machine without PipeWire, VA-API, GPU or sound server.

They are the backend describing the machine, not faults of the kiosk, so tests that touch
QtMultimedia ignore them (``qt_log_level_fail = WARNING`` would fail on them otherwise).
"""

from __future__ import annotations

import pytest

MULTIMEDIA_NOISE = (
    r"^Couldn't (load|resolve) .* (library|symbols)$",  # qt.multimedia.symbolsresolver
    r"^Using Qt multimedia with FFmpeg",
    r"^PulseAudioService: pa_context_connect\(\) failed",
    r"No RHI backend\. Using CPU conversion",  # QVideoFrame.toImage without a GPU
)

ignore_multimedia_noise = pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
