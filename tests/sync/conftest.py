"""Helpers for the export reader tests: write a sample export, read it back whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.sync import ParsedExport, ReservationRow, RosterRow, read_export

SHANGHAI = ZoneInfo("Asia/Shanghai")


def read_all(path: Path) -> tuple[ParsedExport, list[ReservationRow | RosterRow]]:
    """Read an export and consume its rows (so that ``errors`` is complete)."""
    parsed = read_export(path, zone=SHANGHAI)
    rows: list[ReservationRow | RosterRow] = list(parsed.rows)
    return parsed, rows


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    """Rows joined the simple way (no quoting needed by the callers' values)."""
    return "".join(delimiter.join(str(cell) for cell in row) + "\r\n" for row in rows)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (in an encoding) or bytes to a file in the test's folder."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return write
