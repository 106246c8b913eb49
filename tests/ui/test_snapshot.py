"""`kiosk run --screenshot`: the page a kiosk opens on, saved for whoever sets it up from afar."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.packaging.support import HEADER_RGB, child_env, run

pytestmark = pytest.mark.slow  # each starts the app twice in a child process

KIOSK = Path(sys.executable).parent / "kiosk"  # the console script of this environment


def _demo_db(home: Path) -> Path:
    db_file = home / "kiosk.db"
    run(
        [KIOSK, "demo", "--no-window", "--db", f"sqlite:///{db_file}"],
        env=child_env(home),
        cwd=home,
    )
    return db_file


def test_screenshot_saves_the_scan_page_and_quits(tmp_path: Path) -> None:
    """A healthy kiosk saves its scan page (with the header bar) and exits 0."""
    db_file = _demo_db(tmp_path)
    shot = tmp_path / "check.png"
    done = run(
        [KIOSK, "run", "--db", f"sqlite:///{db_file}", "--screenshot", shot],
        env=child_env(tmp_path),
        cwd=tmp_path,
    )
    assert done.stdout.strip() == f"Saved the scan page to {shot}."
    with Image.open(shot) as image:
        assert image.convert("RGB").getpixel((4, 4)) == HEADER_RGB


def test_screenshot_of_a_kiosk_that_cannot_start_shows_its_fault_page(tmp_path: Path) -> None:
    """A database from a newer release: the saved picture is the fault page, and says so."""
    db_file = _demo_db(tmp_path)
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    shot = tmp_path / "check.png"
    done = run(
        [KIOSK, "run", "--db", f"sqlite:///{db_file}", "--screenshot", shot],
        env=child_env(tmp_path),
        cwd=tmp_path,
    )
    assert done.stdout.strip() == f"Saved the message page to {shot}."
    assert shot.is_file()


def test_a_window_on_a_smaller_screen_fits_it(tmp_path: Path) -> None:
    """On a 1280×720 screen (a small touch panel, Xvfb) the windowed kiosk is 720 high, so its
    bottom row is on the screen; the pages still fit (they need about 670)."""
    db_file = _demo_db(tmp_path)
    screen = tmp_path / "screen.json"
    screen.write_text(
        '{"screens": [{"name": "panel", "x": 0, "y": 0, "width": 1280, "height": 720,'
        ' "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}'
    )
    shot = tmp_path / "check.png"
    env = child_env(tmp_path, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    done = run(
        [KIOSK, "run", "--db", f"sqlite:///{db_file}", "--screenshot", shot], env=env, cwd=tmp_path
    )
    assert done.stdout.strip() == f"Saved the scan page to {shot}."
    with Image.open(shot) as image:
        assert image.size == (1280, 720)
        assert image.convert("RGB").getpixel((4, 4)) == HEADER_RGB
