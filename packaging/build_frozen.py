"""Build the one-folder program (``dist/kiosk/``) with PyInstaller, unless it is up to date.

    .venv/bin/python packaging/build_frozen.py [--dist DIR] [--force]      (make dist)

The folder holds ``kiosk`` (``kiosk.exe`` and a console-less ``kiosk-gui.exe`` on Windows):
Python, Qt and every library inside, so it runs where no Python is installed. Copy the whole
folder to the kiosk.

A build takes about a minute on two cores; it is skipped when ``DIR/kiosk/.source-key`` matches
the sources, the recipe, the data folders and the installed libraries (so ``make test`` reuses a
build made by ``make dist`` and vice versa). Prints one line saying what it did.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pyinstaller" / "kiosk.spec"
KEY_FILE = ".source-key"
HASHED_FOLDERS = ("kiosk", "assets", "db", "packaging/pyinstaller")
HASHED_FILES = ("pyproject.toml", "packaging/constraints.txt")
SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache"}
SKIPPED_SUFFIXES = {".pyc", ".pyo", ".db", ".db-wal", ".db-shm"}


def _source_files() -> Iterator[Path]:
    for folder in HASHED_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT)
            skipped = SKIPPED_PARTS & set(relative.parts) or path.suffix in SKIPPED_SUFFIXES
            if path.is_file() and not skipped:
                yield path
    for name in HASHED_FILES:
        yield ROOT / name


def source_key() -> str:
    """A digest of everything the build reads: sources, data, recipe, Python and libraries."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(sys.version.encode())
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()


def program_path(dist: Path) -> Path:
    """The frozen ``kiosk`` command inside a build folder."""
    return dist / "kiosk" / ("kiosk.exe" if sys.platform == "win32" else "kiosk")


def is_current(dist: Path, key: str) -> bool:
    stamp = dist / "kiosk" / KEY_FILE
    return program_path(dist).is_file() and stamp.is_file() and stamp.read_text() == key


def build(dist: Path, *, force: bool = False) -> tuple[bool, float]:
    """Build into ``dist/kiosk`` unless up to date; returns (built, seconds taken)."""
    key = source_key()
    if not force and is_current(dist, key):
        return False, 0.0
    started = time.monotonic()
    work = ROOT / "build" / "pyinstaller"
    shutil.rmtree(dist / "kiosk", ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    (dist / "kiosk" / KEY_FILE).write_text(key)
    return True, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (dist/)")
    parser.add_argument("--force", action="store_true", help="build even if up to date")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.stderr.write(
            "build_frozen: PyInstaller is not installed; run `make venv` (it is in the test "
            "extra) or `pip install -c packaging/constraints.txt '.[dist]'`.\n"
        )
        return 2
    dist = Path(args.dist).resolve()
    try:
        built, seconds = build(dist, force=args.force)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(f"build_frozen: PyInstaller failed (exit {exc.returncode}).\n")
        return 2
    program = program_path(dist)
    if built:
        sys.stdout.write(f"Built {program} in {seconds:.0f} s.\n")
    else:
        sys.stdout.write(f"{program} is up to date (sources unchanged).\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
