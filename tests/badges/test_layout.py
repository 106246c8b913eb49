"""Badge layout: every text stays on the label, long names shrink then ellipsize."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.badges import PRESETS, BadgeLayout, layout_badge
from kiosk.badges.colour import BLACK, WHITE, contrast_ratio, parse_hex, text_colour_on
from kiosk.badges.text import Box
from kiosk.core.errors import InputError
from tests.badges.sample_data import NAMES, make_badge

CASES = [
    (preset, name_key, language, mono)
    for preset in PRESETS
    for name_key in NAMES
    for language in ("zh", "en")
    for mono in (False, True)
]


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _overlap(first: Box, second: Box) -> bool:
    return not (
        first[2] <= second[0]
        or second[2] <= first[0]
        or first[3] <= second[1]
        or second[3] <= first[1]
    )


def _layout(preset: str, name_key: str, language: str, mono: bool) -> BadgeLayout:
    return layout_badge(
        make_badge(visitor_name=NAMES[name_key], language=language), preset, mono=mono
    )


@pytest.mark.parametrize(("preset", "name_key", "language", "mono"), CASES)
def test_every_text_box_is_inside_the_label(
    preset: str, name_key: str, language: str, mono: bool
) -> None:
    """No text, mark or QR leaves the label, whatever the name and language."""
    layout = _layout(preset, name_key, language, mono)
    label = (0, 0, *layout.size)
    for placed in layout.texts:
        assert _inside(placed.box, label), (placed.role, placed.box, label)
    assert _inside(layout.qr, label)
    assert _inside(layout.language_frame, label)
    if layout.accessibility is not None:
        assert _inside(layout.accessibility, label)


@pytest.mark.parametrize(("preset", "name_key", "language", "mono"), CASES)
def test_texts_marks_and_qr_do_not_overlap(
    preset: str, name_key: str, language: str, mono: bool
) -> None:
    """Texts never run into each other, into the QR or over the marks."""
    layout = _layout(preset, name_key, language, mono)
    boxes = {placed.role: placed.box for placed in layout.texts}
    boxes["qr"] = layout.qr
    if layout.accessibility is not None:
        boxes["accessibility"] = layout.accessibility
    for (role_a, box_a), (role_b, box_b) in itertools.combinations(boxes.items(), 2):
        if {role_a, role_b} == {"language", "qr"}:
            continue
        assert not _overlap(box_a, box_b), (role_a, box_a, role_b, box_b)
    assert _inside(boxes["language"], layout.language_frame)


@pytest.mark.parametrize("preset", PRESETS)
def test_group_letter_sits_inside_its_band_and_is_large(preset: str) -> None:
    """The group letter fills its colour band (readable from 3 m: at least 12 mm tall)."""
    layout = layout_badge(make_badge(), preset)
    letter = layout.text("group_letter")
    assert _inside(letter.box, layout.band)
    letter_height_mm = (letter.box[3] - letter.box[1]) / layout.preset.dpi * 25.4
    assert letter_height_mm >= 12
    assert _inside(layout.text("group_caption").box, layout.band)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name_key", ["chinese_30", "latin_80"])
def test_long_names_shrink_then_ellipsize(preset: str, name_key: str) -> None:
    """A very long name is drawn smaller than a short one and, if cut, ends with an ellipsis."""
    long_name = layout_badge(make_badge(visitor_name=NAMES[name_key]), preset).text("name")
    short_name = layout_badge(make_badge(visitor_name="王芳"), preset).text("name")
    assert long_name.size < short_name.size
    shown = "".join(long_name.lines)
    if long_name.truncated:
        assert long_name.lines[-1].endswith("…")
    else:
        assert shown.replace(" ", "") == str(NAMES[name_key]).replace(" ", "")
    assert not short_name.truncated
    assert short_name.lines == ("王芳",)


def test_latin_80_is_cut_on_the_smallest_label() -> None:
    """On a CR80 card an 80-character name is cut with an ellipsis instead of overflowing."""
    name = layout_badge(make_badge(visitor_name=NAMES["latin_80"]), "cr80").text("name")
    assert name.truncated
    assert name.lines[-1].endswith("…")


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("zh", None, "来宾 2/3"),
        ("en", None, "Guest 2/3"),
        ("en", "  ", "Guest 2/3"),
        ("en", "Li  Na", "Li Na"),
    ],
)
def test_unnamed_visitors_get_a_guest_number(
    language: str, name: str | None, expected: str
) -> None:
    """A booking without names prints "Guest 2/3" in the badge language."""
    layout = layout_badge(make_badge(visitor_name=name, language=language))
    assert layout.text("name").lines == (expected,)


@pytest.mark.parametrize(
    ("language", "guide", "meeting"),
    [("zh", "导游", "集合点"), ("en", "Guide", "Meeting point")],
)
def test_captions_follow_the_badge_language(language: str, guide: str, meeting: str) -> None:
    """Field captions are in the visitor's language; an unassigned guide says so."""
    layout = layout_badge(make_badge(language=language, guide_name=None))
    assert layout.text("guide_caption").lines == (guide,)
    assert layout.text("meeting_caption").lines == (meeting,)
    expected_guide = "待定" if language == "zh" else "to be assigned"
    assert layout.text("guide").lines == (expected_guide,)
    assert layout.text("language").lines == (("中文",) if language == "zh" else ("EN",))


def test_session_time_is_shown_in_the_badge_language() -> None:
    """Date and time read naturally in Chinese and in English."""
    zh = layout_badge(make_badge(language="zh")).text("time")
    en = layout_badge(make_badge(language="en")).text("time")
    assert zh.lines == ("2025年2月2日 周日 09:30–11:00",)
    assert en.lines == ("Sun 2 Feb 2025 09:30–11:00",)


def test_accessibility_mark_only_when_noted() -> None:
    """The wheelchair mark appears only for visitors with accessibility needs."""
    assert layout_badge(make_badge(accessibility=True)).accessibility is not None
    assert layout_badge(make_badge(accessibility=False)).accessibility is None


@pytest.mark.parametrize(
    ("colour", "letter"),
    [("#FDD835", BLACK), ("#FFFFFF", BLACK), ("#0D47A1", WHITE), ("#000000", WHITE)],
)
def test_letter_colour_contrasts_with_the_band(colour: str, letter: tuple[int, int, int]) -> None:
    """Yellow bands get a black letter, dark blue ones a white letter; mono is white on black."""
    layout = layout_badge(make_badge(group_colour=colour))
    assert parse_hex(layout.text("group_letter").fill) == letter
    mono = layout_badge(make_badge(group_colour=colour), mono=True)
    assert parse_hex(mono.band_fill) == BLACK
    assert parse_hex(mono.text("group_letter").fill) == WHITE


@given(st.tuples(*[st.integers(0, 255)] * 3))
def test_chosen_letter_colour_always_meets_wcag_aa_large_text(
    rgb: tuple[int, int, int],
) -> None:
    """For any band colour, the chosen letter colour has a contrast ratio of at least 4.5:1."""
    assert contrast_ratio(rgb, text_colour_on(rgb)) >= 4.5


def test_bad_inputs_are_refused_with_a_clear_error() -> None:
    """An unknown preset, colour or language is an InputError, not a traceback."""
    with pytest.raises(InputError, match="62x100"):
        layout_badge(make_badge(), "letter")
    with pytest.raises(InputError):
        make_badge(group_colour="red")
    with pytest.raises(InputError):
        make_badge(language="fr")
    with pytest.raises(InputError):
        make_badge(badge_code="")
