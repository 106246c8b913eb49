"""Badge files: one PNG per visitor, one label-sized PDF page per visitor."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.badges import render_badge, write_pdf, write_png
from kiosk.core.errors import InputError
from tests.badges.sample_data import make_badge


def _badges(count: int, preset: str = "62x100", mono: bool = False) -> list[Image.Image]:
    return [
        render_badge(make_badge(guest_index=index, badge_code=f"V-{index}"), preset, mono=mono)
        for index in range(1, count + 1)
    ]


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.stdout.splitlines())
    }


def test_one_badge_is_written_to_the_given_png(tmp_path: Path) -> None:
    """A single visitor's badge goes to FILE.png exactly."""
    paths = write_png(_badges(1), tmp_path / "badge.png")
    assert paths == [tmp_path / "badge.png"]
    with Image.open(paths[0]) as image:
        assert round(image.info["dpi"][0]) == 300


def test_several_badges_get_numbered_pngs(tmp_path: Path) -> None:
    """A party of three gives FILE-1.png … FILE-3.png, each with its own QR."""
    paths = write_png(_badges(3), tmp_path / "party.png")
    assert paths == [tmp_path / f"party-{index}.png" for index in (1, 2, 3)]
    assert not (tmp_path / "party.png").exists()
    for index, path in enumerate(paths, start=1):
        with Image.open(path) as image:
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        assert [code.text for code in codes] == [f"V-{index}"]


@pytest.mark.parametrize(
    ("preset", "size_pt"),
    [
        ("62x100", (175.7, 283.5)),
        ("4x3in", (288.0, 216.0)),
        ("a6", (297.6, 419.5)),
        ("cr80", (242.6, 153.0)),
    ],
)
def test_pdf_has_one_label_sized_page_per_badge(
    tmp_path: Path, preset: str, size_pt: tuple[float, float]
) -> None:
    """The PDF's page count is the party size and its page size is the label's."""
    path = write_pdf(_badges(3, preset), tmp_path / "party.pdf", preset)
    info = _pdfinfo(path)
    assert info["Pages"] == "3"
    width, _, height = info["Page size"].split()[:3]
    assert float(width) == pytest.approx(size_pt[0], abs=0.2)
    assert float(height) == pytest.approx(size_pt[1], abs=0.2)
    assert path.read_bytes().count(b"/Type /Page ") == 3


@pytest.mark.parametrize("mono", [False, True], ids=["colour", "mono"])
def test_pdf_pages_keep_scannable_qr_codes(tmp_path: Path, mono: bool) -> None:
    """Rasterised at 300 dpi, every PDF page's QR reads back its visitor's code (lossless)."""
    path = write_pdf(_badges(2, "cr80", mono), tmp_path / "b.pdf", "cr80", mono)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(tmp_path / "p")], check=True)
    decoded = []
    for page in sorted(tmp_path.glob("p-*.png")):
        with Image.open(page) as image:
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        decoded.append([code.text for code in codes])
    assert decoded == [["V-1"], ["V-2"]]


def test_writing_nothing_or_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    """No badges, or a target folder that is a file, raise InputError instead of a traceback."""
    with pytest.raises(InputError):
        write_png([], tmp_path / "x.png")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError):
        write_pdf(_badges(1), blocker / "x.pdf")
