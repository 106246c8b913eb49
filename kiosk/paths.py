"""Where the program's non-Python parts live: assets, Alembic migrations, the demo program.

The repository keeps them at the top level (``assets/``, ``db/``); a wheel or a frozen build
carries them inside the package as ``kiosk/_data/assets`` and ``kiosk/_data/db`` (copied at build
time by ``packaging/setuptools_hooks.py``). They are found through ``importlib.resources``, so
the same code reads them from a checkout, an editable install, a wheel install or a one-folder
build. Alembic needs a real folder, so a zipped install is refused with one sentence.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kiosk.core.errors import ConfigError

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
"""The checkout's top folder (meaningful in a checkout only: docs/, tests/ …)."""


def _data_folder(name: str) -> Path:
    """The installed ``kiosk/_data/<name>`` if the build put it there, else the checkout's."""
    bundled = files("kiosk").joinpath("_data", name)
    if bundled.is_dir():
        if not isinstance(bundled, Path):
            raise ConfigError(
                "The kiosk is installed inside an archive; install it unpacked (pip, pipx or uv).",
                "签到程序被安装在压缩包内，请以解压方式安装（pip、pipx 或 uv）。",
            )
        return bundled
    return ROOT / name


ASSETS = _data_folder("assets")
MIGRATIONS = _data_folder("db") / "migrations"
SAMPLES = _data_folder("db") / "samples"
