"""Export readers: a platform's file in, canonical rows out (no Qt, no database).

Use ``read_export(path, zone=...)``; the rows it returns are applied by ``kiosk.services.sync``.
"""

from __future__ import annotations

from kiosk.sync.reader import DEFAULT_MAX_BYTES, read_export
from kiosk.sync.rows import (
    ExportKind,
    ParsedExport,
    ReservationRow,
    RosterRow,
    RowError,
    SessionRow,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ExportKind",
    "ParsedExport",
    "ReservationRow",
    "RosterRow",
    "RowError",
    "SessionRow",
    "read_export",
]
