"""Sounds that tell staff and visitors the result without looking: ok, attention, refused.

Sounds are a courtesy, never a requirement: a kiosk without speakers (or without an audio
service) plays nothing and says so once in the log. Playing never blocks; QSoundEffect keeps the
decoded samples in memory, so a sound starts within a few milliseconds of the scan.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final, Literal

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from kiosk.paths import ASSETS

log = logging.getLogger(__name__)

SoundKind = Literal["ok", "attention", "refused"]
SOUND_KINDS: Final[tuple[SoundKind, ...]] = ("ok", "attention", "refused")
SOUNDS_DIR: Final = ASSETS / "sounds"

_KIND_BY_OUTCOME: Final[dict[str, SoundKind]] = {
    "ok": "ok",
    "checked_out": "ok",
    "partial": "attention",
    "already_checked_in": "attention",
    "not_checked_in": "attention",
}


_logged_once: set[str] = set()


def _log_once(message: str) -> None:
    """Say a fact about the machine once per run, not once per page."""
    if message not in _logged_once:
        _logged_once.add(message)
        log.info(message)


def sound_for_outcome(outcome: str) -> SoundKind:
    """The sound for a check-in/check-out outcome code: any refusal buzzes."""
    return _KIND_BY_OUTCOME.get(outcome, "refused")


class Feedback(QObject):
    """One preloaded ``QSoundEffect`` per kind; :meth:`play` is silent when audio is missing.

    Args:
        parent: the usual QObject parent.
        sounds_dir: folder holding ``ok.wav``, ``attention.wav`` and ``refused.wav``.
        volume: 0.0–1.0.
        enabled: ``False`` makes a silent kiosk (a setting, or a library's quiet hall).
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        sounds_dir: Path = SOUNDS_DIR,
        volume: float = 0.8,
        enabled: bool = True,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, QSoundEffect] = {}
        self._warned: set[str] = set()
        if not enabled:
            return
        try:
            outputs = QMediaDevices.audioOutputs()
        except Exception:
            outputs = []
            log.warning("could not list audio outputs", exc_info=True)
        if not outputs:
            _log_once("no audio output: feedback sounds are off")
            return
        for kind in SOUND_KINDS:
            path = sounds_dir / f"{kind}.wav"
            if not path.is_file():
                log.warning("feedback sound %s is missing; %r plays nothing", path, kind)
                continue
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(max(0.0, min(1.0, volume)))
            self._effects[kind] = effect

    def available(self) -> bool:
        """Whether any sound can play at all."""
        return self.enabled and bool(self._effects)

    def play(self, kind: str) -> None:
        """Start the sound for ``kind`` (``ok``, ``attention``, ``refused``); returns at once.

        Unknown kinds, missing files, undecodable files and absent audio are all silent.
        """
        effect = self._effects.get(kind) if self.enabled else None
        if effect is None:
            return
        try:
            if effect.status() == QSoundEffect.Status.Error:
                self._warn_once(kind, "feedback sound %r could not be loaded; it plays nothing")
                return
            if effect.isPlaying():
                effect.stop()  # A new scan's sound replaces the old one instead of queueing.
            effect.play()
        except Exception:
            self._warn_once(kind, "feedback sound %r failed to play", exc_info=True)

    def play_for_outcome(self, outcome: str) -> None:
        """Play the sound that fits a check-in/check-out outcome code."""
        self.play(sound_for_outcome(outcome))

    def _warn_once(self, kind: str, message: str, *, exc_info: bool = False) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            log.warning(message, kind, exc_info=exc_info)
