"""Badges at a label printer's own resolution: one pixel per dot, QR on whole dots, scannable."""

from __future__ import annotations

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st

from kiosk.badges import layout_badge, render_badge
from kiosk.badges.model import LABEL_PRESETS, PRINTER_DPIS, Preset, get_preset
from kiosk.core.errors import InputError
from tests.badges.sample_data import NAMES, make_badge

PRINTER_PRESETS = [
    *LABEL_PRESETS,
    "4x3in@203",
    "4x3in@300",
    "62x100@203",
    "a6@203",
    "cr80@203",
]


@pytest.mark.parametrize(
    ("preset", "size", "dpi"),
    [
        ("ql62x100", (696, 1109), 300),
        ("ql102x152", (1164, 1660), 300),
        ("4x3in@203", (812, 609), 203),
        ("4x3in@300", (1200, 900), 300),
        ("62x100@203", (496, 799), 203),
    ],
)
def test_printer_presets_render_at_the_printers_dots(
    preset: str, size: tuple[int, int], dpi: int
) -> None:
    """A badge for a label printer has exactly the printable dots and says its resolution."""
    image = render_badge(make_badge(), preset, mono=True)
    assert image.size == size
    assert image.info["dpi"] == (dpi, dpi)


@pytest.mark.parametrize("preset", PRINTER_PRESETS)
@pytest.mark.parametrize("name_key", ["chinese_30", "latin_80", "empty"])
def test_qr_sits_on_whole_dots_and_scans(preset: str, name_key: str) -> None:
    """At 203 and 300 dpi the QR modules are whole dots (at least 4) and decode to the code."""
    code = f"V-{preset}-{name_key}".upper().replace("@", "-")
    data = make_badge(visitor_name=NAMES[name_key], badge_code=code)
    layout = layout_badge(data, preset, mono=True)
    assert layout.qr_module_px >= 4
    left, top, right, bottom = layout.qr
    assert (right - left) % layout.qr_module_px == 0
    assert (bottom - top) == (right - left)
    image = render_badge(data, preset, mono=True)
    assert {value for _count, value in image.getcolors() or []} <= {0, 255}
    decoded = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [result.text for result in decoded] == [code]


@pytest.mark.parametrize("preset", PRINTER_PRESETS)
def test_nothing_leaves_a_printer_label(preset: str) -> None:
    """Every text and mark stays inside the printable area at the printer's resolution."""
    layout = layout_badge(make_badge(visitor_name=NAMES["latin_80"]), preset, mono=True)
    width, height = layout.size
    boxes = [placed.box for placed in layout.texts] + [layout.qr, layout.language_frame]
    for left, top, right, bottom in boxes:
        assert 0 <= left <= right <= width
        assert 0 <= top <= bottom <= height


def test_preset_names_round_trip() -> None:
    """A preset at another resolution keeps its name's base, and its name finds it again."""
    preset = get_preset("4x3in@203")
    assert preset.name == "4x3in@203"
    assert preset.dpi == 203
    assert get_preset(preset.name) == preset
    assert get_preset("4x3in@300").at_dpi(203) == preset
    assert get_preset("ql62x100") == LABEL_PRESETS["ql62x100"]


@pytest.mark.parametrize("name", ["4x3in@250", "4x3in@", "4x3in@high", "ql62", "62x100@203@300"])
def test_unknown_sizes_and_resolutions_are_refused(name: str) -> None:
    """A mistyped size or resolution gets one sentence naming what is allowed."""
    with pytest.raises(InputError) as caught:
        get_preset(name)
    assert "62x100" in caught.value.message or "203" in caught.value.message


@given(
    width=st.integers(min_value=50, max_value=3000),
    height=st.integers(min_value=50, max_value=3000),
    dpi=st.sampled_from(PRINTER_DPIS),
)
def test_presets_from_dots_are_exact(width: int, height: int, dpi: int) -> None:
    """A preset made from a printer's dots renders to exactly those dots (no rounding drift)."""
    assert Preset.from_dots("x", width, height, dpi).size_px == (width, height)
