"""What the install tests share: a clean child environment, commands, badges to compare against."""

from __future__ import annotations

import os
import re
import subprocess
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from PIL import Image

import kiosk
from tests.conftest import REQUIRE_SERVICES_ENV as REQUIRE

ROOT = Path(kiosk.__file__).resolve().parent.parent
# A party of two with a Chinese contact name, booked for the 09:00 tour of 1 February 2025.
CHINESE_PARTY = "4NWVAZ76"
CHINESE_NAME = "廖雨桐"
INSIDE_ITS_WINDOW = "2025-02-01T08:40"
HEADER_RGB = (0x0B, 0x25, 0x45)  # #Header in assets/theme/kiosk.qss
PAGE_RGB = (0xFF, 0xFF, 0xFF)
# What a developer's shell may hold that would let a child see the checkout or a display.
_LEAKS = ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment for a kiosk process: its own data and settings folders, Qt offscreen.

    Nothing from the checkout or a developer's session leaks in (PYTHONPATH, a virtual
    environment, a display, KIOSK_* settings other than the test switches).
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _LEAKS
        and not (key.startswith("KIOSK_") and not key.startswith(("KIOSK_TEST_", REQUIRE)))
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        KIOSK_CONFIG=str(home / "no-settings" / "kiosk.toml"),
        HOME=str(home),
    )
    env.update(extra)
    return env


def run(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float = 120,
    expect: int | None = 0,
) -> subprocess.CompletedProcess[str]:
    """Run a command; fail with its output when the exit code is not the expected one."""
    done = subprocess.run(
        [str(part) for part in command],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if expect is not None and done.returncode != expect:
        raise AssertionError(
            f"{' '.join(map(str, command))} exited {done.returncode} (expected {expect})\n"
            f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
        )
    return done


def log_text(home: Path) -> str:
    """The kiosk.log a child process wrote under ``home``."""
    path = home / "data" / "tour-kiosk" / "kiosk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def pdf_page_images(data: bytes) -> list[Image.Image]:
    """The page images of a badge PDF as kiosk.badges.output writes them (lossless Flate)."""
    images = []
    pattern = re.compile(
        rb"/Width (\d+) /Height (\d+) /ColorSpace /Device(RGB|Gray) "
        rb"/BitsPerComponent 8 /Filter /FlateDecode /Length (\d+) >>\nstream\n"
    )
    for match in pattern.finditer(data):
        width, height, space, length = match.groups()
        start = match.end()
        raw = zlib.decompress(data[start : start + int(length)])
        mode = "RGB" if space == b"RGB" else "L"
        images.append(Image.frombytes(mode, (int(width), int(height)), raw))
    return images


def reference_badges(db_file: Path, code: str) -> list[Image.Image]:
    """The badges of ``code`` as this checkout renders them from the same database file."""
    from kiosk.badges import render_badge
    from kiosk.config import Settings
    from kiosk.core.clock import Clock
    from kiosk.services import printing
    from kiosk.services.env import ServiceEnv
    from kiosk.store.engine import make_engine

    settings = Settings(db_url=f"sqlite:///{db_file}")
    engine = make_engine(settings.database_url)
    try:
        env = ServiceEnv(engine, settings, Clock(settings.zone), kiosk_id="TEST")
        data = printing.badge_data(env, printing.visitor_ids_for_code(env, code))
        return [render_badge(badge, settings.badge_size).convert("RGB") for badge in data]
    finally:
        engine.dispose()


def same_pixels(first: Image.Image, second: Image.Image) -> bool:
    return first.size == second.size and first.tobytes() == second.convert(first.mode).tobytes()


def png_size_and_corners(path: Path) -> tuple[tuple[int, int], tuple[int, ...], tuple[int, ...]]:
    """Size, the top-left pixel (header bar) and the middle pixel (page) of a screenshot."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        middle = rgb.getpixel((rgb.width // 2, rgb.height // 4))
        corner = rgb.getpixel((4, 4))
        assert isinstance(middle, tuple) and isinstance(corner, tuple)
        return rgb.size, corner, middle
