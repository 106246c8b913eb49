"""A guide's manifest for one group, saved as a PDF."""

from __future__ import annotations

from typing import Any

from tests.ui.supervisor.conftest import Day, settle


def test_guide_manifest_pdf(qtbot: Any, day: Day, make_console: Any) -> None:
    """A guide's manifest for group A is written as a PDF."""
    console = make_console()
    manifests = console.pages["tools"].manifests
    assert manifests.manifest_combo.count() == 6  # 2 groups at 09:30, 4 at 14:00
    target = day.folder / "manifest.pdf"
    manifests.save_manifest(target)
    settle(qtbot, console)
    assert target.read_bytes().startswith(b"%PDF")
