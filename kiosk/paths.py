"""Where the checkout's non-Python parts live (assets, migrations, demo program)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
MIGRATIONS = ROOT / "db" / "migrations"
SAMPLES = ROOT / "db" / "samples"
