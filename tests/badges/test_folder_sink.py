"""The PDF-folder print target: one PDF per job, a label-sized page per badge, never overwritten."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from kiosk.badges import PrintError
from kiosk.badges.folder_sink import PdfFolderSink
from kiosk.badges.model import get_preset
from kiosk.badges.samples import TEST_PAGE_CODE, printer_test_images
from tests.support.pdf import decode_pdf_pages


def write_folder(images: Sequence[Image.Image], folder: Path, preset: str, name: str) -> Path:
    return PdfFolderSink(folder).write(images, preset=get_preset(preset), job_name=name)


@pytest.mark.slow
def test_pdf_folder_target_writes_one_page_per_badge_and_never_overwrites(
    tmp_path: Path,
) -> None:
    """The "PDF folder" target writes a new file each time, one label-sized page per badge."""
    images = printer_test_images("a6") * 3
    first = write_folder(images, tmp_path / "out", "a6", "visitor 42")
    second = write_folder(images[:1], tmp_path / "out", "a6", "visitor 42")
    assert first != second
    assert first.parent == second.parent == tmp_path / "out"
    assert first.read_bytes().count(b"/Type /Page ") == 3
    assert second.read_bytes().count(b"/Type /Page ") == 1
    pages = decode_pdf_pages(first.replace(tmp_path / "first.pdf"), tmp_path)
    assert pages == [[TEST_PAGE_CODE]] * 3


def test_pdf_folder_that_cannot_be_created_is_a_print_error(tmp_path: Path) -> None:
    """A folder path that is really a file gives a PrintError, not a traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PrintError):
        write_folder(printer_test_images("a6"), blocker, "a6", "b")
