"""Read printed PDFs back the way a person checks a label: rasterise, then scan the QR codes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image


def decode_pdf_pages(pdf: Path, out_dir: Path) -> list[list[str]]:
    """Rasterise a PDF at 300 dpi (as a label printer would) and read each page's QR codes."""
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(pdf), str(out_dir / "page")],
        check=True,
        timeout=60,
    )
    pdf.unlink(missing_ok=True)  # cups-pdf's output folder is shared: leave nothing behind
    pages = sorted(out_dir.glob("page-*.png"))
    decoded = []
    for page in pages:
        with Image.open(page) as image:
            results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        decoded.append([result.text for result in results])
    return decoded
