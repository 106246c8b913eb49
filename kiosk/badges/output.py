"""Badge files: one PNG per visitor, or one PDF with a page per visitor at the label's size.

The PDF is written by hand (a few dozen lines) rather than by Pillow, because Pillow stores
colour pages as JPEG: lossy edges around QR modules and text. Here pages hold the pixels
losslessly (Flate) and the page size is the preset's exact physical size.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from kiosk.badges.model import MM_PER_INCH, get_preset
from kiosk.core.errors import InputError

POINTS_PER_INCH = 72


def _numbered_paths(path: Path, count: int) -> list[Path]:
    """FILE.png for one badge; FILE-1.png, FILE-2.png … for several."""
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{index}{path.suffix}") for index in range(1, count + 1)]


def _check_any(badges: Sequence[Image.Image]) -> None:
    if not badges:
        raise InputError("There is no badge to write.", "没有可输出的胸卡。")


def _write_failed(path: Path, exc: OSError) -> InputError:
    return InputError(
        f"Cannot write {path}: {exc.strerror or exc}.",
        f"无法写入 {path}：{exc.strerror or exc}。",
    )


def write_png(badges: Sequence[Image.Image], path: str | Path) -> list[Path]:
    """Save each badge as a PNG (300 dpi noted in the file); returns the paths written."""
    _check_any(badges)
    target = Path(path)
    paths = _numbered_paths(target, len(badges))
    for badge, badge_path in zip(badges, paths, strict=True):
        dpi = badge.info.get("dpi", (300, 300))
        try:
            badge_path.parent.mkdir(parents=True, exist_ok=True)
            badge.save(badge_path, format="PNG", dpi=dpi)
        except OSError as exc:
            raise _write_failed(badge_path, exc) from exc
    return paths


def _image_stream(image: Image.Image) -> tuple[bytes, str, int, int]:
    """Flate-compressed raw pixels and the PDF colour space for an image."""
    if image.mode in ("1", "L"):
        gray = image.convert("L")
        return zlib.compress(gray.tobytes(), 6), "/DeviceGray", gray.width, gray.height
    rgb = image.convert("RGB")
    return zlib.compress(rgb.tobytes(), 6), "/DeviceRGB", rgb.width, rgb.height


def pdf_bytes(badges: Sequence[Image.Image], page_size_pt: tuple[float, float]) -> bytes:
    """A PDF with one page per badge, each image stretched over the whole page (no margins)."""
    page_w, page_h = page_size_pt
    objects: list[bytes] = []  # objects[i] is object number i + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    pages_tree = add(b"")
    page_ids: list[int] = []
    for badge in badges:
        data, colour_space, width, height = _image_stream(badge)
        image_id = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (width, height, colour_space.encode(), len(data))
            + data
            + b"\nendstream"
        )
        content = b"q %.4f 0 0 %.4f 0 0 cm /Im0 Do Q" % (page_w, page_h)
        content_id = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f] "
                b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_tree, page_w, page_h, image_id, content_id)
            )
        )
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_tree
    objects[pages_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref_at,
    )
    return bytes(out)


def write_pdf(
    badges: Sequence[Image.Image], path: str | Path, preset: str = "62x100", mono: bool = False
) -> Path:
    """Write one PDF page per badge at the preset's physical size; returns the path.

    Args:
        badges: rendered badges (``render_badge``), one per visitor.
        path: the PDF file to write.
        preset: label preset; sets the page size (62 x 100 mm, 4 x 3 in, A6, CR80).
        mono: store pages as greyscale (smaller files for thermal printers).
    """
    _check_any(badges)
    chosen = get_preset(preset)
    page_size = (
        chosen.width_mm / MM_PER_INCH * POINTS_PER_INCH,
        chosen.height_mm / MM_PER_INCH * POINTS_PER_INCH,
    )
    pages = [badge.convert("L") if mono else badge for badge in badges]
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf_bytes(pages, page_size))
    except OSError as exc:
        raise _write_failed(target, exc) from exc
    return target
