"""What a badge says and which label it is printed on."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from kiosk.core.errors import InputError

Language = Literal["zh", "en"]

MM_PER_INCH = 25.4
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class BadgeData:
    """Everything printed on one visitor's badge; plain values so any layer can build it.

    ``starts_at``/``ends_at`` are already in the site's zone (the badge shows them as given).
    ``visitor_name`` None or blank prints "Guest 2/3" (``guest_index``/``party_size``);
    ``guide_name`` None prints "to be assigned".
    """

    tour_title: str
    starts_at: datetime
    ends_at: datetime
    visitor_name: str | None
    guest_index: int
    party_size: int
    group_letter: str
    group_colour: str
    guide_name: str | None
    meeting_point: str
    language: Language
    accessibility: bool
    badge_code: str

    def __post_init__(self) -> None:
        if not _HEX_COLOUR.match(self.group_colour):
            raise InputError(
                f"Group colour {self.group_colour!r} is not a colour like #1E88E5.",
                f"分组颜色 {self.group_colour!r} 无效，应写成 #1E88E5 的形式。",
            )
        if self.language not in ("zh", "en"):
            raise InputError(
                f"Badge language {self.language!r} is not supported; use zh or en.",
                f"不支持胸卡语言 {self.language!r}，请使用 zh 或 en。",
            )
        if not self.badge_code:
            raise InputError("A badge needs a badge code for its QR.", "胸卡缺少二维码内容。")


@dataclass(frozen=True)
class Preset:
    """A label stock: physical size and printer resolution."""

    name: str
    width_mm: float
    height_mm: float
    dpi: int = 300

    @property
    def size_px(self) -> tuple[int, int]:
        """Pixel size of the badge image at the preset's resolution."""
        return (
            round(self.width_mm / MM_PER_INCH * self.dpi),
            round(self.height_mm / MM_PER_INCH * self.dpi),
        )

    @property
    def landscape(self) -> bool:
        """True when the label is wider than tall (the band then runs down the left side)."""
        return self.width_mm > self.height_mm

    def mm(self, millimetres: float) -> int:
        """Millimetres to pixels at this preset's resolution."""
        return round(millimetres / MM_PER_INCH * self.dpi)

    @classmethod
    def from_dots(cls, name: str, width_dots: int, height_dots: int, dpi: int) -> Preset:
        """A preset whose image is exactly ``width_dots`` x ``height_dots`` at ``dpi``.

        For a label printer's printable area: one image pixel is one printer dot, so the QR
        modules (whole pixels) land on whole dots and nothing is rescaled on the way.
        """
        return cls(name, width_dots / dpi * MM_PER_INCH, height_dots / dpi * MM_PER_INCH, dpi)

    def at_dpi(self, dpi: int) -> Preset:
        """The same physical label at another printer resolution, named ``NAME@DPI``."""
        base = self.name.partition("@")[0]
        return replace(self, name=f"{base}@{dpi}", dpi=dpi)


PRESETS: dict[str, Preset] = {
    "62x100": Preset("62x100", 62.0, 100.0),  # Brother QL 62 mm die-cut label
    "4x3in": Preset("4x3in", 4 * MM_PER_INCH, 3 * MM_PER_INCH),  # Zebra 4x3 in label
    "a6": Preset("a6", 105.0, 148.0),
    "cr80": Preset("cr80", 85.6, 53.98),  # ID-1 plastic card
}


LABEL_PRESETS: dict[str, Preset] = {
    # Brother QL, 62 mm continuous roll or 62 x 100 mm die-cut labels: the printable area the
    # raster library (brother_ql's label table) gives for both, 696 dots across, 1109 long.
    "ql62x100": Preset.from_dots("ql62x100", 696, 1109, 300),
    # Brother QL-1100 family, 102 mm continuous or 102 x 152 mm die-cut: 1164 x 1660 dots.
    "ql102x152": Preset.from_dots("ql102x152", 1164, 1660, 300),
}
"""Label-printer stocks given in printer dots; not offered as system-spooler page sizes."""

PRINTER_DPIS = (152, 203, 300, 600)
"""Print-head resolutions of label printers (6, 8, 12 and 24 dots per millimetre)."""


def get_preset(name: str) -> Preset:
    """Look a preset up by name, with a clear error listing the valid names.

    ``NAME@DPI`` (e.g. ``4x3in@203``) is the preset ``NAME`` at a printer's resolution.
    """
    base, at, dpi_text = name.partition("@")
    preset = PRESETS.get(base) or LABEL_PRESETS.get(base)
    if preset is None:
        names = ", ".join([*PRESETS, *LABEL_PRESETS])
        raise InputError(
            f"Unknown badge size {name!r}; choose one of {names}.",
            f"未知的胸卡尺寸 {name!r}，可选：{names}。",
        )
    if not at:
        return preset
    dpis = ", ".join(str(dpi) for dpi in PRINTER_DPIS)
    if not dpi_text.isdigit() or int(dpi_text) not in PRINTER_DPIS:
        raise InputError(
            f"Badge size {name!r} asks for {dpi_text!r} dpi; printers print at {dpis} dpi.",
            f"胸卡尺寸 {name!r} 的分辨率 {dpi_text!r} 无效，可选：{dpis} dpi。",
        )
    return preset.at_dpi(int(dpi_text))
