"""The PDF-folder print target: one whole PDF per job, never overwriting, badges scannable."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.badges import PdfFolderSink, PrintError, get_preset, render_badge
from kiosk.badges.samples import TEST_PAGE_CODE, printer_test_images
from kiosk.badges.sink import BadgeSink
from tests.badges.sample_data import make_badge
from tests.support.pdf import decode_pdf_pages


def _badges(*codes: str) -> list[Image.Image]:
    return [render_badge(make_badge(badge_code=code), "62x100", mono=True) for code in codes]


def _pdf_codes(path: Path, tmp_path: Path) -> list[str]:
    """Render the PDF's pages with poppler and read every page's QR."""
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(prefix)], check=True)
    codes = []
    for page in sorted(tmp_path.glob("page*.png")):
        with Image.open(page) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        codes.extend(result.text for result in found)
        page.unlink()
    return codes


def test_pdf_folder_sink_is_a_badge_sink(tmp_path: Path) -> None:
    """The PDF folder implements the sink contract the printing use case calls."""
    assert isinstance(PdfFolderSink(tmp_path), BadgeSink)


def test_a_job_becomes_one_pdf_with_a_page_per_badge(tmp_path: Path) -> None:
    """A party's badges land in one PDF named after the job, each page scanning to its code."""
    sink = PdfFolderSink(tmp_path / "out")
    sink.send(_badges("V-1", "V-2"), preset=get_preset("62x100"), job_name="Kiosk badges 7")
    assert sink.last_written == tmp_path / "out" / "Kiosk_badges_7.pdf"
    assert _pdf_codes(sink.last_written, tmp_path) == ["V-1", "V-2"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["Kiosk_badges_7.pdf"]


def test_a_second_job_of_the_same_name_never_overwrites(tmp_path: Path) -> None:
    """Reprinting a job writes JOB-2.pdf beside JOB.pdf; the first file is kept as it was."""
    sink = PdfFolderSink(tmp_path)
    preset = get_preset("62x100")
    sink.send(_badges("V-1"), preset=preset, job_name="job")
    first = (tmp_path / "job.pdf").read_bytes()
    sink.send(_badges("V-9"), preset=preset, job_name="job")
    assert sink.last_written == tmp_path / "job-2.pdf"
    assert (tmp_path / "job.pdf").read_bytes() == first
    assert not list(tmp_path.glob(".partial-*"))


def test_a_folder_under_a_file_is_a_clear_print_error(tmp_path: Path) -> None:
    """A folder path that runs through a plain file cannot be made: one sentence, not ready."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    sink = PdfFolderSink(blocker / "badges")
    with pytest.raises(PrintError, match="Cannot write badges to the folder"):
        sink.send(_badges("V-1"), preset=get_preset("62x100"), job_name="job")
    status = sink.status()
    assert not status.ready
    assert status.problem == "error"
    assert "Cannot write" in status.message_en


def test_status_of_a_writable_folder_is_ready(tmp_path: Path) -> None:
    """An existing, writable folder is ready and leaves no test file behind."""
    sink = PdfFolderSink(tmp_path / "new")
    assert sink.status().ready
    assert list((tmp_path / "new").iterdir()) == []


def test_an_empty_job_is_refused(tmp_path: Path) -> None:
    """Nothing to print is said plainly instead of writing an empty PDF."""
    with pytest.raises(PrintError, match="no badge"):
        PdfFolderSink(tmp_path).send([], preset=get_preset("62x100"), job_name="job")


def write_folder(images: Sequence[Image.Image], folder: Path, preset: str, name: str) -> Path:
    """One job through the sink; returns the file it wrote."""
    sink = PdfFolderSink(folder)
    sink.send(images, preset=get_preset(preset), job_name=name)
    assert sink.last_written is not None
    return sink.last_written


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
