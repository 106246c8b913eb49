"""The wheel works outside the checkout: built, installed into a fresh environment, run.

The wheel is built from a copy of the checkout's files (as pip, pipx and uv build it, with
build isolation) and installed with ``--no-deps`` into a new virtual environment in a
temporary folder. To keep the run short the new environment does not download PySide6 & co.
again: a ``.pth`` line adds this environment's site-packages folder to its path. A plain path
line in a ``.pth`` file does not process the ``.pth`` files *inside* that folder, so the
checkout's own editable install (a ``.pth`` import hook) stays invisible; the tests assert that
``kiosk`` and its data are read from the new environment, and ``pip check`` that the wheel's
declared dependencies are met by the pinned libraries.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.packaging.install_checks import (
    check_badge_pdf,
    check_database_commands,
    check_offscreen_scan_page,
)
from tests.packaging.support import CHINESE_NAME, ROOT, child_env, run

pytestmark = pytest.mark.slow

_COPY_SKIPS = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache"
)


@dataclass(frozen=True)
class FreshInstall:
    venv: Path
    python: Path
    kiosk: Path
    site_packages: Path
    home: Path


def _copy_sources(target: Path) -> Path:
    """The files a clean clone has (tracked and new, not ignored), copied to ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:  # not a git checkout (an unpacked source archive)
        shutil.copytree(ROOT, target, ignore=_COPY_SKIPS)
        return target
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _build_wheel(work: Path) -> Path:
    source = _copy_sources(work / "source")
    out = work / "wheel"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        if "Could not find a version" in done.stderr or "connection" in done.stderr.lower():
            skip_or_fail(f"the wheel's build tools cannot be fetched: {tail}")
        raise AssertionError(f"pip wheel failed:\n{done.stderr[-3000:]}")
    (wheel,) = out.glob("tour_kiosk-*.whl")
    return wheel


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshInstall]:
    """The wheel installed in a new virtual environment outside the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    assert not work.is_relative_to(ROOT)
    wheel = _build_wheel(work)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = ["install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *install], check=True, timeout=300
    )
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "project-libraries.pth").write_text("\n".join(sorted(libraries)) + "\n")
    home = work / "home"
    home.mkdir()
    yield FreshInstall(venv, python, venv / "bin" / "kiosk", site_packages, home)


_WHERE_FROM = """
import json, importlib.metadata, kiosk, kiosk.paths
from kiosk.badges.fonts import bundled_font_path, covers
print(json.dumps({
    "kiosk": kiosk.__file__,
    "assets": str(kiosk.paths.ASSETS),
    "migrations": str(kiosk.paths.MIGRATIONS),
    "samples": str(kiosk.paths.SAMPLES),
    "font": str(bundled_font_path("regular")),
    "covers": covers(%r),
    "files": len(importlib.metadata.files("tour-kiosk")),
}))
"""


def test_installed_kiosk_reads_its_data_from_the_install(fresh_install: FreshInstall) -> None:
    """kiosk, its assets, migrations, demo program and CJK font all come from the new venv."""
    done = run(
        [fresh_install.python, "-c", _WHERE_FROM % CHINESE_NAME],
        env=child_env(fresh_install.home),
        cwd=fresh_install.home,
    )
    found = json.loads(done.stdout)
    package = fresh_install.site_packages / "kiosk"
    assert Path(found["kiosk"]) == package / "__init__.py"
    assert Path(found["assets"]) == package / "_data" / "assets"
    assert (Path(found["migrations"]) / "versions" / "0001_initial_schema.py").is_file()
    assert (Path(found["samples"]) / "reservations.csv").is_file()
    assert Path(found["font"]).is_relative_to(package / "_data" / "assets" / "fonts")
    assert found["covers"] is True
    checked = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(fresh_install.python), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_installed_kiosk_syncs_checks_in_and_prints_chinese_badges(
    fresh_install: FreshInstall,
) -> None:
    """db upgrade, sync of the bundled demo program, checkin and a Chinese badge PDF work."""
    samples = fresh_install.site_packages / "kiosk" / "_data" / "db" / "samples"
    kiosk = [str(fresh_install.kiosk)]
    db_file = check_database_commands(kiosk, fresh_install.home, samples)
    check_badge_pdf(kiosk, fresh_install.home, db_file)


def test_installed_kiosk_renders_the_scan_page_offscreen(fresh_install: FreshInstall) -> None:
    """`kiosk demo --screenshot` from the install builds the demo and draws the scan page."""
    check_offscreen_scan_page([str(fresh_install.kiosk)], fresh_install.home)
