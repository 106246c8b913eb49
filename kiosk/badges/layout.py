"""Where everything goes on a badge, computed without drawing so tests can check every box.

Portrait labels (62x100, A6): title, time, a full-width colour band with the group letter,
the name, guide and meeting point, then the QR bottom right. Landscape labels (4x3 in, CR80):
the band runs down the left side; the rest stacks to its right. Each text has a height budget;
inside it the text shrinks to a minimum size, then wraps, then is cut with an ellipsis, so
nothing ever leaves the label. The band takes whatever height is left (the bigger the better:
the letter must be readable at 3 m).
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants

from kiosk.badges.colour import BLACK, WHITE, parse_hex, text_colour_on, to_hex
from kiosk.badges.fonts import Weight, font_for, printable
from kiosk.badges.model import BadgeData, Language, Preset, get_preset
from kiosk.badges.text import ASCENT, Box, FittedText, PlacedText, fit_text, place

QrMatrix = tuple[tuple[bool, ...], ...]
QR_QUIET_MODULES = 2
_WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CAPTIONS: dict[Language, dict[str, str]] = {
    "zh": {
        "group": "分组",
        "guide": "导游",
        "meeting": "集合点",
        "guest": "来宾",
        "to_be_assigned": "待定",
        "language": "中文",
    },
    "en": {
        "group": "GROUP",
        "guide": "Guide",
        "meeting": "Meeting point",
        "guest": "Guest",
        "to_be_assigned": "to be assigned",
        "language": "EN",
    },
}
INK = "#000000"
CAPTION_GREY = "#4A4A4A"
ACCESS_BLUE = "#0B5CAD"


@dataclass(frozen=True)
class BadgeLayout:
    """Every element's place on one badge, in pixels of the preset's resolution."""

    preset: Preset
    mono: bool
    size: tuple[int, int]
    band: Box
    band_fill: str
    texts: tuple[PlacedText, ...]
    qr: Box
    qr_module_px: int
    qr_matrix: QrMatrix
    language_frame: Box
    accessibility: Box | None

    def text(self, role: str) -> PlacedText:
        """The placed text with this role (e.g. "name", "group_letter")."""
        for placed in self.texts:
            if placed.role == role:
                return placed
        raise KeyError(role)


def display_name(data: BadgeData) -> str:
    """The visitor's name, or "Guest 2/3" / "来宾 2/3" when the booking has none."""
    if data.visitor_name and data.visitor_name.strip():
        return " ".join(data.visitor_name.split())
    guest = CAPTIONS[data.language]["guest"]
    return f"{guest} {data.guest_index}/{data.party_size}"


def session_time_text(data: BadgeData) -> str:
    """Date and time range in the badge language, e.g. "Sun 2 Feb 2025 09:30–11:00"."""
    start, end = data.starts_at, data.ends_at
    weekday = _WEEKDAYS[data.language][start.weekday()]
    times = f"{start:%H:%M}–{end:%H:%M}"
    if data.language == "zh":
        return f"{start.year}年{start.month}月{start.day}日 {weekday} {times}"
    return f"{weekday} {start.day} {_MONTHS_EN[start.month - 1]} {start.year} {times}"


def qr_matrix(code: str) -> QrMatrix:
    """The QR modules of ``code`` (no quiet zone), medium error correction."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(code)
    qr.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in qr.get_matrix())


def _int_box(box: tuple[float, float, float, float]) -> Box:
    return (int(box[0]), int(box[1]), int(box[2]), int(box[3]))


class _Builder:
    """Shared sizing helpers for one badge."""

    def __init__(self, data: BadgeData, preset: Preset, mono: bool) -> None:
        self.data = data
        self.preset = preset
        self.mono = mono
        self.width, self.height = preset.size_px
        self.captions = CAPTIONS[data.language]
        design = (62.0, 100.0) if not preset.landscape else (85.6, 53.98)
        self.unit = min(preset.width_mm / design[0], preset.height_mm / design[1])
        self.margin = preset.mm(3.0 * min(self.unit, 1.4))
        self.gap = preset.mm(1.2 * self.unit)
        self.texts: list[PlacedText] = []
        band_rgb = BLACK if mono else parse_hex(data.group_colour)
        self.band_fill = to_hex(band_rgb)
        self.letter_fill = to_hex(WHITE if mono else text_colour_on(band_rgb))
        self.caption_fill = INK if mono else CAPTION_GREY

    def px(self, millimetres: float) -> int:
        return self.preset.mm(millimetres)

    def fit(
        self,
        text: str,
        weight: Weight,
        width: int,
        max_height: int,
        size_mm: float,
        min_mm: float,
        lines: int = 1,
    ) -> FittedText:
        return fit_text(
            printable(text, weight),
            weight=weight,
            max_width=width,
            max_height=max_height,
            max_size=self.px(size_mm * self.unit),
            min_size=self.px(min_mm),
            max_lines=lines,
        )

    def put(self, fitted: FittedText, role: str, x: int, y: int, width: int, fill: str) -> int:
        """Place ``fitted`` with its slot top at ``y``; return the y just below its slot."""
        self.texts.append(place(fitted, role=role, x=x, y=y, width=width, fill=fill))
        return y + fitted.height

    def band_contents(self, band: Box, caption_on_side: bool) -> None:
        """The group caption and the big letter, centred in the band."""
        left, top, right, bottom = band
        inset = self.gap
        caption = self.fit(
            self.captions["group"], "bold", (right - left) // 3, self.px(5), 2.8, 1.8
        )
        caption_width = caption.width()
        if caption_on_side:
            cap_y = (top + bottom) // 2 - caption.height // 2
            self.put(
                caption, "group_caption", left + self.margin, cap_y, caption_width, self.letter_fill
            )
            side = self.margin + caption_width + inset
            region = (left + side, top + inset, right - side, bottom - inset)
        else:
            self.texts.append(
                place(
                    caption,
                    role="group_caption",
                    x=left,
                    y=top + self.margin,
                    width=right - left,
                    fill=self.letter_fill,
                    align="center",
                )
            )
            region = (
                left + inset,
                top + self.margin + caption.height + inset,
                right - inset,
                bottom - self.margin,
            )
        self.texts.append(self._letter(region))

    def _letter(self, region: Box) -> PlacedText:
        """The group letter as large as its ink fits ``region``, centred on its ink box."""
        letter = printable(self.data.group_letter.strip() or "?", "bold")
        left, top, right, bottom = region
        reference = 400
        ink = _int_box(font_for(letter, "bold", reference).getbbox(letter, anchor="ls"))
        ink_w, ink_h = max(1, ink[2] - ink[0]), max(1, ink[3] - ink[1])
        size = max(1, int(reference * min((right - left) / ink_w, (bottom - top) / ink_h)))
        while True:
            ink = _int_box(font_for(letter, "bold", size).getbbox(letter, anchor="ls"))
            if (ink[2] - ink[0] <= right - left and ink[3] - ink[1] <= bottom - top) or size <= 1:
                break
            size -= 1
        origin_x = (left + right) // 2 - (ink[0] + ink[2]) // 2
        baseline = (top + bottom) // 2 - (ink[1] + ink[3]) // 2
        fitted = FittedText(letter, (letter,), "bold", size, truncated=False)
        slot_top = baseline - round(size * ASCENT)
        return place(
            fitted, role="group_letter", x=origin_x, y=slot_top, width=0, fill=self.letter_fill
        )

    def caption_row(
        self,
        key: str,
        value: str,
        x: int,
        y: int,
        width: int,
        max_height: int,
        value_lines: int,
        stacked: bool,
    ) -> int:
        """A caption ("Guide") and its value, side by side or stacked; returns the y below."""
        caption = self.fit(self.captions[key], "regular", width // 2, max_height, 2.6, 1.8)
        if stacked:
            y = self.put(caption, f"{key}_caption", x, y, width, self.caption_fill)
            fitted = self.fit(
                value, "bold", width, max_height - caption.height, 3.2, 2.0, value_lines
            )
            return self.put(fitted, key, x, y, width, INK)
        caption_width = caption.width()
        value_x = x + caption_width + self.gap
        fitted = self.fit(value, "bold", x + width - value_x, max_height, 3.6, 2.0, value_lines)
        baseline = y + round(max(caption.size, fitted.size) * ASCENT)
        self.put(
            caption,
            f"{key}_caption",
            x,
            baseline - round(caption.size * ASCENT),
            caption_width,
            self.caption_fill,
        )
        bottom = self.put(
            fitted, key, value_x, baseline - round(fitted.size * ASCENT), x + width - value_x, INK
        )
        return max(bottom, baseline - round(caption.size * ASCENT) + caption.height)

    def info(self, x: int, y: int, width: int, height: int, stacked: bool) -> None:
        """Guide and meeting point inside the given box."""
        guide = self.data.guide_name or self.captions["to_be_assigned"]
        guide_budget = int(height * 0.4)
        y_after = self.caption_row("guide", guide, x, y, width, guide_budget, 1, stacked)
        remaining = y + height - (y_after + self.gap // 2)
        self.caption_row(
            "meeting",
            self.data.meeting_point,
            x,
            y_after + self.gap // 2,
            width,
            remaining,
            2,
            stacked,
        )

    def marks(self, x: int, top: int, width: int, bottom: int) -> tuple[Box, Box | None]:
        """Language marker, accessibility mark and the badge code (for typing it by hand)."""
        height = bottom - top
        code = self.fit(self.data.badge_code, "regular", width, max(1, height // 3), 2.4, 1.6)
        code_top = bottom - code.height
        self.put(code, "badge_code", x, code_top, width, self.caption_fill)
        row_height = min(self.px(7 * self.unit), code_top - top - self.gap // 2)
        row_top = code_top - self.gap // 2 - row_height
        pad = max(2, row_height // 7)
        label = self.fit(
            self.captions["language"], "bold", width // 2, row_height - 2 * pad, 4.0, 1.6
        )
        label_top = row_top + (row_height - label.height) // 2
        frame_width = label.width() + 2 * pad + self.gap
        self.put(label, "language", x + pad + self.gap // 2, label_top, label.width(), INK)
        frame = (x, row_top, x + frame_width, row_top + row_height)
        access = None
        if self.data.accessibility:
            access_left = x + frame_width + self.gap
            access = (access_left, row_top, access_left + row_height, row_top + row_height)
        return frame, access

    def qr(
        self, right: int, bottom: int, max_side: int
    ) -> tuple[Box, int, tuple[tuple[bool, ...], ...]]:
        """The QR square (quiet zone included) at the bottom-right corner of the content."""
        matrix = qr_matrix(self.data.badge_code)
        modules = len(matrix) + 2 * QR_QUIET_MODULES
        module_px = max(1, max_side // modules)
        side = module_px * modules
        return (right - side, bottom - side, right, bottom), module_px, matrix

    def finish(
        self,
        band: Box,
        qr_box: Box,
        module_px: int,
        matrix: QrMatrix,
        frame: Box,
        access: Box | None,
    ) -> BadgeLayout:
        """The layout of everything placed so far (portrait and landscape end alike)."""
        return BadgeLayout(
            self.preset,
            self.mono,
            (self.width, self.height),
            band,
            self.band_fill,
            tuple(self.texts),
            qr_box,
            module_px,
            matrix,
            frame,
            access,
        )


def _portrait(builder: _Builder) -> BadgeLayout:
    b = builder
    data = b.data
    width, height, margin, gap = b.width, b.height, b.margin, b.gap
    content_w = width - 2 * margin
    avail = height - 2 * margin

    title = b.fit(data.tour_title, "bold", content_w, int(avail * 0.12), 4.4, 2.4, 2)
    when = b.fit(session_time_text(data), "regular", content_w, int(avail * 0.05), 3.4, 2.2)
    name = b.fit(display_name(data), "bold", content_w, int(avail * 0.17), 7.0, 3.0, 2)
    info_height = int(avail * 0.16)
    qr_side_max = min(b.px(24 * b.unit), int(content_w * 0.42), int(avail * 0.22))
    qr_box, module_px, matrix = b.qr(width - margin, height - margin, qr_side_max)
    bottom_h = qr_box[3] - qr_box[1]

    used = title.height + when.height + name.height + info_height + bottom_h + 5 * gap
    band_h = avail - used

    y = b.put(title, "title", margin, margin, content_w, INK) + gap // 2
    y = b.put(when, "time", margin, y, content_w, b.caption_fill) + gap
    band = (0, y, width, y + band_h)
    b.band_contents(band, caption_on_side=True)
    y = band[3] + gap
    y = b.put(name, "name", margin, y, content_w, INK) + gap
    b.info(margin, y, content_w, info_height, stacked=False)
    frame, access = b.marks(margin, qr_box[1], qr_box[0] - gap - margin, height - margin)
    return b.finish(band, qr_box, module_px, matrix, frame, access)


def _landscape(builder: _Builder) -> BadgeLayout:
    b = builder
    data = b.data
    width, height, margin, gap = b.width, b.height, b.margin, b.gap
    band = (0, 0, round(width * 0.30), height)
    b.band_contents(band, caption_on_side=False)
    x = band[2] + margin
    column_w = width - margin - x
    avail = height - 2 * margin

    title = b.fit(data.tour_title, "bold", column_w, int(avail * 0.19), 3.8, 2.2, 2)
    when = b.fit(session_time_text(data), "regular", column_w, int(avail * 0.08), 3.0, 2.0)
    name = b.fit(display_name(data), "bold", column_w, int(avail * 0.24), 6.0, 2.6, 2)
    y = b.put(title, "title", x, margin, column_w, INK) + gap // 2
    y = b.put(when, "time", x, y, column_w, b.caption_fill) + gap // 2
    y = b.put(name, "name", x, y, column_w, INK) + gap

    lower_h = height - margin - y
    qr_side_max = min(lower_h, b.px(24 * b.unit), int(column_w * 0.45))
    qr_box, module_px, matrix = b.qr(width - margin, height - margin, qr_side_max)
    left_w = qr_box[0] - gap - x
    info_h = int(lower_h * 0.62)
    b.info(x, y, left_w, info_h, stacked=True)
    frame, access = b.marks(x, y + info_h + gap // 2, left_w, height - margin)
    return b.finish(band, qr_box, module_px, matrix, frame, access)


def layout_badge(data: BadgeData, preset: str = "62x100", *, mono: bool = False) -> BadgeLayout:
    """Compute the place of every element of ``data``'s badge on ``preset`` (no drawing)."""
    chosen = get_preset(preset)
    builder = _Builder(data, chosen, mono)
    return _landscape(builder) if chosen.landscape else _portrait(builder)
