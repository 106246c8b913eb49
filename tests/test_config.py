"""The touch and access settings: their defaults, their values, and one clear sentence for a
value no kiosk understands."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.core.errors import ConfigError


def test_touch_settings_default_to_deciding_by_the_kiosk(tmp_path: Path) -> None:
    """Without a settings file, keyboard, speech and scanner repair decide by themselves."""
    settings = load_settings(tmp_path / "missing.toml", environ={})
    assert settings.on_screen_keyboard == "auto"
    assert settings.scanner_layout == "auto"
    assert settings.speak_results == "auto"
    assert settings.large_text is False


def test_touch_settings_come_from_the_file_and_the_environment(tmp_path: Path) -> None:
    """The file sets them, ``KIOSK_*`` variables override it."""
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'on_screen_keyboard = "on"\nscanner_layout = "qwertz"\nlarge_text = true\n',
        encoding="utf-8",
    )
    settings = load_settings(path, environ={"KIOSK_SPEAK_RESULTS": "off"})
    assert (settings.on_screen_keyboard, settings.scanner_layout) == ("on", "qwertz")
    assert settings.speak_results == "off"
    assert settings.large_text is True


@pytest.mark.parametrize(
    ("name", "value"),
    [("on_screen_keyboard", "yes"), ("speak_results", "loud"), ("scanner_layout", "dvorak")],
)
def test_a_value_no_kiosk_understands_is_one_sentence(
    tmp_path: Path, name: str, value: str
) -> None:
    """An unknown value names the setting and the values allowed, in both languages."""
    with pytest.raises(ConfigError) as raised:
        load_settings(tmp_path / "missing.toml", environ={f"KIOSK_{name.upper()}": value})
    assert name in raised.value.message and value in raised.value.message
    assert "auto" in raised.value.message
    assert name in raised.value.message_zh
