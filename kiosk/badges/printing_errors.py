"""The printing fault, kept Qt-free so services and the CLI can catch it without PySide6."""

from __future__ import annotations

from kiosk.core.errors import KioskError


class PrintError(KioskError):
    """A badge could not be printed (unknown, disabled or failing printer); the check-in stands."""
