"""Draw a badge from its layout with Pillow (no Qt), in colour or black-and-white."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

from kiosk.badges.colour import parse_hex
from kiosk.badges.fonts import FreeTypeFont
from kiosk.badges.layout import ACCESS_BLUE, BadgeLayout, layout_badge
from kiosk.badges.model import BadgeData
from kiosk.badges.samples import printer_test_badge
from kiosk.badges.text import Box

WHITE_HEX = "#FFFFFF"


def _ink(colour: str, mono: bool) -> tuple[int, int, int] | int:
    """A colour for the image mode: RGB tuple, or pure 0/255 for black-and-white."""
    rgb = parse_hex(colour)
    if mono:
        return 255 if sum(rgb) > 3 * 127 else 0
    return rgb


@lru_cache(maxsize=512)
def _text_mask(font: FreeTypeFont, line: str, mono: bool) -> tuple[Image.Image, int, int]:
    """A line's coverage mask and its offset from the baseline origin, cached.

    Titles, captions and above all the huge group letter repeat across a batch; rasterising
    them once makes the next badges cheap.
    """
    left, top, right, bottom = (int(v) for v in font.getbbox(line, anchor="ls"))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    draw = ImageDraw.Draw(mask)
    if mono:
        draw.fontmode = "1"  # no grey anti-aliasing: thermal heads print only black or white
    draw.text((-left, -top), line, font=font, fill=255, anchor="ls")
    return mask, left, top


def _qr_image(layout: BadgeLayout) -> Image.Image:
    """The QR at its final size: one pixel per module, then an exact integer upscale."""
    matrix = layout.qr_matrix
    count = len(matrix)
    pixels = bytes(0 if cell else 255 for row in matrix for cell in row)
    modules = Image.frombytes("L", (count, count), pixels)
    module_px = layout.qr_module_px
    return modules.resize((count * module_px, count * module_px), Image.Resampling.NEAREST)


def _draw_accessibility(draw: ImageDraw.ImageDraw, box: Box, mono: bool) -> None:
    """The international symbol of access: a wheelchair user, white on blue (black if mono)."""
    left, top, right, _bottom = box
    side = right - left
    draw.rounded_rectangle(box, radius=max(1, side // 8), fill=_ink(ACCESS_BLUE, mono))
    white = _ink(WHITE_HEX, mono)
    stroke = max(2, side // 11)

    def at(fx: float, fy: float) -> tuple[int, int]:
        return (left + round(fx * side), top + round(fy * side))

    head_r = side * 0.075
    cx, cy = at(0.46, 0.17)
    draw.ellipse((cx - head_r, cy - head_r, cx + head_r, cy + head_r), fill=white)
    draw.line(
        [at(0.44, 0.29), at(0.42, 0.56), at(0.66, 0.56), at(0.76, 0.80), at(0.85, 0.76)],
        fill=white,
        width=stroke,
        joint="curve",
    )
    draw.line([at(0.43, 0.40), at(0.62, 0.40)], fill=white, width=stroke)
    wheel = (*at(0.17, 0.46), *at(0.61, 0.90))
    draw.arc(wheel, start=100, end=400, fill=white, width=stroke)


def draw_layout(layout: BadgeLayout) -> Image.Image:
    """Paint a computed layout: RGB for colour, "L" holding only 0 and 255 for mono."""
    mono = layout.mono
    image = Image.new("L" if mono else "RGB", layout.size, _ink(WHITE_HEX, mono))
    draw = ImageDraw.Draw(image)
    draw.rectangle(layout.band, fill=_ink(layout.band_fill, mono))
    for placed in layout.texts:
        font = placed.font
        fill = _ink(placed.fill, mono)
        for line, origin in zip(placed.lines, placed.origins, strict=True):
            if not line.strip():
                continue
            mask, left, top = _text_mask(font, line, mono)
            image.paste(fill, (origin[0] + left, origin[1] + top), mask)
    frame = layout.language_frame
    radius = max(1, (frame[3] - frame[1]) // 5)
    draw.rounded_rectangle(
        frame,
        radius=radius,
        outline=_ink("#000000", mono),
        width=max(2, (frame[3] - frame[1]) // 14),
    )
    if layout.accessibility is not None:
        _draw_accessibility(draw, layout.accessibility, mono)
    quiet = (layout.qr[2] - layout.qr[0] - len(layout.qr_matrix) * layout.qr_module_px) // 2
    image.paste(_qr_image(layout).convert(image.mode), (layout.qr[0] + quiet, layout.qr[1] + quiet))
    return image


def render_badge(data: BadgeData, preset: str = "62x100", *, mono: bool = False) -> Image.Image:
    """Render one visitor's badge at the preset's size and resolution (300 dpi unless named).

    Args:
        data: what the badge says.
        preset: a name from ``PRESETS`` ("62x100", "4x3in", "a6", "cr80") or
            ``LABEL_PRESETS`` ("ql62x100"), optionally at a printer's resolution
            ("4x3in@203"); one pixel is then one printer dot.
        mono: black-and-white for thermal printers: the band is solid black with a white letter,
            the image is mode "L" holding only pure black and white (``convert("1")`` is lossless).

    Returns:
        The badge image with ``info["dpi"]`` set.
    """
    layout = layout_badge(data, preset, mono=mono)
    image = draw_layout(layout)
    image.info["dpi"] = (layout.preset.dpi, layout.preset.dpi)
    return image


def warm_up(preset: str = "62x100") -> None:
    """Render a throw-away badge so fonts are parsed before the first visitor (≈0.15 s once)."""
    render_badge(printer_test_badge("zh"), preset)
    render_badge(printer_test_badge("en"), preset, mono=True)
