"""`kiosk sync --watch DIR`: exports dropped into a folder are imported once they are complete."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from kiosk.cli.cmd_sync import watch
from kiosk.cli.common import Context
from kiosk.config import Settings
from kiosk.store.models import Reservation

SAMPLES = Path(__file__).resolve().parents[2] / "db" / "samples"


def _args() -> argparse.Namespace:
    return argparse.Namespace(full=False, strict=False, dry_run=False, json=False)


def _reservations(ctx: Context) -> int:
    with Session(ctx.engine()) as db:
        return int(db.exec(select(func.count()).select_from(Reservation)).one()[0])


def test_watch_imports_new_export_and_reports_bad_one(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good export in the folder is imported; a broken one gets one sentence, nothing else."""
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLES / "reservations.csv", folder / "reservations.csv")
    (folder / "broken.csv").write_bytes(b"\x00\x01\x02 not an export")
    (folder / "~$reservations.xlsx").write_bytes(b"Excel lock file")
    ctx = Context(argparse.Namespace(), Settings(db_url=sqlite_url))
    assert watch(folder, _args(), ctx, poll_s=0.01, max_polls=3) == 0
    out, err = capsys.readouterr()
    assert _reservations(ctx) == 372
    assert "reservations.csv: added 372" in out
    assert "broken.csv" in err and "Traceback" not in err
    assert "~$" not in out + err
    ctx.close()


def test_watch_waits_until_a_file_stops_changing(tmp_path: Path, sqlite_url: str) -> None:
    """A file seen only once (still being copied) is not imported yet."""
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLES / "reservations.csv", folder / "reservations.csv")
    ctx = Context(argparse.Namespace(), Settings(db_url=sqlite_url))
    watch(folder, _args(), ctx, poll_s=0.01, max_polls=1)
    assert _reservations(ctx) == 0
    ctx.close()


def test_watch_refuses_a_missing_folder(tmp_path: Path, sqlite_url: str) -> None:
    """Watching a folder that does not exist is an error (exit 2), not a silent loop."""
    ctx = Context(argparse.Namespace(), Settings(db_url=sqlite_url))
    assert watch(tmp_path / "nope", _args(), ctx, poll_s=0.01, max_polls=1) == 2
