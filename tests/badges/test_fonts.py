"""The bundled CJK font: found in assets/, small, licensed, and covering Chinese names."""

from __future__ import annotations

import pytest

from kiosk.badges import fonts
from kiosk.badges.fonts import BUNDLED_FONT_FILES, BUNDLED_LATIN_FILES, assets_dir, covers


def _gb2312_hanzi() -> str:
    characters = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


def test_fonts_and_licences_ship_in_the_assets_folder() -> None:
    """Every kiosk finds the same fonts in kiosk/../assets/fonts, each a few MB, with licences."""
    folder = assets_dir() / "fonts"
    for name in [*BUNDLED_FONT_FILES.values(), *BUNDLED_LATIN_FILES.values()]:
        path = folder / name
        assert path.is_file()
        assert path.stat().st_size < 5_000_000
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text()
    assert "Bitstream" in (folder / "DejaVu-LICENSE.txt").read_text()
    assert "subset_font.py" in (folder / "README.md").read_text()


@pytest.mark.slow
def test_every_gb2312_hanzi_has_a_glyph() -> None:
    """All 6,763 GB2312 hanzi render as themselves, never as a box."""
    hanzi = _gb2312_hanzi()
    assert len(hanzi) == 6763
    assert covers(hanzi, "regular")
    assert covers(hanzi, "bold")


def test_common_name_characters_outside_gb2312_are_covered() -> None:
    """Name characters newer than GB2312 (堃, 喆, 玥) are in the subset too."""
    assert covers("王堃 张喆 李玥")


def test_european_names_are_printed_without_boxes() -> None:
    """Letters Noto CJK lacks (Ł, ř) come from the Latin font; mixed text loses only accents."""
    assert fonts.printable("Łukasiewicz-Dvořák") == "Łukasiewicz-Dvořák"
    assert fonts.printable("Łukasz 王") == "Lukasz 王"


def test_character_no_font_has_becomes_a_question_mark() -> None:
    """A private-use character is replaced, so a badge never shows an empty box."""
    assert fonts.printable("王\U0010fffd明") == "王?明"


def test_sized_fonts_are_cached() -> None:
    """The font file is read once; asking twice for a size gives the same font object."""
    assert fonts.bundled_font("bold", 40) is fonts.bundled_font("bold", 40)
