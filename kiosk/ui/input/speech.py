"""Speak a result in the visitor's language where the machine can, and stay silent where not.

A thin wrapper around QtTextToSpeech (PySide6-Addons). Engines come as plugins: ``speechd``
(Linux, needs ``libspeechd`` and the speech-dispatcher service), ``sapi``/``winrt`` (Windows),
``darwin`` (macOS), and Qt's silent ``mock`` test engine. A kiosk without a usable engine, or
without a voice for the language asked, says nothing: no exception, no dialog, and at most one
log line per cause, however many results it shows.

The engine is chosen and loaded on first use (loading can take a moment), tried once per
process: an engine that failed is not tried again.
"""

from __future__ import annotations

import ctypes.util
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Signal

if TYPE_CHECKING:  # loaded on first use: it pulls in QtMultimedia
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

SPEECH_SETTINGS = ("auto", "on", "off")
"""Values of the ``speak_results`` setting: ``auto`` speaks on self-service kiosks only."""

TEST_ENGINES = frozenset({"mock"})
"""Engines that speak nothing (Qt's test engine): never chosen unless asked for by name."""

_LANGUAGES = {
    "zh": (QLocale.Language.Chinese, QLocale.Country.China),
    "en": (QLocale.Language.English, QLocale.Country.UnitedStates),
}
# Engines whose plugin needs a system library: without it, Qt prints a critical message each
# time one is made. Checked first so that a machine without it stays quiet.
_ENGINE_LIBRARIES = {"speechd": "speechd"}


def speech_wanted(setting: str, mode: str) -> bool:
    """Whether results are spoken: ``on``/``off``, else (``auto``) on self-service kiosks."""
    if setting in ("on", "off"):
        return setting == "on"
    return mode == "self"


class Speaker(QObject):
    """Says one sentence at a time; a new sentence cuts the previous one short.

    Args:
        parent: the usual QObject parent.
        engine: an engine by name (e.g. ``"mock"`` in tests); None picks the first engine of
            this machine that loads, test engines excluded.
        engines: the engines to consider, for tests (default: what Qt finds).
    """

    spoken = Signal(str)
    """A sentence started to be spoken (its language code), e.g. for an on-screen cue."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        engine: str | None = None,
        engines: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._wanted_engine = engine
        self._engines = engines
        self._tts: QTextToSpeech | None = None
        self._loaded = False
        self._silent_reasons: set[str] = set()

    # -- public -----------------------------------------------------------------------------

    @property
    def engine_name(self) -> str:
        """The engine in use, or "" when none could be loaded (yet)."""
        tts = self._engine()
        return str(tts.engine()) if tts is not None else ""

    @property
    def speaking(self) -> bool:
        """Whether a sentence is being spoken now."""
        tts = self._tts
        if tts is None:
            return False
        from PySide6.QtTextToSpeech import QTextToSpeech

        return tts.state() == QTextToSpeech.State.Speaking

    def can_speak(self, language: str) -> bool:
        """Whether an engine loaded and has a voice for ``language`` (``"zh"``/``"en"``)."""
        return self._locale_for(language) is not None

    def say(self, text: str, language: str) -> bool:
        """Speak ``text`` in ``language``; silent when that cannot be done.

        Returns:
            Whether speaking started.
        """
        text = text.strip()
        if not text:
            return False
        locale = self._locale_for(language)
        tts = self._engine()
        if locale is None or tts is None:
            return False
        try:
            tts.stop()
            if tts.locale() != locale:
                tts.setLocale(locale)
            tts.say(text)
        except Exception:  # a plugin fault must never reach a visitor
            self._silence("speech failed", exc_info=True)
            self._tts = None
            return False
        self.spoken.emit(language)
        return True

    def stop(self) -> None:
        """Stop speaking (a new page, a new visitor)."""
        tts = self._tts
        if tts is not None:
            tts.stop()

    # -- engine and voice ----------------------------------------------------------------------

    def _engine(self) -> QTextToSpeech | None:
        if not self._loaded:
            self._loaded = True
            self._tts = self._load()
        return self._tts

    def _load(self) -> QTextToSpeech | None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            self._silence("QtTextToSpeech is not installed")
            return None
        found = list(self._engines if self._engines is not None else _available_engines())
        if self._wanted_engine is not None:
            candidates = [name for name in found if name == self._wanted_engine]
        else:
            candidates = [name for name in found if name not in TEST_ENGINES]
        for name in candidates:
            library = _ENGINE_LIBRARIES.get(name)
            if (
                library
                and sys.platform.startswith("linux")
                and not ctypes.util.find_library(library)
            ):
                continue  # its plugin would fail to load, loudly
            tts = QTextToSpeech(name, self)
            if tts.state() == QTextToSpeech.State.Error:
                log.info("speech engine %s is not usable: %s", name, tts.errorString())
                tts.deleteLater()
                continue
            tts.errorOccurred.connect(self._on_error)
            log.info("speech engine: %s", name)
            return tts
        self._silence("no speech engine on this machine")
        return None

    def _locale_for(self, language: str) -> QLocale | None:
        tts = self._engine()
        wanted = _LANGUAGES.get(language)
        if tts is None or wanted is None:
            return None
        wanted_language, wanted_territory = wanted
        matching = [
            locale for locale in tts.availableLocales() if locale.language() == wanted_language
        ]
        if not matching:
            self._silence(f"no {language} voice in speech engine {tts.engine()}")
            return None
        for locale in matching:
            if locale.territory() == wanted_territory:
                return locale
        return matching[0]

    def _on_error(self, *_args: object) -> None:
        tts = self._tts
        reason = tts.errorString() if tts is not None else ""
        self._silence(f"speech engine error: {reason}")

    def _silence(self, reason: str, *, exc_info: bool = False) -> None:
        """Log why the kiosk stays silent, once per reason."""
        if reason not in self._silent_reasons:
            self._silent_reasons.add(reason)
            log.info("results are not spoken: %s", reason, exc_info=exc_info)


def _available_engines() -> list[str]:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return []
    return list(QTextToSpeech.availableEngines())
