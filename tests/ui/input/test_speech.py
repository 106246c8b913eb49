"""Spoken results: a sentence in the visitor's language where an engine can, else silence."""

from __future__ import annotations

import ctypes.util
import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ui.input.speech import Speaker, speech_wanted
from tests.ui.input.multimedia import ignore_multimedia_noise

pytestmark = ignore_multimedia_noise


@pytest.mark.parametrize(
    ("setting", "mode", "wanted"),
    [
        ("auto", "self", True),
        ("auto", "gate", False),
        ("auto", "supervisor", False),
        ("on", "gate", True),
        ("off", "self", False),
    ],
)
def test_when_results_are_spoken(setting: str, mode: str, wanted: bool) -> None:
    """Self-service kiosks speak by default; the setting turns it on or off anywhere."""
    assert speech_wanted(setting, mode) is wanted


def test_an_english_sentence_is_spoken_where_a_voice_exists(qtbot: QtBot) -> None:
    """With an engine that has English voices, the sentence is spoken to its end."""
    speaker = Speaker(engine="mock")
    assert speaker.engine_name == "mock"
    assert speaker.can_speak("en")
    with qtbot.waitSignal(speaker.spoken, timeout=2_000) as spoken:
        assert speaker.say("Welcome! Your group is A.", "en")
    assert spoken.args == ["en"]
    assert speaker.speaking
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=10_000)


def test_a_new_sentence_cuts_the_last_one_short(qtbot: QtBot) -> None:
    """The next visitor's result is not queued behind the last one's."""
    speaker = Speaker(engine="mock")
    assert speaker.say("Welcome! Your group is A, your guide is Wang Fang.", "en")
    assert speaker.say("Welcome! Your group is B.", "en")
    assert speaker.speaking
    speaker.stop()
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=2_000)


def test_no_voice_for_the_language_is_silence_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An engine without a Chinese voice says nothing in Chinese, quietly, every time."""
    speaker = Speaker(engine="mock")
    with caplog.at_level(logging.DEBUG, logger="kiosk.ui.input.speech"):
        results = [speaker.say("欢迎！您的分组是 A。", "zh") for _ in range(5)]
    assert results == [False] * 5
    assert not speaker.can_speak("zh")
    silent = [r for r in caplog.records if "not spoken" in r.getMessage()]
    assert len(silent) == 1
    assert all(r.levelno <= logging.INFO for r in caplog.records)


def test_no_engine_at_all_is_silence_without_error(caplog: pytest.LogCaptureFixture) -> None:
    """A kiosk with no speech engine says nothing, raises nothing, logs one line."""
    speaker = Speaker(engines=[])
    with caplog.at_level(logging.DEBUG, logger="kiosk.ui.input.speech"):
        assert not speaker.say("Welcome!", "en")
        assert not speaker.say("欢迎！", "zh")
        speaker.stop()
    assert speaker.engine_name == ""
    assert not speaker.speaking
    assert len([r for r in caplog.records if "not spoken" in r.getMessage()]) == 1


def test_the_silent_test_engine_is_never_chosen_by_itself() -> None:
    """Left to choose, the kiosk never takes Qt's mock engine for a real voice."""
    speaker = Speaker(engines=["mock"])
    assert speaker.engine_name == ""
    assert not speaker.say("Welcome!", "en")


def test_this_machines_engines_speak_or_stay_silent_quietly() -> None:
    """Whatever engines this machine has, asking is safe: without libspeechd, nothing loads
    (and Qt prints no critical plug-in error, which would fail this test)."""
    speaker = Speaker()
    spoke = speaker.say("Welcome!", "en")
    assert isinstance(spoke, bool)
    if ctypes.util.find_library("speechd") is None and os.name == "posix":
        assert speaker.engine_name == ""
        assert not spoke
    speaker.stop()
