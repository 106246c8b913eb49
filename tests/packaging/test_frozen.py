"""The one-folder build (`make dist`) runs on its own: no Python, no checkout, no venv.

The build is made by the same script as ``make dist`` into the checkout's ``dist/`` and reused
while the sources, data, recipe and installed libraries are unchanged (about a minute to build
on two cores, so CI builds it once per run). The frozen program is then run from a temporary
folder with an environment that names neither the checkout nor a Python installation.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.packaging.install_checks import (
    check_badge_pdf,
    check_database_commands,
    check_offscreen_scan_page,
)
from tests.packaging.support import ROOT, child_env, log_text, run

pytestmark = pytest.mark.slow

BUILD_SCRIPT = ROOT / "packaging" / "build_frozen.py"
BUILD_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def frozen_kiosk() -> Path:
    """``dist/kiosk/kiosk``, built now unless an up-to-date build is there already."""
    if importlib.util.find_spec("PyInstaller") is None:
        skip_or_fail("PyInstaller is not installed (it is in the test extra: make venv)")
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    program = ROOT / "dist" / "kiosk" / "kiosk"
    assert program.is_file(), done.stdout
    return program


@pytest.fixture
def bare_home(tmp_path: Path) -> Path:
    """A folder outside the checkout for the frozen program's data and settings."""
    assert not tmp_path.is_relative_to(ROOT)
    return tmp_path


# Only the system's own folders: no virtual environment, pyenv or checkout on the way.
SYSTEM_PATH = "/usr/bin:/bin"


def _no_python_env(home: Path) -> dict[str, str]:
    """The child environment with no route to the project's Python or the checkout."""
    return child_env(home, PATH=SYSTEM_PATH)


def test_frozen_program_answers_help_without_python(frozen_kiosk: Path, bare_home: Path) -> None:
    """`kiosk --help` lists the commands, with PATH holding no Python and cwd outside."""
    done = run([frozen_kiosk, "--help"], env=_no_python_env(bare_home), cwd=bare_home)
    assert "install-service" in done.stdout and "checkin" in done.stdout
    version = run([frozen_kiosk, "--version"], env=_no_python_env(bare_home), cwd=bare_home)
    assert version.stdout.startswith("kiosk ")


def test_frozen_program_runs_the_database_commands_and_badges(
    frozen_kiosk: Path, bare_home: Path
) -> None:
    """db upgrade, sync, checkin and a Chinese badge PDF, from the frozen program's own data."""
    samples = frozen_kiosk.parent / "_internal" / "kiosk" / "_data" / "db" / "samples"
    assert (samples / "reservations.csv").is_file()
    db_file = check_database_commands([str(frozen_kiosk)], bare_home, samples, PATH=SYSTEM_PATH)
    check_badge_pdf([str(frozen_kiosk)], bare_home, db_file, PATH=SYSTEM_PATH)


def test_frozen_program_renders_the_scan_page_offscreen(
    frozen_kiosk: Path, bare_home: Path
) -> None:
    """`kiosk demo --screenshot` from the frozen program shows the scan page."""
    check_offscreen_scan_page([str(frozen_kiosk)], bare_home, PATH=SYSTEM_PATH)


def test_frozen_program_docks_the_on_screen_keyboard(frozen_kiosk: Path, bare_home: Path) -> None:
    """Qt Virtual Keyboard and its pinyin travel in the build: a self-service kiosk docks the
    keyboard at start, with no QML error in its log."""
    qml = (
        frozen_kiosk.parent / "_internal" / "PySide6" / "Qt" / "qml" / "QtQuick" / "VirtualKeyboard"
    )
    assert (qml / "Plugins" / "Pinyin").is_dir()
    shot = bare_home / "self.png"
    env = child_env(bare_home, PATH=SYSTEM_PATH, KIOSK_ON_SCREEN_KEYBOARD="on")
    done = run(
        [frozen_kiosk, "demo", "--mode", "self", "--screenshot", shot],
        env=env,
        cwd=bare_home,
        timeout=120,
    )
    assert f"Saved the scan page to {shot}." in done.stdout
    log = log_text(bare_home)
    assert "on-screen keyboard docked (zh first)" in log, log[-3000:]
    assert "did not load" not in log and "not available" not in log
