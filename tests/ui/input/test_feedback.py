"""Result sounds: the bundled files, and silence instead of errors when audio is missing."""

from __future__ import annotations

import importlib.util
import logging
import os
import wave
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot

from kiosk.paths import ROOT
from tests.conftest import skip_or_fail
from tests.ui.input.multimedia import MULTIMEDIA_NOISE

try:
    from PySide6.QtMultimedia import QMediaDevices

    from kiosk.ui.input import SOUND_KINDS, Feedback, sound_for_outcome
    from kiosk.ui.input.feedback import SOUNDS_DIR
except ImportError as exc:  # QtMultimedia's libraries are missing on this machine
    skip_or_fail(f"QtMultimedia cannot be loaded: {exc}")

pytestmark = pytest.mark.qt_log_ignore(
    *MULTIMEDIA_NOISE,
    r"^QSoundEffect: (Error decoding source|playback of this format is not supported)",
    r"^Could not open media\. FFmpeg error description",
)


def _load_make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "scripts/make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the machine look speaker-less even where it has a sound card."""
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))


@pytest.fixture
def some_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the machine claim an audio output, so Feedback goes on to load its files."""
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: [object()]))


@pytest.mark.parametrize("kind", SOUND_KINDS)
def test_bundled_sounds_are_short_audible_pcm_wavs(kind: str) -> None:
    """Each sound is a 16-bit mono 44.1 kHz WAV of a fraction of a second, and not silent."""
    with wave.open(str(SOUNDS_DIR / f"{kind}.wav"), "rb") as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, 44_100)
        seconds = sound.getnframes() / sound.getframerate()
        frames = sound.readframes(sound.getnframes())
    assert 0.15 <= seconds <= 0.6
    samples = memoryview(frames).cast("h")
    assert max(abs(s) for s in samples) > 10_000


def test_the_three_sounds_differ() -> None:
    """ok, attention and refused are different recordings, so they can be told apart."""
    contents = {(SOUNDS_DIR / f"{kind}.wav").read_bytes() for kind in SOUND_KINDS}
    assert len(contents) == len(SOUND_KINDS)


def test_bundled_sounds_are_exactly_what_the_script_makes(tmp_path: Path) -> None:
    """scripts/make_sounds.py rebuilds the committed files byte for byte (their stated origin)."""
    assert _load_make_sounds().main(["--out-dir", str(tmp_path)]) == 0
    for kind in SOUND_KINDS:
        name = f"{kind}.wav"
        assert (tmp_path / name).read_bytes() == (SOUNDS_DIR / name).read_bytes(), name


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        ("ok", "ok"),
        ("checked_out", "ok"),
        ("partial", "attention"),
        ("already_checked_in", "attention"),
        ("unknown", "refused"),
        ("cancelled", "refused"),
        ("too_early", "refused"),
        ("something_new", "refused"),
    ],
)
def test_outcomes_map_to_sounds(outcome: str, kind: str) -> None:
    """Admitted is a chime, a case for a look is a double beep, everything refused buzzes."""
    assert sound_for_outcome(outcome) == kind


@pytest.mark.usefixtures("no_audio")
def test_without_an_audio_device_playing_is_silent(qtbot: QtBot) -> None:
    """No speakers: nothing loads, and every play call simply returns."""
    feedback = Feedback()
    assert not feedback.available()
    for kind in (*SOUND_KINDS, "no-such-kind", ""):
        feedback.play(kind)
    feedback.play_for_outcome("ok")


def test_on_this_machine_feedback_never_raises(qtbot: QtBot) -> None:
    """Whatever audio the test machine has, creating Feedback and playing every sound works."""
    feedback = Feedback()
    assert feedback.available() == bool(QMediaDevices.audioOutputs())
    for kind in SOUND_KINDS:
        feedback.play(kind)
    qtbot.wait(50)
    feedback.play("ok")


@pytest.mark.usefixtures("some_audio")
def test_missing_and_broken_sound_files_are_silent(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A corrupt ok.wav and missing others are each logged once, and playing them does nothing."""
    (tmp_path / "ok.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really")

    def warnings_about(text: str) -> int:
        return sum(text in r.getMessage() for r in caplog.records)

    def play_all() -> int:
        for kind in SOUND_KINDS:
            feedback.play(kind)
        return warnings_about("could not be loaded")

    with caplog.at_level(logging.WARNING, logger="kiosk.ui.input"):
        feedback = Feedback(sounds_dir=tmp_path)
        assert warnings_about("is missing") == 2
        qtbot.waitUntil(lambda: play_all() > 0, timeout=5_000)
        play_all()
        play_all()
    assert warnings_about("could not be loaded") == 1


def test_disabled_feedback_loads_and_plays_nothing(qtbot: QtBot) -> None:
    """A kiosk set to silent never touches the audio system."""
    feedback = Feedback(enabled=False)
    assert not feedback.available()
    feedback.play("ok")
