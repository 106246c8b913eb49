"""Badge rendering vs bare Pillow + qrcode drawing a similar image."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

from kiosk.badges.model import BadgeData
from kiosk.bench.figures import Figure, percentile

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟"
_START = datetime(2025, 4, 25, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def sample_badges(count: int, seed: int = 3) -> list[BadgeData]:
    """Distinct visitors (names, groups, codes) as ``BadgeData``, like a busy morning."""
    rng = random.Random(seed)
    badges: list[BadgeData] = []
    for index in range(count):
        english = index % 7 == 0
        name = (
            f"Guest{index} Martin"
            if english
            else rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        )
        badges.append(
            BadgeData(
                tour_title="车展 · 工厂参观",
                starts_at=_START,
                ends_at=_START + timedelta(hours=2),
                visitor_name=name if index % 5 else None,
                guest_index=1 + index % 3,
                party_size=3,
                group_letter="ABCDEFGHIJ"[index % 10],
                group_colour=("#D32F2F", "#1976D2", "#388E3C", "#F57C00")[index % 4],
                guide_name=f"导游{index % 10:02d}",
                meeting_point=f"{index % 10 + 1}号门 集合点",
                language="en" if english else "zh",
                accessibility=index % 11 == 0,
                badge_code=f"B{rng.randrange(10**9, 10**10)}-{1 + index % 3}",
            )
        )
    return badges


def bench_badges(count: int = 60, warmup: int = 5) -> Figure:
    """p50 of ``render_badge`` vs a bare drawing of band, letter, name, title and QR."""
    import qrcode
    from PIL import Image, ImageDraw, ImageFont

    from kiosk.badges import get_preset, render_badge
    from kiosk.badges.fonts import bundled_font_path

    badges = sample_badges(count + warmup)
    width, height = get_preset("62x100").size_px
    font_path = str(bundled_font_path("bold"))
    fonts = {size: ImageFont.truetype(font_path, size) for size in (48, 64, 360)}
    kiosk_ms: list[float] = []
    raw_ms: list[float] = []
    for index, data in enumerate(badges):
        began = time.perf_counter()
        render_badge(data)
        kiosk_elapsed = time.perf_counter() - began
        began = time.perf_counter()
        image = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 180, width, 600), fill=data.group_colour)
        draw.text((width // 2, 390), data.group_letter, font=fonts[360], fill="white", anchor="mm")
        draw.text((40, 60), data.tour_title, font=fonts[48], fill="black")
        draw.text((40, 640), data.visitor_name or "Guest", font=fonts[64], fill="black")
        draw.text((40, 740), data.meeting_point, font=fonts[48], fill="black")
        qr = qrcode.QRCode(border=0)
        qr.add_data(data.badge_code)
        qr_image = (
            qr.make_image().get_image().convert("L").resize((300, 300), Image.Resampling.NEAREST)
        )
        image.paste(qr_image.convert("RGB"), (width - 340, height - 340))
        raw_elapsed = time.perf_counter() - began
        if index >= warmup:
            kiosk_ms.append(kiosk_elapsed * 1000)
            raw_ms.append(raw_elapsed * 1000)
    return Figure(
        "badge_render",
        f"render_badge 62×100 mm at 300 dpi, {count} distinct visitors, p50",
        percentile(kiosk_ms, 0.5),
        percentile(raw_ms, 0.5),
        "bare Pillow + qrcode: band, big letter, three text lines, QR (p50)",
        "ms",
        max_value=15,
        note=f"p99 {percentile(kiosk_ms, 0.99):.1f} ms vs {percentile(raw_ms, 0.99):.1f} ms",
    )
