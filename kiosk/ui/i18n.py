"""UI language: Qt translators (assets/i18n/*.qm) and dates and times in the site's locale.

The source strings are English; ``kiosk_zh_CN.qm`` carries the Chinese. Switching language
installs or removes the translator, which sends every widget a LanguageChange event; widgets
re-read their texts in ``retranslate_ui``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTranslator

from kiosk.core.messages import hhmm
from kiosk.paths import ASSETS

log = logging.getLogger("kiosk.ui")

I18N_DIR = ASSETS / "i18n"
QM_FILES = {"zh": "kiosk_zh_CN.qm"}
LOCALES = {
    "zh": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def normalise_language(code: str) -> str:
    """``"zh-CN"``, ``"ZH"`` → ``"zh"``; anything else → ``"en"``."""
    return "zh" if code.lower().startswith("zh") else "en"


class Translations:
    """Owns the installed QTranslator and says which language the UI speaks."""

    def __init__(self, language: str = "zh") -> None:
        self._translator: QTranslator | None = None
        self.language = "en"
        self.set_language(language)

    def set_language(self, language: str) -> bool:
        """Switch the whole UI; returns False (and stays in English) if the .qm is missing."""
        language = normalise_language(language)
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        if language == "en":
            self.language = "en"
            return True
        translator = QTranslator()
        path = I18N_DIR / QM_FILES[language]
        if not translator.load(str(path)):
            log.warning("translation %s missing; the UI stays in English", path)
            self.language = "en"
            return False
        if app is not None:
            QCoreApplication.installTranslator(translator)
        self._translator = translator
        self.language = language
        return True

    @property
    def locale(self) -> QLocale:
        return LOCALES[self.language]

    def message(self, message_en: str, message_zh: str) -> str:
        """Pick the service's sentence in the UI language."""
        return message_zh if self.language == "zh" else message_en

    # Dates and times: ``moment`` is already in the site's zone (the Clock answers in it);
    # its wall-clock fields are used as they are so Qt never converts zones.

    def time_text(self, moment: datetime, *, seconds: bool = False) -> str:
        """``09:30`` (or ``09:30:05``): both languages write the 24-hour clock alike."""
        text = hhmm(moment)
        return f"{text}:{moment.second:02d}" if seconds else text

    def date_text(self, moment: datetime) -> str:
        date = QDate(moment.year, moment.month, moment.day)
        pattern = "yyyy年M月d日 dddd" if self.language == "zh" else "dddd d MMMM yyyy"
        return self.locale.toString(date, pattern)

    def short_date_text(self, moment: datetime) -> str:
        date = QDate(moment.year, moment.month, moment.day)
        pattern = "M月d日" if self.language == "zh" else "d MMM"
        return self.locale.toString(date, pattern)
