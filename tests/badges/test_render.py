"""Rendered badges: right size, QR scans back to the badge code, colour and mono variants."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from kiosk.badges import PRESETS, layout_badge, render_badge
from kiosk.badges.colour import parse_hex
from tests.badges.sample_data import NAMES, make_badge


def _decoded(image: Image.Image) -> list[str]:
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in results]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name_key", NAMES)
@pytest.mark.parametrize("mono", [False, True], ids=["colour", "mono"])
def test_every_badge_qr_scans_back_to_its_badge_code(
    preset: str, name_key: str, mono: bool
) -> None:
    """The exit scanner reads the visitor's badge code from every preset, name and variant."""
    code = f"V-{preset}-{name_key}".upper()
    image = render_badge(
        make_badge(visitor_name=NAMES[name_key], badge_code=code), preset, mono=mono
    )
    assert _decoded(image) == [code]


@pytest.mark.parametrize(
    ("preset", "size"),
    [("62x100", (732, 1181)), ("4x3in", (1200, 900)), ("a6", (1240, 1748)), ("cr80", (1011, 638))],
)
def test_badge_is_the_label_size_at_300_dpi(preset: str, size: tuple[int, int]) -> None:
    """Each preset renders at its physical size at 300 dpi, and says so in the image."""
    image = render_badge(make_badge(), preset)
    assert image.size == size
    assert image.mode == "RGB"
    assert image.info["dpi"] == (300, 300)


def test_colour_band_is_painted_in_the_group_colour() -> None:
    """Guides find their group by colour: the band's pixels are the group colour."""
    data = make_badge(group_colour="#1976D2")
    layout = layout_badge(data)
    image = render_badge(data)
    left, top, _right, bottom = layout.band
    assert image.getpixel((left + 2, (top + bottom) // 2)) == parse_hex("#1976D2")


def test_mono_badge_is_pure_black_and_white_with_a_white_letter_on_black() -> None:
    """The thermal variant holds only black and white; the band is black, the letter white."""
    data = make_badge(group_colour="#FDD835")
    layout = layout_badge(data, mono=True)
    image = render_badge(data, mono=True)
    assert image.mode == "L"
    histogram = image.histogram()
    assert {value for value, count in enumerate(histogram) if count} <= {0, 255}
    band = image.crop(layout.band)
    letter = image.crop(layout.text("group_letter").box)
    assert band.getpixel((2, 2)) == 0
    assert letter.histogram()[255] > 0


def test_group_letter_is_drawn_large_in_the_band() -> None:
    """The letter's ink really is there: many letter-coloured pixels inside its box."""
    data = make_badge(group_colour="#0D47A1")  # dark blue: white letter
    layout = layout_badge(data)
    image = render_badge(data)
    letter_box = image.crop(layout.text("group_letter").box)
    white = letter_box.convert("L").histogram()[255]
    assert white > 0.2 * letter_box.width * letter_box.height


def test_nothing_is_drawn_outside_the_text_boxes_in_the_white_area() -> None:
    """Ink below the band comes only from texts, marks and the QR (nothing spills)."""
    data = make_badge(visitor_name=NAMES["latin_80"], language="en")
    layout = layout_badge(data, "62x100")
    image = render_badge(data, "62x100").convert("L")
    boxes = [placed.box for placed in layout.texts] + [layout.qr, layout.language_frame]
    if layout.accessibility is not None:
        boxes.append(layout.accessibility)
    mask = Image.new("L", image.size, 0)
    for box in [*boxes, layout.band]:
        mask.paste(255, (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1))
    ink = image.load()
    covered = mask.load()
    assert ink is not None and covered is not None
    stray = [
        (x, y)
        for y in range(0, image.height, 3)
        for x in range(0, image.width, 3)
        if covered[x, y] == 0 and int(ink[x, y]) < 200  # type: ignore[arg-type]
    ]
    assert stray == []
