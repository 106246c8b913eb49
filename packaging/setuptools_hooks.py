"""Build step that puts the repository's ``assets/`` and ``db/`` inside the package.

The repository keeps them at the top level (they are not Python packages, and translators,
font tooling and Alembic's ``alembic.ini`` expect them there); the wheel carries them as
``kiosk/_data/assets`` and ``kiosk/_data/db``, where :mod:`kiosk.paths` finds them with
``importlib.resources``. An editable install copies nothing: :mod:`kiosk.paths` then reads the
checkout's folders in place. Wired in ``pyproject.toml`` (``[tool.setuptools.cmdclass]``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

# Repository folder -> folder inside the installed ``kiosk`` package.
DATA_FOLDERS = {"assets": "_data/assets", "db": "_data/db"}
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", "*.db", "*.db-*")


class BuildPyWithData(build_py):
    """``build_py`` that also copies the data folders into ``build_lib/kiosk/_data``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        root = Path(self.distribution.src_root or ".").resolve()
        package = Path(self.build_lib) / "kiosk"
        for source, target in DATA_FOLDERS.items():
            destination = package / target
            if destination.exists():
                shutil.rmtree(destination)  # a stale build/ must not ship deleted files
            shutil.copytree(root / source, destination, ignore=SKIPPED)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if self.editable_mode:
            return outputs
        package = Path(self.build_lib) / "kiosk"
        for target in DATA_FOLDERS.values():
            outputs.extend(str(p) for p in sorted((package / target).rglob("*")) if p.is_file())
        return outputs
