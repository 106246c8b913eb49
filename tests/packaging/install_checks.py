"""The checks every install passes (wheel in a fresh environment, one-folder build).

Each takes the command that starts the installed kiosk, so that the wheel and the frozen
program are held to exactly the same things a new user would try first.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.packaging.support import (
    CHINESE_PARTY,
    HEADER_RGB,
    INSIDE_ITS_WINDOW,
    PAGE_RGB,
    child_env,
    log_text,
    pdf_page_images,
    png_size_and_corners,
    reference_badges,
    run,
    same_pixels,
)


def check_database_commands(kiosk: list[str], home: Path, samples: Path, **extra_env: str) -> Path:
    """db upgrade, sync of the demo program, a check-in: the answers a user would read.

    Returns:
        The SQLite file they wrote (for the badge check).
    """
    db_file = home / "kiosk.db"
    env = child_env(home, KIOSK_DB_URL=f"sqlite:///{db_file}", **extra_env)
    upgraded = run([*kiosk, "db", "upgrade"], env=env, cwd=home)
    assert "schema created" in upgraded.stdout
    synced = run(
        [*kiosk, "sync", samples / "roster.csv", samples / "reservations.csv", "--json"],
        env=env,
        cwd=home,
    )
    report = json.loads(synced.stdout)
    assert report["added"] > 300 and report["rejected"] == []
    checked = run(
        [*kiosk, "checkin", CHINESE_PARTY, "--at", INSIDE_ITS_WINDOW, "--json"],
        env=env,
        cwd=home,
    )
    answer = json.loads(checked.stdout)
    assert (answer["outcome"], answer["checked_in"]) == ("ok", 2)
    return db_file


def check_badge_pdf(kiosk: list[str], home: Path, db_file: Path, **extra_env: str) -> None:
    """``kiosk badge --out x.pdf``: the pages are exactly the checkout's rendering of them.

    The checkout's rendering uses the bundled Noto Sans SC (tests/badges prove its Chinese
    glyphs); identical pixels mean the install found and used the same fonts.
    """
    env = child_env(home, KIOSK_DB_URL=f"sqlite:///{db_file}", **extra_env)
    out = home / "badges.pdf"
    done = run([*kiosk, "badge", CHINESE_PARTY, "--out", out], env=env, cwd=home)
    assert "2 badge page(s)" in done.stdout
    pages = pdf_page_images(out.read_bytes())
    expected = reference_badges(db_file, CHINESE_PARTY)
    assert len(pages) == len(expected) == 2
    assert all(same_pixels(page, want) for page, want in zip(pages, expected, strict=True))


def check_offscreen_scan_page(kiosk: list[str], home: Path, **extra_env: str) -> Path:
    """``kiosk demo --screenshot``: the demo opens on the scan page, drawn offscreen."""
    shot = home / "scan.png"
    env = child_env(home, **extra_env)
    done = run([*kiosk, "demo", "--screenshot", shot], env=env, cwd=home, timeout=120)
    assert f"Saved the scan page to {shot}." in done.stdout
    size, corner, middle = png_size_and_corners(shot)
    assert size == (1280, 800)
    assert (corner, middle) == (HEADER_RGB, PAGE_RGB)
    assert "on the offscreen platform" in log_text(home)
    return shot
