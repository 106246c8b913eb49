"""The application's parts: one QApplication, and errors shown as a sentence, not a crash."""

from __future__ import annotations

import sys

from kiosk.core.errors import DatabaseError
from kiosk.ui.app import AppContext, create_app, install_excepthook
from kiosk.ui.i18n import Translations
from tests.ui.conftest import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


def test_create_app_returns_the_one_application(qapp):
    """Asking twice gives the same QApplication."""
    assert create_app() is create_app() is qapp


def test_an_uncaught_error_becomes_one_sentence_on_the_bridge(qtbot, kiosk_env, monkeypatch):
    """The excepthook puts the error's sentence in the UI language on ``bridge.message``."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    context = AppContext(env=kiosk_env, mode="gate", translations=Translations("en"))
    install_excepthook(context)
    error = DatabaseError("The database is busy with another kiosk.", "数据库正忙。")
    with qtbot.waitSignal(context.bridge.message, timeout=1000) as said:
        sys.excepthook(DatabaseError, error, None)
    assert said.args == ["The database is busy with another kiosk."]
